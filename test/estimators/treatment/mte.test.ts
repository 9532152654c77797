/**
 * Parametric normal MTE against shared/fixtures/expected/nl_mte_normal.json (R: probit +
 * lm, shared/oracle/nl_mte.R) on the simulated data nl_mte_sim.csv, and recovery of the
 * known DGP within the fixture's Monte Carlo bands (|estimate − truth| < 4 sd, 300 reps).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_MTE_GRID, fitMte, mteFromIndex } from '../../../src/estimators/treatment/mte.js';
import { linearIndex } from '../../../src/linalg/kernels.js';
import { fitInput, makeDesign, polishedGlm, readCsv, readExpected, rel } from '../../helpers/estimator-fixture.js';
import { codeOf } from '../../helpers/errors.js';

const csv = readCsv('data/nl_mte_sim.csv');
const exp = readExpected('nl_mte_normal');
const base = makeDesign(csv, 'y', ['x1']);
const design = {
  ...base,
  endog: { X: [csv.num('d')], names: ['d'] },
  instruments: { Z: [csv.num('z1'), csv.num('z2')], names: ['z1', 'z2'] },
};
const grid = Array.from({ length: 19 }, (_, i) => (i + 1) / 20);
const gridKeys = grid.map((u) => `u${u.toFixed(2)}`);
const livName = (t: string): string => (t === 'I(P * x1)' ? 'P:x1' : t);

describe('steps 2-3 on the oracle propensity index', () => {
  const gamma = Float64Array.from(Object.values<any>(exp.propensity_coefficients).map((c) => c.estimate as number));
  const cols = [new Float64Array(csv.n).fill(1), csv.num('x1'), csv.num('z1'), csv.num('z2')];
  const core = mteFromIndex(design.y, csv.num('d'), base.X, base.names, linearIndex(cols, gamma, csv.n), grid);

  it('local IV regression: coefficients 1e-8, OLS SEs 1e-6, R2', () => {
    Object.entries<any>(exp.coefficients).forEach(([t, e], a) => {
      expect(core.liv.terms[a]).toBe(livName(t));
      expect(rel(core.liv.beta[a]!, e.estimate), t).toBeLessThan(1e-8);
      expect(rel(Math.sqrt(core.liv.V[a * 5 + a]!), e.se), t).toBeLessThan(1e-6);
    });
    expect(rel(core.liv.r2, exp.stats.liv_r2)).toBeLessThan(1e-8);
  });

  for (const approach of ['liv', 'separate'] as const) {
    it(`${approach}: MTE grid, ATE/ATT/ATU (propensity- and D-weighted), slope`, () => {
      const e = core[approach];
      const x = exp[approach];
      gridKeys.forEach((key, j) => expect(rel(e.mte[j]!, x.mte[key]), key).toBeLessThan(1e-8));
      expect(rel(e.ate, x.ate)).toBeLessThan(1e-8);
      expect(rel(e.att, x.att)).toBeLessThan(1e-8);
      expect(rel(e.atu, x.atu)).toBeLessThan(1e-8);
      expect(rel(e.attD, x.att_dweighted)).toBeLessThan(1e-8);
      expect(rel(e.atuD, x.atu_dweighted)).toBeLessThan(1e-8);
      expect(rel(e.slope, x.mte_slope_on_qnorm_u)).toBeLessThan(1e-8);
      expect(rel(e.xPart, x.mte_x_part)).toBeLessThan(1e-8);
      Object.values<number>(x.beta1_minus_beta0).forEach((v, a) => expect(rel(e.beta1MinusBeta0[a]!, v)).toBeLessThan(1e-8));
    });
  }

  it('separate approach arm regressions', () => {
    Object.values<any>(exp.separate.coefficients_treated).forEach((c, a) => expect(rel(core.separate.treated[a]!, c.estimate)).toBeLessThan(1e-8));
    Object.values<any>(exp.separate.coefficients_untreated).forEach((c, a) => expect(rel(core.separate.untreated[a]!, c.estimate)).toBeLessThan(1e-8));
  });
});

describe('fitMte (estimator mte)', () => {
  const res = fitMte(fitInput(design, { grid }));

  it('propensity probit = the polished oracle probit; propensity stats', () => {
    const pdesign = { ...base, y: csv.num('d'), X: [csv.num('x1'), csv.num('z1'), csv.num('z2')], names: ['x1', 'z1', 'z2'] };
    const ref = polishedGlm(exp.propensity_coefficients, pdesign, 'probit');
    const pc = (res.extra!.propensity as { coefficients: Record<string, { estimate: number }> }).coefficients;
    Object.keys(exp.propensity_coefficients).forEach((t, a) => expect(rel(pc[t]!.estimate, ref[a]!), t).toBeLessThan(1e-8));
    expect(rel(res.stats.propensity_loglik!, exp.stats.propensity_loglik)).toBeLessThan(1e-10);
    expect(rel(res.stats.mean_p!, exp.stats.mean_p)).toBeLessThan(1e-8);
    expect(rel(res.stats.p_min!, exp.stats.p_min)).toBeLessThan(1e-6);
    expect(rel(res.stats.p_max!, exp.stats.p_max)).toBeLessThan(1e-8);
  });

  it('headline effects (LIV) agree with the oracle at 1e-6 (propensity from our fully converged probit)', () => {
    expect(rel(res.stats.ate!, exp.stats.ate)).toBeLessThan(1e-6);
    expect(rel(res.stats.att!, exp.stats.att)).toBeLessThan(1e-6);
    expect(rel(res.stats.atu!, exp.stats.atu)).toBeLessThan(1e-6);
    expect(res.nobs).toBe(exp.nobs);
    expect(res.stats.n_treated).toBe(exp.n_events);
    expect(res.inference.dist).toBe('t');
  });

  it('recovers the DGP within 4 Monte Carlo sd', () => {
    const t = exp.truth;
    const sd = t.monte_carlo_sd_liv;
    expect(Math.abs(res.stats.ate! - t.ate_conditional_on_sample_x)).toBeLessThan(4 * sd.ate);
    expect(Math.abs(res.stats.att! - t.att_conditional_on_sample_xz)).toBeLessThan(4 * sd.att);
    expect(Math.abs(res.stats.atu! - t.atu_conditional_on_sample_xz)).toBeLessThan(4 * sd.atu);
    expect(Math.abs(res.stats.mte_slope! - t.sigma_1V_minus_sigma_0V)).toBeLessThan(4 * sd.slope);
    const m = res.extra.mte.mte;
    expect(Math.abs(m[1]! - t.mte_at_sample_mean_x['u0.10'])).toBeLessThan(4 * sd['mte_u0.10']);
    expect(Math.abs(m[9]! - t.mte_at_sample_mean_x['u0.50'])).toBeLessThan(4 * sd['mte_u0.50']);
    expect(Math.abs(m[17]! - t.mte_at_sample_mean_x['u0.90'])).toBeLessThan(4 * sd['mte_u0.90']);
  });

  it('default grid is u = 0.01..0.99; approach: separate switches the headline', () => {
    const r = fitMte(fitInput(design, { approach: 'separate' }));
    const m = r.extra.mte;
    expect(m.u).toEqual([...DEFAULT_MTE_GRID]);
    expect(m.u.length).toBe(99);
    expect(m.mte).toEqual(m.separate);
    expect(r.extra!.approach).toBe('separate');
  });

  it('a design without treatment/instruments is SS560; a non-binary treatment SS561', () => {
    expect(codeOf(() => fitMte(fitInput(base)))).toBe('SS560');
    expect(codeOf(() => fitMte(fitInput({ ...design, endog: { X: [csv.num('y')], names: ['y'] } })))).toBe('SS561');
  });
});
