/**
 * Newton–Raphson for smooth log-likelihoods, and least squares by the normal equations
 * (dense algebra from dense.ts, column passes from kernels.ts).
 *
 * Parameters are few (k ≤ a few hundred) while rows are many, so every O(n) pass is a
 * loop over Float64Array columns and every k×k matrix is a row-major Float64Array.
 * Matrices here are symmetric unless stated.
 */

import { invertSpdRelative, matvec } from './dense.js';
import { crossprodWeighted, crossVec, linearIndex } from './kernels.js';

const matVec = (A: Float64Array, v: Float64Array, k: number): Float64Array => matvec(A, v, k, k);

/** A model as seen by the optimiser: loglik, gradient and negative Hessian at beta. */
export interface MleProblem {
  readonly k: number;
  /** Loglik only (cheap: used for step halving). NaN/−∞ means "outside the domain". */
  loglik(beta: Float64Array): number;
  /** Loglik, gradient, and the curvature used for the step (usually −Hessian). */
  evaluate(beta: Float64Array): { ll: number; grad: Float64Array; info: Float64Array };
}

export interface MleOptions {
  /** Converged when g'·info⁻¹·g < gtol (scaled gradient, as Stata's nrtolerance). */
  readonly gtol?: number;
  /** … or when the relative loglik change is below ltol AND the scaled gradient < 1e-10. */
  readonly ltol?: number;
  readonly maxIter?: number;
  /** Step halvings allowed per iteration before giving up on ascent. */
  readonly maxHalvings?: number;
}

export interface MleFit {
  readonly beta: Float64Array;
  readonly ll: number;
  readonly grad: Float64Array;
  /** The curvature at the optimum (row-major k×k) and its inverse (null if singular). */
  readonly info: Float64Array;
  readonly infoInv: Float64Array | null;
  readonly iterations: number;
  readonly converged: boolean;
  readonly singular: boolean;
}

/**
 * Maximise by Newton–Raphson with step halving. The default tolerances are much tighter
 * than Stata's (nrtolerance 1e-5) because Newton converges quadratically: one extra step
 * costs nothing and makes the coefficients exact to ~1e-12, which the 1e-8 parity goal needs.
 */
export function newtonRaphson(p: MleProblem, start: Float64Array, opts: MleOptions = {}): MleFit {
  const gtol = opts.gtol ?? 1e-20;
  const ltol = opts.ltol ?? 1e-15;
  const maxIter = opts.maxIter ?? 300;
  const maxHalvings = opts.maxHalvings ?? 40;
  const k = p.k;
  let beta: Float64Array = Float64Array.from(start);
  let cur = p.evaluate(beta);
  let iter = 0;
  let converged = false;
  let singular = false;
  for (; iter < maxIter; iter++) {
    const inv = invertSpdRelative(cur.info, k);
    if (!inv) {
      singular = true;
      break;
    }
    const step = matVec(inv, cur.grad, k);
    const scaled = dot(step, cur.grad);
    if (scaled < gtol) {
      converged = true;
      break;
    }
    let t = 1;
    let next = addScaled(beta, step, t);
    let llNext = p.loglik(next);
    let h = 0;
    // Halve while the loglik falls (or leaves the domain), as Stata's ml "backed up" steps.
    while (!(llNext >= cur.ll - 1e-12 * Math.abs(cur.ll)) && h < maxHalvings) {
      t /= 2;
      next = addScaled(beta, step, t);
      llNext = p.loglik(next);
      h++;
    }
    if (!(llNext >= cur.ll - 1e-12 * Math.abs(cur.ll))) break;
    const rel = Math.abs(llNext - cur.ll) / (Math.abs(cur.ll) + 1e-300);
    beta = next;
    cur = p.evaluate(beta);
    if (rel < ltol) {
      const inv2 = invertSpdRelative(cur.info, k);
      if (inv2 && dot(matVec(inv2, cur.grad, k), cur.grad) < 1e-10) {
        converged = true;
        iter++;
        break;
      }
    }
  }
  const infoInv = invertSpdRelative(cur.info, k);
  return {
    beta,
    ll: cur.ll,
    grad: cur.grad,
    info: cur.info,
    infoInv,
    iterations: iter,
    converged: converged && infoInv !== null,
    singular: singular || infoInv === null,
  };
}










function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function addScaled(a: Float64Array, b: Float64Array, t: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! + t * b[i]!;
  return out;
}


/**
 * Least squares by the normal equations plus one step of iterative refinement on the
 * residual: the refinement recovers the accuracy a QR would give for the moderately
 * conditioned designs met here (squares of regressors next to a constant).
 * Returns β and (X'X)⁻¹; null when X'X is singular.
 */
export function leastSquares(cols: readonly Float64Array[], y: Float64Array): { beta: Float64Array; xtxInv: Float64Array } | null {
  const k = cols.length;
  const n = y.length;
  const xtxInv = invertSpdRelative(crossprodWeighted(cols, null), k);
  if (!xtxInv) return null;
  const beta = matVec(xtxInv, crossVec(cols, y), k);
  const fit = linearIndex(cols, beta, n);
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = y[i]! - fit[i]!;
  const delta = matVec(xtxInv, crossVec(cols, r), k);
  for (let a = 0; a < k; a++) beta[a] += delta[a]!;
  return { beta, xtxInv };
}
