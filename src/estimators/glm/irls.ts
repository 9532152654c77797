/**
 * Generalized linear models with absorbed fixed effects by iteratively reweighted least
 * squares, the algorithm of fixest's `feglm`/`fepois` and Stata's `ppmlhdfe`. For Poisson:
 *
 *   μ⁰ = (y + ȳ)/2, η⁰ = log μ⁰
 *   repeat: w = μ, z = η − offset + (y − μ)/μ
 *           z̃, X̃ = weighted within transformation of z, X by the FE (weights w)
 *           β = (X̃'WX̃)⁻¹X̃'Wz̃,  e = z̃ − X̃β,  η = offset + z − e,  μ = exp η
 *   until |dev − dev_old| / (0.1 + |dev|) < tol
 *
 * z − e is Xβ plus the FE part, so the FE coefficients are never formed. The inner
 * demeaning starts from the previous iteration's FE coefficients and its tolerance tightens
 * as the deviance settles (ppmlhdfe does the same), so early iterations stay cheap.
 * Other families change only w (the expected information weight) and the working residual
 * (y − μ)/μ'(η) (GlmFamily). No spec, Design or vcov here: pure columns in, fitted pieces out.
 */
import type { FeCodes } from '../../linalg/demean.js';
import { demeanWeighted } from '../../linalg/demean-weighted.js';
import { lgamma } from '../../linalg/distributions.js';
import type { BinaryLink } from '../binary/link.js';
import { choleskySkip, cholInverse, cholSolve } from '../../linalg/dense.js';

/** What IRLS needs of a family, per row, as functions of y and the linear index η. */
export interface GlmFamily {
  readonly name: string;
  /** Starting η from the outcome (ȳ its mean). */
  start(y: number, ybar: number): number;
  /** IRLS weight: the expected information μ'(η)²/V(μ). */
  weight(y: number, eta: number): number;
  /** Working residual (y − μ)/μ'(η), so z = η − offset + this. */
  working(y: number, eta: number): number;
  /** Deviance contribution of a row (convergence is judged on the total). */
  deviance(y: number, eta: number): number;
  loglik(y: number, eta: number): number;
  /**
   * Optional whole-column forms of weight/working and of the total deviance, for families
   * where one exp per row serves both (Poisson): IRLS spends a fifth of its time here at 1M rows.
   */
  fill?(y: Float64Array, eta: Float64Array, off: Float64Array | undefined, pw: Float64Array | undefined, w: Float64Array, z: Float64Array): void;
  totalDeviance?(y: Float64Array, eta: Float64Array, pw: Float64Array | undefined): number;
  totalLoglik?(y: Float64Array, eta: Float64Array, pw: Float64Array | undefined): number;
}

/**
 * Σ pw·log(y!) — the constant of the Poisson log-likelihood — with log k! tabulated for the
 * small integer counts that make up most outcomes (lgamma per row was a tenth of a fit).
 */
export function sumLogFactorial(y: Float64Array, pw?: Float64Array): number {
  const table = new Float64Array(256);
  for (let k = 2; k < 256; k++) table[k] = table[k - 1]! + Math.log(k);
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    const c = v < 256 && Number.isInteger(v) ? table[v]! : lgamma(v + 1);
    s += pw ? pw[i]! * c : c;
  }
  return s;
}

export const poissonFamily: GlmFamily = {
  name: 'poisson',
  start: (y, ybar) => Math.log((y + ybar) / 2),
  weight: (_y, eta) => Math.exp(eta),
  working: (y, eta) => {
    const m = Math.exp(eta);
    return (y - m) / m;
  },
  deviance: (y, eta) => {
    const m = Math.exp(eta);
    return 2 * ((y > 0 ? y * Math.log(y / m) : 0) - (y - m));
  },
  loglik: (y, eta) => y * eta - Math.exp(eta) - lgamma(y + 1),
  fill: (y, eta, off, pw, w, z) => {
    for (let i = 0; i < y.length; i++) {
      const m = Math.exp(eta[i]!);
      w[i] = pw ? pw[i]! * m : m;
      z[i] = eta[i]! - (off ? off[i]! : 0) + (y[i]! - m) / m;
    }
  },
  totalDeviance: (y, eta, pw) => {
    let s = 0;
    for (let i = 0; i < y.length; i++) {
      const yi = y[i]!;
      const e = eta[i]!;
      const d = (yi > 0 ? yi * (Math.log(yi) - e) : 0) - (yi - Math.exp(e));
      s += pw ? pw[i]! * d : d;
    }
    return 2 * s;
  },
  totalLoglik: (y, eta, pw) => {
    let s = 0;
    for (let i = 0; i < y.length; i++) {
      const d = y[i]! * eta[i]! - Math.exp(eta[i]!);
      s += pw ? pw[i]! * d : d;
    }
    return s - sumLogFactorial(y, pw);
  },
};

/**
 * Binary outcomes (0/1) through a link of binary/link.ts; starts from μ = (y + 1/2)/2 as R's
 * binomial. The weights are the observed information −d²ℓ/dη², so each IRLS step is a
 * Newton step for (β, FE) jointly: Fisher scoring (expected information, fixest's choice)
 * converges only linearly for probit and cloglog, and a deviance criterion then stops it
 * ~1e-7 short of the optimum. Both log-likelihoods are concave, so the weights are positive.
 */
export function binaryFamily(link: BinaryLink): GlmFamily {
  return {
    name: link.name,
    start: (y) => link.inverse((y + 0.5) / 2),
    weight: (y, eta) => link.observed(y, eta),
    working: (y, eta) => link.score(y, eta) / link.observed(y, eta),
    deviance: (y, eta) => -2 * link.loglik(y, eta),
    loglik: (y, eta) => link.loglik(y, eta),
  };
}

export interface GlmInput {
  readonly family: GlmFamily;
  /** Outcome (Poisson: ≥ 0, counts or any non-negative amount; binary: 0/1). */
  readonly y: Float64Array;
  /** Regressors; include a column of ones for the constant when there is no FE. */
  readonly X: readonly Float64Array[];
  readonly fes: readonly FeCodes[];
  readonly offset?: Float64Array;
  /** Prior (frequency/analytic) weights. */
  readonly weights?: Float64Array;
  /** Deviance convergence criterion; default 1e-10. */
  readonly tol?: number;
  readonly maxIter?: number;
}

export interface GlmFit {
  /** Coefficients of the kept regressors (`kept` indexes X). */
  readonly beta: Float64Array;
  readonly kept: readonly number[];
  /** Regressors dropped as collinear (with the FE or with earlier regressors). */
  readonly collinear: readonly number[];
  readonly eta: Float64Array;
  /** Kept regressors demeaned with the final IRLS weights (the scores' regressors). */
  readonly Xd: readonly Float64Array[];
  /** (X̃'WX̃)⁻¹ at the final weights, kept.length² row-major: the model-based vcov. */
  readonly bread: Float64Array;
  readonly deviance: number;
  readonly loglik: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** Largest inner (demeaning) iteration count. */
  readonly innerIterations: number;
}

function deviance(fam: GlmFamily, y: Float64Array, eta: Float64Array, pw?: Float64Array): number {
  return fam.totalDeviance ? fam.totalDeviance(y, eta, pw) : total(fam.deviance, y, eta, pw);
}

function total(f: (y: number, eta: number) => number, y: Float64Array, eta: Float64Array, pw?: Float64Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (pw ? pw[i]! : 1) * f(y[i]!, eta[i]!);
  return s;
}

function weightedCross(cols: readonly Float64Array[], w: Float64Array, v: Float64Array): { A: Float64Array; b: Float64Array } {
  const k = cols.length;
  const n = w.length;
  const A = new Float64Array(k * k);
  const b = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    const ca = cols[a]!;
    for (let c = a; c < k; c++) {
      const cc = cols[c]!;
      let s = 0;
      for (let i = 0; i < n; i++) s += w[i]! * ca[i]! * cc[i]!;
      A[a * k + c] = A[c * k + a] = s;
    }
    let s = 0;
    for (let i = 0; i < n; i++) s += w[i]! * ca[i]! * v[i]!;
    b[a] = s;
  }
  return { A, b };
}

/** The inner demeaning tolerance tightens to this by the last IRLS iterations. */
const INNER_FLOOR = 1e-11;

export function fitGlmIrls(input: GlmInput): GlmFit {
  const { y, fes } = input;
  const n = y.length;
  const pw = input.weights;
  const off = input.offset;
  const tol = input.tol ?? 1e-10;
  const maxIter = input.maxIter ?? 100;
  const fam = input.family;
  let ybar = 0;
  let sw = 0;
  for (let i = 0; i < n; i++) {
    const wi = pw ? pw[i]! : 1;
    ybar += wi * y[i]!;
    sw += wi;
  }
  ybar /= sw;
  let eta: Float64Array = new Float64Array(n);
  for (let i = 0; i < n; i++) eta[i] = fam.start(y[i]!, ybar);
  let dev = deviance(fam, y, eta, pw);
  let X = input.X.slice();
  let kept: number[] = X.map((_, j) => j);
  let collinear: number[] = [];
  let starts: (Float64Array | undefined)[] = [];
  let beta: Float64Array = new Float64Array(0);
  let Xd: Float64Array[] = [];
  let bread: Float64Array = new Float64Array(0);
  let converged = false;
  let iterations = 0;
  let inner = 0;
  let innerTol = 1e-6;
  const w = new Float64Array(n);
  const z = new Float64Array(n);
  for (; iterations < maxIter; iterations++) {
    if (fam.fill) fam.fill(y, eta, off, pw, w, z);
    else {
      for (let i = 0; i < n; i++) {
        w[i] = (pw ? pw[i]! : 1) * fam.weight(y[i]!, eta[i]!);
        z[i] = eta[i]! - (off ? off[i]! : 0) + fam.working(y[i]!, eta[i]!);
      }
    }
    const dm = demeanWeighted([z, ...X], fes, w, { tol: innerTol, start: starts });
    inner = Math.max(inner, dm.iterations);
    starts = dm.coefs;
    const zd = dm.columns[0]!;
    let cols = dm.columns.slice(1);
    const { A, b } = weightedCross(cols, w, zd);
    const k = cols.length;
    const ch = choleskySkip(A, k, 1e-10);
    if (ch.dropped.length > 0) {
      // Collinear regressors are decided once, on the first weights (as fixest does).
      collinear = collinear.concat(ch.dropped.map((j) => kept[j]!));
      kept = ch.kept.map((j) => kept[j]!);
      X = ch.kept.map((j) => X[j]!);
      cols = ch.kept.map((j) => cols[j]!);
      starts = [starts[0], ...ch.kept.map((j) => starts[j + 1])];
    }
    const m = ch.kept.length;
    beta = cholSolve(ch.L, m, ch.kept.map((j) => b[j]!));
    bread = cholInverse(ch.L, m);
    Xd = cols;
    const etaOld = eta;
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let e = zd[i]!;
      for (let j = 0; j < m; j++) e -= cols[j]![i]! * beta[j]!;
      next[i] = (off ? off[i]! : 0) + z[i]! - e;
    }
    let devNext = deviance(fam, y, next, pw);
    // Step halving when the step overshoots into an invalid fit (R's glm.fit and fixest do the
    // same). A larger deviance is no reason: the starting μ is not in the model's space, so
    // the first step usually raises it.
    for (let h = 0; h < 30 && !Number.isFinite(devNext); h++) {
      for (let i = 0; i < n; i++) next[i] = (next[i]! + etaOld[i]!) / 2;
      devNext = deviance(fam, y, next, pw);
    }
    const change = Math.abs(devNext - dev) / (0.1 + Math.abs(devNext));
    eta = next;
    dev = devNext;
    if (change < tol && (dm.exact || innerTol <= 10 * INNER_FLOOR)) {
      converged = true;
      iterations++;
      break;
    }
    innerTol = Math.max(INNER_FLOOR, Math.min(1e-6, change * 1e-3));
  }
  if (converged && X.length > 0) {
    // The last step's bread and demeaned regressors used the weights of the η it started from;
    // the variance belongs at the estimate, so both are formed once more at the final η.
    for (let i = 0; i < n; i++) w[i] = (pw ? pw[i]! : 1) * fam.weight(y[i]!, eta[i]!);
    const dm = demeanWeighted(X, fes, w, { tol: INNER_FLOOR, start: starts.slice(1) });
    const { A } = weightedCross(dm.columns, w, w);
    const ch = choleskySkip(A, X.length, 1e-10);
    if (ch.dropped.length === 0) {
      Xd = dm.columns;
      bread = cholInverse(ch.L, X.length);
    }
  }
  return {
    beta,
    kept,
    collinear,
    eta,
    Xd,
    bread,
    deviance: dev,
    loglik: fam.totalLoglik ? fam.totalLoglik(y, eta, pw) : total(fam.loglik, y, eta, pw),
    iterations,
    converged,
    innerIterations: inner,
  };
}
