// The Krylov FE solver against the LSDV reference twin and the direct solve: random graphs with
// several connected components, a third FE, nested FE, levels absorbed by the eliminated FE,
// columns spanned by the FE; and the solver choice on a low-mobility worker–firm graph.
import { describe, expect, it } from 'vitest';
import { demean, type FeCodes } from '../../../src/linalg/demean.js';
import { demeanDirect, directPlan } from '../../../src/linalg/demean-exact.js';
import { demeanKrylov, schurOperator } from '../../../src/linalg/fe-solve/krylov.js';
import { chooseSolver, schurPlan } from '../../../src/linalg/fe-solve/choose.js';
import { demeanLsdv } from '../../../src/linalg/fe-solve/reference.js';
import { buildSchur, rowsApply, schurLayout, sparseApply } from '../../../src/linalg/fe-solve/schur.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

/** Dense codes 0..L−1 in order of first appearance (levels that never occur are dropped). */
function fe(raw: number[]): FeCodes {
  const map = new Map<number, number>();
  const codes = Int32Array.from(raw, (v) => {
    if (!map.has(v)) map.set(v, map.size);
    return map.get(v)!;
  });
  return { codes, nlevels: map.size };
}

/**
 * Worker–firm rows in `blocks` disconnected groups of firms; workers stay at a firm and move
 * to a neighbouring firm of their block with probability `move` each period.
 */
function workerFirm(seed: number, workers: number, firms: number, periods: number, move: number, blocks = 1) {
  const u = rng(seed);
  const w: number[] = [];
  const f: number[] = [];
  const t: number[] = [];
  const per = Math.floor(firms / blocks);
  for (let i = 0; i < workers; i++) {
    const block = i % blocks;
    let firm = Math.floor(u() * per);
    const T = 1 + Math.floor(u() * periods);
    for (let s = 0; s < T; s++) {
      if (s > 0 && u() < move) firm = (firm + (u() < 0.5 ? per - 1 : 1)) % per;
      w.push(i);
      f.push(block * per + firm);
      t.push(s);
    }
  }
  const n = w.length;
  const cols = [0, 1, 2].map(() => Float64Array.from({ length: n }, () => u() * 4 - 2));
  // A column spanned by the FE: worker effect + firm effect exactly (its residual is 0).
  cols.push(Float64Array.from({ length: n }, (_, i) => 0.3 * w[i]! - 0.7 * f[i]!));
  return { worker: fe(w), firm: fe(f), period: fe(t), cols, n };
}

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

function maxAbs(a: Float64Array): number {
  return a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
}

describe('Krylov FE solver', () => {
  it('two FE, three disconnected components: the LSDV projection to 1e-10', () => {
    const d = workerFirm(3, 300, 60, 6, 0.2, 3);
    const fes = [d.worker, d.firm];
    const { big, small } = schurPlan(fes);
    expect(big).toBe(0);
    const ref = demeanLsdv(d.cols, fes);
    expect(maxAbs(ref[3]!)).toBeLessThan(1e-10);
    for (const preconditioner of ['auto', 'jacobi'] as const) {
      const r = demeanKrylov(d.cols, fes, big, small, { tol: 1e-12, maxIter: 1000, preconditioner });
      expect(r.preconditioner).toBe(preconditioner === 'auto' ? 'cholesky' : 'jacobi');
      expect(r.converged).toBe(true);
      // The sparse Cholesky is S's own factor: one or two steps; Jacobi needs many.
      if (preconditioner === 'auto') expect(r.iterations).toBeLessThanOrEqual(2);
      else expect(r.iterations).toBeGreaterThan(10);
      for (let k = 0; k < 3; k++) expect(maxAbsDiff(r.columns[k]!, ref[k]!)).toBeLessThan(1e-10);
      expect(maxAbs(r.columns[3]!)).toBeLessThan(1e-10);
    }
  });

  it('three FE (worker + firm + period): agrees with LSDV and with the direct solve', () => {
    const d = workerFirm(5, 250, 40, 5, 0.3, 2);
    const fes = [d.worker, d.firm, d.period];
    const r = demeanKrylov(d.cols, fes, 0, [1, 2], { tol: 1e-12, maxIter: 1000, preconditioner: 'jacobi' });
    const ref = demeanLsdv(d.cols, fes);
    const plan = directPlan(fes)!;
    expect(plan).not.toBeNull();
    const direct = demeanDirect(d.cols, fes, plan, { threads: false });
    for (let k = 0; k < 4; k++) {
      expect(maxAbsDiff(r.columns[k]!, ref[k]!)).toBeLessThan(1e-10);
      expect(maxAbsDiff(r.columns[k]!, direct.columns[k]!)).toBeLessThan(1e-10);
    }
  });

  it('an FE nested in another is left out of the system without changing the projection', () => {
    const d = workerFirm(9, 200, 30, 5, 0.25);
    // region = firm / 10: nested in firm, so it adds nothing to worker + firm.
    const region = fe(Array.from(d.firm.codes, (c) => Math.floor(c / 10)));
    const fes = [d.worker, d.firm, region];
    const plan = schurPlan(fes);
    expect(plan).toEqual({ big: 0, small: [1] });
    const r = demeanKrylov(d.cols, fes, plan.big, plan.small, { tol: 1e-12, maxIter: 1000 });
    const ref = demeanLsdv(d.cols, fes);
    for (let k = 0; k < 3; k++) expect(maxAbsDiff(r.columns[k]!, ref[k]!)).toBeLessThan(1e-10);
  });

  it('the stored Schur matrix and the product through the rows agree', () => {
    const d = workerFirm(11, 150, 25, 4, 0.4);
    const fes = [d.worker, d.firm, d.period];
    const L = schurLayout(fes, 0, [1, 2]);
    const S = buildSchur(L, 1e9)!;
    const u = rng(2);
    const v = Float64Array.from({ length: L.m }, () => u() - 0.5);
    const a = new Float64Array(L.m);
    const b = new Float64Array(L.m);
    sparseApply(S, v, a);
    rowsApply(L, v, b, new Float64Array(L.n));
    expect(maxAbsDiff(a, b)).toBeLessThan(1e-12);
    // The row-applied operator (S too large to store) solves the same system.
    const op = schurOperator(fes, 0, [1, 2], 0);
    expect(op.matrix).toBeNull();
    const r = demeanKrylov(d.cols, fes, 0, [1, 2], { tol: 1e-12, maxIter: 1000, maxEntries: 0 });
    expect(r.nonzeros).toBe(0);
    const ref = demeanLsdv(d.cols, fes);
    for (let k = 0; k < 3; k++) expect(maxAbsDiff(r.columns[k]!, ref[k]!)).toBeLessThan(1e-10);
  });

  it('firms whose workers never move are absorbed by the worker FE (zero diagonal, no NaN)', () => {
    // Firm 2 only has stayers: its row of S is zero.
    const w = fe([0, 0, 1, 1, 1, 2, 2, 3, 3, 4, 4]);
    const f = fe([0, 1, 1, 0, 1, 2, 2, 0, 0, 1, 0]);
    const x = Float64Array.from([1, 4, 2, 8, 5, 7, 1, 3, 9, 2, 6]);
    const r = demeanKrylov([x], [w, f], 0, [1], { tol: 1e-12, maxIter: 100 });
    const ref = demeanLsdv([x], [w, f]);
    expect(r.columns[0]!.every(Number.isFinite)).toBe(true);
    expect(maxAbsDiff(r.columns[0]!, ref[0]!)).toBeLessThan(1e-12);
  });

  it('stops at the iteration cap and says so', () => {
    const d = workerFirm(13, 2000, 400, 6, 0.05);
    const r = demeanKrylov(d.cols.slice(0, 1), [d.worker, d.firm], 0, [1], { tol: 1e-12, maxIter: 3, preconditioner: 'jacobi' });
    expect(r.converged).toBe(false);
    expect(r.iterations).toBe(3);
  });
});

describe('solver choice', () => {
  it('direct for small FE, cg on a low-mobility worker–firm graph, requests honoured or reported', () => {
    const d = workerFirm(17, 3000, 1500, 5, 0.05);
    const hard = [d.worker, d.firm];
    expect(directPlan(hard)).toBeNull();
    expect(chooseSolver(hard, 'auto', false)).toEqual({ solver: 'cg', fellBack: false });
    expect(chooseSolver(hard, 'direct', false)).toEqual({ solver: 'cg', fellBack: true });
    expect(chooseSolver(hard, 'ap', false)).toEqual({ solver: 'ap', fellBack: false });
    expect(chooseSolver([d.worker, d.period], 'auto', true)).toEqual({ solver: 'direct', fellBack: false });
    expect(chooseSolver([d.worker], 'cg', false)).toEqual({ solver: 'direct', fellBack: false });

    const auto = demean(d.cols, hard, { tol: 1e-10 });
    expect(auto.solver).toBe('cg');
    expect(auto.converged).toBe(true);
    const ap = demean(d.cols, hard, { tol: 1e-10, solver: 'ap', threads: false, maxIter: 100_000 });
    expect(ap.solver).toBe('ap');
    // Alternating projections need many times CG's iterations on this graph.
    expect(ap.iterations).toBeGreaterThan(3 * auto.iterations);
    for (let k = 0; k < 3; k++) expect(maxAbsDiff(auto.columns[k]!, ap.columns[k]!)).toBeLessThan(1e-7);
    const easy = demean(d.cols, [d.worker, d.period], {});
    expect(easy.solver).toBe('direct');
    expect(easy.iterations).toBe(0);
  });
});
