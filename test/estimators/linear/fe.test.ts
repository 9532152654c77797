// Within (FE) estimators against the R oracle (lin_b, lin_c, lin_d): one- and two-way FE,
// balanced and unbalanced, iid and clustered (fixest default ssc = Stata reghdfe/xtreg).
import { describe, expect, it } from 'vitest';
import { expectRel, fac, formula, loadExpected, readCsvFrame, v } from '../../helpers/linear-fixture.js';
import { fit } from '../../helpers/linear-fit.js';
import { checkCoefficients, checkStats } from '../../helpers/linear-check.js';
import { num } from '../../helpers/linear-fixture.js';

const grunfeld = readCsvFrame('grunfeld.csv');
const produc = readCsvFrame('produc.csv');
const producU = readCsvFrame('produc_unbalanced.csv');
const fat = readCsvFrame('fatalities.csv');
const px = ['lpcap', 'lpc', 'lemp', 'unemp'].map((x) => v(x));

const cases = [
  { name: 'lin_fe_grunfeld_iid', frame: grunfeld, f: formula({ y: 'inv', x: [v('value'), v('capital')], fe: ['firm'] }), cl: [] },
  { name: 'lin_fe_grunfeld_cluster_firm', frame: grunfeld, f: formula({ y: 'inv', x: [v('value'), v('capital')], fe: ['firm'] }), cl: ['firm'] },
  { name: 'lin_fe_produc_iid', frame: produc, f: formula({ y: 'lgsp', x: px, fe: ['state'] }), cl: [] },
  { name: 'lin_fe_produc_cluster_state', frame: produc, f: formula({ y: 'lgsp', x: px, fe: ['state'] }), cl: ['state'] },
  { name: 'lin_twfe_produc_iid', frame: produc, f: formula({ y: 'lgsp', x: px, fe: ['state', 'year'] }), cl: [] },
  { name: 'lin_twfe_produc_cluster_state', frame: produc, f: formula({ y: 'lgsp', x: px, fe: ['state', 'year'] }), cl: ['state'] },
  { name: 'lin_twfe_fatalities_iid', frame: fat, f: formula({ y: 'frate', x: [v('beertax'), v('unemp')], fe: ['state', 'year'] }), cl: [] },
  { name: 'lin_twfe_fatalities_cluster_state', frame: fat, f: formula({ y: 'frate', x: [v('beertax'), v('unemp')], fe: ['state', 'year'] }), cl: ['state'] },
  { name: 'lin_twfe_unbal_produc_iid', frame: producU, f: formula({ y: 'lgsp', x: px, fe: ['state', 'year'] }), cl: [] },
  { name: 'lin_twfe_unbal_produc_cluster_state', frame: producU, f: formula({ y: 'lgsp', x: px, fe: ['state', 'year'] }), cl: ['state'] },
];

describe('within estimators against lin_b/lin_c/lin_d', () => {
  for (const c of cases) {
    it(c.name, () => {
      const e = loadExpected(c.name);
      const r = fit(c.f, c.frame, c.cl.length ? { vcov: 'cluster', clusters: c.cl } : {});
      expect(r.nobs).toBe(e.nobs);
      checkCoefficients(r, e);
      const keys = ['r2_within', 'r2', 'adj_r2', 'sigma', 'df_resid', 'ssr', 'f', 'f_p', 'df_t'];
      for (const extra of ['r2_between', 'r2_overall', 'k_adj', 'n_clusters']) if (typeof e.stats[extra] === 'number') keys.push(extra);
      checkStats(r, e, keys);
    });
  }
  it('alternative_se (Kadj = slopes) differs from ours exactly by sqrt((N-Kadj)/(N-Kadj_alt))', () => {
    const e = loadExpected('lin_fe_grunfeld_cluster_firm');
    const r = fit(cases[1]!.f, grunfeld, { vcov: 'cluster', clusters: ['firm'] });
    const alt = e.alternative_se!.k_adj_literal_brief;
    const n = r.nobs;
    const ka = r.stats.k_adj as number;
    for (const t of ['value', 'capital']) {
      expectRel(r.coefficients[t]!.se * Math.sqrt((n - ka) / (n - alt.k_adj)), alt.coefficients[t].se, 1e-6, `alt se ${t}`);
    }
  });
});

describe('equivalences', () => {
  it('year FE absorbed == i(year) dummies (coefficients and iid SEs)', () => {
    const a = fit(formula({ y: 'frate', x: [v('beertax'), v('unemp')], fe: ['state', 'year'] }), fat);
    const b = fit(formula({ y: 'frate', x: [v('beertax'), v('unemp'), fac('year')], fe: ['state'] }), fat);
    for (const t of ['beertax', 'unemp']) {
      expectRel(a.coefficients[t]!.estimate, b.coefficients[t]!.estimate, 1e-9, `estimate ${t}`);
      expectRel(a.coefficients[t]!.se, b.coefficients[t]!.se, 1e-8, `se ${t}`);
    }
  });
  it('unbalanced two-way FE == one FE plus dummies for the other', () => {
    const a = fit(formula({ y: 'lgsp', x: px, fe: ['state', 'year'] }), producU);
    const b = fit(formula({ y: 'lgsp', x: [...px, fac('year')], fe: ['state'] }), producU);
    for (const t of ['lpcap', 'lpc', 'lemp', 'unemp']) expectRel(a.coefficients[t]!.estimate, b.coefficients[t]!.estimate, 1e-9, `estimate ${t}`);
  });
  it('reghdfe-style _cons = mean(y) - mean(X)b is reported as an extra', () => {
    const r = fit(cases[0]!.f, grunfeld);
    const cons = r.extra!.cons as { estimate: number; se: number };
    const mean = (a: Float64Array): number => a.reduce((s, x) => s + x, 0) / a.length;
    const xbar = [mean(num(grunfeld, 'value')), mean(num(grunfeld, 'capital'))];
    const b = [r.coefficients.value!.estimate, r.coefficients.capital!.estimate];
    expectRel(cons.estimate, mean(num(grunfeld, 'inv')) - xbar[0]! * b[0]! - xbar[1]! * b[1]!, 1e-10, '_cons estimate');
    // iid: Var(_cons) = s²/n + x̄'V x̄ (the intercept of the regression of y on X̃ + x̄ and 1).
    const V = r.vcov_matrix;
    let q = 0;
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) q += xbar[i]! * V[i]![j]! * xbar[j]!;
    const s2 = (r.stats.sigma as number) ** 2;
    expectRel(cons.se, Math.sqrt(s2 / r.nobs + q), 1e-10, '_cons se');
  });
});
