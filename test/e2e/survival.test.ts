/**
 * Every nl_cox_* and nl_streg_* oracle fixture through a spec run by the CLI.
 * Stata conventions by default: Breslow ties, PH metric for streg, cluster SE × G/(G−1)
 * (the fixture's `coefficients_robust_gg1`); coefficients ≤1e-8, SEs and tests ≤1e-6.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureTests, runSpec, type FixtureCase } from './harness.js';

const lungX = 'age + sex + ph_ecog';
const vetCox = 'trt + karno + diagtime + age + prior + i(celltype)';
const vetStreg = 'trt + karno + age + i(celltype)';
const cell = { 'celltype::large': 'celltypelarge', 'celltype::smallcell': 'celltypesmallcell', 'celltype::squamous': 'celltypesquamous' };

const yaml = `version: 1
data:
  lung: { source: nl_lung.csv }
  vet: { source: nl_veteran.csv }
models:
  cox_b: { data: lung, estimator: cox, formula: "Surv(time, dead) ~ ${lungX}" }
  cox_e: { data: lung, estimator: cox, ties: efron, formula: "Surv(time, dead) ~ ${lungX}" }
  cox_sb: { data: lung, estimator: cox, formula: "Surv(time, dead) ~ age + ph_ecog + strata(sex)" }
  cox_se: { data: lung, estimator: cox, ties: efron, formula: "Surv(time, dead) ~ age + ph_ecog + strata(sex)" }
  cox_cb: { data: lung, estimator: cox, vcov: cluster(inst), formula: "Surv(time, dead) ~ ${lungX}" }
  cox_ce: { data: lung, estimator: cox, ties: efron, vcov: cluster(inst), formula: "Surv(time, dead) ~ ${lungX}" }
  vcox_b: { data: vet, estimator: cox, formula: "Surv(time, status) ~ ${vetCox}" }
  vcox_e: { data: vet, estimator: cox, ties: efron, formula: "Surv(time, status) ~ ${vetCox}" }
  exp_ph: { data: lung, estimator: exponential, formula: "Surv(time, dead) ~ ${lungX}" }
  exp_aft: { data: lung, estimator: exponential, metric: aft, formula: "Surv(time, dead) ~ ${lungX}" }
  wei_ph: { data: lung, estimator: weibull, formula: "Surv(time, dead) ~ ${lungX}" }
  wei_aft: { data: lung, estimator: weibull, metric: aft, formula: "Surv(time, dead) ~ ${lungX}" }
  vexp_ph: { data: vet, estimator: exponential, formula: "Surv(time, status) ~ ${vetStreg}" }
  vwei_ph: { data: vet, estimator: weibull, formula: "Surv(time, status) ~ ${vetStreg}" }
  vwei_aft: { data: vet, estimator: weibull, metric: aft, formula: "Surv(time, status) ~ ${vetStreg}" }
`;

const coxStats = { loglik: 'loglik', loglik_0: 'loglik_0', lr_chi2: 'lr_chi2' };
const cases: FixtureCase[] = [
  { model: 'cox_b', fixture: 'nl_cox_lung_breslow', block: 'coefficients', stats: coxStats },
  { model: 'cox_e', fixture: 'nl_cox_lung_efron', block: 'coefficients', stats: coxStats },
  { model: 'cox_sb', fixture: 'nl_cox_lung_strata_breslow', block: 'coefficients', stats: coxStats },
  { model: 'cox_se', fixture: 'nl_cox_lung_strata_efron', block: 'coefficients', stats: coxStats },
  { model: 'cox_cb', fixture: 'nl_cox_lung_cluster_breslow', block: 'coefficients_robust_gg1', stats: coxStats },
  { model: 'cox_ce', fixture: 'nl_cox_lung_cluster_efron', block: 'coefficients_robust_gg1', stats: coxStats },
  { model: 'vcox_b', fixture: 'nl_cox_veteran_breslow', block: 'coefficients', terms: cell, stats: coxStats },
  { model: 'vcox_e', fixture: 'nl_cox_veteran_efron', block: 'coefficients', terms: cell, stats: coxStats },
  { model: 'exp_ph', fixture: 'nl_streg_exp_lung', block: 'coefficients_ph', stats: { loglik: 'loglik', lr_chi2: 'lr_chi2' } },
  { model: 'exp_aft', fixture: 'nl_streg_exp_lung', block: 'coefficients', stats: { loglik: 'loglik' } },
  { model: 'wei_ph', fixture: 'nl_streg_weibull_lung', block: 'coefficients_ph', stats: { loglik: 'loglik', lr_chi2: 'lr_chi2' } },
  { model: 'wei_aft', fixture: 'nl_streg_weibull_lung', block: 'coefficients', stats: { loglik: 'loglik' } },
  { model: 'vexp_ph', fixture: 'nl_streg_exp_veteran', block: 'coefficients_ph', terms: cell, stats: { loglik: 'loglik' } },
  { model: 'vwei_ph', fixture: 'nl_streg_weibull_veteran', block: 'coefficients_ph', terms: cell, stats: { loglik: 'loglik' } },
  { model: 'vwei_aft', fixture: 'nl_streg_weibull_veteran', block: 'coefficients', terms: cell, stats: { loglik: 'loglik' } },
];

describe('survival fixtures through the CLI', () => {
  let results: any;
  beforeAll(() => {
    const r = runSpec(yaml, ['nl_lung.csv', 'nl_veteran.csv']);
    if (r.status !== 0) throw new Error(`studyspec run failed (${r.status}):\n${r.stderr}\n${r.stdout}`);
    results = r.results;
  });
  for (const c of cases) {
    describe(`${c.model} vs ${c.fixture}.${c.block}`, () => fixtureTests(c, () => results.models, it, expect));
  }
});
