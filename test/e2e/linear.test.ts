/**
 * Every lin_* oracle fixture, run through a spec by the CLI (not internal calls):
 * coefficients ≤ 1e-8 relative; SEs, statistics and p-values ≤ 1e-6 relative.
 * Term names are ours (docs/spec-language.md); `terms` maps them to R's names in the fixture.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { close, expected, runSpec } from './harness.js';

interface Case {
  readonly fixture: string;
  readonly model: string;
  /** our term → fixture term (identity when absent) */
  readonly terms?: Readonly<Record<string, string>>;
  /** our stats key → fixture stats key */
  readonly stats: Readonly<Record<string, string>>;
}

interface Study {
  readonly name: string;
  readonly files: readonly string[];
  readonly yaml: string;
  readonly cases: readonly Case[];
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
      describe(c.fixture, () => {
        const exp = expected(c.fixture);
        it('nobs', () => expect(results.models[c.model].nobs).toBe(exp.nobs));
        const rTerms = Object.keys(exp.coefficients);
        const ourOf = (rName: string): string => Object.entries(c.terms ?? {}).find(([, v]) => v === rName)?.[0] ?? rName;
        for (const rName of rTerms) {
          const e = exp.coefficients[rName];
          it(`${rName}: estimate ≤1e-8`, () => {
            const got = results.models[c.model].coefficients[ourOf(rName)];
            expect(got, `term ${ourOf(rName)} missing`).toBeDefined();
            expect(close(got.estimate, e.estimate, 1e-8), `${got.estimate} vs ${e.estimate}`).toBe(true);
          });
          it(`${rName}: se, stat, p ≤1e-6`, () => {
            const got = results.models[c.model].coefficients[ourOf(rName)];
            expect(close(got.se, e.se, 1e-6), `se ${got.se} vs ${e.se}`).toBe(true);
            expect(close(got.stat, e.t, 1e-6), `stat ${got.stat} vs ${e.t}`).toBe(true);
            expect(close(got.p, e.p, 1e-6, 1e-300), `p ${got.p} vs ${e.p}`).toBe(true);
          });
        }
        for (const [ours, theirs] of Object.entries(c.stats)) {
          it(`stat ${ours} ≤1e-6`, () => {
            const got = results.models[c.model].stats[ours];
            const want = exp.stats[theirs];
            expect(want, `fixture has no ${theirs}`).toBeTypeOf('number');
            expect(got, `results have no ${ours}`).toBeTypeOf('number');
            expect(close(got, want, 1e-6), `${ours} ${got} vs ${want}`).toBe(true);
          });
        }
      });
    }
  });
}
