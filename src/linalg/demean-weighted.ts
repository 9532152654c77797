/**
 * Weighted within transformation: x − Σ_q α_q[c_q(i)] where α minimises Σ w_i (x_i − Σ_q α_q)².
 * It is the inner solve of IRLS for GLMs with absorbed fixed effects (Poisson, logit,
 * probit), where the weights change every iteration, so nothing can be precomputed across
 * calls except the FE codes.
 *
 * Method: Gauss–Seidel sweeps in the space of the FE coefficients (as fixest's demeaning
 * does), with Irons–Tuck acceleration of the sweep map. The first FE is solved exactly from
 * the others inside each sweep, so the accelerated state is only the coefficients of FE 2…Q
 * (with two FE: the smaller state fixest also iterates on). One FE needs one pass; the
 * iteration stops when no coefficient moves by more than `tol`·(0.1 + |α|).
 *
 * Warm starts: `start` takes the coefficients a previous call returned for the same column
 * (the next IRLS iteration), which typically cuts the sweeps to a handful.
 *
 * When all FE but the largest have few levels together (demean-exact.ts's plan), the direct
 * solve of demean-weighted-direct.ts replaces the sweeps: two passes over the rows for all
 * columns, exact to rounding (`exact: true`, no coefficients to warm-start from).
 */
import type { FeCodes } from './demean.js';
import { demeanWeightedDirect, weightedDirectPlan, weightedDirectSolver, type WeightedDirectPlan } from './demean-weighted-direct.js';

export interface WeightedDemeanOptions {
  /** Largest relative coefficient change at convergence; default 1e-10. */
  readonly tol?: number;
  /** Cap on accelerated iterations (each is two sweeps); default 10,000. */
  readonly maxIter?: number;
  /** Coefficients of FE 2…Q per column from an earlier call (warm start). */
  readonly start?: readonly (Float64Array | undefined)[];
  /** 'auto' (default): the direct solve when it applies; 'iterative' forces the sweeps (tests compare the two). */
  readonly method?: 'auto' | 'iterative';
}

export interface WeightedDemeanResult {
  readonly columns: Float64Array[];
  /** Coefficients of FE 2…Q per column (pass back as `start`). */
  readonly coefs: Float64Array[];
  /** Largest iteration count over the columns. */
  readonly iterations: number;
  readonly converged: boolean;
  /** True when the direct solve was used: the columns are the projection, not an iterate. */
  readonly exact: boolean;
}

/** Per-FE level sums of the weights (the diagonal of D_q'WD_q). */
function levelWeights(fes: readonly FeCodes[], w: Float64Array): Float64Array[] {
  return fes.map((fe) => {
    const s = new Float64Array(fe.nlevels);
    const c = fe.codes;
    for (let i = 0; i < c.length; i++) s[c[i]!] += w[i]!;
    return s;
  });
}

interface Problem {
  readonly fes: readonly FeCodes[];
  readonly w: Float64Array;
  readonly sw: readonly Float64Array[];
  /** Σ_{i∈l} w_i x_i per FE. */
  readonly wx: readonly Float64Array[];
  /** Offsets of FE 2…Q in the state vector. */
  readonly off: Int32Array;
}

/**
 * One Gauss–Seidel sweep: from the state `src` (FE 2…Q) compute α_1 exactly into `a1`, then
 * update each FE 2…Q in turn into `dst` given the latest others. FE q ≥ 1 sits at
 * off[q − 1] in both vectors; rows read it as `v[o + code]`, so no views are made.
 * Two and three FE (the common cases) have their own loops; more FE use the general one.
 */
function sweep(p: Problem, src: Float64Array, dst: Float64Array, a1: Float64Array): void {
  const { fes, w, sw, wx, off } = p;
  const Q = fes.length;
  const n = w.length;
  const c0 = fes[0]!.codes;
  const c1 = fes[1]!.codes;
  const o1 = 0;
  // FE 1 from the others at their current (src) values.
  const acc0 = Float64Array.from(wx[0]!);
  if (Q === 2) {
    for (let i = 0; i < n; i++) acc0[c0[i]!] -= w[i]! * src[c1[i]!]!;
  } else if (Q === 3) {
    const c2 = fes[2]!.codes;
    const o2 = off[1]!;
    for (let i = 0; i < n; i++) acc0[c0[i]!] -= w[i]! * (src[c1[i]!]! + src[o2 + c2[i]!]!);
  } else {
    for (let i = 0; i < n; i++) {
      let t = 0;
      for (let r = 1; r < Q; r++) t += src[off[r - 1]! + fes[r]!.codes[i]!]!;
      acc0[c0[i]!] -= w[i]! * t;
    }
  }
  divide(acc0, sw[0]!, a1, 0);
  dst.set(src);
  for (let q = 1; q < Q; q++) {
    const cq = fes[q]!.codes;
    const oq = off[q - 1]!;
    const acc = Float64Array.from(wx[q]!);
    if (Q === 2) {
      for (let i = 0; i < n; i++) acc[c1[i]!] -= w[i]! * a1[c0[i]!]!;
    } else if (Q === 3) {
      const c2 = fes[2]!.codes;
      const o2 = off[1]!;
      if (q === 1) for (let i = 0; i < n; i++) acc[c1[i]!] -= w[i]! * (a1[c0[i]!]! + dst[o2 + c2[i]!]!);
      else for (let i = 0; i < n; i++) acc[c2[i]!] -= w[i]! * (a1[c0[i]!]! + dst[o1 + c1[i]!]!);
    } else {
      for (let i = 0; i < n; i++) {
        let t = a1[c0[i]!]!;
        for (let r = 1; r < Q; r++) if (r !== q) t += dst[off[r - 1]! + fes[r]!.codes[i]!]!;
        acc[cq[i]!] -= w[i]! * t;
      }
    }
    divide(acc, sw[q]!, dst, oq);
  }
}

/** out[o + l] = acc[l] / s[l] (0 for a level with no weight). */
function divide(acc: Float64Array, s: Float64Array, out: Float64Array, o: number): void {
  for (let l = 0; l < acc.length; l++) out[o + l] = s[l]! > 0 ? acc[l]! / s[l]! : 0;
}

function maxRelChange(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!) / (0.1 + Math.abs(a[i]!));
    if (d > m) m = d;
  }
  return m;
}

/** Demean one column; returns the residual column, the FE 2…Q state and the iterations. */
function demeanColumn(x: Float64Array, p: Problem, tol: number, maxIter: number, start: Float64Array | undefined): { col: Float64Array; state: Float64Array; iterations: number; converged: boolean } {
  const { fes, w, off } = p;
  const Q = fes.length;
  const n = x.length;
  const size = off[off.length - 1]!;
  const wxs = fes.map((fe) => {
    const s = new Float64Array(fe.nlevels);
    for (let i = 0; i < n; i++) s[fe.codes[i]!] += w[i]! * x[i]!;
    return s;
  });
  const pr: Problem = { ...p, wx: wxs };
  const a1 = new Float64Array(fes[0]!.nlevels);
  let X: Float64Array = start && start.length === size ? Float64Array.from(start) : new Float64Array(size);
  let iterations = 0;
  let converged = Q === 1;
  if (Q > 1) {
    const GX = new Float64Array(size);
    const GGX = new Float64Array(size);
    for (; iterations < maxIter; iterations++) {
      sweep(pr, X, GX, a1);
      if (maxRelChange(X, GX) <= tol) {
        X = GX.slice();
        converged = true;
        break;
      }
      sweep(pr, GX, GGX, a1);
      // Irons–Tuck: X ← GGX − (ΔGX·Δ²X / Δ²X·Δ²X) ΔGX, with ΔGX = GGX − GX, Δ²X = ΔGX − GX + X.
      let vprod = 0;
      let ssq = 0;
      for (let i = 0; i < size; i++) {
        const dg = GGX[i]! - GX[i]!;
        const d2 = dg - GX[i]! + X[i]!;
        vprod += dg * d2;
        ssq += d2 * d2;
      }
      const prev = X;
      X = new Float64Array(size);
      if (ssq > 0 && Number.isFinite(vprod / ssq)) {
        const c = vprod / ssq;
        for (let i = 0; i < size; i++) X[i] = GGX[i]! - c * (GGX[i]! - GX[i]!);
      } else X.set(GGX);
      if (maxRelChange(prev, X) <= tol) {
        converged = true;
        iterations++;
        break;
      }
    }
  }
  // α_1 from the final state, then the residual.
  sweepFirst(pr, X, a1);
  const col = new Float64Array(n);
  const c0 = fes[0]!.codes;
  for (let i = 0; i < n; i++) col[i] = x[i]! - a1[c0[i]!]!;
  for (let q = 1; q < Q; q++) {
    const cq = fes[q]!.codes;
    const o = off[q - 1]!;
    for (let i = 0; i < n; i++) col[i] -= X[o + cq[i]!]!;
  }
  return { col, state: X, iterations, converged };
}

/** α_1 given FE 2…Q (the first step of a sweep alone). */
function sweepFirst(p: Problem, beta: Float64Array, a1: Float64Array): void {
  const { fes, w, sw, wx, off } = p;
  const n = w.length;
  const c0 = fes[0]!.codes;
  const acc = Float64Array.from(wx[0]!);
  for (let r = 1; r < fes.length; r++) {
    const cr = fes[r]!.codes;
    const o = off[r - 1]!;
    for (let i = 0; i < n; i++) acc[c0[i]!] -= w[i]! * beta[o + cr[i]!]!;
  }
  const s = sw[0]!;
  for (let l = 0; l < a1.length; l++) a1[l] = s[l]! > 0 ? acc[l]! / s[l]! : 0;
}

/**
 * Weighted demeaning of each column by all `fes` at once. With no FE the columns come back
 * as they are (copied). Weights must be positive and finite.
 */
export function demeanWeighted(cols: readonly Float64Array[], fes: readonly FeCodes[], w: Float64Array, opts: WeightedDemeanOptions = {}): WeightedDemeanResult {
  if (fes.length === 0) return { columns: cols.map((c) => c.slice()), coefs: cols.map(() => new Float64Array(0)), iterations: 0, converged: true, exact: true };
  if (opts.method !== 'iterative') {
    const plan = planFor(fes);
    if (plan) return { columns: demeanWeightedDirect(cols, w, plan), coefs: [], iterations: 0, converged: true, exact: true };
  }
  const off = new Int32Array(fes.length);
  for (let q = 1; q < fes.length; q++) off[q] = off[q - 1]! + fes[q]!.nlevels;
  // FE q ≥ 1 starts at off[q − 1] in the state vector; off[Q − 1] is the state's size.
  const p: Problem = { fes, w, sw: levelWeights(fes, w), wx: [], off };
  const tol = opts.tol ?? 1e-10;
  const maxIter = opts.maxIter ?? 10_000;
  const columns: Float64Array[] = [];
  const coefs: Float64Array[] = [];
  let iterations = 0;
  let converged = true;
  cols.forEach((x, j) => {
    const r = demeanColumn(x, p, tol, maxIter, opts.start?.[j]);
    columns.push(r.col);
    coefs.push(r.state);
    iterations = Math.max(iterations, r.iterations);
    converged &&= r.converged;
  });
  // One FE is solved in its single pass: exact as well.
  return { columns, coefs, iterations, converged, exact: fes.length === 1 };
}

/**
 * Repeated demeaning under fixed weights (the separation check): the direct solve's factor is
 * built once; otherwise each column warm-starts from its previous call's coefficients.
 */
export function weightedDemeaner(fes: readonly FeCodes[], w: Float64Array, tol = 1e-12): (cols: readonly Float64Array[]) => Float64Array[] {
  if (fes.length === 0) return (cols) => cols.map((c) => c.slice());
  const plan = planFor(fes);
  if (plan) return weightedDirectSolver(w, plan);
  let starts: Float64Array[] = [];
  return (cols) => {
    const r = demeanWeighted(cols, fes, w, { tol, start: starts, method: 'iterative' });
    starts = r.coefs;
    return r.columns;
  };
}

/**
 * The direct plan per FE list: IRLS calls with the same list every iteration, and the plan
 * (a grouping of the rows) depends on the codes only.
 */
const plans = new WeakMap<readonly FeCodes[], WeightedDirectPlan | null>();
function planFor(fes: readonly FeCodes[]): WeightedDirectPlan | null {
  let p = plans.get(fes);
  if (p === undefined) {
    p = weightedDirectPlan(fes);
    plans.set(fes, p);
  }
  return p;
}
