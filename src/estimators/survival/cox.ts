/**
 * Cox proportional hazards (`estimator: cox`): the estimator entry, from a Design to a
 * ModelResult.
 *
 *   Design (surv, X, strata, clusters)
 *     │ check outcome, sort once by stratum and exit time, centre X   (survival-data)
 *     │ Newton–Raphson on the partial likelihood, R's path            (cox-fit, cox-likelihood)
 *     │ Lin–Wei sandwich from score residuals, if robust/cluster      (cox-residuals)
 *     ▼
 *   ModelResult: log hazard ratios with z inference; exp(b) in extra.hazard_ratios
 *
 * Defaults follow Stata's stcox: Breslow ties, model-based variance, and for vce(robust) /
 * vce(cluster) the Lin–Wei variance times G/(G−1) (`noadjust` drops the factor, which is
 * R coxph's robust variance). The headline χ² is Stata's: the LR test for model-based
 * variance, the Wald test when the variance is robust.
 */
import { dict } from '../../spec/dict.js';
import type { FitInput } from '../registry.js';
import { freezeResult, type SurvivalResult, type ModelResult } from '../result.js';
import { chi2Sf } from '../../linalg/distributions.js';
import { checkSurvOutcome, prepareCoxData } from './data.js';
import { fitCox, type CoxFit } from './cox-fit.js';
import type { CoxTies } from './cox-likelihood.js';
import { coxScoreResiduals } from './cox-residuals.js';
import { coxConcordance } from './cox-concordance.js';
import {
  chooseVcov, coefficientBlock, finiteOrNull, modelDrops, robustVcov, vcovLabel, waldTest, type VcovChoice,
} from './result.js';
import { quadFormInvLdl, toNested } from '../../linalg/dense.js';
import { meatFromScores } from '../../vcov/meat.js';
import type { CoxData } from './data.js';

/** R coxph with control eps = 1e-10 (the reference fits); R's own default is 1e-9. */
export const COX_DEFAULT_EPS = 1e-10;
export const COX_DEFAULT_MAX_ITER = 100;

export function fitCoxModel(input: FitInput): SurvivalResult {
  const { design, options } = input;
  const ties: CoxTies = options.ties ?? 'breslow';
  const eps = typeof options['eps'] === 'number' ? (options['eps'] as number) : COX_DEFAULT_EPS;
  const maxIter = options.maxIter ?? COX_DEFAULT_MAX_ITER;
  const choice = chooseVcov(design, options);
  const outcome = checkSurvOutcome(design, 'cox', false);
  const data = prepareCoxData(design.X, outcome, design.strata ? design.strata.codes : null);
  const names = design.names;
  const fit = fitCox(data, names, { ties, eps, maxIter });
  const k = data.k;

  let vcov = fit.vcov;
  let nClusters: number | undefined;
  let robustScore = Number.NaN;
  if (choice.kind !== 'model') {
    const resid = coxScoreResiduals(data, fit.beta, ties);
    const rob = robustVcov(fit.vcov, resid, data.n, k, choice);
    vcov = rob.vcov;
    if (choice.kind === 'cluster') nClusters = rob.groups;
    robustScore = robustScoreTest(data, ties, choice);
  }

  const concordance = coxConcordance(data, fit.beta);
  const all = names.map((_, j) => j);
  const wald = waldTest(fit.beta, vcov, k, all);
  const lr = 2 * (fit.loglik - fit.loglik0);
  const headlineIsWald = choice.kind !== 'model';
  const hazardRatios: Record<string, number> = dict();
  names.forEach((nm, j) => (hazardRatios[nm] = Math.exp(fit.beta[j]!)));

  const stats: Record<string, number | null> = {
    loglik: fit.loglik,
    loglik_0: fit.loglik0,
    lr_chi2: lr,
    lr_df: k,
    lr_p: chi2Sf(lr, k),
    wald_chi2: finiteOrNull(wald.chi2),
    wald_df: k,
    wald_p: finiteOrNull(wald.p),
    score_chi2: fit.scoreChi2,
    score_df: k,
    score_p: chi2Sf(fit.scoreChi2, k),
    robust_score_chi2: finiteOrNull(robustScore),
    chi2: headlineIsWald ? finiteOrNull(wald.chi2) : lr,
    chi2_df: k,
    chi2_p: headlineIsWald ? finiteOrNull(wald.p) : chi2Sf(lr, k),
    concordance: finiteOrNull(concordance.concordance),
    n_events: data.nEvents,
    n_strata: design.strata ? data.bounds.length - 1 : 1,
    n_clusters: nClusters ?? null,
    iterations: fit.iterations,
  };

  return freezeResult<SurvivalResult>({
    family: 'survival',
    id: input.id,
    estimator: 'cox',
    formula: input.formula,
    nobs: data.n,
    fixed_effects: [],
    vcov: vcovLabel(choice),
    conventions: conventionText(ties, choice),
    terms: [...names],
    coefficients: coefficientBlock(names, fit.beta, vcov),
    vcov_matrix: toNested(vcov, k),
    inference: { dist: 'normal', ...(nClusters !== undefined ? { n_clusters: [nClusters] } : {}) },
    stats,
    dropped: modelDrops(design),
    extra: {
      hazard_ratios: hazardRatios,
      ties,
      chi2_type: headlineIsWald ? 'wald' : 'lr',
      strata: design.strata ? design.strata.name : null,
      counting_process: data.hasStart,
      vcov_model: toNested(fit.vcov, k),
    },
  });
}

/**
 * R's robust score test: u₀' (Σ_g L_g L_gᵀ)⁻¹ u₀ with the score residuals L at b = 0 summed
 * within clusters (by observation without clusters); no small-sample factor, as in R.
 */
function robustScoreTest(data: CoxData, ties: CoxTies, choice: VcovChoice): number {
  const k = data.k;
  const zero = new Float64Array(k);
  const l0 = coxScoreResiduals(data, zero, ties);
  const cl = choice.kind === 'cluster' ? choice.cluster! : null;
  const u0 = new Float64Array(k);
  for (let i = 0; i < data.n; i++) for (let j = 0; j < k; j++) u0[j] += l0[i * k + j]!;
  const meat = meatFromScores(l0, data.n, k, cl ? cl.codes : null, cl ? cl.nlevels : 0);
  return quadFormInvLdl(meat, u0, k);
}

function conventionText(ties: CoxTies, choice: VcovChoice): string {
  const v =
    choice.kind === 'model'
      ? 'model-based variance (inverse observed information)'
      : `Lin–Wei robust variance ${choice.kind === 'cluster' ? `by ${choice.cluster!.name}` : 'by observation'}` +
        (choice.adjust ? ' × G/(G−1) (Stata)' : ' without small-sample factor (noadjust, = R coxph)');
  return `Cox partial likelihood, ${ties} ties (Stata stcox${ties === 'efron' ? ', efron' : ''}); ${v}; z inference`;
}

export type { CoxFit };
