/**
 * Every lin_* oracle fixture, run through a spec by the CLI (not internal calls):
 * coefficients ≤ 1e-8 relative; SEs, statistics and p-values ≤ 1e-6 relative.
 * Term names are ours (docs/spec-language.md); `terms` maps them to R's names in the fixture.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { fixtureTests, runSpec, type FixtureCase } from './harness.js';

interface Study {
  readonly name: string;
  readonly files: readonly string[];
  readonly yaml: string;
  readonly cases: readonly Omit<FixtureCase, 'block'>[];
}

const X = 'lpcap + lpc + lemp + unemp';
const FE_STATS = { r2_within: 'r2_within', r2: 'r2', adj_r2: 'adj_r2', f: 'f' };
const OLS_STATS = { r2: 'r2', adj_r2: 'adj_r2', f: 'f' };

const studies: Study[] = [
  {
    name: 'produc',
    files: ['produc.csv'],
    yaml: `version: 1
data:
  d: { source: produc.csv, panel: { id: state, time: year } }
models:
  ols_iid: { formula: "lgsp ~ ${X}" }
  ols_hc1: { formula: "lgsp ~ ${X}", vcov: hc1 }
  ols_cl: { formula: "lgsp ~ ${X}", vcov: cluster(state) }
  fe_iid: { formula: "lgsp ~ ${X} | state" }
  fe_cl: { formula: "lgsp ~ ${X} | state", vcov: cluster(state) }
  twfe_iid: { formula: "lgsp ~ ${X} | state + year" }
  twfe_cl: { formula: "lgsp ~ ${X} | state + year", vcov: cluster(state) }
`,
    cases: [
      { fixture: 'lin_ols_produc_iid', model: 'ols_iid', stats: OLS_STATS },
      { fixture: 'lin_ols_produc_hc1', model: 'ols_hc1', stats: OLS_STATS },
      { fixture: 'lin_ols_produc_cluster_state', model: 'ols_cl', stats: OLS_STATS },
      { fixture: 'lin_fe_produc_iid', model: 'fe_iid', stats: FE_STATS },
      { fixture: 'lin_fe_produc_cluster_state', model: 'fe_cl', stats: FE_STATS },
      { fixture: 'lin_twfe_produc_iid', model: 'twfe_iid', stats: FE_STATS },
      { fixture: 'lin_twfe_produc_cluster_state', model: 'twfe_cl', stats: FE_STATS },
    ],
  },
  {
    name: 'produc_unbalanced',
    files: ['produc_unbalanced.csv'],
    yaml: `version: 1
data:
  d: { source: produc_unbalanced.csv, panel: { id: state, time: year } }
models:
  twfe_iid: { formula: "lgsp ~ ${X} | state + year" }
  twfe_cl: { formula: "lgsp ~ ${X} | state + year", vcov: cluster(state) }
`,
    cases: [
      { fixture: 'lin_twfe_unbal_produc_iid', model: 'twfe_iid', stats: FE_STATS },
      { fixture: 'lin_twfe_unbal_produc_cluster_state', model: 'twfe_cl', stats: FE_STATS },
    ],
  },
  {
    name: 'grunfeld',
    files: ['grunfeld.csv', 'grunfeld_gappy.csv'],
    yaml: `version: 1
data:
  g: { source: grunfeld.csv, panel: { id: firm, time: year } }
  gappy: { source: grunfeld_gappy.csv, panel: { id: firm, time: year } }
models:
  fe_iid: { data: g, formula: "inv ~ value + capital | firm" }
  fe_cl: { data: g, formula: "inv ~ value + capital | firm", vcov: cluster(firm) }
  re: { data: g, estimator: re, formula: "inv ~ value + capital | firm" }
  lags: { data: gappy, formula: "inv ~ l(value, 1:2)" }
`,
    cases: [
      { fixture: 'lin_fe_grunfeld_iid', model: 'fe_iid', stats: FE_STATS },
      { fixture: 'lin_fe_grunfeld_cluster_firm', model: 'fe_cl', stats: FE_STATS },
      { fixture: 'lin_re_grunfeld', model: 're', stats: { theta: 'theta', r2_within: 'r2_within', r2_between: 'r2_between', r2_overall: 'r2_overall' } },
      {
        fixture: 'lin_lags_grunfeld_gappy',
        model: 'lags',
        terms: { 'l(value,1)': 'lag(value, 1)', 'l(value,2)': 'lag(value, 2)' },
        stats: OLS_STATS,
      },
    ],
  },
  {
    name: 'fatalities',
    files: ['fatalities.csv'],
    yaml: `version: 1
data:
  f: { source: fatalities.csv, panel: { id: state, time: year } }
variables:
  beertax_c: center(beertax)
  unemp_c: center(unemp)
models:
  twfe_iid: { formula: "frate ~ beertax + unemp | state + year" }
  twfe_cl: { formula: "frate ~ beertax + unemp | state + year", vcov: cluster(state) }
  inter: { formula: "frate ~ beertax*unemp" }
  inter_c: { formula: "frate ~ beertax_c*unemp_c" }
  quad: { formula: "frate ~ unemp + I(unemp^2)" }
  fac: { formula: "frate ~ beertax + i(year, ref = 1984)" }
`,
    cases: [
      { fixture: 'lin_twfe_fatalities_iid', model: 'twfe_iid', stats: FE_STATS },
      { fixture: 'lin_twfe_fatalities_cluster_state', model: 'twfe_cl', stats: FE_STATS },
      { fixture: 'lin_interact_fatalities', model: 'inter', stats: OLS_STATS },
      { fixture: 'lin_interact_centered_fatalities', model: 'inter_c', stats: OLS_STATS },
      { fixture: 'lin_quadratic_fatalities', model: 'quad', stats: OLS_STATS },
      {
        fixture: 'lin_factor_year_fatalities',
        model: 'fac',
        terms: Object.fromEntries([1982, 1983, 1985, 1986, 1987, 1988].map((y) => [`year::${y}`, `year${y}`])),
        stats: OLS_STATS,
      },
    ],
  },
  {
    name: 'cigarettes',
    files: ['cigarettes_sw.csv', 'cigarettes_sw_1995.csv'],
    yaml: `version: 1
data:
  c95: { source: cigarettes_sw_1995.csv }
  c: { source: cigarettes_sw.csv, panel: { id: state, time: year } }
models:
  iv_iid: { data: c95, formula: "lpacks ~ lrincome | lrprice ~ salestax + cigtax" }
  iv_hc1: { data: c95, formula: "lpacks ~ lrincome | lrprice ~ salestax + cigtax", vcov: hc1 }
  feiv_iid: { data: c, formula: "lpacks ~ lrincome + y1995 | state | lrprice ~ salestax + cigtax" }
  feiv_cl: { data: c, formula: "lpacks ~ lrincome + y1995 | state | lrprice ~ salestax + cigtax", vcov: cluster(state) }
`,
    cases: [
      { fixture: 'lin_iv_cigsw1995_iid', model: 'iv_iid', stats: { r2: 'r2' } },
      { fixture: 'lin_iv_cigsw1995_hc1', model: 'iv_hc1', stats: { r2: 'r2' } },
      { fixture: 'lin_feiv_cigsw_iid', model: 'feiv_iid', stats: { r2_within: 'r2_within' } },
      { fixture: 'lin_feiv_cigsw_cluster_state', model: 'feiv_cl', stats: { r2_within: 'r2_within' } },
    ],
  },
];

for (const study of studies) {
  describe(`lin fixtures through the CLI: ${study.name}`, () => {
    let results: any;
    beforeAll(() => {
      const r = runSpec(study.yaml, study.files);
      if (r.status !== 0) throw new Error(`studyspec run failed (${r.status}):\n${r.stderr}\n${r.stdout}`);
      results = r.results;
    });
    for (const c of study.cases) {
      describe(c.fixture, () => fixtureTests({ ...c, block: 'coefficients' }, () => results.models, it, expect));
    }
  });
}
