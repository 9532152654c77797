/**
 * Separation in Poisson models (Correia, Guimarães & Zylkin 2019): observations whose
 * conditional mean is driven to zero by the fit carry no information and make the MLE
 * fail to exist. Two cases are detected before IRLS, as ppmlhdfe and fixest do:
 *
 *  - FE separation: a fixed-effect group whose outcomes are all zero (its FE → −∞). Its
 *    rows are dropped; dropping them cannot create another such group (the rows dropped
 *    have y = 0, so every other group keeps its outcome sum), but a group can become
 *    empty, so codes are made dense again afterwards.
 *  - Regressor separation of the simplest kind: a regressor that is nonzero only on rows
 *    with y = 0 and has one sign there (its coefficient → ∓∞). Its nonzero rows are dropped,
 *    after which the regressor is all zero and leaves as collinear.
 *  - Separation by a linear combination of the regressors and the FE, by the iterated
 *    rectifier ("ReLU") of Correia, Guimarães & Zylkin (2019, §3), as ppmlhdfe: rows with
 *    y = 0 where some z = Xγ + FE is > 0 while z = 0 on every row with y > 0 and z ≥ 0 on the
 *    other zeros. After they are dropped the separating combination is zero on the sample, so
 *    one of its regressors leaves as collinear.
 */
import type { Grouping } from '../../design/types.js';
import { choleskySkip, cholSolve } from '../../linalg/dense.js';
import type { FeCodes } from '../../linalg/demean.js';
import { weightedDemeaner } from '../../linalg/demean-weighted.js';

export interface FeSeparation {
  /** Rows (indices into the input) kept; null when nothing was dropped. */
  readonly keep: Int32Array | null;
  readonly rows: number;
  /** Per FE, how many of its levels were all-zero. */
  readonly levels: readonly number[];
}

export function feSeparation(y: Float64Array, fes: readonly Grouping[]): FeSeparation {
  const n = y.length;
  const alive = new Uint8Array(n).fill(1);
  const levels = fes.map(() => 0);
  fes.forEach((fe, q) => {
    const sum = new Float64Array(fe.nlevels);
    const seen = new Uint8Array(fe.nlevels);
    for (let i = 0; i < n; i++) {
      sum[fe.codes[i]!] += y[i]!;
      seen[fe.codes[i]!] = 1;
    }
    let zero = 0;
    for (let l = 0; l < fe.nlevels; l++) if (seen[l] && sum[l] === 0) zero++;
    levels[q] = zero;
    if (zero === 0) return;
    for (let i = 0; i < n; i++) if (sum[fe.codes[i]!] === 0) alive[i] = 0;
  });
  return finish(alive, levels);
}

function finish(alive: Uint8Array, levels: readonly number[]): FeSeparation {
  let kept = 0;
  for (let i = 0; i < alive.length; i++) kept += alive[i]!;
  if (kept === alive.length) return { keep: null, rows: 0, levels };
  const keep = new Int32Array(kept);
  for (let i = 0, j = 0; i < alive.length; i++) if (alive[i]) keep[j++] = i;
  return { keep, rows: alive.length - kept, levels };
}

/**
 * Regressors nonzero only where y = 0, with one sign there. Returns, per such regressor
 * (in order, re-checked after each drop), its index and the rows it separates.
 */
export function regressorSeparation(y: Float64Array, X: readonly Float64Array[]): { readonly keep: Int32Array | null; readonly separated: readonly { index: number; rows: number }[] } {
  const n = y.length;
  const alive = new Uint8Array(n).fill(1);
  const separated: { index: number; rows: number }[] = [];
  X.forEach((x, j) => {
    let pos = 0;
    let neg = 0;
    let onPositive = false;
    for (let i = 0; i < n; i++) {
      if (!alive[i]) continue;
      const v = x[i]!;
      if (v === 0) continue;
      if (y[i]! > 0) {
        onPositive = true;
        break;
      }
      if (v > 0) pos++;
      else neg++;
    }
    if (onPositive || pos + neg === 0 || (pos > 0 && neg > 0)) return;
    for (let i = 0; i < n; i++) if (alive[i] && x[i] !== 0) alive[i] = 0;
    separated.push({ index: j, rows: pos + neg });
  });
  const f = finish(alive, []);
  return { keep: f.keep, separated };
}

/** A grouping restricted to `rows`, with its codes renumbered densely (levels kept in order). */
export function subsetGrouping(g: Grouping, rows: Int32Array): Grouping {
  const map = new Int32Array(g.nlevels).fill(-1);
  const codes = new Int32Array(rows.length);
  const levels: string[] = [];
  let next = 0;
  // Dense codes in the order of the original levels, so labels stay sorted as before.
  const used = new Uint8Array(g.nlevels);
  for (let i = 0; i < rows.length; i++) used[g.codes[rows[i]!]!] = 1;
  for (let l = 0; l < g.nlevels; l++) {
    if (!used[l]) continue;
    map[l] = next++;
    if (g.levels) levels.push(g.levels[l]!);
  }
  for (let i = 0; i < rows.length; i++) codes[i] = map[g.codes[rows[i]!]!]!;
  return { name: g.name, codes, nlevels: next, ...(g.levels ? { levels } : {}) };
}

export function pick(v: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = v[rows[i]!]!;
  return out;
}

export interface ReluSeparation {
  /** Rows kept; null when none is separated. */
  readonly keep: Int32Array | null;
  readonly rows: number;
  readonly iterations: number;
  /** False when the iteration cap was reached before a certificate was found (nothing dropped). */
  readonly converged: boolean;
}

/** Weight of the rows with y > 0 in the rectifier's least squares: pins z to 0 there. */
const RELU_PIN = 1e6;
/** z above this (relative to the starting u = 1) marks a separated row; below −this, not yet converged. */
const RELU_TOL = 1e-5;

/**
 * The iterated rectifier: u = 1 on the zeros and 0 elsewhere; regress u on X and the FE by
 * least squares with weight RELU_PIN on the rows with y > 0 (so the fit z is ~0 there); when
 * z ≥ −tol on every zero, the zeros with z > tol are separated (z is the certificate);
 * otherwise u ← max(z, 0) on the zeros and repeat. Without separation u decays to 0 and the
 * loop ends when no zero has z > tol. `X` includes the constant when there are no FE.
 */
export function reluSeparation(y: Float64Array, X: readonly Float64Array[], fes: readonly FeCodes[], maxIter = 1000): ReluSeparation {
  const n = y.length;
  let zeros = 0;
  for (let i = 0; i < n; i++) if (y[i] === 0) zeros++;
  if (zeros === 0 || X.length === 0) return { keep: null, rows: 0, iterations: 0, converged: true };
  const w = new Float64Array(n);
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    w[i] = y[i] === 0 ? 1 : RELU_PIN;
    u[i] = y[i] === 0 ? 1 : 0;
  }
  const demean = weightedDemeaner(fes, w);
  // The regressors' side is fixed (the weights are): demean and factor it once.
  const Xd = demean(X);
  const k = Xd.length;
  const A = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let c = 0; c <= a; c++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += w[i]! * Xd[a]![i]! * Xd[c]![i]!;
      A[a * k + c] = A[c * k + a] = s;
    }
  }
  const ch = choleskySkip(A, k, 1e-12);
  const cols = ch.kept.map((j) => Xd[j]!);
  const z = new Float64Array(n);
  for (let it = 1; it <= maxIter; it++) {
    const ud = demean([u])[0]!;
    const b = cols.map((c) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += w[i]! * c[i]! * ud[i]!;
      return s;
    });
    const beta = cholSolve(ch.L, cols.length, b);
    // z = u − residual: the fitted combination of regressors and FE.
    let below = false;
    let zMax = 0;
    let pinMax = 0;
    for (let i = 0; i < n; i++) {
      let e = ud[i]!;
      for (let j = 0; j < cols.length; j++) e -= cols[j]![i]! * beta[j]!;
      z[i] = u[i]! - e;
      if (y[i] === 0) {
        if (z[i]! < -RELU_TOL) below = true;
        else if (z[i]! > zMax) zMax = z[i]!;
      } else if (Math.abs(z[i]!) > pinMax) pinMax = Math.abs(z[i]!);
    }
    if (zMax <= RELU_TOL) return { keep: null, rows: 0, iterations: it, converged: true };
    // A certificate is zero on the rows with y > 0; the finite pin leaves z there at ~1/RELU_PIN
    // of its size on the zeros, more when a level with few positive rows has many zeros (then
    // z is no certificate and the rectifier goes on, shrinking it).
    if (!below && pinMax <= 1e-3 * zMax) {
      const alive = new Uint8Array(n).fill(1);
      for (let i = 0; i < n; i++) if (y[i] === 0 && z[i]! > RELU_TOL) alive[i] = 0;
      const f = finish(alive, []);
      return { keep: f.keep, rows: f.rows, iterations: it, converged: true };
    }
    for (let i = 0; i < n; i++) u[i] = y[i] === 0 ? Math.max(z[i]!, 0) : 0;
  }
  return { keep: null, rows: 0, iterations: maxIter, converged: false };
}
