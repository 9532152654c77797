/**
 * `engine: sql` against R's reference values (the lin_* fixtures that oracle/ wrote with
 * fixest and lm/sandwich), through the CLI: coefficients ≤1e-8 relative; SEs, statistics
 * and p-values ≤1e-6 — the same bar as the in-memory fit in test/e2e/linear.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureTests, runSpec, type FixtureCase } from '../e2e/harness.js';

const X = 'lpcap + lpc + lemp + unemp';
const FE_STATS = { r2_within: 'r2_within', r2: 'r2', adj_r2: 'adj_r2', f: 'f' };
const OLS_STATS = { r2: 'r2', adj_r2: 'adj_r2', f: 'f' };

const yaml = `version: 1
data:
  d: { source: produc.csv, panel: { id: state, time: year } }
  u: { source: produc_unbalanced.csv, panel: { id: state, time: year } }
  g: { source: grunfeld.csv, panel: { id: firm, time: year } }
  f: { source: fatalities.csv }
models:
  ols_iid: { data: d, engine: sql, formula: "lgsp ~ ${X}" }
  ols_hc1: { data: d, engine: sql, formula: "lgsp ~ ${X}", vcov: hc1 }
  ols_cl: { data: d, engine: sql, formula: "lgsp ~ ${X}", vcov: cluster(state) }
  fe_iid: { data: d, engine: sql, formula: "lgsp ~ ${X} | state" }
  fe_cl: { data: d, engine: sql, formula: "lgsp ~ ${X} | state", vcov: cluster(state) }
  twfe_iid: { data: d, engine: sql, formula: "lgsp ~ ${X} | state + year" }
  twfe_cl: { data: d, engine: sql, formula: "lgsp ~ ${X} | state + year", vcov: cluster(state) }
  unbal_iid: { data: u, engine: sql, formula: "lgsp ~ ${X} | state + year" }
  unbal_cl: { data: u, engine: sql, formula: "lgsp ~ ${X} | state + year", vcov: cluster(state) }
  g_iid: { data: g, engine: sql, formula: "inv ~ value + capital | firm" }
  g_cl: { data: g, engine: sql, formula: "inv ~ value + capital | firm", vcov: cluster(firm) }
  fat_iid: { data: f, engine: sql, formula: "frate ~ beertax + unemp | state + year" }
  fat_cl: { data: f, engine: sql, formula: "frate ~ beertax + unemp | state + year", vcov: cluster(state) }
  quad: { data: f, engine: sql, formula: "frate ~ unemp + I(unemp^2)" }
`;

const cases: Omit<FixtureCase, 'block'>[] = [
  { fixture: 'lin_ols_produc_iid', model: 'ols_iid', stats: OLS_STATS },
  { fixture: 'lin_ols_produc_hc1', model: 'ols_hc1', stats: OLS_STATS },
  { fixture: 'lin_ols_produc_cluster_state', model: 'ols_cl', stats: OLS_STATS },
  { fixture: 'lin_fe_produc_iid', model: 'fe_iid', stats: FE_STATS },
  { fixture: 'lin_fe_produc_cluster_state', model: 'fe_cl', stats: FE_STATS },
  { fixture: 'lin_twfe_produc_iid', model: 'twfe_iid', stats: FE_STATS },
  { fixture: 'lin_twfe_produc_cluster_state', model: 'twfe_cl', stats: FE_STATS },
  { fixture: 'lin_twfe_unbal_produc_iid', model: 'unbal_iid', stats: FE_STATS },
  { fixture: 'lin_twfe_unbal_produc_cluster_state', model: 'unbal_cl', stats: FE_STATS },
  { fixture: 'lin_fe_grunfeld_iid', model: 'g_iid', stats: FE_STATS },
  { fixture: 'lin_fe_grunfeld_cluster_firm', model: 'g_cl', stats: FE_STATS },
  { fixture: 'lin_twfe_fatalities_iid', model: 'fat_iid', stats: FE_STATS },
  { fixture: 'lin_twfe_fatalities_cluster_state', model: 'fat_cl', stats: FE_STATS },
  { fixture: 'lin_quadratic_fatalities', model: 'quad', stats: OLS_STATS },
];

describe('engine: sql against the R fixtures, through the CLI', () => {
  let results: any;
  beforeAll(() => {
    const r = runSpec(yaml, ['produc.csv', 'produc_unbalanced.csv', 'grunfeld.csv', 'fatalities.csv']);
    if (r.status !== 0) throw new Error(`studyspec run failed (${r.status}):\n${r.stderr}\n${r.stdout}`);
    results = r.results;
  }, 120_000);
  it('every model ran in the data engine', () => {
    for (const c of cases) expect(results.models[c.model].extra.engine.name, c.model).toBe('sql');
  });
  for (const c of cases) describe(c.fixture, () => fixtureTests({ ...c, block: 'coefficients' }, () => results.models, it, expect));
});
