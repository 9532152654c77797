import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { context, fixturesData, load, nums, specDir, studyError, texts } from './helpers.js';

describe('reading sources', () => {
  it('reads a CSV with inferred types: numbers, text as factors, booleans as 0/1', async () => {
    const dir = specDir({ 'd.csv': 'id,name,x,flag\n1,甲,1.5,true\n2,乙,,false\n3,甲,NA,true\n4,,.,\n' });
    const f = await load(context(dir, { t: { source: 'd.csv' } }), 't');
    expect(f.nrows).toBe(4);
    expect(nums(f, 'id')).toEqual([1, 2, 3, 4]);
    expect(nums(f, 'x')).toEqual([1.5, NaN, NaN, NaN]);
    expect(texts(f, 'name')).toEqual(['甲', '乙', '甲', null]);
    expect(nums(f, 'flag')).toEqual([1, 0, 1, NaN]);
  });

  it('a text column is logical only when every value is true/false in any case; an empty one stays text', async () => {
    const dir = specDir({ 'd.csv': 'a,b,c,d\nTrue,true,,x\nFALSE,false,,y\n,yes,,\n' });
    const f = await load(context(dir, { t: { source: 'd.csv' } }), 't');
    expect(nums(f, 'a')).toEqual([1, 0, NaN]);
    expect(texts(f, 'b')).toEqual(['true', 'false', 'yes']);
    expect(texts(f, 'c')).toEqual([null, null, null]);
    expect(texts(f, 'd')).toEqual(['x', 'y', null]);
  });

  it("keeps DuckDB's line limit of 2,000,000 bytes: a longer line is an unreadable file", async () => {
    // Past the sniffer's sample, so that the read itself meets the long line.
    const head = Array.from({ length: 30000 }, (_, i) => `${i},x`).join('\n');
    const dir = specDir({ 'ok.csv': `a,b\n${head}\n1,${'y'.repeat(1_999_000)}\n`, 'long.csv': `a,b\n${head}\n1,${'y'.repeat(2_000_100)}\n2,z\n` });
    expect(texts(await load(context(dir, { t: { source: 'ok.csv' } }), 't'), 'b')[30000]).toHaveLength(1_999_000);
    const e = await studyError(load(context(dir, { t: { source: 'long.csv' } }), 't'));
    expect(e.diagnostics[0]!.code).toBe('SS404');
    expect(e.diagnostics[0]!.message).toContain('CSV Error on Line: 30002');
  });

  it('keeps ids with leading zeros as text; type overrides convert in either direction', async () => {
    const dir = specDir({ 'd.csv': 'postcode,n,ok\n050000,1,yes\n310012,2,no\n' });
    const f = await load(context(dir, { t: { source: 'd.csv' } }), 't');
    expect(texts(f, 'postcode')).toEqual(['050000', '310012']);
    expect(texts(f, 'ok')).toEqual(['yes', 'no']);
    const g = await load(context(dir, { t: { source: 'd.csv', types: { postcode: 'number', n: 'string', ok: 'bool' } } }), 't');
    expect(nums(g, 'postcode')).toEqual([50000, 310012]);
    expect(texts(g, 'n')).toEqual(['1', '2']);
    expect(nums(g, 'ok')).toEqual([1, 0]);
  });

  it('reports non-numeric cells of a declared numeric column with count and first data row', async () => {
    const dir = specDir({ 'd.csv': 'a,b\n1,2\nx1,3\n4,n/a\n5,n/a\n' });
    const e = await studyError(load(context(dir, { t: { source: 'd.csv', types: { b: 'number' } } }), 't'));
    expect(e.diagnostics[0]!.code).toBe('SS406');
    expect(e.diagnostics[0]!.message).toContain("2 cells");
    expect(e.diagnostics[0]!.message).toContain("data row 3: 'n/a'");
    expect(e.diagnostics[0]!.path).toEqual(['data', 't', 'types', 'b']);
  });

  it('rejects a fractional value in an integer column instead of rounding it', async () => {
    const dir = specDir({ 'd.csv': 'k\n1\n2.5\n' });
    const e = await studyError(load(context(dir, { t: { source: 'd.csv', types: { k: 'integer' } } }), 't'));
    expect(e.diagnostics[0]!.code).toBe('SS406');
    expect(e.diagnostics[0]!.message).toContain("data row 2: '2.5'");
  });

  it('finds a bad cell beyond the type sniffer sample and reports its row', async () => {
    const rows = Array.from({ length: 30000 }, (_, i) => `${i},${i * 2}`);
    rows.push('30000,abc', '30001,3.5');
    const dir = specDir({ 'd.csv': `id,x\n${rows.join('\n')}\n` });
    const e = await studyError(load(context(dir, { t: { source: 'd.csv' } }), 't'));
    expect(e.diagnostics[0]!.code).toBe('SS406');
    expect(e.diagnostics[0]!.message).toContain("1 cell is not");
    expect(e.diagnostics[0]!.message).toContain("data row 30001: 'abc'");
  });

  it('widens an integer-looking column to numbers when a later cell has decimals', async () => {
    const rows = Array.from({ length: 25000 }, (_, i) => `${i}`);
    rows.push('2.5');
    const dir = specDir({ 'd.csv': `x\n${rows.join('\n')}\n` });
    const f = await load(context(dir, { t: { source: 'd.csv' } }), 't');
    expect(f.nrows).toBe(25001);
    expect(nums(f, 'x')[25000]).toBe(2.5);
  });

  it('unknown column under types: error with did-you-mean', async () => {
    const dir = specDir({ 'd.csv': 'employees,year\n1,2\n' });
    const e = await studyError(load(context(dir, { t: { source: 'd.csv', types: { employes: 'number' } } }), 't'));
    expect(e.diagnostics[0]!.code).toBe('SS405');
    expect(e.diagnostics[0]!.notes).toEqual(["did you mean 'employees'?"]);
  });

  it('refuses a source outside the spec folder unless allowed', async () => {
    const outer = specDir({ 'secret.csv': 'a\n1\n' });
    const dir = specDir({ 'd.csv': 'a\n1\n' });
    const rel = join('..', outer.split('/').pop()!, 'secret.csv');
    const e = await studyError(load(context(dir, { t: { source: rel } }), 't'));
    expect(e.diagnostics[0]!.code).toBe('SS401');
    expect(e.diagnostics[0]!.path).toEqual(['data', 't', 'source']);
    const f = await load(context(dir, { t: { source: rel } }, { allowOutside: true }), 't');
    expect(nums(f, 'a')).toEqual([1]);
    // A symlink inside the folder does not open a way out.
    symlinkSync(join(outer, 'secret.csv'), join(dir, 'link.csv'));
    const e2 = await studyError(load(context(dir, { t: { source: 'link.csv' } }), 't'));
    expect(e2.diagnostics[0]!.code).toBe('SS401');
  });

  it('missing file and unknown extension are errors', async () => {
    const dir = specDir({ 'd.sav': 'x' });
    expect((await studyError(load(context(dir, { t: { source: 'nope.csv' } }), 't'))).diagnostics[0]!.code).toBe('SS402');
    expect((await studyError(load(context(dir, { t: { source: 'd.sav' } }), 't'))).diagnostics[0]!.code).toBe('SS403');
  });

  it('reads JSON and Parquet', async () => {
    const dir = specDir({ 'd.json': JSON.stringify([{ a: 1, s: 'x' }, { a: null, s: 'y' }]) });
    const f = await load(context(dir, { t: { source: 'd.json' } }), 't');
    expect(nums(f, 'a')).toEqual([1, NaN]);
    expect(texts(f, 's')).toEqual(['x', 'y']);
    // Write Parquet with DuckDB itself, then read it back through a spec.
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const inst = await DuckDBInstance.create(':memory:');
    const conn = await inst.connect();
    await conn.run(`COPY (SELECT i AS id, i * 0.5 AS v, CASE WHEN i % 2 = 0 THEN 'even' END AS s FROM range(5) t(i)) TO '${join(dir, 'p.parquet')}' (FORMAT parquet)`);
    conn.closeSync();
    inst.closeSync();
    const p = await load(context(dir, { t: { source: 'p.parquet' } }), 't');
    expect(nums(p, 'v')).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(texts(p, 's')).toEqual(['even', null, 'even', null, 'even']);
  });

  it('NaN and Inf cells are missing, with a warning', async () => {
    const dir = specDir({ 'd.csv': 'x\n1.5\nNaN\ninf\n2\n' });
    const ctx = context(dir, { t: { source: 'd.csv' } });
    const f = await load(ctx, 't');
    expect(nums(f, 'x')).toEqual([1.5, NaN, NaN, 2]);
    expect(ctx.reporter.warnings.map((w) => w.code)).toEqual(['SS424']);
  });

  it('reads the Grunfeld fixture exactly (every double identical to the file text)', async () => {
    const file = join(fixturesData, 'grunfeld.csv');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const header = lines[0]!.split(',');
    const dir = join(fixturesData);
    const f = await load(context(dir, { g: { source: 'grunfeld.csv' } }), 'g');
    expect(f.nrows).toBe(lines.length - 1);
    header.forEach((h, j) => {
      expect(nums(f, h)).toEqual(lines.slice(1).map((l) => Number(l.split(',')[j])));
    });
  });

  it('reads quoted headers, text factors and empty cells of the lung and fatalities fixtures', async () => {
    const f = await load(context(fixturesData, { l: { source: 'nl_lung.csv' } }), 'l');
    const raw = readFileSync(join(fixturesData, 'nl_lung.csv'), 'utf8').trim().split('\n').slice(1);
    const wt = raw.map((r) => r.split(',')[11]!);
    expect(f.nrows).toBe(raw.length);
    expect(nums(f, 'wt_loss')).toEqual(wt.map((s) => (s === '' || s === 'NA' ? NaN : Number(s))));
    const fat = await load(context(fixturesData, { f: { source: 'fatalities.csv' } }), 'f');
    const breath = fat.columns.get('breath')!;
    expect(breath.kind).toBe('factor');
    expect(breath.kind === 'factor' && breath.levels).toEqual(['no', 'yes']);
    expect(texts(fat, 'state').slice(0, 2)).toEqual(['al', 'al']);
  });
});
