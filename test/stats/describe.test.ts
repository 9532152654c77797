import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { factorColumn, makeFrame, numColumn } from '../../src/data/frame.js';
import { describe as summarize, groupSummary, quantile, statOf, statsOf } from '../../src/stats/describe.js';
import { repoRoot } from '../render/tex-helper.js';

describe('quantiles', () => {
  const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  it('type 2 (Stata summarize, detail): average at integer n·p, else the next order statistic', () => {
    expect(quantile(x, 0.5, 2)).toBe(5.5);
    expect(quantile(x, 0.25, 2)).toBe(3);
    expect(quantile(x, 0.1, 2)).toBe(1.5);
    expect(quantile(x, 0.99, 2)).toBe(10);
  });
  it('type 7 (R default) interpolates', () => {
    expect(quantile(x, 0.25, 7)).toBe(3.25);
    expect(quantile(x, 0.75, 7)).toBe(7.75);
  });
});

describe('describe on the Grunfeld fixture', () => {
  // grunfeld.csv: 10 firms × 20 years; checked against sums computed independently here
  const lines = readFileSync(join(repoRoot, 'test', 'fixtures', 'data', 'grunfeld.csv'), 'utf8').trim().split('\n');
  const head = lines[0]!.split(',').map((h) => h.replace(/"/g, ''));
  const col = (name: string) => Float64Array.from(lines.slice(1), (l) => Number(l.split(',')[head.indexOf(name)]));
  const inv = col('inv');
  const firm = col('firm');
  const frame = makeFrame([['inv', numColumn(inv)], ['firm', numColumn(firm)]]);

  it('n, mean, sd (n − 1), min, max', () => {
    const d = summarize(frame, ['inv'], ['n', 'mean', 'sd', 'min', 'max', 'p50']).values.inv!;
    const v = Array.from(inv);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    expect(d.n).toBe(200);
    expect(d.mean).toBeCloseTo(mean, 10);
    expect(d.sd).toBeCloseTo(Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / 199), 10);
    expect(d.min).toBe(Math.min(...v));
    expect(d.max).toBe(Math.max(...v));
    const s = [...v].sort((a, b) => a - b);
    expect(d.p50).toBe((s[99]! + s[100]!) / 2);
  });

  it('by group: one block per group', () => {
    const d = summarize(frame, ['inv'], ['n', 'mean'], { by: 'firm' });
    expect(d.by!.groups.length).toBe(10);
    expect(d.by!.values[d.by!.groups[0]!]!.inv!.n).toBe(20);
  });
});

describe('statOf and groupSummary', () => {
  it('skips missing values', () => {
    expect(statOf(Float64Array.from([1, NaN, 3]), null, 'mean')).toBe(2);
    expect(statOf(Float64Array.from([NaN]), null, 'mean')).toBeNull();
    expect(statOf(Float64Array.from([NaN]), null, 'n')).toBe(0);
  });
  it('means by two groups with margins', () => {
    const frame = makeFrame([
      ['y', numColumn(Float64Array.from([1, 2, 3, 4, 5, 6]))],
      ['r', factorColumn(Int32Array.from([0, 0, 1, 1, 1, 0]), ['east', 'west'])],
      ['k', factorColumn(Int32Array.from([0, 1, 0, 1, 1, 1]), ['labour', 'capital'])],
    ]);
    const g = groupSummary(frame, 'y', ['r', 'k']);
    expect(g.rows).toEqual(['east', 'west']);
    expect(g.cols).toEqual(['labour', 'capital']);
    expect(g.cells).toEqual([[1, 4], [3, 4.5]]);
    expect(g.rowTotals).toEqual([3, 4]);
    expect(g.colTotals).toEqual([2, 17 / 4]);
    expect(g.total).toBe(3.5);
  });
});

describe('statsOf (all of a summary row in one pass)', () => {
  it('gives statOf for every statistic, with missing values, signed zeros and row subsets', () => {
    let s = 7;
    const u = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const x = Float64Array.from({ length: 5001 }, (_, i) => (i % 97 === 0 ? NaN : i % 89 === 0 ? -0 : i % 83 === 0 ? 0 : Math.round((u() - 0.5) * 1e6) / 100));
    const stats = ['n', 'mean', 'sd', 'min', 'max', 'median', 'sum', 'p1', 'p25', 'p50', 'p75', 'p99'];
    const subsets: (Int32Array | null)[] = [null, Int32Array.from({ length: 700 }, (_, i) => i * 7), new Int32Array(0), Int32Array.of(0, 97)];
    for (const rows of subsets) {
      for (const q of [2, 7] as const) {
        const got = statsOf(x, rows, stats, q);
        for (const st of stats) expect(Object.is(got[st], statOf(x, rows, st, q)), `${st} q${q} rows ${rows?.length ?? 'all'}`).toBe(true);
      }
    }
    const zeros = Float64Array.of(0, -0, NaN);
    expect(Object.is(statsOf(zeros, null, ['min'])['min'], statOf(zeros, null, 'min'))).toBe(true);
    expect(Object.is(statsOf(zeros, null, ['max'])['max'], statOf(zeros, null, 'max'))).toBe(true);
  });
});
