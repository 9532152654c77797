/**
 * lin_lags_grunfeld_gappy: lag(value, 1) and lag(value, 2) on a panel with gaps. The fixture
 * gives nobs, the pooled-OLS coefficients on the gap-aware lags, and a naive row-shift
 * contrast; the test rebuilds both designs from our columns and solves the normal equations.
 */
import { describe, expect, it } from 'vitest';
import type { Frame } from '../../src/data/frame.js';
import { fixtureFrame, readExpected } from '../helpers/frame-from-csv.js';
import { run } from './helpers.js';

const expected = readExpected('lin_lags_grunfeld_gappy.json') as {
  nobs: number;
  coefficients: Record<string, { estimate: number }>;
  tests: { rows_in_file: number; naive_row_shift_for_contrast: { nobs: number; coefficients: Record<string, number> } };
};
const f = fixtureFrame('grunfeld_gappy.csv', { id: 'firm', time: 'year' });

/** OLS of y on [1, x1, x2] over complete rows, by Gaussian elimination on X'X (3×3). */
function ols(y: (number | null)[], x1: (number | null)[], x2: (number | null)[]): { n: number; b: number[] } {
  const A = [0, 0, 0].map(() => [0, 0, 0, 0]);
  let n = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] === null || x1[i] === null || x2[i] === null) continue;
    n++;
    const row = [1, x1[i] as number, x2[i] as number];
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 3; c++) A[r]![c]! += row[r]! * row[c]!;
      A[r]![3]! += row[r]! * (y[i] as number);
    }
  }
  for (let k = 0; k < 3; k++) {
    for (let r = k + 1; r < 3; r++) {
      const m = A[r]![k]! / A[k]![k]!;
      for (let c = k; c < 4; c++) A[r]![c]! -= m * A[k]![c]!;
    }
  }
  const b = [0, 0, 0];
  for (let k = 2; k >= 0; k--) {
    let s = A[k]![3]!;
    for (let c = k + 1; c < 3; c++) s -= A[k]![c]! * b[c]!;
    b[k] = s / A[k]![k]!;
  }
  return { n, b };
}

function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

/** Previous row within the unit, ignoring gaps: the wrong answer the fixture contrasts. */
function naiveShift(fr: Frame, k: number): (number | null)[] {
  const firm = fr.columns.get('firm')!;
  const value = fr.columns.get('value')!;
  if (firm.kind !== 'num' || value.kind !== 'num') throw new Error('unexpected column kinds');
  return Array.from(value.values, (_, i) =>
    i - k >= 0 && firm.values[i - k] === firm.values[i] ? value.values[i - k]! : null,
  );
}

describe('lin_lags_grunfeld_gappy', () => {
  const inv = run('inv', f) as (number | null)[];
  const l1 = run('lag(value, 1)', f) as (number | null)[];
  const l2 = run('lag(value, 2)', f) as (number | null)[];

  it('keeps exactly the rows the fixture uses', () => {
    expect(f.nrows).toBe(expected.tests.rows_in_file);
    const kept = inv.filter((_, i) => l1[i] !== null && l2[i] !== null).length;
    expect(kept).toBe(expected.nobs);
  });

  it('reproduces the fixture coefficients from the gap-aware lags (≤1e-8 relative)', () => {
    const { n, b } = ols(inv, l1, l2);
    expect(n).toBe(expected.nobs);
    expect(rel(b[0]!, expected.coefficients['(Intercept)']!.estimate)).toBeLessThan(1e-8);
    expect(rel(b[1]!, expected.coefficients['lag(value, 1)']!.estimate)).toBeLessThan(1e-8);
    expect(rel(b[2]!, expected.coefficients['lag(value, 2)']!.estimate)).toBeLessThan(1e-8);
  });

  it('differs from the naive row shift, which the fixture reports as wrong', () => {
    const naive = expected.tests.naive_row_shift_for_contrast;
    const r1 = naiveShift(f, 1);
    const r2 = naiveShift(f, 2);
    const wrong = ols(inv, r1, r2);
    // The contrast itself is reproduced, so the comparison below is meaningful.
    expect(wrong.n).toBe(naive.nobs);
    expect(rel(wrong.b[1]!, naive.coefficients.rowlag1!)).toBeLessThan(1e-8);
    expect(l1).not.toEqual(r1);
    expect(rel(ols(inv, l1, l2).b[1]!, naive.coefficients.rowlag1!)).toBeGreaterThan(1e-3);
  });

  it('equals a merge on (firm, year − k)', () => {
    const firm = run('firm', f) as number[];
    const year = run('year', f) as number[];
    const value = run('value', f) as number[];
    const byKey = new Map(firm.map((id, i) => [`${id}/${year[i]}`, value[i]!]));
    for (const [k, lag] of [[1, l1], [2, l2]] as const) {
      const merged = firm.map((id, i) => byKey.get(`${id}/${year[i]! - k}`) ?? null);
      expect(lag).toEqual(merged);
    }
  });
});
