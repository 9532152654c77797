/**
 * Probit and logit against R glm (epsilon 1e-14) with the fixture's OIM / robust blocks
 * (shared/fixtures/expected/nl_{probit,logit}_{mroz,swisslabor}.json, R 4.2.2 + sandwich 3.0.2).
 * Tolerances: coefficients 1e-8 relative, SEs and statistics 1e-6 relative (brief).
 */
import { describe, expect, it } from 'vitest';
import { fitBinaryModel } from '../../../src/estimators/binary/binary.js';
import { isStudyError } from '../../../src/diagnostics/diagnostic.js';
import { fitInput, makeDesign, polishedGlm, readCsv, readExpected, rel } from '../../helpers/estimator-fixture.js';
import { normalPValue } from '../../../src/linalg/distributions.js';
import { codeOf } from '../../helpers/errors.js';

const cases = [
  { name: 'nl_probit_mroz', link: 'probit', csv: 'data/nl_mroz.csv', y: 'inlf', xs: ['nwifeinc', 'educ', 'exper', 'expersq', 'age', 'kidslt6', 'kidsge6'] },
  { name: 'nl_logit_mroz', link: 'logit', csv: 'data/nl_mroz.csv', y: 'inlf', xs: ['nwifeinc', 'educ', 'exper', 'expersq', 'age', 'kidslt6', 'kidsge6'] },
  { name: 'nl_probit_swisslabor', link: 'probit', csv: 'data/nl_swisslabor.csv', y: 'participation', xs: ['income', 'age', 'agesq', 'education', 'youngkids', 'oldkids', 'foreign'] },
  { name: 'nl_logit_swisslabor', link: 'logit', csv: 'data/nl_swisslabor.csv', y: 'participation', xs: ['income', 'age', 'agesq', 'education', 'youngkids', 'oldkids', 'foreign'] },
] as const;

/**
 * `pFromZ`: R's summary.glm SEs come from the IRLS weights of the last iteration, i.e. at the
 * penultimate iterate, not at the MLE; they differ from the exact expected information by
 * ~1e-7, which a tail p-value amplifies by ~z². For those blocks the SE and z are compared at
 * 1e-6 and p is checked as the two-sided normal tail of our z.
 */
function compareBlock(
  res: ReturnType<typeof fitBinaryModel>,
  block: Record<string, { estimate: number; se: number; z: number; p: number }>,
  ref: Float64Array,
  pFromZ = false,
): void {
  Object.entries(block).forEach(([term, e], a) => {
    const c = res.coefficients[term]!;
    expect(rel(c.estimate, ref[a]!), `${term} estimate`).toBeLessThan(1e-8);
    expect(rel(c.se, e.se), `${term} se`).toBeLessThan(1e-6);
    expect(rel(c.stat, e.z), `${term} z`).toBeLessThan(1e-6);
    if (pFromZ) expect(rel(c.p, normalPValue(c.stat)), `${term} p`).toBeLessThan(1e-14);
    else expect(rel(c.p, e.p), `${term} p`).toBeLessThan(1e-6);
  });
}

describe.each(cases)('$name', (tc) => {
  const csv = readCsv(tc.csv);
  const exp = readExpected(tc.name);
  const design = makeDesign(csv, tc.y, tc.xs);
  // R glm's coefficients polished by one Newton step (see helpers.polishedGlm for why).
  const ref = polishedGlm(exp.coefficients, design, tc.link);

  it('R glm coefficients are within 1e-7 of the polished optimum (the size of its stopping error)', () => {
    Object.values(exp.coefficients).forEach((c: any, a) => expect(rel(c.estimate, ref[a]!)).toBeLessThan(1e-7));
  });

  it('matches the OIM fit (Stata default vce(oim)) and the fit statistics', () => {
    const res = fitBinaryModel(fitInput(design), tc.link);
    expect(res.nobs).toBe(exp.nobs);
    expect(res.stats.n_events).toBe(exp.n_events);
    expect(res.vcov).toBe('oim');
    compareBlock(res, exp.coefficients_oim, ref);
    expect(rel(res.stats.loglik!, exp.stats.loglik)).toBeLessThan(1e-10);
    expect(rel(res.stats.loglik_0!, exp.stats.loglik_null)).toBeLessThan(1e-10);
    expect(rel(res.stats.lr_chi2!, exp.stats.lr_chi2)).toBeLessThan(1e-8);
    expect(res.stats.lr_df).toBe(exp.stats.lr_df);
    expect(rel(res.stats.lr_p!, exp.stats.lr_p)).toBeLessThan(1e-6);
    expect(rel(res.stats.pseudo_r2!, exp.stats.pseudo_r2)).toBeLessThan(1e-8);
    expect(rel(res.stats.wald_chi2!, exp.stats.wald_chi2_oim)).toBeLessThan(1e-6);
    expect(rel(res.stats.aic!, exp.stats.aic)).toBeLessThan(1e-10);
    const terms: string[] = exp.vcov_oim.terms;
    expect(res.terms).toEqual(terms);
    for (let a = 0; a < terms.length; a++)
      for (let b = 0; b < terms.length; b++)
        expect(rel(res.vcov_matrix[a]![b]!, exp.vcov_oim.matrix[a][b])).toBeLessThan(1e-6);
  });

  it('information: expected reproduces glm (Fisher) SEs', () => {
    const res = fitBinaryModel(fitInput(design, { information: 'expected' }), tc.link);
    expect(res.vcov).toBe('eim');
    compareBlock(res, exp.coefficients, ref, true);
    expect(rel(res.stats.wald_chi2!, exp.stats.wald_chi2)).toBeLessThan(1e-6);
  });

  it('vcov hc1 = Stata vce(robust): OIM bread, N/(N-1); Wald chi2 becomes the headline', () => {
    const res = fitBinaryModel(fitInput(design, { vcov: 'hc1' }), tc.link);
    expect(res.vcov).toBe('robust');
    compareBlock(res, exp.coefficients_robust_stata, ref);
    expect(rel(res.stats.wald_chi2!, exp.stats.wald_chi2_robust_stata)).toBeLessThan(1e-6);
    expect(res.stats.chi2).toBe(res.stats.wald_chi2);
  });

  it('robust with expected-information bread and N/(N-1) = the hc0_nn1 block; noadjust = HC0', () => {
    const r1 = fitBinaryModel(fitInput(design, { vcov: 'hc1', information: 'expected' }), tc.link);
    compareBlock(r1, exp.coefficients_robust_hc0_nn1, ref, true);
    const r0 = fitBinaryModel(fitInput(design, { vcov: 'hc1', information: 'expected', noadjust: true }), tc.link);
    compareBlock(r0, exp.coefficients_robust_hc0, ref, true);
  });
});

describe('cluster VCE', () => {
  const csv = readCsv('data/nl_mroz.csv');
  const xs = ['nwifeinc', 'educ', 'exper', 'expersq', 'age', 'kidslt6', 'kidsge6'];
  it('one observation per cluster equals robust with G/(G-1) = N/(N-1)', () => {
    const design = makeDesign(csv, 'inlf', xs);
    const ids = { name: 'row', codes: Int32Array.from({ length: design.n }, (_, i) => i), nlevels: design.n };
    const cl = fitBinaryModel(fitInput({ ...design, clusters: [ids] }, { vcov: 'cluster' }), 'probit');
    const rb = fitBinaryModel(fitInput(design, { vcov: 'hc1' }), 'probit');
    for (const t of rb.terms) expect(rel(cl.coefficients[t]!.se, rb.coefficients[t]!.se)).toBeLessThan(1e-12);
    expect(cl.inference.n_clusters).toEqual([design.n]);
  });
  it('noadjust removes exactly G/(G-1) from the clustered variance', () => {
    const design = makeDesign(csv, 'inlf', xs, { cluster: 'city' });
    const a = fitBinaryModel(fitInput(design, { vcov: 'cluster' }), 'logit');
    const b = fitBinaryModel(fitInput(design, { vcov: 'cluster', noadjust: true }), 'logit');
    expect(a.vcov).toBe('cluster(city)');
    expect(a.inference.n_clusters).toEqual([2]);
    const ratio = a.vcov_matrix[1]![1]! / b.vcov_matrix[1]![1]!;
    expect(ratio).toBeCloseTo(2, 12);
  });
});

describe('perfect prediction and failures', () => {
  const csv = readCsv('data/nl_mroz.csv');
  const base = makeDesign(csv, 'inlf', ['educ', 'age']);
  it('drops a regressor whose nonzero rows all fail, with its rows, and reports it (Stata rule)', () => {
    // A dummy that is 1 only on some non-participants.
    const dummy = new Float64Array(base.n);
    let marked = 0;
    for (let i = 0; i < base.n && marked < 25; i++) if (base.y[i] === 0) { dummy[i] = 1; marked++; }
    const d = { ...base, X: [...base.X, dummy], names: [...base.names, 'bad'] };
    const input = fitInput(d);
    const res = fitBinaryModel(input, 'probit');
    expect(res.dropped.perfect_prediction).toEqual(['bad']);
    expect(res.dropped.perfect_prediction_rows).toBe(25);
    expect(res.nobs).toBe(base.n - 25);
    expect(res.terms).not.toContain('bad');
    expect(input.reporter.warnings.map((w) => w.code)).toEqual(['SS554']);
  });
  it('complete separation by a continuous regressor is an error SS555', () => {
    const x = Float64Array.from(base.y, (v, i) => (v === 1 ? 1 + (i % 7) : -1 - (i % 5)));
    const d = { ...base, X: [x], names: ['sep'] };
    try {
      fitBinaryModel(fitInput(d), 'logit');
      expect.unreachable();
    } catch (e) {
      expect(isStudyError(e) && e.diagnostics[0]!.code).toBe('SS555');
    }
  });
  it('a constant outcome is SS553; collinear regressors give a singular Hessian SS551; an iteration cap SS550', () => {
    expect(codeOf(() => fitBinaryModel(fitInput({ ...base, y: new Float64Array(base.n) }), 'probit'))).toBe('SS553');
    const dup = { ...base, X: [...base.X, base.X[0]!], names: [...base.names, 'educ2'] };
    expect(codeOf(() => fitBinaryModel(fitInput(dup), 'probit'))).toBe('SS551');
    expect(codeOf(() => fitBinaryModel(fitInput(base, { maxIter: 1 }), 'probit'))).toBe('SS550');
  });
});
