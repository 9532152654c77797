import { describe, expect, it } from 'vitest';
import { Reporter } from '../../src/diagnostics/diagnostic.js';
import { evaluate } from '../../src/expr/evaluate.js';
import { parseExpr } from '../../src/expr/index.js';
import type { Frame } from '../../src/data/frame.js';
import { context, fixturesData, load, nums, specDir, studyError, texts } from './helpers.js';

const CSV = [
  'id,year,g,name,x,y',
  '1,2008,a,杭州商贸有限公司,1,2',
  '1,2009,a,杭州机械有限公司,3,',
  '2,2008,b,宁波进出口公司,0,-1',
  '2,2009,b,宁波电子公司,-2,4',
  '3,2008,,苏州商贸,5,0',
  '3,2009,a,,,7',
].join('\n');

/** Same numbers, NaN where missing; relative 1e-12 for functions whose last bits may differ between libms. */
function expectSame(a: readonly number[], b: readonly number[]): void {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => {
    if (Number.isNaN(v) || Number.isNaN(b[i]!)) expect([i, v]).toEqual([i, b[i]]);
    else expect(Math.abs(v - b[i]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(v)));
  });
}

function inMemory(frame: Frame, text: string): number[] {
  const e = parseExpr(text);
  const c = evaluate(e.value!, { frame, reporter: new Reporter() });
  if (c.kind !== 'num') throw new Error('expected numbers');
  return Array.from(c.values);
}

describe('where and in-table variables in SQL', () => {
  it('filters with CJK contains and three-valued logic (NA & FALSE = FALSE)', async () => {
    const dir = specDir({ 'd.csv': CSV });
    const f = await load(context(dir, { t: { source: 'd.csv', where: "!contains(name, '商贸') & x >= 0" } }), 't');
    // rows: 2 (机械, x=3) and 3 (进出口, x=0); the row with missing name has missing x too: dropped.
    expect(nums(f, 'x')).toEqual([3, 0]);
    const g = await load(context(dir, { t: { source: 'd.csv', where: 'isna(name) | y > 100' } }), 't');
    expect(nums(g, 'y')).toEqual([7]);
    const h = await load(context(dir, { t: { source: 'd.csv', where: 'x > 100 & isna(name)' } }), 't');
    expect(h.nrows).toBe(0);
  });

  const EXPRESSIONS = [
    'x / y',
    'log(x)',
    'sqrt(x - 2)',
    'x ^ 0.5',
    'exp(x) + abs(-x)',
    'ifelse(x > 2, x, -x)',
    '(x > 1) & (y > 0)',
    '(x > 1) | isna(y)',
    '!(x > 1)',
    'x in [1, 3]',
    'year in [2009:2010]',
    'coalesce(y, 0) * 2',
    "contains(name, '商贸')",
    "startswith(name, '宁波')",
    "g == 'a'",
    'mean_by(x, by = g)',
    'sum_by(y, by = [g, year])',
    'min_by(x, by = year) + max_by(y, by = year)',
    'share(x, by = year)',
    'hhi(y, by = year)',
    '(x > 0) * 10 - y',
  ];

  it('agrees with the in-memory evaluator, missing values included', async () => {
    const dir = specDir({ 'd.csv': CSV });
    const variables = Object.fromEntries(EXPRESSIONS.map((e, i) => [`v${i}`, e]));
    const ctx = context(dir, { raw: { source: 'd.csv' }, t: { from: 'raw', variables } });
    const sql = await load(ctx, 't');
    const raw = await load(ctx, 'raw');
    EXPRESSIONS.forEach((e, i) => {
      expectSame(nums(sql, `v${i}`), inMemory(raw, e));
    });
    // log(x) of 0 and -2: one warning with the count.
    const logW = ctx.reporter.warnings.filter((w) => w.code === 'SS414');
    expect(logW).toHaveLength(1);
    expect(logW[0]!.message).toContain('2 non-positive values');
    expect(logW[0]!.path).toEqual(['data', 't', 'variables', 'v1']);
  });

  it('variables may use each other in any order; a cycle is an error', async () => {
    const dir = specDir({ 'd.csv': CSV });
    const f = await load(context(dir, { t: { source: 'd.csv', variables: { b: 'a * 2', a: 'x + 1' } } }), 't');
    expect(nums(f, 'b')).toEqual([4, 8, 2, -2, 12, NaN]);
    const e = await studyError(load(context(dir, { t: { source: 'd.csv', variables: { a: 'b + 1', b: 'a + 1' } } }), 't'));
    expect(e.diagnostics[0]!.code).toBe('SS411');
  });

  it('panel lags respect time gaps and match the in-memory evaluator (gappy Grunfeld)', async () => {
    const ctx = context(fixturesData, {
      g: { source: 'grunfeld_gappy.csv', panel: { id: 'firm', time: 'year' }, variables: { l1: 'lag(inv)', l2: 'lag(inv, 2)', d1: 'diff(value)', f1: 'lead(capital)' } },
      raw: { source: 'grunfeld_gappy.csv', panel: { id: 'firm', time: 'year' } },
    });
    const f = await load(ctx, 'g');
    const raw = await load(ctx, 'raw');
    expect(f.panel).toEqual({ id: 'firm', time: 'year' });
    expectSame(nums(f, 'l1'), inMemory(raw, 'lag(inv)'));
    expectSame(nums(f, 'l2'), inMemory(raw, 'lag(inv, 2)'));
    expectSame(nums(f, 'd1'), inMemory(raw, 'diff(value)'));
    expectSame(nums(f, 'f1'), inMemory(raw, 'lead(capital)'));
    // firm 2 lacks 1940: its 1941 lag is missing, not the 1939 value.
    const firm = nums(f, 'firm');
    const year = nums(f, 'year');
    const i = firm.findIndex((v, k) => v === 2 && year[k] === 1941);
    expect(nums(f, 'l1')[i]).toBeNaN();
  });

  it('functions without SQL form run in the in-memory evaluator (cummax, winsorize, loo_mean)', async () => {
    const ctx = context(fixturesData, {
      g: {
        source: 'grunfeld.csv',
        panel: { id: 'firm', time: 'year' },
        variables: { c: 'cummax(inv)', w: 'winsorize(value, 0.05, 0.95)', l: 'loo_mean(inv, by = year)', z: 'c - inv' },
        where: 'year >= 1936',
      },
      raw: { source: 'grunfeld.csv', panel: { id: 'firm', time: 'year' }, where: 'year >= 1936' },
    });
    const f = await load(ctx, 'g');
    const raw = await load(ctx, 'raw');
    expectSame(nums(f, 'c'), inMemory(raw, 'cummax(inv)'));
    expectSame(nums(f, 'w'), inMemory(raw, 'winsorize(value, 0.05, 0.95)'));
    expectSame(nums(f, 'l'), inMemory(raw, 'loo_mean(inv, by = year)'));
    expectSame(nums(f, 'z'), inMemory(raw, 'cummax(inv) - inv'));
    expect(f.nrows).toBe(190);
  });

  it('a where that needs the evaluator filters the same rows', async () => {
    const ctx = context(fixturesData, { g: { source: 'grunfeld.csv', panel: { id: 'firm', time: 'year' }, where: 'cummax(inv) > 100' } });
    const f = await load(ctx, 'g');
    const all = await load(context(fixturesData, { g: { source: 'grunfeld.csv', panel: { id: 'firm', time: 'year' } } }), 'g');
    const keep = inMemory(all, 'cummax(inv) > 100');
    expect(f.nrows).toBe(keep.filter((v) => v === 1).length);
  });

  it('errors carry the path and the span inside the expression', async () => {
    const dir = specDir({ 'd.csv': CSV });
    const e = await studyError(load(context(dir, { t: { source: 'd.csv', where: 'year > 2008 & nam == 1' } }), 't'));
    expect(e.diagnostics[0]!.code).toBe('SS405');
    expect(e.diagnostics[0]!.path).toEqual(['data', 't', 'where']);
    expect(e.diagnostics[0]!.span).toEqual({ start: 14, end: 17 });
    expect(e.diagnostics[0]!.notes).toEqual(["did you mean 'name'?"]);
    const e2 = await studyError(load(context(dir, { t: { source: 'd.csv', variables: { v: 'lag(x)' } } }), 't'));
    expect(e2.diagnostics[0]!.code).toBe('SS427');
    const e3 = await studyError(load(context(dir, { t: { source: 'd.csv', variables: { v: 'x + name' } } }), 't'));
    expect(e3.diagnostics[0]!.code).toBe('SS406'); // text used as a number: cells that are not numbers
    const e4 = await studyError(load(context(dir, { t: { source: 'd.csv', where: 'sum(x) > 1' } }), 't'));
    expect(e4.diagnostics[0]!.code).toBe('SS425');
  });

  it('where may not use the same table’s variables', async () => {
    const dir = specDir({ 'd.csv': CSV });
    const e = await studyError(load(context(dir, { t: { source: 'd.csv', where: 'z > 1', variables: { z: 'x * 2' } } }), 't'));
    expect(e.diagnostics[0]!.code).toBe('SS418');
  });

  it('text columns of numbers can be used as numbers', async () => {
    const dir = specDir({ 'd.csv': 'code,v\n0101,1\n0202,2\n' });
    const f = await load(context(dir, { t: { source: 'd.csv', variables: { c2: 'code * 1' } } }), 't');
    expect(nums(f, 'c2')).toEqual([101, 202]);
    expect(texts(f, 'code')).toEqual(['0101', '0202']);
  });
});
