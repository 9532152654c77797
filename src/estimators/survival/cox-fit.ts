/**
 * Newton–Raphson for the Cox partial likelihood, iterated exactly as R's coxph does.
 *
 * Start at b = 0 (which also gives the null log-likelihood and the score test), take full
 * Newton steps, and when the log-likelihood falls, halve the step back towards the last
 * accepted point. Convergence is |1 − ℓ_old/ℓ_new| ≤ eps outside a halving phase; the
 * returned coefficients, information and log-likelihood are those of the last evaluated
 * point. Following the same path as R means the same iterate is returned, so coefficients
 * agree to rounding, not merely to the convergence tolerance.
 *
 * Failure modes become StudyErrors: a singular information (a covariate collinear with the
 * others or constant within strata), running out of iterations, and monotone likelihood
 * (a covariate that perfectly orders the events, so its coefficient diverges).
 */
import { StudyError } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/messages/index.js';
import { survivalMessages as M } from '../../diagnostics/messages/survival.js';
import type { CoxData } from './data.js';
import { coxPass, type CoxTies } from './cox-likelihood.js';
import { ldlFactor, ldlInverse, ldlSolve } from '../../linalg/dense.js';

export interface CoxFitControl {
  readonly ties: CoxTies;
  /** Relative change in the log partial likelihood that counts as converged (R coxph eps). */
  readonly eps: number;
  readonly maxIter: number;
}

export interface CoxFit {
  readonly beta: Float64Array;
  /** Inverse observed information at beta (model-based variance), row-major. */
  readonly vcov: Float64Array;
  readonly loglik0: number;
  readonly loglik: number;
  /** Score (log-rank) test at b = 0: u₀' I₀⁻¹ u₀. */
  readonly scoreChi2: number;
  readonly iterations: number;
  /** Score at the returned beta (≈ 0 at convergence). */
  readonly u: Float64Array;
}

export function fitCox(data: CoxData, names: readonly string[], control: CoxFitControl): CoxFit {
  const k = data.k;
  if (k === 0) throw new StudyError(diag(M.survNoCovariates('cox')));
  let beta = new Float64Array(k);
  const first = coxPass(data, beta, control.ties);
  const f0 = ldlFactor(first.imat, k);
  if (f0.singular >= 0) throw new StudyError(diag(M.survCollinear(names[f0.singular]!, 'cox')));
  const step0 = ldlSolve(f0, first.u);
  let scoreChi2 = 0;
  for (let i = 0; i < k; i++) scoreChi2 += first.u[i]! * step0[i]!;

  let newBeta = new Float64Array(k);
  for (let i = 0; i < k; i++) newBeta[i] = beta[i]! + step0[i]!;
  let loglikOld = first.loglik;
  let halving = false;
  const maxIter = Math.max(1, control.maxIter);
  for (let iter = 1; iter <= maxIter; iter++) {
    const pass = coxPass(data, newBeta, control.ties);
    const f = ldlFactor(pass.imat, k);
    // The information was regular at b = 0, so losing rank now means a coefficient ran off
    // to infinity and took its risk-set variance with it.
    if (f.singular >= 0) throw new StudyError(diag(M.survMonotone([names[f.singular]!])));
    if (Math.abs(1 - loglikOld / pass.loglik) <= control.eps && !halving) {
      const vcov = ldlInverse(f);
      checkMonotone(newBeta, pass.u, vcov, data, names, control.eps);
      return {
        beta: newBeta, vcov, loglik0: first.loglik, loglik: pass.loglik, scoreChi2, iterations: iter, u: pass.u,
      };
    }
    if (iter === maxIter) break;
    if (pass.loglik < loglikOld || !Number.isFinite(pass.loglik)) {
      halving = true;
      for (let i = 0; i < k; i++) newBeta[i] = (newBeta[i]! + beta[i]!) / 2;
    } else {
      halving = false;
      loglikOld = pass.loglik;
      const step = ldlSolve(f, pass.u);
      beta = newBeta;
      newBeta = new Float64Array(k);
      for (let i = 0; i < k; i++) newBeta[i] = beta[i]! + step[i]!;
    }
  }
  throw new StudyError(diag(M.survNotConverged('cox', maxIter)));
}

/**
 * R flags a coefficient as possibly infinite when the Newton step still pending at
 * convergence, |u'V|_j, exceeds eps and √eps·|b_j|. On its own that can fire for a
 * coefficient that is legitimately ≈ 0, and here it is an error rather than a warning, so
 * we also require the coefficient to move the linear predictor by more than 10 across
 * the covariate's observed range (a hazard ratio above e¹⁰ ≈ 22,000 between the extremes),
 * which any diverging coefficient reaches long before the likelihood flattens out.
 */
function checkMonotone(
  beta: Float64Array,
  u: Float64Array,
  vcov: Float64Array,
  data: CoxData,
  names: readonly string[],
  eps: number,
): void {
  const k = data.k;
  const bad: string[] = [];
  for (let j = 0; j < k; j++) {
    let step = 0;
    for (let i = 0; i < k; i++) step += u[i]! * vcov[i * k + j]!;
    step = Math.abs(step);
    const pending = !Number.isFinite(step) || (step > eps && step > Math.sqrt(eps) * Math.abs(beta[j]!));
    if (!pending) continue;
    let lo = Infinity;
    let hi = -Infinity;
    for (let p = 0; p < data.n; p++) {
      const v = data.x[p * k + j]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (Math.abs(beta[j]!) * (hi - lo) > 10 || !Number.isFinite(beta[j]!)) bad.push(names[j]!);
  }
  if (bad.length) throw new StudyError(diag(M.survMonotone(bad)));
}
