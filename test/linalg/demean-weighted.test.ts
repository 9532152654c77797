/**
 * Weighted demeaning against weighted least squares on explicit dummies (the definition),
 * and against the unweighted demeaning when all weights are one.
 */
import { describe, expect, it } from 'vitest';
import { demeanWeighted } from '../../src/linalg/demean-weighted.js';
import { demean, type FeCodes } from '../../src/linalg/demean.js';
import { choleskySkip, cholSolve } from '../../src/linalg/dense.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function codes(n: number, levels: number, r: () => number): FeCodes {
  const c = new Int32Array(n);
  for (let i = 0; i < n; i++) c[i] = i < levels ? i : Math.floor(r() * levels);
  return { codes: c, nlevels: levels };
}

/** Residual of x on all dummies of `fes` with weights w, by the normal equations (dense). */
function lsdvResidual(x: Float64Array, fes: readonly FeCodes[], w: Float64Array): Float64Array {
  const n = x.length;
  const cols: Float64Array[] = [];
  for (const [q, fe] of fes.entries()) {
    for (let l = q === 0 ? 0 : 1; l < fe.nlevels; l++) {
      const d = new Float64Array(n);
      for (let i = 0; i < n; i++) d[i] = fe.codes[i] === l ? 1 : 0;
      cols.push(d);
    }
  }
  const k = cols.length;
  const A = new Float64Array(k * k);
  const b = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    for (let c = a; c < k; c++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += w[i]! * cols[a]![i]! * cols[c]![i]!;
      A[a * k + c] = A[c * k + a] = s;
    }
    let s = 0;
    for (let i = 0; i < n; i++) s += w[i]! * cols[a]![i]! * x[i]!;
    b[a] = s;
  }
  const ch = choleskySkip(A, k, 1e-12);
  const beta = cholSolve(ch.L, ch.kept.length, ch.kept.map((j) => b[j]!));
  const out = x.slice();
  ch.kept.forEach((j, p) => {
    for (let i = 0; i < n; i++) out[i] -= beta[p]! * cols[j]![i]!;
  });
  return out;
}

describe('demeanWeighted', () => {
  const r = rng(42);
  const n = 400;
  const x = Float64Array.from({ length: n }, () => r() * 10 - 3);
  const w = Float64Array.from({ length: n }, () => 0.2 + 3 * r());
  const f1 = codes(n, 37, r);
  const f2 = codes(n, 9, r);
  const f3 = codes(n, 5, r);

  for (const [label, fes] of [
    ['one FE', [f1]],
    ['two FE', [f1, f2]],
    ['three FE', [f1, f2, f3]],
  ] as const) {
    for (const method of ['auto', 'iterative'] as const) {
      it(`${label}, ${method}: equals weighted LSDV to 1e-9`, () => {
        const got = demeanWeighted([x], fes, w, { tol: 1e-13, method });
        const want = lsdvResidual(x, fes, w);
        expect(got.converged).toBe(true);
        // Two or three FE whose smaller ones have few levels take the direct solve; one FE is one pass.
        expect(got.exact).toBe(method === 'auto' || fes.length === 1);
        let m = 0;
        for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(got.columns[0]![i]! - want[i]!));
        expect(m).toBeLessThan(1e-9);
      });
    }
  }

  it('direct solve with rows grouped by the largest FE, several columns and nested FE', () => {
    // Rows sorted by f1 (the grouped path, no permutation); f3 is a function of f2 (nested).
    const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => f1.codes[a]! - f1.codes[b]!);
    const g1 = { codes: Int32Array.from(order, (i) => f1.codes[i]!), nlevels: f1.nlevels };
    const g2 = { codes: Int32Array.from(order, (i) => f2.codes[i]!), nlevels: f2.nlevels };
    const g3 = { codes: Int32Array.from(g2.codes, (c) => c % 3), nlevels: 3 };
    const xs = [Float64Array.from(order, (i) => x[i]!), Float64Array.from(order, (i) => x[i]! * x[i]!)];
    const ws = Float64Array.from(order, (i) => w[i]!);
    const got = demeanWeighted(xs, [g1, g2, g3], ws);
    expect(got.exact).toBe(true);
    xs.forEach((col, k) => {
      const want = lsdvResidual(col, [g1, g2, g3], ws);
      let m = 0;
      for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(got.columns[k]![i]! - want[i]!));
      expect(m).toBeLessThan(1e-9);
    });
  });

  it('unit weights give the unweighted within transformation', () => {
    const ones = new Float64Array(n).fill(1);
    const a = demeanWeighted([x], [f1, f2], ones, { tol: 1e-13 }).columns[0]!;
    const b = demean([x], [f1, f2], { tol: 1e-13, method: 'iterative', threads: false }).columns[0]!;
    let m = 0;
    for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
    expect(m).toBeLessThan(1e-9);
  });

  it('a warm start from its own solution converges at once and changes nothing', () => {
    const first = demeanWeighted([x], [f1, f2, f3], w, { tol: 1e-12 });
    const again = demeanWeighted([x], [f1, f2, f3], w, { tol: 1e-12, start: first.coefs });
    expect(again.iterations).toBeLessThanOrEqual(1);
    let m = 0;
    for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(first.columns[0]![i]! - again.columns[0]![i]!));
    expect(m).toBeLessThan(1e-10);
  });
});
