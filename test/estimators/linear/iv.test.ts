// 2SLS against the R oracle (lin_f): cross-section iid/HC1 with first-stage and
// identification diagnostics, and 2SLS with state FE (iid with df N-K-G; clustered by state).
import { describe, expect, it } from 'vitest';
import { checkCoefficients, checkStats } from '../../helpers/linear-check.js';
import { expectRel, formula, loadExpected, readCsvFrame, v } from '../../helpers/linear-fixture.js';
import { fit } from '../../helpers/linear-fit.js';
import { getStat } from '../../../src/stats/registry.js';

const cs95 = readCsvFrame('cigarettes_sw_1995.csv');
const cs = readCsvFrame('cigarettes_sw.csv');
const ivF = formula({ y: 'lpacks', x: [v('lrincome')], iv: { endog: [v('lrprice')], instr: [v('salestax'), v('cigtax')] } });
const feivF = formula({
  y: 'lpacks',
  x: [v('lrincome'), v('y1995')],
  fe: ['state'],
  iv: { endog: [v('lrprice')], instr: [v('salestax'), v('cigtax')] },
});

type Fs = { coefficients: Record<string, { estimate: number; se: number }>; f_iid: { F: number; p: number }; f_robust?: { F: number; p: number }; partial_r2: number };

describe('2SLS, CigarettesSW 1995 (lin_iv)', () => {
  for (const [name, vcov] of [['lin_iv_cigsw1995_iid', 'iid'], ['lin_iv_cigsw1995_hc1', 'hc1']] as const) {
    it(name, () => {
      const e = loadExpected(name);
      const r = fit(ivF, cs95, { vcov });
      expect(r.estimator).toBe('iv');
      checkCoefficients(r, e);
      checkStats(r, e, ['r2', 'adj_r2', 'sigma', 'ssr', 'df_resid', 'f', 'f_p', 'df_t']);
      const t = e.tests;
      const fs = (r.extra!.first_stage as Record<string, Fs>).lrprice!;
      expectRel(fs.f_iid.F, t.first_stage_F_iid.F, 1e-6, 'first-stage F iid');
      expectRel(fs.f_iid.p, t.first_stage_F_iid.p, 1e-6, 'first-stage F iid p');
      expectRel(fs.partial_r2, t.first_stage_partial_r2, 1e-6, 'first-stage partial R2');
      if (vcov === 'iid') {
        for (const [term, c] of Object.entries(t.first_stage_coefficients as Record<string, { estimate: number; se: number }>)) {
          expectRel(fs.coefficients[term]!.estimate, c.estimate, 1e-8, `first stage ${term} estimate`);
          expectRel(fs.coefficients[term]!.se, c.se, 1e-6, `first stage ${term} se`);
        }
      } else {
        expectRel(fs.f_robust!.F, t.first_stage_F_hc1.F, 1e-6, 'first-stage F HC1');
        expectRel(fs.f_robust!.p, t.first_stage_F_hc1.p, 1e-6, 'first-stage F HC1 p');
      }
      const tests = r.extra!.tests as Record<string, any>;
      expectRel(tests.kleibergen_paap_rk_lm.chi2, t.kleibergen_paap_rk_lm.chi2, 1e-6, 'KP rk LM');
      expectRel(tests.kleibergen_paap_rk_lm.p, t.kleibergen_paap_rk_lm.p, 1e-6, 'KP rk LM p');
      expectRel(tests.kleibergen_paap_rk_wald_f.F, t.kleibergen_paap_rk_wald_F.F, 1e-6, 'KP rk Wald F');
      expectRel(tests.kleibergen_paap_rk_wald_f.wald, t.kleibergen_paap_rk_wald_F.wald_hc0, 1e-6, 'KP rk Wald (HC0)');
      expectRel(tests.cragg_donald_f, t.first_stage_F_iid.F, 1e-6, 'Cragg-Donald F (= iid first-stage F, one endogenous)');
      expectRel(tests.sargan.chi2, t.ivreg_diagnostics.sargan.chi2, 1e-6, 'Sargan');
      expectRel(tests.sargan.p, t.ivreg_diagnostics.sargan.p, 1e-6, 'Sargan p');
      if (vcov === 'hc1') expect(tests.hansen_j.df).toBe(1);
    });
  }
});

describe('2SLS with state FE, CigarettesSW panel (lin_feiv)', () => {
  it('lin_feiv_cigsw_iid', () => {
    const e = loadExpected('lin_feiv_cigsw_iid');
    const r = fit(feivF, cs);
    checkCoefficients(r, e);
    checkStats(r, e, ['r2_within', 'sigma', 'ssr', 'df_resid', 'f', 'f_p', 'df_t']);
    const fs = (r.extra!.first_stage as Record<string, Fs>).lrprice!;
    expectRel(fs.f_iid.F, e.tests.first_stage_F_within_iid.F, 1e-6, 'within first-stage F');
    expectRel(fs.f_iid.p, e.tests.first_stage_F_within_iid.p, 1e-6, 'within first-stage F p');
  });
  it('lin_feiv_cigsw_cluster_state', () => {
    const e = loadExpected('lin_feiv_cigsw_cluster_state');
    const r = fit(feivF, cs, { vcov: 'cluster', clusters: ['state'] });
    checkCoefficients(r, e);
    checkStats(r, e, ['r2_within', 'sigma', 'ssr', 'f', 'f_p', 'df_t', 'k_adj', 'n_clusters']);
  });
});

// ivreg2 scales the rk Wald statistic so that, with one endogenous regressor, it is the
// first-stage robust F of the excluded instruments with the model's small-sample rule.
// With state FE nested in the state cluster that rule counts the FE as one parameter, so
// the CR1 case checks the (N − K_adj)/(N − 1)·(G − 1)/G factor, not (N − L − A)/N.
describe('KP rk Wald F equals the first-stage robust F with one endogenous regressor', () => {
  for (const [vcov, clusters] of [['hc1', []], ['cluster', ['state']]] as const) {
    it(`state FE, ${vcov}`, () => {
      const r = fit(feivF, cs, { vcov, clusters: [...clusters] });
      const fs = (r.extra!.first_stage as Record<string, Fs>).lrprice!;
      const tests = r.extra!.tests as Record<string, any>;
      expectRel(tests.kleibergen_paap_rk_wald_f.F, fs.f_robust!.F, 1e-10, 'KP F vs first-stage robust F');
      expect(tests.kleibergen_paap_rk_lm.df).toBe(2);
    });
  }
});

// The table statistics read what the estimator writes (a name mismatch once left these cells empty).
describe('IV statistics reach the table registry', () => {
  it('kp_lm, kp_f, first_stage_f and hansen_j of a real fit', () => {
    const r = fit(ivF, cs95, { vcov: 'hc1' });
    const tests = r.extra!.tests as Record<string, any>;
    expect(getStat('kp_lm')!.get(r)).toBe(tests.kleibergen_paap_rk_lm.chi2);
    expect(getStat('kp_lm')!.p!(r)).toBe(tests.kleibergen_paap_rk_lm.p);
    expect(getStat('kp_f')!.get(r)).toBe(tests.kleibergen_paap_rk_wald_f.F);
    expect(getStat('hansen_j')!.get(r)).toBe(tests.hansen_j.chi2);
    expect(getStat('hansen_j')!.p!(r)).toBe(tests.hansen_j.p);
    expect(getStat('first_stage_f')!.get(r)).toBe(r.stats.first_stage_f);
  });
});
