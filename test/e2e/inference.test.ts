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
