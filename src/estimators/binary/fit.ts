/**
 * The numerical core of binary regression (probit, logit, cloglog): maximum likelihood by
 * Newton–Raphson on plain columns, returning the pieces every caller needs (β, loglik,
 * information, per-row scores). No spec or Design here, so Heckman and MTE reuse it.
 */
import { binaryLink, type BinaryLink, type LinkName } from './link.js';
import { crossprodWeighted, crossVec, linearIndex } from '../../linalg/kernels.js';
import { invertSpdRelative } from '../../linalg/dense.js';
import { newtonRaphson, type MleProblem } from '../../linalg/mle.js';

export interface BinaryCoreInput {
  /** 0/1 outcome. */
  readonly y: Float64Array;
  /** Regressor columns including the constant column when there is one. */
  readonly cols: readonly Float64Array[];
  readonly link: LinkName;
  /** Information used for the reported VCE: observed Hessian (Stata default) or expected. */
  readonly information?: 'observed' | 'expected';
  readonly maxIter?: number;
  /** Scaled-gradient tolerance g'H⁻¹g (see linalg/mle.ts). */
  readonly tol?: number;
  readonly start?: Float64Array;
  /**
   * Row weights of the log-likelihood (Stata fw/pw, glm prior weights): ℓ = Σ wᵢℓᵢ, and the
   * gradient and information weighted alike. Absent = every row once.
   */
  readonly weights?: Float64Array;
}

export interface BinaryCoreFit {
  readonly beta: Float64Array;
  readonly ll: number;
  readonly eta: Float64Array;
  /** Information matrix at β̂ (observed or expected as requested), row-major. */
  readonly info: Float64Array;
  /** Its inverse: the model-based VCE. Null when singular. */
  readonly vcov: Float64Array | null;
  /** dℓ_i/dη_i, unweighted; the score of row i is wᵢ·scoreWeight[i]·x_i. */
  readonly scoreWeight: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
  readonly singular: boolean;
  /** Largest |η_i| at the end: huge values flag (quasi-)separation. */
  readonly maxAbsEta: number;
}

function problem(link: BinaryLink, y: Float64Array, cols: readonly Float64Array[], info: 'observed' | 'expected', pw?: Float64Array): MleProblem {
  const n = y.length;
  const k = cols.length;
  return {
    k,
    loglik(beta) {
      const eta = linearIndex(cols, beta, n);
      let ll = 0;
      for (let i = 0; i < n; i++) ll += (pw ? pw[i]! : 1) * link.loglik(y[i]!, eta[i]!);
      return ll;
    },
    evaluate(beta) {
      const eta = linearIndex(cols, beta, n);
      const s = new Float64Array(n);
      const w = new Float64Array(n);
      let ll = 0;
      for (let i = 0; i < n; i++) {
        const yi = y[i]!;
        const e = eta[i]!;
        const wi = pw ? pw[i]! : 1;
        ll += wi * link.loglik(yi, e);
        s[i] = wi * link.score(yi, e);
        w[i] = wi * (info === 'observed' ? link.observed(yi, e) : link.expected(e));
      }
      return { ll, grad: crossVec(cols, s), info: crossprodWeighted(cols, w) };
    },
  };
}

/**
 * Fit by Fisher scoring for a few steps (always positive definite, so it is safe far from
 * the optimum, where the observed cloglog/probit curvature need not be), then Newton–Raphson
 * on the observed Hessian to quadratic convergence.
 */
export function fitBinaryCore(input: BinaryCoreInput): BinaryCoreFit {
  const link = binaryLink(input.link);
  const { y, cols } = input;
  const pw = input.weights;
  const n = y.length;
  const k = cols.length;
  let start = input.start;
  if (!start) {
    start = new Float64Array(k);
    const ci = constantColumn(cols);
    if (ci >= 0) {
      let m = 0;
      let sw = 0;
      for (let i = 0; i < n; i++) {
        m += (pw ? pw[i]! : 1) * y[i]!;
        sw += pw ? pw[i]! : 1;
      }
      m /= sw;
      if (m > 0 && m < 1) start[ci] = link.inverse(m);
    }
  }
  const maxIter = input.maxIter ?? 300;
  const warm = newtonRaphson(problem(link, y, cols, 'expected', pw), start, { maxIter: 8, gtol: 1e-8 });
  const fit = newtonRaphson(problem(link, y, cols, 'observed', pw), warm.singular ? start : warm.beta, {
    maxIter,
    gtol: input.tol ?? 1e-20,
  });
  const beta = fit.beta;
  const eta = linearIndex(cols, beta, n);
  const sw = new Float64Array(n);
  const wInfo = new Float64Array(n);
  const want = input.information ?? 'observed';
  let maxAbsEta = 0;
  for (let i = 0; i < n; i++) {
    const e = eta[i]!;
    sw[i] = link.score(y[i]!, e);
    wInfo[i] = (pw ? pw[i]! : 1) * (want === 'observed' ? link.observed(y[i]!, e) : link.expected(e));
    if (Math.abs(e) > maxAbsEta) maxAbsEta = Math.abs(e);
  }
  const info = crossprodWeighted(cols, wInfo);
  const vcov = invertSpdRelative(info, k);
  return {
    beta,
    ll: fit.ll,
    eta,
    info,
    vcov,
    scoreWeight: sw,
    iterations: warm.iterations + fit.iterations,
    converged: fit.converged,
    singular: fit.singular || vcov === null,
    maxAbsEta,
  };
}

/** Index of a column that is identically 1 (the constant), or −1. */
export function constantColumn(cols: readonly Float64Array[]): number {
  for (let a = 0; a < cols.length; a++) {
    const c = cols[a]!;
    let ok = c.length > 0;
    for (let i = 0; i < c.length && ok; i++) if (c[i] !== 1) ok = false;
    if (ok) return a;
  }
  return -1;
}

/**
 * Loglik of the constant-only model. With a constant the MLE sets μ = ȳ for every link,
 * so ℓ₀ = n[ȳ log ȳ + (1 − ȳ) log(1 − ȳ)] in closed form (Stata's ll_0); with weights n
 * is Σw and ȳ the weighted mean. Without a constant the comparison model is β = 0.
 */
export function nullLoglik(y: Float64Array, link: LinkName, hasConstant: boolean, pw?: Float64Array): number {
  const n = y.length;
  if (hasConstant) {
    let s = 0;
    let sw = 0;
    for (let i = 0; i < n; i++) {
      const wi = pw ? pw[i]! : 1;
      s += wi * y[i]!;
      sw += wi;
    }
    const m = s / sw;
    if (m <= 0 || m >= 1) return 0;
    return s * Math.log(m) + (sw - s) * Math.log1p(-m);
  }
  const l = binaryLink(link);
  let ll = 0;
  for (let i = 0; i < n; i++) ll += (pw ? pw[i]! : 1) * l.loglik(y[i]!, 0);
  return ll;
}
