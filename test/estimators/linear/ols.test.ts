// Pooled OLS, factor dummies, interactions and I() terms against the R oracle (lin_a, lin_h, lin_i).
// Coefficients ≤ 1e-8 relative; SEs, t, p and statistics ≤ 1e-6 relative.
import { describe, expect, it } from 'vitest';
import { binary } from '../../helpers/linear-expr.js';
import { expectRel, fac, formula, inter, loadExpected, num, readCsvFrame, v, withNum } from '../../helpers/linear-fixture.js';
import { fit } from '../../helpers/linear-fit.js';
import { checkCoefficients, checkStats } from '../../helpers/linear-check.js';

const produc = readCsvFrame('produc.csv');
const olsX = ['lpcap', 'lpc', 'lemp', 'unemp'].map((x) => v(x));
const olsF = formula({ y: 'lgsp', x: olsX });

describe('pooled OLS, Produc (lin_a)', () => {
  it('iid', () => {
    const e = loadExpected('lin_ols_produc_iid');
    const r = fit(olsF, produc);
    expect(r.nobs).toBe(e.nobs);
    checkCoefficients(r, e);
    checkStats(r, e, ['r2', 'adj_r2', 'sigma', 'df_resid', 'ssr', 'loglik', 'f', 'f_p', 'df_t']);
  });
  it('hc1', () => {
    const e = loadExpected('lin_ols_produc_hc1');
    const r = fit(olsF, produc, { vcov: 'hc1' });
    checkCoefficients(r, e);
    checkStats(r, e, ['r2', 'f', 'f_p', 'df_t']);
  });
  it('cluster(state)', () => {
    const e = loadExpected('lin_ols_produc_cluster_state');
    const r = fit(olsF, produc, { vcov: 'cluster', clusters: ['state'] });
    checkCoefficients(r, e);
    checkStats(r, e, ['r2', 'f', 'f_p', 'df_t', 'n_clusters']);
    expect(r.vcov).toBe('cluster(state)');
  });
  it('fixest profile: HC1 equals the stata profile, n/(n−K) (fixest 0.12 multiplies HC0 by n/(n−1)·(n−1)/(n−K))', () => {
    const s = fit(olsF, produc, { vcov: 'hc1' });
    const f = fit(olsF, produc, { vcov: 'hc1', conventions: 'fixest' });
    for (const t of s.terms) expectRel(f.coefficients[t]!.se, s.coefficients[t]!.se, 1e-12, `se ${t}`);
  });
  it('fixest profile: iid and cluster SEs equal the stata profile', () => {
    for (const o of [{ vcov: 'iid' as const }, { vcov: 'cluster' as const, clusters: ['state'] }]) {
      const s = fit(olsF, produc, o);
      const f = fit(olsF, produc, { ...o, conventions: 'fixest' });
      for (const t of s.terms) expectRel(f.coefficients[t]!.se, s.coefficients[t]!.se, 1e-12, `${o.vcov} se ${t}`);
    }
  });
});

const fat = readCsvFrame('fatalities.csv');
const fatF = withNum(fat, 'frate', num(fat, 'frate'));

describe('factors, interactions, quadratic terms, Fatalities (lin_h, lin_i)', () => {
  it('i(year, ref = 1984) matches R treatment contrasts', () => {
    const e = loadExpected('lin_factor_year_fatalities');
    const r = fit(formula({ y: 'frate', x: [v('beertax'), fac('year', { ref: 1984 })] }), fatF);
    checkCoefficients(r, e, (n) => n.replace(/^year(\d+)$/, 'year::$1'));
    checkStats(r, e, ['r2', 'adj_r2', 'sigma', 'ssr', 'loglik', 'f', 'f_p']);
    const idx = r.terms.map((t, j) => (t.startsWith('year::') ? j : -1)).filter((j) => j >= 0);
    expect(idx.length).toBe(6);
  });
  it('x:z interaction', () => {
    const e = loadExpected('lin_interact_fatalities');
    const r = fit(formula({ y: 'frate', x: [v('beertax'), v('unemp'), inter(v('beertax'), v('unemp'))] }), fatF);
    checkCoefficients(r, e);
    checkStats(r, e, ['r2', 'adj_r2', 'sigma', 'f', 'f_p']);
  });
  it('centred interaction (means over the estimation sample)', () => {
    const e = loadExpected('lin_interact_centered_fatalities');
    const mb = e.tests.means_used_for_centering.beertax as number;
    const mu = e.tests.means_used_for_centering.unemp as number;
    let fr = withNum(fatF, 'beertax_c', num(fat, 'beertax').map((x) => x - mb));
    fr = withNum(fr, 'unemp_c', num(fat, 'unemp').map((x) => x - mu));
    const r = fit(formula({ y: 'frate', x: [v('beertax_c'), v('unemp_c'), inter(v('beertax_c'), v('unemp_c'))] }), fr);
    checkCoefficients(r, e);
    checkStats(r, e, ['r2', 'sigma', 'f']);
  });
  it('I(unemp^2)', () => {
    const e = loadExpected('lin_quadratic_fatalities');
    const sq = v('I(unemp^2)', binary('^', 'unemp', 2));
    const r = fit(formula({ y: 'frate', x: [v('unemp'), sq] }), fatF);
    checkCoefficients(r, e);
    checkStats(r, e, ['r2', 'adj_r2', 'sigma', 'f', 'f_p']);
  });
});
