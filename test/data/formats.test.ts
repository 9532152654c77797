/**
 * Sources besides plain CSV/Parquet: Excel sheets and ranges, DuckDB databases, compressed CSV,
 * folders and globs with hive partitions; and the errors of ragged rows and wrong encodings.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { readHeader } from '../../src/data/header.js';
import { context, fixturesData, load, nums, specDir, studyError, texts } from './helpers.js';

const formats = join(fixturesData, 'formats');
const panelCsv = readFileSync(join(formats, 'panel.csv'), 'utf8');

async function duck(sql: string[]): Promise<void> {
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  try {
    for (const s of sql) await conn.run(s);
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}

describe('Excel .xlsx', () => {
  const dir = specDir({});
  copyFileSync(join(formats, 'panel.xlsx'), join(dir, 'p.xlsx'));
  writeFileSync(join(dir, 'panel.csv'), panelCsv);

  it('a named sheet, and a range whose first row is the header, read as the CSV', async () => {
    const csv = await load(context(dir, { t: { source: 'panel.csv' } }), 't');
    for (const options of [{ sheet: 'panel' }, { sheet: 'offset', range: 'B3:F203' }]) {
      const x = await load(context(dir, { t: { source: 'p.xlsx', options } }), 't');
      expect([...x.columns.keys()], JSON.stringify(options)).toEqual(['firm', 'year', 'region', 'exposure', 'outcome']);
      for (const c of ['year', 'region', 'exposure', 'outcome']) expect(nums(x, c), c).toEqual(nums(csv, c));
      expect(texts(x, 'firm')).toEqual(texts(csv, 'firm'));
    }
    // An open range runs to the last used row, here a footnote under the data (as in Stata).
    const open = await load(context(dir, { t: { source: 'p.xlsx', options: { sheet: 'offset', range: 'B3:F' } } }), 't');
    expect(open.nrows).toBe(201);
    expect(texts(open, 'firm')[200]).toBe('Source: generated');
    expect(nums(open, 'year').slice(0, 200)).toEqual(nums(csv, 'year'));
    expect(nums(open, 'year')[200]).toBeNaN();
    // Without `sheet:` the first sheet is read (a one-cell note here).
    const first = await load(context(dir, { t: { source: 'p.xlsx' } }), 't');
    expect(first.nrows).toBe(0);
  });

  it('cell types as Stata import excel: numbers, dates, date-times, mixed text, formulas, errors, empty header, booleans', async () => {
    const x = await load(context(dir, { t: { source: 'p.xlsx', options: { sheet: 'types' } } }), 't');
    expect([...x.columns.keys()]).toEqual(['n', 'day', 'stamp', 'mixed', 'formula', 'err', 'G', 'flag']);
    expect(x.nrows).toBe(3); // the empty row is skipped
    expect(nums(x, 'n')).toEqual([1.5, NaN, -3]);
    // DATE columns are days since 1970-01-01 in frames.
    expect(nums(x, 'day')).toEqual([Date.UTC(2020, 0, 31) / 864e5, Date.UTC(1960, 0, 1) / 864e5, NaN]);
    expect(nums(x, 'stamp')).toEqual([Date.UTC(2020, 0, 31, 12, 30) / 1000, Date.UTC(2021, 5, 1, 0, 0, 1) / 1000, NaN]);
    expect(texts(x, 'mixed')).toEqual(['a', '2', null]);
    expect(nums(x, 'formula')).toEqual([3, 4, NaN]);
    expect(nums(x, 'err')).toEqual([NaN, 1, NaN]);
    expect(nums(x, 'G')).toEqual([7, 8, 9]);
    expect(nums(x, 'flag')).toEqual([1, 0, NaN]);
  });

  it('errors: missing sheet SS193, bad range SS195, damaged SS192, .xls SS192, encrypted SS194', async () => {
    const e1 = await studyError(load(context(dir, { t: { source: 'p.xlsx', options: { sheet: 'Panel2' } } }), 't'));
    expect(e1.diagnostics[0]!.code).toBe('SS193');
    expect(e1.diagnostics[0]!.message).toContain("'readme', 'panel', 'offset', 'types'");
    expect(e1.diagnostics[0]!.path).toEqual(['data', 't', 'sheet']);
    const e2 = await studyError(load(context(dir, { t: { source: 'p.xlsx', options: { range: 'A1-F9' } } }), 't'));
    expect(e2.diagnostics[0]!.code).toBe('SS195');
    const whole = readFileSync(join(dir, 'p.xlsx'));
    writeFileSync(join(dir, 'cut.xlsx'), whole.subarray(0, whole.length - 400));
    writeFileSync(join(dir, 'text.xlsx'), 'firm,year\n');
    // An OLE2 container (magic D0 CF 11 E0) holding an "EncryptedPackage" stream is what Office
    // writes for a password-protected workbook; one without it is a legacy .xls. These two are
    // made by hand, only their signatures matter here.
    const ole = (body: Buffer): Buffer => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504), body]);
    writeFileSync(join(dir, 'locked.xlsx'), ole(Buffer.from('EncryptedPackage', 'utf16le')));
    writeFileSync(join(dir, 'old.xlsx'), ole(Buffer.from('Workbook', 'utf16le')));
    for (const [f, code] of [['cut.xlsx', 'SS192'], ['text.xlsx', 'SS192'], ['locked.xlsx', 'SS194'], ['old.xlsx', 'SS192']] as const) {
      const e = await studyError(load(context(dir, { t: { source: f } }), 't'));
      expect(e.diagnostics[0]!.code, f).toBe(code);
      expect(e.diagnostics[0]!.path, f).toEqual(['data', 't', 'source']);
    }
  });
});

describe('DuckDB databases, compressed CSV, folders and globs', () => {
  it('the same rows from .csv.gz, .csv.zst, a .duckdb table or query, a hive folder and a glob', async () => {
    const dir = specDir({ 'panel.csv': panelCsv });
    writeFileSync(join(dir, 'panel.csv.gz'), gzipSync(panelCsv));
    const csv = join(dir, 'panel.csv').replaceAll("'", "''");
    await duck([
      `COPY (SELECT * FROM read_csv('${csv}')) TO '${join(dir, 'panel.csv.zst')}' (FORMAT csv, COMPRESSION zstd)`,
      `ATTACH '${join(dir, 'panel.duckdb')}' AS db`,
      `CREATE TABLE db.firms AS SELECT * FROM read_csv('${csv}')`,
      `DETACH db`,
      `COPY (SELECT * FROM read_csv('${csv}')) TO '${join(dir, 'hive')}' (FORMAT parquet, PARTITION_BY (year))`,
    ]);
    mkdirSync(join(dir, 'parts'));
    const [head, ...rows] = panelCsv.trim().split('\n');
    writeFileSync(join(dir, 'parts', 'a.csv'), [head, ...rows.slice(0, 77)].join('\n') + '\n');
    writeFileSync(join(dir, 'parts', 'b.csv'), [head, ...rows.slice(77)].join('\n') + '\n');
    const panel = { id: 'firm', time: 'year' };
    const want = await load(context(dir, { t: { source: 'panel.csv', panel } }), 't');
    const cases = [
      { source: 'panel.csv.gz' },
      { source: 'panel.csv.zst' },
      { source: 'panel.duckdb', options: { table: 'firms' } },
      { source: 'panel.duckdb', options: { query: 'select * from firms where year >= 2001' } },
      { source: 'hive', options: { hive: true } },
      { source: 'hive/**/*.parquet', options: { hive: true } },
      { source: 'parts/*.csv' },
      { source: 'parts' },
    ];
    for (const c of cases) {
      const got = await load(context(dir, { t: { ...c, panel } }), 't');
      for (const col of ['year', 'region', 'exposure', 'outcome']) expect(nums(got, col), `${JSON.stringify(c)} ${col}`).toEqual(nums(want, col));
      expect(texts(got, 'firm'), JSON.stringify(c)).toEqual(texts(want, 'firm'));
    }
    // check's header reader sees the same columns, never the compressed bytes.
    for (const [src, format, options] of [
      ['panel.csv.gz', 'csv', {}],
      ['panel.csv.zst', 'csv', {}],
      ['panel.duckdb', 'duckdb', { table: 'firms' }],
      ['panel.duckdb', 'duckdb', { query: 'select * from firms' }],
      ['hive', 'parquet', { hive: true }],
      ['parts', 'csv', {}],
    ] as const) {
      const names = (await readHeader(join(dir, src), format, options)).map((h) => h.name).sort();
      expect(names, src).toEqual(['exposure', 'firm', 'outcome', 'region', 'year']);
    }
  });

  it('database errors: a missing table SS196 (with the tables), a failing query SS198, no files SS432', async () => {
    const dir = specDir({});
    await duck([`ATTACH '${join(dir, 'x.duckdb')}' AS db`, 'CREATE TABLE db.firms AS SELECT 1 AS a', 'DETACH db']);
    const e1 = await studyError(load(context(dir, { t: { source: 'x.duckdb', options: { table: 'firm' } } }), 't'));
    expect(e1.diagnostics[0]!.code).toBe('SS196');
    expect(e1.diagnostics[0]!.message).toContain("'firms'");
    expect(e1.diagnostics[0]!.path).toEqual(['data', 't', 'table']);
    const e2 = await studyError(load(context(dir, { t: { source: 'x.duckdb', options: { query: 'select nope from firms' } } }), 't'));
    expect(e2.diagnostics[0]!.code).toBe('SS198');
    mkdirSync(join(dir, 'empty'));
    const e3 = await studyError(load(context(dir, { t: { source: 'empty/*.parquet' } }), 't'));
    expect(e3.diagnostics[0]!.code).toBe('SS432');
  });
});

describe('ragged rows and encodings', () => {
  it('a row with a field too many or too few is SS430 with its line, not an unknown column', async () => {
    const dir = specDir({
      'long.csv': 'firm,year,y\nA,2001,1.5\nB,2002,2.5,9\nC,2003,3\n',
      'short.csv': 'firm,year,y\nA,2001,1.5\n"B, Inc",2002,2\nC,2003\n',
    });
    for (const [f, line, got] of [['long.csv', 3, 4], ['short.csv', 4, 2]] as const) {
      const e = await studyError(load(context(dir, { t: { source: f } }), 't'));
      expect(e.diagnostics[0]!.code, f).toBe('SS430');
      expect(e.diagnostics[0]!.message, f).toContain(`line ${line} has ${got} fields but the header has 3`);
    }
    // Past the sniffer's sample: DuckDB's own column-count error is translated the same way.
    const many = Array.from({ length: 30000 }, (_, i) => `F${i},${2000 + (i % 9)},${i}`).join('\n');
    const late = specDir({ 'late.csv': `firm,year,y\n${many}\nX,1,2,3\n` });
    const e = await studyError(load(context(late, { t: { source: 'late.csv' } }), 't'));
    expect(e.diagnostics[0]!.code).toBe('SS430');
    expect(e.diagnostics[0]!.message).toContain('line 30002 has 4 fields');
  });

  it('non-UTF-8 bytes are SS431 with offset and line; UTF-16 is SS435; encoding: reads both', async () => {
    const dir = specDir({});
    writeFileSync(join(dir, 'latin.csv'), Buffer.concat([Buffer.from('firm,y\nA,1\nZ'), Buffer.from([0xfc]), Buffer.from('rich,2\n')]));
    writeFileSync(join(dir, 'u16.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('firm,y\nZürich,2\n', 'utf16le')]));
    const e1 = await studyError(load(context(dir, { t: { source: 'latin.csv' } }), 't'));
    expect(e1.diagnostics[0]!.code).toBe('SS431');
    expect(e1.diagnostics[0]!.message).toContain('byte 0xFC at offset 12 (line 3)');
    expect(e1.diagnostics[0]!.notes!.join(' ')).toContain('encoding: latin-1');
    const e2 = await studyError(load(context(dir, { t: { source: 'u16.csv' } }), 't'));
    expect(e2.diagnostics[0]!.code).toBe('SS435');
    expect(texts(await load(context(dir, { t: { source: 'latin.csv', options: { encoding: 'latin-1' } } }), 't'), 'firm')).toEqual(['A', 'Zürich']);
    expect(texts(await load(context(dir, { t: { source: 'u16.csv', options: { encoding: 'utf-16' } } }), 't'), 'firm')).toEqual(['Zürich']);
  });
});
