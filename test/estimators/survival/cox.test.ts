/**
 * Cox PH against the R coxph reference fits (shared/fixtures/expected/nl_cox_*.json,
 * R 4.2.2, survival 3.5.3, eps 1e-10). Coefficients and log-likelihoods to 1e-8 relative,
 * SEs and test statistics to 1e-6 relative; one statistic per assertion.
 */
import { describe, expect, it } from 'vitest';
import { fitCoxModel } from '../../../src/estimators/survival/cox.js';
import type { FitOptions } from '../../../src/estimators/registry.js';
import type { SurvivalResult } from '../../../src/estimators/result.js';
import { Reporter } from '../../../src/diagnostics/diagnostic.js';
import { loadExpected, relErr, survDesign, type SurvSpec } from '../../helpers/survival-fixture.js';

const COEF_TOL = 1e-8;
const SE_TOL = 1e-6;

interface Case { readonly name: string; readonly spec: SurvSpec }
const cases: Case[] = [];
for (const ties of ['breslow', 'efron'] as const) {
  cases.push(
    { name: `nl_cox_lung_${ties}`, spec: { csv: 'nl_lung.csv', time: 'time', event: 'dead', covariates: ['age', 'sex', 'ph_ecog'] } },
    {
      name: `nl_cox_veteran_${ties}`,
      spec: { csv: 'nl_veteran.csv', time: 'time', event: 'status', covariates: ['trt', 'karno', 'diagtime', 'age', 'prior', 'celltype'] },
    },
    { name: `nl_cox_lung_strata_${ties}`, spec: { csv: 'nl_lung.csv', time: 'time', event: 'dead', covariates: ['age', 'ph_ecog'], strata: 'sex' } },
    {
      name: `nl_cox_lung_cluster_${ties}`,
      spec: { csv: 'nl_lung.csv', time: 'time', event: 'dead', covariates: ['age', 'sex', 'ph_ecog'], cluster: 'inst' },
    },
  );
}

function fit(spec: SurvSpec, ties: 'breslow' | 'efron', extra: Partial<FitOptions>): SurvivalResult {
  const options: FitOptions = { vcov: 'iid', conventions: 'stata', ties, ...extra };
  return fitCoxModel({ id: 'm', formula: 'Surv(...) ~ ...', design: survDesign(spec), options, reporter: new Reporter() });
}

describe.each(cases)('$name', ({ name, spec }) => {
  const exp = loadExpected(name);
  const ties = name.endsWith('efron') ? 'efron' : 'breslow';
  const clustered = spec.cluster !== undefined;
  const robustOpt: Partial<FitOptions> = { vcov: clustered ? 'cluster' : 'hc1' };
  const model = fit(spec, ties, {});
  const robustR = fit(spec, ties, { ...robustOpt, noadjust: true });
  const robustStata = fit(spec, ties, robustOpt);
  const terms = Object.keys(exp.coefficients);

  it('uses the same estimation sample', () => {
    expect(model.nobs).toBe(exp.nobs);
    expect(model.stats.n_events).toBe(exp.n_events);
    expect(model.terms).toEqual(terms);
  });
  it('takes as many Newton iterations as R', () => {
    expect(model.stats.iterations).toBe(exp.stats.iterations);
  });
  for (const t of terms) {
    it(`coefficient ${t}`, () => {
      expect(relErr(model.coefficients[t]!.estimate, exp.coefficients[t].estimate)).toBeLessThan(COEF_TOL);
    });
    it(`model-based SE ${t}`, () => {
      expect(relErr(model.coefficients[t]!.se, exp.coefficients_naive[t].se)).toBeLessThan(SE_TOL);
    });
    it(`model-based z ${t}`, () => {
      expect(relErr(model.coefficients[t]!.stat, exp.coefficients_naive[t].z)).toBeLessThan(SE_TOL);
    });
    it(`model-based p ${t}`, () => {
      expect(relErr(model.coefficients[t]!.p, exp.coefficients_naive[t].p)).toBeLessThan(SE_TOL);
    });
    it(`robust SE without small-sample factor (noadjust = R) ${t}`, () => {
      expect(relErr(robustR.coefficients[t]!.se, exp.coefficients_robust[t].se)).toBeLessThan(SE_TOL);
    });
    it(`robust SE with G/(G-1) (Stata default) ${t}`, () => {
      expect(relErr(robustStata.coefficients[t]!.se, exp.coefficients_robust_gg1[t].se)).toBeLessThan(SE_TOL);
    });
    it(`hazard ratio ${t}`, () => {
      const hr = (model.extra!.hazard_ratios as Record<string, number>)[t]!;
      expect(relErr(hr, Math.exp(exp.coefficients[t].estimate))).toBeLessThan(COEF_TOL);
    });
  }
  it('loglik at b = 0', () => {
    expect(relErr(model.stats.loglik_0!, exp.stats.loglik_0)).toBeLessThan(COEF_TOL);
  });
  it('loglik at the MLE', () => {
    expect(relErr(model.stats.loglik!, exp.stats.loglik)).toBeLessThan(COEF_TOL);
  });
  it('LR chi2', () => {
    expect(relErr(model.stats.lr_chi2!, exp.stats.lr_chi2)).toBeLessThan(SE_TOL);
  });
  it('LR p', () => {
    expect(relErr(model.stats.lr_p!, exp.stats.lr_p)).toBeLessThan(SE_TOL);
  });
  it('model-based Wald chi2', () => {
    expect(relErr(model.stats.wald_chi2!, exp.stats.wald_chi2)).toBeLessThan(SE_TOL);
  });
  it('robust Wald chi2 (noadjust)', () => {
    expect(relErr(robustR.stats.wald_chi2!, exp.stats.wald_chi2_robust)).toBeLessThan(SE_TOL);
  });
  it('concordance (Harrell C as R coxph)', () => {
    expect(relErr(model.stats.concordance!, exp.stats.concordance)).toBeLessThan(1e-12);
  });
  it('score (log-rank) chi2', () => {
    expect(relErr(model.stats.score_chi2!, exp.stats.score_chi2)).toBeLessThan(SE_TOL);
  });
  if (clustered) {
    it('robust score chi2', () => {
      expect(relErr(robustR.stats.robust_score_chi2!, exp.stats.robust_score_chi2)).toBeLessThan(SE_TOL);
    });
    it('number of clusters', () => {
      expect(robustStata.stats.n_clusters).toBe(exp.stats.n_clusters);
      expect(robustStata.vcov).toBe(`cluster(${spec.cluster})`);
    });
  }
  it('full variance matrix of the main block', () => {
    const main = clustered ? robustR : model;
    const V = exp.vcov.matrix as number[][];
    for (let i = 0; i < V.length; i++)
      for (let j = 0; j < V.length; j++)
        expect(Math.abs(main.vcov_matrix[i]![j]! - V[i]![j]!)).toBeLessThan(SE_TOL * Math.sqrt(V[i]![i]! * V[j]![j]!));
  });
  it('headline chi2 is LR for model-based and Wald for robust variance (Stata)', () => {
    expect(model.stats.chi2).toBe(model.stats.lr_chi2);
    expect(robustStata.stats.chi2).toBe(robustStata.stats.wald_chi2);
  });
});
