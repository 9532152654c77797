/**
 * Maximum likelihood for the exponential and Weibull regressions (AFT parameterisation).
 *
 * Start from the constant-hazard answer (intercept = log of total exposure over events),
 * fit the exponential first — its log-likelihood is concave in b, so plain Newton
 * converges — and start the Weibull from there with log σ = 0. Newton steps are halved
 * while the log-likelihood falls; when the information is not positive definite (possible
 * for the Weibull far from the optimum) the step is damped towards gradient ascent. The fit
 * stops when the Newton decrement g'I⁻¹g (the squared remaining step in standard-error
 * units) is below 1e-20 or the log-likelihood stops changing at machine precision, which is
 * tighter than R's survreg rel.tolerance 1e-13 used by the reference fits.
 */
import { StudyError } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/messages/index.js';
import { survivalMessages as M } from '../../diagnostics/messages/survival.js';
import { ldlFactor, ldlInverse, ldlSolve } from '../../linalg/dense.js';
import { stregParams, stregPass, type StregData, type StregDist } from './streg-likelihood.js';

export interface StregFit {
  /** (b, log σ) for Weibull; b for exponential. */
  readonly theta: Float64Array;
  /** Inverse observed information in the same parameterisation. */
  readonly vcov: Float64Array;
  readonly loglik: number;
  readonly iterations: number;
}

const MAX_HALVINGS = 40;

function startValues(data: StregData, interceptCol: number): Float64Array {
  const theta = new Float64Array(data.p);
  if (interceptCol >= 0) {
    let exposure = 0;
    let events = 0;
    for (let i = 0; i < data.n; i++) {
      exposure += Math.exp(data.logT[i]!) - (data.logT0[i]! > Number.NEGATIVE_INFINITY ? Math.exp(data.logT0[i]!) : 0);
      events += data.event[i]!;
    }
    theta[interceptCol] = Math.log(exposure / events);
  }
  return theta;
}

function newton(
  data: StregData,
  dist: StregDist,
  theta0: Float64Array,
  names: readonly string[],
  maxIter: number,
): StregFit {
  const q = stregParams(data, dist);
  let theta = theta0;
  let pass = stregPass(data, theta, dist);
  for (let iter = 1; iter <= maxIter; iter++) {
    let f = ldlFactor(pass.info, q);
    let step: Float64Array;
    if (f.singular >= 0 || [...f.d].some((v) => !(v > 0))) {
      // The exponential information X'diag(e^z − e^z0)X is singular only for collinear X;
      // the Weibull starts from a fitted exponential, so its X has been checked already.
      if (dist === 'exponential' && f.singular >= 0)
        throw new StudyError(diag(M.survCollinear(names[f.singular] ?? `#${f.singular}`, dist)));
      // Marquardt damping: I + λ·diag(I) until positive definite.
      let lambda = 1e-3;
      const damped = new Float64Array(pass.info);
      do {
        for (let j = 0; j < q; j++) damped[j * q + j] = pass.info[j * q + j]! * (1 + lambda) + lambda;
        f = ldlFactor(damped, q);
        lambda *= 10;
      } while ((f.singular >= 0 || [...f.d].some((v) => !(v > 0))) && lambda < 1e12);
      step = ldlSolve(f, pass.grad);
    } else {
      step = ldlSolve(f, pass.grad);
    }
    let decrement = 0;
    for (let j = 0; j < q; j++) decrement += pass.grad[j]! * step[j]!;
    if (decrement < 1e-20) return finish(data, dist, theta, pass, iter, names);
    let next = theta.map((v, j) => v + step[j]!);
    let nextPass = stregPass(data, next, dist);
    // Near the optimum the gain of a Newton step (about decrement/2) can be smaller than the
    // rounding noise of the log-likelihood sum on large samples: a correct step then looks
    // like a loss, gets halved to nothing, and the fit stalls with the decrement frozen (seen
    // on 16,857 rows, test/estimators/survival/streg-stall.test.ts). Inside the quadratic region the full
    // step is taken unless it loses more than that noise.
    const slack = decrement < 1e-6 ? 1e-12 * (1 + Math.abs(pass.loglik)) : 0;
    let h = 0;
    while (!(nextPass.loglik >= pass.loglik - slack) && h < MAX_HALVINGS) {
      for (let j = 0; j < q; j++) step[j] = step[j]! / 2;
      next = theta.map((v, j) => v + step[j]!);
      nextPass = stregPass(data, next, dist);
      h++;
    }
    if (!(nextPass.loglik >= pass.loglik - slack)) return finish(data, dist, theta, pass, iter, names);
    const change = Math.abs(nextPass.loglik - pass.loglik);
    theta = next;
    pass = nextPass;
    if (change <= 1e-15 * Math.abs(pass.loglik) && decrement < 1e-12) return finish(data, dist, theta, pass, iter, names);
  }
  throw new StudyError(diag(M.survNotConverged(dist, maxIter)));
}

function finish(
  data: StregData,
  dist: StregDist,
  theta: Float64Array,
  pass: ReturnType<typeof stregPass>,
  iterations: number,
  names: readonly string[],
): StregFit {
  const q = stregParams(data, dist);
  const f = ldlFactor(pass.info, q);
  if (f.singular >= 0) throw new StudyError(diag(M.survCollinear(names[f.singular] ?? `#${f.singular}`, dist)));
  return { theta, vcov: ldlInverse(f), loglik: pass.loglik, iterations };
}

/**
 * Fit `dist`; `names` label the regression columns (for collinearity messages) and
 * `interceptCol` is the intercept's column or −1.
 */
export function fitStreg(
  data: StregData,
  dist: StregDist,
  names: readonly string[],
  interceptCol: number,
  maxIter: number,
): StregFit & { exponentialIterations?: number } {
  const expo = newton(data, 'exponential', startValues(data, interceptCol), names, maxIter);
  if (dist === 'exponential') return expo;
  const theta0 = new Float64Array(data.p + 1);
  theta0.set(expo.theta);
  const weib = newton(data, 'weibull', theta0, names, maxIter);
  return { ...weib, exponentialIterations: expo.iterations };
}
