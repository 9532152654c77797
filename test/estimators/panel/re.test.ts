// Swamy–Arora random effects and panel tests against the R oracle (lin_re_grunfeld; plm 2.6.2).
import { describe, expect, it } from 'vitest';
import { checkCoefficients, checkStats } from '../../helpers/linear-check.js';
import { expectRel, formula, loadExpected, readCsvFrame, v } from '../../helpers/linear-fixture.js';
import { fit } from '../../helpers/linear-fit.js';
import { fitRe } from '../../../src/estimators/panel/re.js';

const grunfeld = readCsvFrame('grunfeld.csv');

describe('random effects, Grunfeld (lin_re)', () => {
  const e = loadExpected('lin_re_grunfeld');
  const r = fit(formula({ y: 'inv', x: [v('value'), v('capital')], fe: ['firm'] }), grunfeld, {}, fitRe);
  it('coefficients with z inference', () => {
    expect(r.inference.dist).toBe('normal');
    checkCoefficients(r, e);
  });
  it('variance components and R² definitions', () => {
    checkStats(r, e, ['theta', 'sigma2_idios', 'sigma2_id', 'sigma_e', 'sigma_u', 'rho', 'r2_plm', 'adj_r2_plm',
      'r2_within', 'r2_between', 'r2_overall', 'wald_chi2', 'wald_p']);
  });
  it('Hausman, F test for unit effects, Breusch–Pagan LM, Honda', () => {
    const t = r.extra!.tests as Record<string, any>;
    expectRel(t.hausman.chi2, e.tests.hausman.chi2, 1e-6, 'Hausman chi2');
    expectRel(t.hausman.p, e.tests.hausman.p, 1e-6, 'Hausman p');
    expectRel(t.f_test_individual_effects.F, e.tests.f_test_individual_effects.F, 1e-6, 'pFtest F');
    expectRel(t.f_test_individual_effects.p, e.tests.f_test_individual_effects.p, 1e-6, 'pFtest p');
    expectRel(t.breusch_pagan_lm.chi2, e.tests.breusch_pagan_lm.chi2, 1e-6, 'BP LM');
    expectRel(t.breusch_pagan_lm.p, e.tests.breusch_pagan_lm.p, 1e-6, 'BP LM p');
    expectRel(t.honda.z, e.tests.honda.z, 1e-6, 'Honda z');
    expectRel(t.honda.p, e.tests.honda.p, 1e-6, 'Honda p');
  });
});
