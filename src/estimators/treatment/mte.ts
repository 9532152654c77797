/**
 * Marginal treatment effects in the parametric normal selection model (Heckman–Vytlacil;
 * Stata `mtefe` with the joint-normal model, no polynomial).
 *
 * Input Design (formula `y ~ x1 + x2 | D ~ z1 + z2`): y outcome, X covariates (+ constant),
 * `endog` = exactly one 0/1 treatment D, `instruments` = excluded instruments Z.
 *
 *   1. propensity: probit of D on [1, X, Z]; idx = linear index, P = Φ(idx), K = φ(idx)
 *   2a. local IV (default): OLS y ~ [1, X, P, P·X_c, K];  β1 − β0 = coefs of (P, P·X_c)
 *       (zero for the regressors not interacted), σ1V − σ0V = −coef(K). X_c: with
 *       `interact: controls` (default, as mtefe) the regressors that are not factor dummies
 *       (names without `::`); with `interact: all` every regressor
 *   2b. separate: OLS y ~ [1, X, −φ/Φ] on D = 1 and y ~ [1, X, φ/(1 − Φ)] on D = 0
 *   3. MTE(x, u) = x'(β1 − β0) + (σ1V − σ0V) Φ⁻¹(u) at x = sample mean of X (all rows),
 *      on the grid (default u = 0.01 … 0.99);
 *      ATE = mean x_i'(β1 − β0); ATT = [Σ P_i dx_i − s Σ φ_i] / Σ P_i;
 *      ATU = [Σ (1 − P_i) dx_i + s Σ φ_i] / Σ (1 − P_i) (propensity-weighted integrals of
 *      the MTE, as mtefe); the D-weighted variants average E[Δ | x_i, D_i] over observed D.
 * The coefficient table is the LIV regression with plain OLS SEs (ignoring the first stage).
 */
import { StudyError } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/messages/index.js';
import { nonlinearMessages as M } from '../../diagnostics/messages/nonlinear.js';
import { normalCdf, normalPdf, normalQuantile } from '../../linalg/distributions.js';
import { leastSquares } from '../../linalg/mle.js';
import { linearIndex } from '../../linalg/kernels.js';
import { toNested } from '../../linalg/dense.js';
import { fitBinaryCore } from '../binary/fit.js';
import { coefficientTable, withConstant } from '../binary/result.js';
import type { FitInput } from '../registry.js';
import { freezeResult, type TreatmentResult } from '../result.js';

export interface MteEffects {
  readonly beta1MinusBeta0: Float64Array;
  /** σ1V − σ0V: the slope of the MTE in Φ⁻¹(u). */
  readonly slope: number;
  readonly xPart: number;
  readonly mte: Float64Array;
  readonly ate: number;
  readonly att: number;
  readonly atu: number;
  readonly attD: number;
  readonly atuD: number;
}

export interface MteCore {
  readonly liv: MteEffects & { beta: Float64Array; V: Float64Array; terms: string[]; r2: number; df: number };
  readonly separate: MteEffects & { treated: Float64Array; untreated: Float64Array };
}

export const DEFAULT_MTE_GRID: readonly number[] = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);

/** Steps 2–3 given the propensity index (exported so they can be checked on a reference probit). */
export function mteFromIndex(
  y: Float64Array,
  D: Float64Array,
  X: readonly Float64Array[],
  names: readonly string[],
  idx: Float64Array,
  grid: readonly number[],
  interact: 'controls' | 'all' = 'all',
): MteCore {
  const n = y.length;
  const P = Float64Array.from(idx, (e) => normalCdf(e));
  const K = Float64Array.from(idx, (e) => normalPdf(e));
  const base = withConstant(X, names, true, n);
  const kx = base.cols.length;
  const xbar = base.cols.map((c) => c.reduce((s, v) => s + v, 0) / n);

  // 2a. Local IV. The constant is always interacted (its product is P itself).
  const inter = base.terms.map((t, a) => a === 0 || interact === 'all' || !t.includes('::'));
  const ia = inter.flatMap((on, a) => (on ? [a] : []));
  const PX = ia.map((a) => Float64Array.from(base.cols[a]!, (v, i) => v * P[i]!));
  const livCols = [...base.cols, ...PX, K];
  const livTerms = [...base.terms, ...ia.map((a) => (a === 0 ? 'P' : `P:${base.terms[a]}`)), 'K'];
  const ls = leastSquares(livCols, y);
  if (!ls) throw new StudyError(diag(M.nlSingularHessian('mte (local IV regression)')));
  const k = livCols.length;
  const fitted = linearIndex(livCols, ls.beta, n);
  let ssr = 0;
  let ym = 0;
  for (let i = 0; i < n; i++) ym += y[i]! / n;
  let tss = 0;
  for (let i = 0; i < n; i++) {
    ssr += (y[i]! - fitted[i]!) ** 2;
    tss += (y[i]! - ym) ** 2;
  }
  const s2 = ssr / (n - k);
  const V = Float64Array.from(ls.xtxInv, (v) => v * s2);
  const livDiff = new Float64Array(kx);
  ia.forEach((a, j) => (livDiff[a] = ls.beta[kx + j]!));
  const livEffects = effects(livDiff, -ls.beta[k - 1]!, base.cols, xbar, P, K, D, grid);

  // 2b. Separate approach.
  const fitArm = (arm: 1 | 0): Float64Array => {
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (D[i] === arm) rows.push(i);
    const pick = (c: Float64Array): Float64Array => Float64Array.from(rows, (r) => c[r]!);
    // Truncated-normal means: E[V | D = 1] ∝ −φ/Φ, E[V | D = 0] ∝ φ/(1 − Φ), 1 − Φ(idx) = Φ(−idx).
    const lam = Float64Array.from(rows, (r) => (arm === 1 ? -K[r]! / P[r]! : K[r]! / normalCdf(-idx[r]!)));
    const arms = leastSquares([...base.cols.map(pick), lam], pick(y));
    if (!arms) throw new StudyError(diag(M.nlSingularHessian(`mte (separate approach, D = ${arm})`)));
    return arms.beta;
  };
  const b1 = fitArm(1);
  const b0 = fitArm(0);
  const sepDiff = Float64Array.from({ length: kx }, (_, a) => b1[a]! - b0[a]!);
  const sepEffects = effects(sepDiff, b1[kx]! - b0[kx]!, base.cols, xbar, P, K, D, grid);
  return {
    liv: { ...livEffects, beta: ls.beta, V, terms: livTerms, r2: 1 - ssr / tss, df: n - k },
    separate: { ...sepEffects, treated: b1, untreated: b0 },
  };
}

function effects(
  diff: Float64Array,
  slope: number,
  cols: readonly Float64Array[],
  xbar: readonly number[],
  P: Float64Array,
  K: Float64Array,
  D: Float64Array,
  grid: readonly number[],
): MteEffects {
  const n = P.length;
  const dx = linearIndex(cols, diff, n);
  const xPart = xbar.reduce((s, v, a) => s + v * diff[a]!, 0);
  const mte = Float64Array.from(grid, (u) => xPart + slope * normalQuantile(u));
  let ate = 0;
  let sP = 0;
  let sQ = 0;
  let sPdx = 0;
  let sQdx = 0;
  let sK = 0;
  let attD = 0;
  let atuD = 0;
  let n1 = 0;
  for (let i = 0; i < n; i++) {
    const p = P[i]!;
    ate += dx[i]!;
    sP += p;
    sQ += 1 - p;
    sPdx += p * dx[i]!;
    sQdx += (1 - p) * dx[i]!;
    sK += K[i]!;
    // E[Φ⁻¹(U) | U < p] = −φ(Φ⁻¹(p))/p and E[Φ⁻¹(U) | U > p] = φ(Φ⁻¹(p))/(1 − p).
    if (D[i] === 1) {
      attD += dx[i]! - (slope * K[i]!) / p;
      n1++;
    } else atuD += dx[i]! + (slope * K[i]!) / (1 - p);
  }
  return {
    beta1MinusBeta0: diff,
    slope,
    xPart,
    mte,
    ate: ate / n,
    att: (sPdx - slope * sK) / sP,
    atu: (sQdx + slope * sK) / sQ,
    attD: attD / n1,
    atuD: atuD / (n - n1),
  };
}

export function fitMte(input: FitInput): TreatmentResult {
  const { design: d, options } = input;
  if (d.fe.length > 0) throw new StudyError(diag(M.nlFixedEffectsUnsupported('mte')));
  if (!d.endog || d.endog.X.length !== 1) throw new StudyError(diag(M.nlMteDesign('exactly one endogenous treatment is required')));
  if (!d.instruments || d.instruments.Z.length === 0) throw new StudyError(diag(M.nlMteDesign('at least one excluded instrument is required')));
  const D = d.endog.X[0]!;
  for (let i = 0; i < d.n; i++) if (D[i] !== 0 && D[i] !== 1) throw new StudyError(diag(M.nlMteTreatmentNotBinary(d.endog.names[0]!)));
  const grid = Array.isArray(options.grid) ? (options.grid as number[]) : DEFAULT_MTE_GRID;
  const approach = options.approach === 'separate' ? 'separate' : 'liv';

  // 1. Propensity probit on [1, X, Z].
  const ps = withConstant([...d.X, ...d.instruments.Z], [...d.names, ...d.instruments.names], true, d.n);
  const probit = fitBinaryCore({ y: D, cols: ps.cols, link: 'probit' });
  if (probit.singular) throw new StudyError(diag(M.nlSingularHessian('mte (propensity probit)')));
  if (!probit.converged) throw new StudyError(diag(M.nlNotConverged('mte (propensity probit)', probit.iterations)));
  const interact = options.interact === 'all' ? 'all' : 'controls';
  const core = mteFromIndex(d.y, D, d.X, d.names, probit.eta, grid, interact);
  const head = approach === 'liv' ? core.liv : core.separate;
  let pMin = Infinity;
  let pMax = -Infinity;
  let pMean = 0;
  for (const e of probit.eta) {
    const p = normalCdf(e);
    pMin = Math.min(pMin, p);
    pMax = Math.max(pMax, p);
    pMean += p / d.n;
  }
  let treated = 0;
  for (let i = 0; i < d.n; i++) treated += D[i]!;
  const block = (e: MteEffects) => ({
    mte: Array.from(e.mte),
    ate: e.ate,
    att: e.att,
    atu: e.atu,
    att_dweighted: e.attD,
    atu_dweighted: e.atuD,
    mte_x_part: e.xPart,
    mte_slope_on_qnorm_u: e.slope,
    beta1_minus_beta0: Array.from(e.beta1MinusBeta0),
  });
  const k = core.liv.terms.length;
  const result: TreatmentResult = {
    family: 'treatment',
    id: input.id,
    estimator: 'mte',
    formula: input.formula,
    nobs: d.n,
    fixed_effects: [],
    vcov: 'iid',
    conventions: options.conventions ?? 'stata',
    terms: core.liv.terms,
    coefficients: coefficientTable(core.liv.terms, core.liv.beta, core.liv.V, 't', core.liv.df),
    vcov_matrix: toNested(core.liv.V, k),
    inference: { dist: 't', df: core.liv.df },
    stats: {
      ate: head.ate,
      att: head.att,
      atu: head.atu,
      att_dweighted: head.attD,
      atu_dweighted: head.atuD,
      mte_slope: head.slope,
      propensity_loglik: probit.ll,
      p_min: pMin,
      p_max: pMax,
      mean_p: pMean,
      liv_r2: core.liv.r2,
      n_treated: treated,
    },
    dropped: { singletons: 0, missing: d.dropped.missing, collinear: d.dropped.collinear.map((c) => c.name) },
    extra: {
      approach,
      interact,
      mte: { u: [...grid], mte: Array.from(head.mte), liv: Array.from(core.liv.mte), separate: Array.from(core.separate.mte) },
      liv: block(core.liv),
      separate: { ...block(core.separate), coefficients_treated: Array.from(core.separate.treated), coefficients_untreated: Array.from(core.separate.untreated) },
      propensity: {
        terms: ps.terms,
        coefficients: coefficientTable(ps.terms, probit.beta, probit.vcov!),
        loglik: probit.ll,
      },
      x_names: ['(Intercept)', ...d.names],
    },
  };
  return freezeResult(result);
}
