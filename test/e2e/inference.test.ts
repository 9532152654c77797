/**
 * The inference menu through the CLI against oracle/inf_*.R (R sandwich, plm, fixest 0.12.2
 * where they have the convention; the matrix formula where only Stata has it — each fixture's
 * `reference` says which): coefficients ≤ 1e-8, SEs, statistics and p ≤ 1e-6 relative.
 * Every case names its convention profile in the test title.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { fixtureTests, runSpec, type FixtureCase } from './harness.js';

interface Study {
  readonly name: string;
  readonly files: readonly string[];
  readonly yaml: string;
  readonly cases: readonly (Omit<FixtureCase, 'block'> & { readonly convention: string })[];
}

const X = 'lpcap + lpc + lemp + unemp';
const CL = { n_clusters: 'n_clusters' };

const studies: Study[] = [
  {
    name: 'produc (pooled OLS and state FE)',
    files: ['produc.csv'],
    yaml: `version: 1
data:
  d: { source: produc.csv, panel: { id: state, time: year } }
models:
  hc2: { formula: "lgsp ~ ${X}", vcov: hc2 }
  hc3: { formula: "lgsp ~ ${X}", vcov: hc3 }
  hc2_fx: { formula: "lgsp ~ ${X}", vcov: hc2, conventions: fixest }
  cl3: { formula: "lgsp ~ ${X}", vcov: "cluster(state, year, region)" }
  cl3_fx: { formula: "lgsp ~ ${X}", vcov: "cluster(state, year, region)", conventions: fixest }
  clry: { formula: "lgsp ~ ${X}", vcov: "cluster(region^year)" }
  nw_st: { formula: "lgsp ~ ${X}", vcov: nw(2) }
  nw_fx: { formula: "lgsp ~ ${X}", vcov: nw(2), conventions: fixest }
  dk: { formula: "lgsp ~ ${X}", vcov: dk(2) }
  dk_fx: { formula: "lgsp ~ ${X}", vcov: dk(2), conventions: fixest }
  fe_cl2: { formula: "lgsp ~ ${X} | state", vcov: "cluster(state, year)" }
  fe_cl2_fx: { formula: "lgsp ~ ${X} | state", vcov: "cluster(state, year)", conventions: fixest }
  fe_dk: { formula: "lgsp ~ ${X} | state", vcov: dk(2) }
  fe_nw: { formula: "lgsp ~ ${X} | state", vcov: nw(2) }
  hc1_fx: { formula: "lgsp ~ ${X}", vcov: hc1, conventions: fixest }
`,
    cases: [
      { fixture: 'inf_ols_produc_hc2', model: 'hc2', convention: 'stata (regress, vce(hc2))' },
      { fixture: 'inf_ols_produc_hc3', model: 'hc3', convention: 'stata (regress, vce(hc3))' },
      { fixture: 'inf_ols_produc_hc2', model: 'hc2_fx', convention: 'fixest (same HC2)' },
      { fixture: 'inf_ols_produc_cluster3', model: 'cl3', convention: 'stata (reghdfe, min G)', stats: CL },
      { fixture: 'inf_ols_produc_cluster3', model: 'cl3_fx', convention: 'fixest (cluster.df = "min")', stats: CL },
      { fixture: 'inf_ols_produc_cluster_region_year', model: 'clry', convention: 'stata (CR1, a^b)', stats: CL },
      { fixture: 'inf_ols_produc_nw2_stata', model: 'nw_st', convention: 'stata (newey)' },
      { fixture: 'inf_ols_produc_nw2_fixest', model: 'nw_fx', convention: 'fixest (NW)' },
      { fixture: 'inf_ols_produc_dk2', model: 'dk', convention: 'stata (DK, fixest rule)' },
      { fixture: 'inf_ols_produc_dk2', model: 'dk_fx', convention: 'fixest (DK)' },
      { fixture: 'inf_fe_produc_cluster_state_year', model: 'fe_cl2', convention: 'stata (reghdfe two-way)', stats: CL },
      { fixture: 'inf_fe_produc_cluster_state_year', model: 'fe_cl2_fx', convention: 'fixest (two-way)', stats: CL },
      { fixture: 'inf_fe_produc_dk2', model: 'fe_dk', convention: 'stata (DK on the within scores)' },
      { fixture: 'inf_fe_produc_nw2_stata', model: 'fe_nw', convention: 'stata (newey on the within scores)' },
      { fixture: 'lin_ols_produc_hc1', model: 'hc1_fx', convention: 'fixest (hetero = n/(n−K), as Stata)' },
    ],
  },
  {
    name: 'Conley (cross-section and panel)',
    files: ['inf_conley.csv', 'inf_conley_panel.csv'],
    yaml: `version: 1
data:
  cs: { source: inf_conley.csv }
  pn: { source: inf_conley_panel.csv, panel: { id: loc, time: year } }
models:
  cross: { data: cs, formula: "y ~ x", vcov: "conley(250, lat = lat, lon = lon)" }
  cross_fx: { data: cs, formula: "y ~ x", vcov: "conley(250, lon = lon, lat = lat)", conventions: fixest }
  panel: { data: pn, formula: "y ~ x", vcov: "conley(200, lat = lat, lon = lon)" }
`,
    cases: [
      { fixture: 'inf_conley_cross', model: 'cross', convention: 'stata (fixest rule: (n−1)/(n−K))' },
      { fixture: 'inf_conley_cross', model: 'cross_fx', convention: 'fixest (vcov_conley, spherical)' },
      { fixture: 'inf_conley_panel', model: 'panel', convention: 'stata (pairs within a period)' },
    ],
  },
  {
    name: 'Grunfeld: clustered random effects, singletons kept',
    files: ['grunfeld.csv', 'grunfeld_singleton.csv'],
    yaml: `version: 1
data:
  g: { source: grunfeld.csv, panel: { id: firm, time: year } }
  gs: { source: grunfeld_singleton.csv, panel: { id: firm, time: year } }
models:
  re_cl: { data: g, estimator: re, formula: "inv ~ value + capital | firm", vcov: cluster(firm) }
  re_cl_panel_id: { data: g, estimator: re, formula: "inv ~ value + capital", vcov: cluster(firm) }
  re_robust: { data: g, estimator: re, formula: "inv ~ value + capital", vcov: robust }
  keep_iid: { data: gs, formula: "inv ~ value + capital | firm", singletons: keep }
  keep_cl: { data: gs, formula: "inv ~ value + capital | firm", singletons: keep, vcov: cluster(firm) }
  keep_cl_fx: { data: gs, formula: "inv ~ value + capital | firm", conventions: fixest, vcov: cluster(firm) }
`,
    cases: [
      { fixture: 'inf_re_grunfeld_cluster_firm', model: 're_cl', convention: 'stata (xtreg, re vce(cluster firm))', stats: CL },
      { fixture: 'inf_re_grunfeld_cluster_firm', model: 're_cl_panel_id', convention: 'stata (unit = the panel id)', stats: CL },
      { fixture: 'inf_re_grunfeld_cluster_firm', model: 're_robust', convention: 'stata (xtreg, re vce(robust) = clustered by the panel unit)', stats: CL },
      { fixture: 'inf_fe_grunfeld_singleton_keep_iid', model: 'keep_iid', convention: 'stata with singletons: keep (xtreg, fe)' },
      { fixture: 'inf_fe_grunfeld_singleton_keep_cluster', model: 'keep_cl', convention: 'stata with singletons: keep (xtreg, fe)', stats: CL },
      { fixture: 'inf_fe_grunfeld_singleton_keep_cluster', model: 'keep_cl_fx', convention: 'fixest (keeps singletons by default)', stats: CL },
    ],
  },
  {
    name: 'CigarettesSW: large-sample IV (small: false)',
    files: ['cigarettes_sw.csv', 'cigarettes_sw_1995.csv'],
    yaml: `version: 1
data:
  c95: { source: cigarettes_sw_1995.csv }
  c: { source: cigarettes_sw.csv }
models:
  iid: { data: c95, formula: "lpacks ~ lrincome | lrprice ~ salestax + cigtax", small: false }
  hc1: { data: c95, formula: "lpacks ~ lrincome | lrprice ~ salestax + cigtax", vcov: hc1, small: false }
  cl: { data: c, formula: "lpacks ~ lrincome + y1995 | lrprice ~ salestax + cigtax", vcov: cluster(state), small: false }
`,
    cases: [
      { fixture: 'inf_iv_cigsw1995_large_iid', model: 'iid', convention: 'stata ivregress 2sls without small' },
      { fixture: 'inf_iv_cigsw1995_large_hc1', model: 'hc1', convention: 'stata ivregress 2sls, vce(robust) without small' },
      { fixture: 'inf_iv_cigsw_large_cluster_state', model: 'cl', convention: 'stata ivreg2, cluster() without small', stats: CL },
    ],
  },
  {
    name: 'Produc with weights (analytic/probability emp, frequency region)',
    files: ['produc.csv'],
    yaml: `version: 1
data:
  d: { source: produc.csv, panel: { id: state, time: year } }
models:
  aw: { formula: "lgsp ~ ${X}", weights: emp }
  aw_fx: { formula: "lgsp ~ ${X}", weights: emp, conventions: fixest }
  aw_cl: { formula: "lgsp ~ ${X}", weights: emp, vcov: cluster(state) }
  pw: { formula: "lgsp ~ ${X}", weights: { column: emp, kind: probability } }
  aw_hc2: { formula: "lgsp ~ ${X}", weights: emp, vcov: hc2 }
  fw: { formula: "lgsp ~ ${X}", weights: { column: region, kind: frequency } }
  fw_hc1: { formula: "lgsp ~ ${X}", weights: { column: region, kind: frequency }, vcov: hc1 }
  fw_cl: { formula: "lgsp ~ ${X}", weights: { column: region, kind: frequency }, vcov: cluster(state) }
  fe_aw: { formula: "lgsp ~ ${X} | state", weights: emp }
  fe_aw_fx: { formula: "lgsp ~ ${X} | state", weights: emp, conventions: fixest }
  fe_aw_cl: { formula: "lgsp ~ ${X} | state", weights: emp, vcov: cluster(state) }
  twfe_aw: { formula: "lgsp ~ ${X} | state + year", weights: emp }
`,
    cases: [
      { fixture: 'inf_w_aw_ols_iid', model: 'aw', convention: 'stata ([aw=])' },
      { fixture: 'inf_w_aw_ols_iid', model: 'aw_fx', convention: 'fixest (weights =)' },
      { fixture: 'inf_w_aw_ols_cluster_state', model: 'aw_cl', convention: 'stata ([aw=], CR1)', stats: CL },
      { fixture: 'inf_w_pw_ols', model: 'pw', convention: 'stata ([pw=] implies robust)' },
      { fixture: 'inf_w_aw_ols_hc2', model: 'aw_hc2', convention: 'stata ([aw=], hc2)' },
      { fixture: 'inf_w_fw_ols_iid', model: 'fw', convention: 'stata ([fw=], nobs = Σw)' },
      { fixture: 'inf_w_fw_ols_hc1', model: 'fw_hc1', convention: 'stata ([fw=], robust)' },
      { fixture: 'inf_w_fw_ols_cluster_state', model: 'fw_cl', convention: 'stata ([fw=], CR1)', stats: CL },
      { fixture: 'inf_w_aw_fe_iid', model: 'fe_aw', convention: 'stata (reghdfe [aw=])' },
      { fixture: 'inf_w_aw_fe_iid', model: 'fe_aw_fx', convention: 'fixest (feols weights =)' },
      { fixture: 'inf_w_aw_fe_cluster_state', model: 'fe_aw_cl', convention: 'stata (reghdfe [aw=], cluster)', stats: CL },
      { fixture: 'inf_w_aw_twfe_iid', model: 'twfe_aw', convention: 'stata (reghdfe [aw=], two FE)' },
    ],
  },
];

for (const study of studies) {
  describe(`inference fixtures through the CLI: ${study.name}`, () => {
    let results: any;
    beforeAll(() => {
      const r = runSpec(study.yaml, study.files);
      if (r.status !== 0) throw new Error(`studyspec run failed (${r.status}):\n${r.stderr}\n${r.stdout}`);
      results = r.results;
    });
    for (const c of study.cases) {
      describe(`${c.fixture} — ${c.model}, conventions: ${c.convention}`, () =>
        fixtureTests({ ...c, block: 'coefficients' }, () => results.models, it, expect));
    }
  });
}

describe('singletons: the default drops them under stata (reghdfe)', () => {
  it('nobs 180 with `drop` (default), 181 with `keep`', () => {
    const r = runSpec(`version: 1
data:
  gs: { source: grunfeld_singleton.csv, panel: { id: firm, time: year } }
models:
  dflt: { formula: "inv ~ value + capital | firm" }
  keep: { formula: "inv ~ value + capital | firm", singletons: keep }
`, ['grunfeld_singleton.csv']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.results.models.dflt.nobs).toBe(180);
    expect(r.results.models.dflt.dropped.singletons).toBe(1);
    expect(r.results.models.keep.nobs).toBe(181);
  });
});
