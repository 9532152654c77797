/**
 * The direct read (src/data/direct.ts): a plain CSV table streamed into typed arrays without a
 * DuckDB table. It must give the frame, columns and warnings of the general path, and hand
 * back to it whatever it does not handle.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DataEngine } from '../../src/data/engine.js';
import { countLines } from '../../src/data/plain.js';
import type { Frame } from '../../src/data/frame.js';
import type { DataTableSpec } from '../../src/data/types.js';
import { context, specDir, studyError } from './helpers.js';

interface Loaded {
  readonly frame: Frame;
  readonly columns: readonly { name: string; type: string }[];
  readonly warnings: readonly string[];
  /** DuckDB tables left in the connection: none when the direct read served the table. */
  readonly tables: number;
}

/** Loads table t; `general` adds a table built from t, which sends t through the general path. */
async function loadT(dir: string, t: DataTableSpec, general: boolean, columnsNeeded?: string[]): Promise<Loaded> {
  const tables: Record<string, DataTableSpec> = general ? { t, u: { from: 't' } } : { t };
  const ctx = context(dir, tables, columnsNeeded ? { columnsNeeded: { t: columnsNeeded } } : {});
  const engine = await DataEngine.open(ctx);
  try {
    const frame = await engine.loadTable('t');
    const columns = await engine.columnsOf('t');
    const n = await engine.connection.runAndReadAll('SELECT count(*)::INTEGER AS n FROM duckdb_tables()');
    const tables = Number(n.getRowObjectsJS()[0]!['n']);
    return { frame, columns, warnings: ctx.reporter.diagnostics.map((d) => `${d.code} ${d.message}`), tables };
  } finally {
    engine.close();
  }
}

function plain(f: Frame): unknown {
  return {
    nrows: f.nrows,
    panel: f.panel,
    columns: [...f.columns].map(([k, c]) => [k, c.kind === 'num' ? Array.from(c.values) : { codes: Array.from(c.codes), levels: c.levels }]),
  };
}

describe('direct read of a plain CSV table', () => {
  it('gives the frame, column types and warnings of the general path', async () => {
    // CRLF line ends, a blank line, missing cells as '', NA and '.', NaN/Inf cells, a logical
    // text column, text ids, a quoted field with a line break.
    const rows = [
      'id,x,flag,name,note',
      '1,1.5,TRUE,"Acme, Inc",a',
      '2,NA,false,Beta,"two',
      'lines"',
      '',
      '3,inf,true,.,c',
      '4,nan,,Gamma,d',
      '5,-2.25,False,Beta,e',
    ];
    const dir = specDir({ 'd.csv': `${rows.join('\r\n')}\r\n` });
    const direct = await loadT(dir, { source: 'd.csv' }, false);
    const general = await loadT(dir, { source: 'd.csv' }, true);
    expect(direct.tables).toBe(0);
    expect(general.tables).toBeGreaterThan(0);
    expect(plain(direct.frame)).toEqual(plain(general.frame));
    expect(direct.columns).toEqual(general.columns);
    expect(direct.columns.find((c) => c.name === 'flag')!.type).toBe('BOOLEAN');
    expect(direct.warnings).toEqual(general.warnings);
    expect(direct.warnings.join('\n')).toContain("2 NaN/Inf cells in column 'x'");
    expect(direct.frame.nrows).toBe(5);
  });

  it('reads only the columns a study uses, and keeps the panel keys', async () => {
    const dir = specDir({ 'p.csv': 'firm,year,y,z\nA,2000,1,9\nA,2001,2,9\nB,2000,3,9\n' });
    const t: DataTableSpec = { source: 'p.csv', panel: { id: 'firm', time: 'year' } };
    const direct = await loadT(dir, t, false, ['y']);
    const general = await loadT(dir, t, true, ['y']);
    expect(direct.tables).toBe(0);
    expect([...direct.frame.columns.keys()]).toEqual(['firm', 'year', 'y']);
    expect(plain(direct.frame)).toEqual(plain(general.frame));
    expect(direct.frame.panel).toEqual({ id: 'firm', time: 'year' });
    const e = await studyError(loadT(dir, t, false, ['w']));
    expect(e.diagnostics[0]!.code).toBe((await studyError(loadT(dir, t, true, ['w']))).diagnostics[0]!.code);
  });

  it('leaves an unsorted or incomplete panel, a duplicate pair and a compressed file to the general path', async () => {
    const dir = specDir({
      'unsorted.csv': 'firm,year,y\nB,2000,1\nA,2001,2\nA,2000,3\n',
      'missing.csv': 'firm,year,y\nA,2000,1\n,2001,2\nB,2000,3\n',
      'dup.csv': 'firm,year,y\nA,2000,1\nA,2000,2\n',
    });
    writeFileSync(join(dir, 'z.csv.gz'), gzipSync('a,b\n1,2\n3,4\n'));
    for (const f of ['unsorted.csv', 'missing.csv']) {
      const t: DataTableSpec = { source: f, panel: { id: 'firm', time: 'year' } };
      const direct = await loadT(dir, t, false);
      const general = await loadT(dir, t, true);
      expect(direct.tables, f).toBeGreaterThan(0);
      expect(plain(direct.frame), f).toEqual(plain(general.frame));
      expect(direct.warnings, f).toEqual(general.warnings);
    }
    const dup = await studyError(loadT(dir, { source: 'dup.csv', panel: { id: 'firm', time: 'year' } }, false));
    expect(dup.diagnostics[0]!.message).toContain('A');
    const gz = await loadT(dir, { source: 'z.csv.gz' }, false);
    expect(gz.tables).toBeGreaterThan(0);
    expect(gz.frame.nrows).toBe(2);
  });

  it('counts lines as an upper bound of the rows, and refuses compressed bytes', () => {
    const dir = specDir({ a: 'x\n1\n2\n', b: 'x\n1\n2', c: 'x\r1\r2\r', d: '' });
    writeFileSync(join(dir, 'e'), gzipSync('x\n1\n'));
    expect([countLines(join(dir, 'a')), countLines(join(dir, 'b')), countLines(join(dir, 'c')), countLines(join(dir, 'd'))]).toEqual([3, 3, 3, 0]);
    expect(countLines(join(dir, 'e'))).toBeUndefined();
  });
});
