/**
 * The iterated rectifier (Correia, Guimarães & Zylkin 2019) on constructed data: a
 * combination of two regressors separates, no single one does; and the cases where nothing
 * is separated, including a FE level with one positive row among many zeros (a finite pin
 * leaves z > 0 there, which is no certificate).
 */
import { describe, expect, it } from 'vitest';
import { reluSeparation } from '../../../src/estimators/glm/separation.js';
import { demeanWeighted, weightedDemeaner } from '../../../src/linalg/demean-weighted.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function constructed(n: number, separate: boolean): { y: Float64Array; X: Float64Array[]; year: Int32Array } {
  const r = rng(7);
  const y = new Float64Array(n);
  const x1 = new Float64Array(n);
  const x2 = new Float64Array(n);
  const x3 = new Float64Array(n);
  const year = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    year[i] = i % 5;
    x3[i] = r();
    if (i % 10 === 0) {
      x1[i] = 1;
      x2[i] = 0;
      y[i] = separate ? 0 : 2;
    } else {
      const b = r() < 0.4 ? 1 : 0;
      x1[i] = b;
      x2[i] = b;
      y[i] = r() < 0.3 ? 0 : 1 + Math.floor(r() * 5);
    }
  }
  return { y, X: [x1, x2, x3], year };
}

describe('reluSeparation', () => {
  it('finds the rows separated by x1 − x2 (with a year FE), and only those', () => {
    const { y, X, year } = constructed(400, true);
    const r = reluSeparation(y, X, [{ codes: year, nlevels: 5 }]);
    expect(r.converged).toBe(true);
    expect(r.rows).toBe(40);
    const kept = new Set(r.keep);
    for (let i = 0; i < 400; i++) expect(kept.has(i)).toBe(i % 10 !== 0);
  });

  it('without FE, with the constant among the regressors', () => {
    const { y, X } = constructed(400, true);
    const r = reluSeparation(y, [...X, new Float64Array(400).fill(1)], []);
    expect(r.rows).toBe(40);
  });

  it('finds nothing when those rows have positive outcomes', () => {
    const { y, X, year } = constructed(400, false);
    const r = reluSeparation(y, X, [{ codes: year, nlevels: 5 }]);
    expect(r).toMatchObject({ keep: null, rows: 0, converged: true });
  });

  it('a FE level with one positive row among 2,000 zeros is not separated', () => {
    const r0 = rng(3);
    const n = 3000;
    const y = new Float64Array(n);
    const x = new Float64Array(n);
    const g = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      g[i] = i < 2000 ? 0 : 1 + (i % 7);
      x[i] = r0();
      y[i] = i < 2000 ? (i === 5 ? 3 : 0) : Math.floor(r0() * 4);
    }
    const r = reluSeparation(y, [x], [{ codes: g, nlevels: 8 }]);
    expect(r).toMatchObject({ keep: null, rows: 0, converged: true });
  });
});

describe('weightedDemeaner', () => {
  it('repeated calls under fixed weights equal demeanWeighted (direct and iterative)', () => {
    const r = rng(11);
    const n = 300;
    const w = Float64Array.from({ length: n }, () => 0.5 + r());
    const f1 = { codes: Int32Array.from({ length: n }, (_, i) => i % 40), nlevels: 40 };
    const f2 = { codes: Int32Array.from({ length: n }, () => Math.floor(r() * 6)), nlevels: 6 };
    const dm = weightedDemeaner([f1, f2], w);
    for (let k = 0; k < 3; k++) {
      const x = Float64Array.from({ length: n }, () => r());
      const want = demeanWeighted([x], [f1, f2], w, { tol: 1e-14, method: 'iterative' }).columns[0]!;
      const got = dm([x])[0]!;
      for (let i = 0; i < n; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(1e-10);
    }
  });
});
