/**
 * Exponential and Weibull regressions against the R survreg reference fits
 * (shared/fixtures/expected/nl_streg_*.json; R 4.2.2, survival 3.5.3, rel.tolerance 1e-13).
 * AFT metric = survreg; PH metric = Stata streg nohr (b_PH = −b_AFT/σ, ln p = −log σ, delta-
 * method SEs). Coefficients and log-likelihoods to 1e-8 relative, SEs/statistics to 1e-6.
 */
import { describe, expect, it } from 'vitest';
import { fitStregModel } from '../../../src/estimators/survival/streg.js';
import type { FitOptions } from '../../../src/estimators/registry.js';
import type { SurvivalResult } from '../../../src/estimators/result.js';
import { Reporter } from '../../../src/diagnostics/diagnostic.js';
import { loadExpected, relErr, survDesign, type SurvSpec } from '../../helpers/survival-fixture.js';

const COEF_TOL = 1e-8;
const SE_TOL = 1e-6;

const lung: SurvSpec = { csv: 'nl_lung.csv', time: 'time', event: 'dead', covariates: ['age', 'sex', 'ph_ecog'], intercept: true };
const veteran: SurvSpec = {
  csv: 'nl_veteran.csv', time: 'time', event: 'status', covariates: ['trt', 'karno', 'age', 'celltype'], intercept: true,
};
const cases = [
  { name: 'nl_streg_exp_lung', spec: lung, dist: 'exponential' as const },
  { name: 'nl_streg_exp_veteran', spec: veteran, dist: 'exponential' as const },
  { name: 'nl_streg_weibull_lung', spec: lung, dist: 'weibull' as const },
  { name: 'nl_streg_weibull_veteran', spec: veteran, dist: 'weibull' as const },
];

function fit(spec: SurvSpec, dist: 'exponential' | 'weibull', extra: Partial<FitOptions>): SurvivalResult {
  const options: FitOptions = { vcov: 'iid', conventions: 'stata', ...extra };
  return fitStregModel({ id: 'm', formula: 'Surv(...) ~ ...', design: survDesign(spec), options, reporter: new Reporter() }, dist);
}

describe.each(cases)('$name', ({ name, spec, dist }) => {
  const exp = loadExpected(name);
  const ph = fit(spec, dist, {});
  const aft = fit(spec, dist, { metric: 'aft' });
  const terms = Object.keys(exp.coefficients);

  it('uses the same estimation sample and terms', () => {
    expect(ph.nobs).toBe(exp.nobs);
    expect(ph.stats.n_events).toBe(exp.n_events);
    expect(ph.terms).toEqual(terms);
  });
  for (const t of terms) {
    it(`AFT coefficient ${t}`, () => {
      expect(relErr(aft.coefficients[t]!.estimate, exp.coefficients[t].estimate)).toBeLessThan(COEF_TOL);
    });
    it(`AFT SE ${t}`, () => {
      expect(relErr(aft.coefficients[t]!.se, exp.coefficients[t].se)).toBeLessThan(SE_TOL);
    });
    it(`AFT p ${t}`, () => {
      expect(relErr(aft.coefficients[t]!.p, exp.coefficients[t].p)).toBeLessThan(SE_TOL);
    });
    it(`PH coefficient ${t}`, () => {
      expect(relErr(ph.coefficients[t]!.estimate, exp.coefficients_ph[t].estimate)).toBeLessThan(COEF_TOL);
    });
    it(`PH SE ${t}`, () => {
      expect(relErr(ph.coefficients[t]!.se, exp.coefficients_ph[t].se)).toBeLessThan(SE_TOL);
    });
    it(`PH z ${t}`, () => {
      expect(relErr(ph.coefficients[t]!.stat, exp.coefficients_ph[t].z)).toBeLessThan(SE_TOL);
    });
  }
  it('loglik (time scale, Stata streg = R survreg)', () => {
    expect(relErr(ph.stats.loglik!, exp.stats.loglik)).toBeLessThan(COEF_TOL);
  });
  it('loglik of the constant-only model', () => {
    expect(relErr(ph.stats.loglik_0!, exp.stats.loglik_null)).toBeLessThan(COEF_TOL);
  });
  it('LR chi2', () => {
    expect(relErr(ph.stats.lr_chi2!, exp.stats.lr_chi2)).toBeLessThan(SE_TOL);
  });
  it('LR df', () => {
    expect(ph.stats.lr_df).toBe(exp.stats.lr_df);
  });
  it('LR p', () => {
    expect(relErr(ph.stats.lr_p!, exp.stats.lr_p)).toBeLessThan(SE_TOL);
  });
  it('Wald chi2, AFT metric', () => {
    expect(relErr(aft.stats.wald_chi2!, exp.stats.wald_chi2_aft)).toBeLessThan(SE_TOL);
  });
  it('Wald chi2, PH metric', () => {
    expect(relErr(ph.stats.wald_chi2!, exp.stats.wald_chi2_ph)).toBeLessThan(SE_TOL);
  });
  it('AIC', () => {
    expect(relErr(ph.stats.aic!, exp.stats.aic)).toBeLessThan(COEF_TOL);
  });
  it('the log-time loglik differs by the events\' sum of log t', () => {
    const d = survDesign(spec);
    let s = 0;
    for (let i = 0; i < d.n; i++) if (d.surv!.event[i] === 1) s += Math.log(d.surv!.time[i]!);
    expect(relErr(ph.stats.loglik_log_time! - s, exp.stats.loglik)).toBeLessThan(COEF_TOL);
  });
  it('AFT variance matrix (with Log(scale) for the Weibull)', () => {
    const V = exp.vcov.matrix as number[][];
    const got = aft.extra!.vcov_full!.matrix;
    for (let i = 0; i < V.length; i++)
      for (let j = 0; j < V.length; j++)
        expect(Math.abs(got[i]![j]! - V[i]![j]!)).toBeLessThan(SE_TOL * Math.sqrt(V[i]![i]! * V[j]![j]!));
  });
  if (dist === 'weibull') {
    const anc = () => ph.extra!.ancillary as Record<string, { estimate: number; se: number; stat?: number }>;
    for (const key of ['log_scale', 'scale', 'ln_p', 'p', 'one_over_p'] as const) {
      it(`ancillary ${key} estimate`, () => {
        expect(relErr(anc()[key]!.estimate, exp.ancillary[key].estimate)).toBeLessThan(COEF_TOL);
      });
      it(`ancillary ${key} SE`, () => {
        expect(relErr(anc()[key]!.se, exp.ancillary[key].se)).toBeLessThan(SE_TOL);
      });
    }
    it('PH variance matrix of the coefficients', () => {
      const V = exp.vcov_ph.matrix as number[][];
      for (let i = 0; i < V.length; i++)
        for (let j = 0; j < V.length; j++)
          expect(Math.abs(ph.vcov_matrix[i]![j]! - V[i]![j]!)).toBeLessThan(SE_TOL * Math.sqrt(V[i]![i]! * V[j]![j]!));
    });
  }
});
