// Demeaning and FE degrees of freedom: exactness on balanced panels, convergence to the
// LSDV projection on an unbalanced two-way panel, and connected components.
import { describe, expect, it } from 'vitest';
import { demean } from '../../src/linalg/demean.js';
import { connectedComponents, feDof, isNestedIn } from '../../src/linalg/fe-dof.js';
import { crossprod, crossprodVec, dot, residuals } from '../../src/linalg/kernels.js';
import { cholSolve, choleskySkip, psdFix, symEigen } from '../../src/linalg/sym.js';

/** Deterministic pseudo-random numbers (LCG) so the test data is fixed. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function unbalancedPanel(units: number, periods: number, keepProb: number) {
  const rnd = lcg(7);
  const a: number[] = [];
  const b: number[] = [];
  const x: number[] = [];
  for (let i = 0; i < units; i++) for (let t = 0; t < periods; t++) {
    if (rnd() < keepProb || t === i % periods) {
      a.push(i);
      b.push(t);
      x.push(i * 0.3 + t * 0.7 + rnd());
    }
  }
  return { a: Int32Array.from(a), b: Int32Array.from(b), x: Float64Array.from(x) };
}

describe('demean', () => {
  it('one FE: subtracts group means exactly', () => {
    const r = demean([Float64Array.from([1, 2, 3, 10])], [{ codes: Int32Array.from([0, 0, 1, 1]), nlevels: 2 }]);
    expect(Array.from(r.columns[0]!)).toEqual([-0.5, 0.5, -3.5, 3.5]);
  });
  it('two FE, unbalanced: equals the residual of x on explicit dummies (LSDV) to 1e-9', () => {
    const p = unbalancedPanel(30, 12, 0.7);
    const n = p.x.length;
    const r = demean([p.x], [{ codes: p.a, nlevels: 30 }, { codes: p.b, nlevels: 12 }], { tol: 1e-10 });
    expect(r.converged).toBe(true);
    const D: Float64Array[] = [];
    for (let g = 0; g < 30; g++) D.push(Float64Array.from(p.a, (c) => (c === g ? 1 : 0)));
    for (let t = 1; t < 12; t++) D.push(Float64Array.from(p.b, (c) => (c === t ? 1 : 0)));
    const ch = choleskySkip(crossprod(D), D.length, 1e-12);
    const u = residuals(p.x, D, cholSolve(ch.L, D.length, crossprodVec(D, p.x)));
    let maxErr = 0;
    for (let i = 0; i < n; i++) maxErr = Math.max(maxErr, Math.abs(u[i]! - r.columns[0]![i]!));
    expect(maxErr).toBeLessThan(1e-9 * Math.sqrt(dot(u, u) / n) + 1e-12);
  });
  it('reports non-convergence when the iteration cap is hit', () => {
    const p = unbalancedPanel(30, 12, 0.5);
    const r = demean([p.x], [{ codes: p.a, nlevels: 30 }, { codes: p.b, nlevels: 12 }], { tol: 1e-14, maxIter: 1 });
    expect(r.converged).toBe(false);
  });
});

describe('FE degrees of freedom', () => {
  it('two FE: levels minus connected components', () => {
    // Two disconnected blocks: units {0,1} × periods {0,1}, units {2} × periods {2}.
    const a = { codes: Int32Array.from([0, 0, 1, 1, 2]), nlevels: 3 };
    const b = { codes: Int32Array.from([0, 1, 0, 1, 2]), nlevels: 3 };
    expect(connectedComponents(a, b)).toBe(2);
    expect(feDof([a, b]).total).toBe(4);
  });
  it('nesting: a FE whose levels each lie in one cluster', () => {
    const fe = { codes: Int32Array.from([0, 0, 1, 2]), nlevels: 3 };
    expect(isNestedIn(fe, { codes: Int32Array.from([0, 0, 0, 1]), nlevels: 2 })).toBe(true);
    expect(isNestedIn(fe, { codes: Int32Array.from([0, 1, 0, 1]), nlevels: 2 })).toBe(false);
  });
});

describe('symmetric helpers', () => {
  it('Cholesky skips a linearly dependent column in order', () => {
    const x1 = Float64Array.from([1, 2, 3, 4]);
    const x2 = Float64Array.from([0, 1, 0, 1]);
    const x3 = Float64Array.from([2, 5, 6, 9]); // 2·x1 + x2
    const ch = choleskySkip(crossprod([x1, x2, x3]), 3);
    expect(ch.kept).toEqual([0, 1]);
    expect(ch.dropped).toEqual([2]);
  });
  it('Jacobi eigenvalues and the PSD fix-up', () => {
    const A = Float64Array.from([2, 1, 1, 2]);
    const ev = Array.from(symEigen(A, 2).values).sort();
    expect(ev[0]).toBeCloseTo(1, 12);
    expect(ev[1]).toBeCloseTo(3, 12);
    const fixed = psdFix(Float64Array.from([1, 2, 2, 1]), 2);
    expect(fixed.fixed).toBe(true);
    expect(Array.from(symEigen(fixed.V, 2).values).every((x) => x > -1e-12)).toBe(true);
  });
});
