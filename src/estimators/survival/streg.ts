/**
 * Parametric survival regressions (`estimator: exponential | weibull`), Stata streg style.
 *
 *   Design (surv, X, intercept, clusters)
 *     │ fit (b_AFT, log σ) by Newton                        (streg-fit, streg-likelihood)
 *     │ constant-only fit for the LR test
 *     │ variance: inverse observed information, or sandwich (robust/cluster, G/(G−1))
 *     │ map to the requested metric by the delta method
 *     ▼
 *   ModelResult in `metric: ph` (default, = streg nohr: log relative hazards and ln_p) or
 *   `metric: aft` (= streg time / R survreg: log time coefficients and log σ)
 *
 * Metric mapping (exact, including the intercept): exponential b_PH = −b_AFT with the same
 * variance; Weibull b_PH = −b_AFT/σ, p = 1/σ, ln p = −log σ, variance J V Jᵀ.
 */
import { dict } from '../../spec/dict.js';
import type { FitInput } from '../registry.js';
import { freezeResult, type SurvivalExtra, type SurvivalResult, type ModelResult } from '../result.js';
import { chi2Sf, normalPValue } from '../../linalg/distributions.js';
import { checkSurvOutcome } from './data.js';
import { stregParams, stregPass, type StregData, type StregDist } from './streg-likelihood.js';
import { fitStreg } from './streg-fit.js';
import {
  chooseVcov, coefficientBlock, finiteOrNull, modelDrops, robustVcov, vcovLabel, waldTest,
} from './result.js';
import { deltaMethod, subMatrix, toNested } from '../../linalg/dense.js';

export const STREG_DEFAULT_MAX_ITER = 100;
const INTERCEPT = '(Intercept)';

function buildData(
  cols: readonly Float64Array[],
  time: Float64Array,
  event: Float64Array,
  start: Float64Array | undefined,
): StregData {
  const n = time.length;
  const p = cols.length;
  const x = new Float64Array(n * p);
  for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) x[i * p + j] = cols[j]![i]!;
  const logT = Float64Array.from(time, Math.log);
  const logT0 = start
    ? Float64Array.from(start, (t0) => (t0 > 0 ? Math.log(t0) : Number.NEGATIVE_INFINITY))
    : new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  return { n, p, x, logT, logT0, event: Uint8Array.from(event) };
}

/** Jacobian of (b_PH[, ln p]) with respect to (b_AFT[, log σ]). */
function phJacobian(theta: Float64Array, p: number, dist: StregDist): Float64Array {
  const q = p + (dist === 'weibull' ? 1 : 0);
  const jac = new Float64Array(q * q);
  if (dist === 'exponential') {
    for (let j = 0; j < p; j++) jac[j * q + j] = -1;
    return jac;
  }
  const inv = Math.exp(-theta[p]!);
  for (let j = 0; j < p; j++) {
    jac[j * q + j] = -inv;
    jac[j * q + p] = theta[j]! * inv;
  }
  jac[p * q + p] = -1;
  return jac;
}

export function fitStregModel(input: FitInput, dist: StregDist): SurvivalResult {
  const { design, options } = input;
  const metric = options.metric ?? 'ph';
  const maxIter = options.maxIter ?? STREG_DEFAULT_MAX_ITER;
  const choice = chooseVcov(design, options);
  const outcome = checkSurvOutcome(design, dist, true);
  const ones = new Float64Array(design.n).fill(1);
  const cols = design.intercept ? [ones, ...design.X] : [...design.X];
  const terms = design.intercept ? [INTERCEPT, ...design.names] : [...design.names];
  const data = buildData(cols, outcome.time, outcome.event, outcome.start);
  const icol = design.intercept ? 0 : -1;
  const fit = fitStreg(data, dist, terms, icol, maxIter);
  const nullData = buildData(design.intercept ? [ones] : [], outcome.time, outcome.event, outcome.start);
  const nullFit = fitStreg(nullData, dist, terms.slice(0, 1), icol, maxIter);

  const p = data.p;
  const q = stregParams(data, dist);
  let vAft = fit.vcov;
  let nClusters: number | undefined;
  if (choice.kind !== 'model') {
    const scores = new Float64Array(data.n * q);
    stregPass(data, fit.theta, dist, scores);
    const rob = robustVcov(fit.vcov, scores, data.n, q, choice);
    vAft = rob.vcov;
    if (choice.kind === 'cluster') nClusters = rob.groups;
  }
  const jac = phJacobian(fit.theta, p, dist);
  const vPh = deltaMethod(jac, q, vAft, q);
  const thetaPh = new Float64Array(q);
  const inv = dist === 'weibull' ? Math.exp(-fit.theta[p]!) : 1;
  for (let j = 0; j < p; j++) thetaPh[j] = -fit.theta[j]! * inv;
  if (dist === 'weibull') thetaPh[p] = -fit.theta[p]!;

  const useV = metric === 'ph' ? vPh : vAft;
  const est = metric === 'ph' ? thetaPh : fit.theta;
  const vBeta = subMatrix(useV, q, [...Array(p).keys()]);
  const slopes = terms.map((t, j) => (t === INTERCEPT ? -1 : j)).filter((j) => j >= 0);
  const wald = waldTest(est, vBeta, p, slopes);
  const lr = 2 * (fit.loglik - nullFit.loglik);
  const robust = choice.kind !== 'model';
  let sumEventLogT = 0;
  for (let i = 0; i < data.n; i++) if (data.event[i]) sumEventLogT += data.logT[i]!;
  const nEvents = data.event.reduce((a, b) => a + b, 0);

  const ratios: Record<string, number> = dict();
  terms.forEach((t, j) => {
    if (t !== INTERCEPT) ratios[t] = Math.exp(est[j]!);
  });
  const extra: { -readonly [K in keyof SurvivalExtra]: SurvivalExtra[K] } = {
    distribution: dist,
    metric,
    ...(metric === 'ph' ? { hazard_ratios: ratios } : { time_ratios: ratios }),
    coefficients_ph: coefficientBlock(terms, thetaPh, subMatrix(vPh, q, [...Array(p).keys()])),
    coefficients_aft: coefficientBlock(terms, fit.theta, subMatrix(vAft, q, [...Array(p).keys()])),
    chi2_type: robust ? 'wald' : 'lr',
  };
  if (dist === 'weibull') {
    const s = fit.theta[p]!;
    const seS = Math.sqrt(vAft[p * q + p]!);
    const sigma = Math.exp(s);
    extra.ancillary = {
      ln_p: { estimate: -s, se: seS, stat: -s / seS, p: normalPValue(s / seS) },
      p: { estimate: 1 / sigma, se: seS / sigma },
      one_over_p: { estimate: sigma, se: sigma * seS },
      log_scale: { estimate: s, se: seS, stat: s / seS, p: normalPValue(s / seS) },
      scale: { estimate: sigma, se: sigma * seS },
    };
  }
  extra.vcov_full = {
    terms: dist === 'weibull' ? [...terms, metric === 'ph' ? 'ln_p' : 'Log(scale)'] : terms,
    matrix: toNested(useV, q),
  };

  const stats: Record<string, number | null> = {
    loglik: fit.loglik,
    loglik_0: nullFit.loglik,
    loglik_log_time: fit.loglik + sumEventLogT,
    lr_chi2: lr,
    lr_df: slopes.length,
    lr_p: slopes.length ? chi2Sf(lr, slopes.length) : null,
    wald_chi2: finiteOrNull(wald.chi2),
    wald_df: slopes.length,
    wald_p: finiteOrNull(wald.p),
    chi2: robust ? finiteOrNull(wald.chi2) : lr,
    chi2_df: slopes.length,
    chi2_p: robust ? finiteOrNull(wald.p) : slopes.length ? chi2Sf(lr, slopes.length) : null,
    aic: -2 * fit.loglik + 2 * q,
    n_events: nEvents,
    n_clusters: nClusters ?? null,
    iterations: fit.iterations,
    ...(dist === 'weibull' ? { p: Math.exp(-fit.theta[p]!), ln_p: -fit.theta[p]!, scale: Math.exp(fit.theta[p]!) } : {}),
  };

  return freezeResult<SurvivalResult>({
    family: 'survival',
    id: input.id,
    estimator: dist,
    formula: input.formula,
    nobs: data.n,
    fixed_effects: [],
    vcov: vcovLabel(choice),
    conventions:
      `${dist} regression, ${metric === 'ph' ? 'proportional-hazards metric (Stata streg, nohr)' : 'accelerated-failure-time metric (Stata streg, time; R survreg)'}; ` +
      `loglik on the time scale (Stata streg = R survreg); ` +
      (robust ? `sandwich variance${choice.adjust ? ' × G/(G−1)' : ' (noadjust)'}` : 'inverse observed information') +
      '; z inference',
    terms,
    coefficients: coefficientBlock(terms, est, vBeta),
    vcov_matrix: toNested(vBeta, p),
    inference: { dist: 'normal', ...(nClusters !== undefined ? { n_clusters: [nClusters] } : {}) },
    stats,
    dropped: modelDrops(design),
    extra,
  });
}
