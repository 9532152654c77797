/**
 * Discrete-time cloglog against R glm(binomial(cloglog)) on the person-period rows
 * (fixture nl_cloglog_discrete_lung; OIM block = Stata cloglog default). Coefficients are
 * compared with R's polished by one Newton step (see helpers.polishedGlm) at 1e-8; SEs,
 * loglik and chi2 at 1e-6.
 */
import { describe, expect, it } from 'vitest';
import { fitCloglog } from '../../../src/estimators/binary/cloglog.js';
import { normalPValue } from '../../../src/linalg/distributions.js';
import { fitInput, makeDesign, ourTerm, polishedGlm, readCsv, readExpected, rel } from '../../helpers/estimator-fixture.js';

const exp = readExpected('nl_cloglog_discrete_lung');
const orig = readCsv('data/nl_lung_discrete_orig.csv');
const ppCsv = readCsv('data/nl_lung_discrete_pp.csv');
const base = makeDesign(orig, 'time', ['age', 'sex', 'ph_ecog'], { also: ['status'] });
const surv = { ...base, surv: { time: base.y, event: orig.num('status') } };

// The reference design on the oracle's own person-period file (for the polish step).
const periods = [2, 3, 4, 5, 6, 7, 8];
const ppPeriod = ppCsv.num('period');
const ppDesign = {
  ...makeDesign(ppCsv, 'event', ['age', 'sex', 'ph_ecog']),
};
const refDesign = {
  ...ppDesign,
  X: [...ppDesign.X, ...periods.map((k) => Float64Array.from(ppPeriod, (p) => (p === k ? 1 : 0)))],
  names: [...ppDesign.names, ...periods.map((k) => `period::${k}`)],
};
const ref = polishedGlm(exp.coefficients_oim, refDesign, 'cloglog');

describe('cloglog with period: 90 on Surv(time, status)', () => {
  it('OIM fit (Stata default) on the expanded rows', () => {
    const res = fitCloglog(fitInput(surv, { period: 90 }));
    expect(res.estimator).toBe('cloglog');
    expect(res.nobs).toBe(exp.nobs);
    expect(res.stats.n_units).toBe(exp.n_units);
    expect(res.stats.n_events).toBe(exp.n_events);
    expect(res.terms).toEqual(Object.keys(exp.coefficients_oim).map(ourTerm));
    Object.entries<any>(exp.coefficients_oim).forEach(([t, e], a) => {
      const c = res.coefficients[ourTerm(t)]!;
      expect(rel(c.estimate, ref[a]!), t).toBeLessThan(1e-8);
      expect(rel(c.estimate, e.estimate), t).toBeLessThan(1e-6);
      expect(rel(c.se, e.se), t).toBeLessThan(1e-6);
      expect(rel(c.p, e.p), t).toBeLessThan(1e-6);
    });
    for (const [ours, theirs] of [['loglik', 'loglik'], ['loglik_0', 'loglik_null'], ['lr_chi2', 'lr_chi2'], ['lr_p', 'lr_p'], ['pseudo_r2', 'pseudo_r2'], ['aic', 'aic'], ['wald_chi2_covariates', 'wald_chi2_covariates_oim']] as const)
      expect(rel(res.stats[ours]!, exp.stats[theirs]), ours).toBeLessThan(1e-6);
    expect(res.stats.lr_df).toBe(exp.stats.lr_df);
    expect(res.stats.wald_df_covariates).toBe(exp.stats.wald_df_covariates);
  });

  it('information: expected gives the glm SEs (R evaluates them at its last IRLS weights: p checked through z)', () => {
    const res = fitCloglog(fitInput(surv, { period: 90, information: 'expected' }));
    Object.entries<any>(exp.coefficients).forEach(([t, e]) => {
      const c = res.coefficients[ourTerm(t)]!;
      expect(rel(c.se, e.se), t).toBeLessThan(1e-6);
      expect(rel(c.stat, e.z), t).toBeLessThan(1e-6);
      expect(rel(c.p, normalPValue(c.stat))).toBeLessThan(1e-14);
    });
    expect(rel(res.stats.wald_chi2_covariates!, exp.stats.wald_chi2_covariates)).toBeLessThan(1e-6);
  });

  it('plain cloglog on the oracle person-period file gives the same fit', () => {
    const a = fitCloglog(fitInput(refDesign));
    const b = fitCloglog(fitInput(surv, { period: 90 }));
    for (const t of a.terms) expect(rel(a.coefficients[t]!.estimate, b.coefficients[t]!.estimate)).toBeLessThan(1e-12);
  });
});
