/**
 * The plain CSV reader (src/data/csv-fast.ts): on the files it accepts it must give exactly
 * what DuckDB's path gives; on anything it is not sure of it must give up (undefined).
 */
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { plainColumns } from '../../src/data/alloc.js';
import { readPlainCsv } from '../../src/data/csv-fast.js';
import { DataEngine } from '../../src/data/engine.js';
import type { Frame } from '../../src/data/frame.js';
import { countLines } from '../../src/data/plain.js';
import type { DataTableSpec } from '../../src/data/types.js';
import { context, specDir } from './helpers.js';

function plainOf(dir: string, file: string) {
  const path = join(dir, file);
  return readPlainCsv(path, Math.max(0, (countLines(path) ?? 1) - 1), undefined, plainColumns);
}

/** The frame of t, through the DuckDB table (a table built from t keeps t out of the direct reads). */
async function general(dir: string, t: DataTableSpec): Promise<Frame> {
  const engine = await DataEngine.open(context(dir, { t, u: { from: 't' } }));
  try {
    return await engine.loadTable('t');
  } finally {
    engine.close();
  }
}

async function direct(dir: string, t: DataTableSpec): Promise<Frame> {
  const engine = await DataEngine.open(context(dir, { t }));
  try {
    return await engine.loadTable('t');
  } finally {
    engine.close();
  }
}

function plain(f: Frame): unknown {
  return [...f.columns].map(([k, c]) => [k, c.kind === 'num' ? Array.from(c.values, (v) => (Object.is(v, -0) ? '-0' : v)) : { codes: Array.from(c.codes), levels: c.levels }]);
}

describe('plain CSV reader', () => {
  it('reads numbers bit for bit as DuckDB, text ids in byte order, logicals, missing cells, CRLF and a last line without newline', async () => {
    let s = 11;
    const u = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const lines = ['id,x,big,flag,name,n'];
    for (let i = 0; i < 3000; i++) {
      const x = i % 50 === 0 ? 'NA' : i % 51 === 0 ? '.' : i % 52 === 0 ? '' : (Math.round((u() - 0.5) * 1e9) / 10 ** (1 + (i % 8))).toFixed(1 + (i % 8));
      const big = `${i % 2 ? '-' : ''}${Math.floor(u() * 1e9)}${Math.floor(u() * 1e9)}.${Math.floor(u() * 1e6)}`;
      const name = ['Zürich', 'Acme', 'beta', 'Beta', 'Äpfel', 'F000123'][i % 6];
      lines.push(`${1 + (i % 300)},${x},${big},${i % 3 ? 'true' : 'FALSE'},${i % 7 === 0 ? 'NA' : name},${i % 4 === 0 ? '0' : i % 9 === 0 ? '-0.0' : String(i)}`);
    }
    const dir = specDir({ 'a.csv': lines.join('\r\n') });
    const p = plainOf(dir, 'a.csv');
    expect(p).toBeDefined();
    expect(p!.rows).toBe(3000);
    expect(plain(await direct(dir, { source: 'a.csv' }))).toEqual(plain(await general(dir, { source: 'a.csv' })));
  });

  it('reads rows of plain numbers on its fast path and the rest on the general one, the same as DuckDB', async () => {
    // Mostly plain numbers (the one-pass path), with a missing cell, a long number or a signed
    // zero here and there (the line-by-line path), LF and CRLF files.
    let s = 5;
    const u = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const rows = Array.from({ length: 5000 }, (_, i) => {
      const a = i % 97 === 0 ? 'NA' : (Math.round((u() - 0.5) * 2e8) / 1e6).toFixed(6);
      const b = i % 89 === 0 ? '12345678901234567.25' : i % 83 === 0 ? '-0.0' : String(Math.floor(u() * 1000));
      return `${1 + (i >> 3)},${a},${b}`;
    });
    for (const eol of ['\n', '\r\n']) {
      const dir = specDir({ 'n.csv': `firm,a,b${eol}${rows.join(eol)}${eol}` });
      const p = plainOf(dir, 'n.csv');
      expect(p?.rows, JSON.stringify(eol)).toBe(5000);
      expect(plain(await direct(dir, { source: 'n.csv' })), JSON.stringify(eol)).toEqual(plain(await general(dir, { source: 'n.csv' })));
    }
  });

  it('gives up on what DuckDB might read differently', () => {
    const cases: Record<string, string> = {
      quoted: 'a,b\n"1",2\n',
      leadingZero: 'a,b\n007,2\n',
      exponent: 'a,b\n1e5,2\n',
      plusSign: 'a,b\n+1,2\n',
      space: 'a,b\n 1,2\n',
      trailingSpace: 'a,b\nx ,2\n',
      inf: 'a,b\ninf,2\n',
      nanText: 'a,b\nx,2\nNaN,3\n',
      date: 'a,b\n2001-01-01,2\n',
      blank: 'a,b\n1,2\n\n3,4\n',
      ragged: 'a,b\n1,2\n3,4,5\n',
      short: 'a,b\n1,2\n3\n',
      lateText: 'a,b\n1,2\nx,4\n',
      lateNumber: 'a,b\nx,2\n1,4\n',
      bom: '\ufeffa,b\n1,2\n',
      semicolon: 'a;b,c\n1,2\n',
      duplicateNames: 'a,a\n1,2\n',
      emptyName: 'a,\n1,2\n',
      allMissing: 'a,b\n1,NA\n2,\n',
      comment: 'a,b\n# note\n1,2\n',
      noPointDigits: 'a,b\n1.,2\n',
      barePoint: 'a,b\n.5,2\n',
      loneCR: 'a,b\r1,2\r',
    };
    const dir = specDir(cases);
    for (const name of Object.keys(cases)) expect(plainOf(dir, name), name).toBeUndefined();
    const late = ['a,b', ...Array.from({ length: 1200 }, (_, i) => (i < 1100 ? 'NA,1' : '5,1'))].join('\n');
    writeFileSync(join(dir, 'late'), late);
    expect(plainOf(dir, 'late'), 'first value after 1,000 rows').toBeUndefined();
    writeFileSync(join(dir, 'latin1'), Buffer.concat([Buffer.from('a,b\nZ'), Buffer.from([0xfc]), Buffer.from('rich,2\n')]));
    expect(plainOf(dir, 'latin1'), 'not UTF-8').toBeUndefined();
  });

  it('hands every file it gives up on to DuckDB, which reads it as before', async () => {
    const dir = specDir({ 'q.csv': 'id,name\n1,"Acme, Inc"\n2,Beta\n', 'z.csv': 'zip,n\n050000,1\n310012,2\n' });
    for (const f of ['q.csv', 'z.csv']) {
      expect(plainOf(dir, f), f).toBeUndefined();
      expect(plain(await direct(dir, { source: f })), f).toEqual(plain(await general(dir, { source: f })));
    }
  });
});
