/**
 * IV through the CLI: weights on 2SLS (aw/pw/fw, with and without absorbed FE), `method: liml`
 * and `method: gmm` (ivreg2 liml / gmm2s) with iid, robust and cluster variances, with and
 * without absorbed FE, against oracle/iv_references.R and oracle/glm_references.R section 5:
 * coefficients ≤ 1e-8, SEs, statistics and p ≤ 1e-6 relative. Each case names its convention.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { close, expected, fixtureTests, runSpec, type FixtureCase } from './harness.js';

const CS = 'lpacks ~ lrincome | lrprice ~ salestax + cigtax';
const PANEL = 'lpacks ~ lrincome + y1995 | lrprice ~ salestax + cigtax';
const FE = 'lpacks ~ lrincome + y1995 | state | lrprice ~ salestax + cigtax';
const PW = '{ column: population, kind: probability }';
const FW = '{ column: fw, kind: frequency }';

const yaml = `version: 1
data:
  c: { source: iv_cigarettes_fw.csv }
samples:
  y95: year == 1995
models:
  w_aw_2sls: { sample: y95, formula: "${CS}", weights: population }
  w_pw_2sls: { sample: y95, formula: "${CS}", weights: ${PW} }
  w_fw_2sls: { sample: y95, formula: "${CS}", weights: ${FW} }
  w_fw_2sls_hc1: { sample: y95, formula: "${CS}", weights: ${FW}, vcov: hc1 }
  w_aw_liml: { sample: y95, formula: "${CS}", weights: population, method: liml }
  w_pw_liml: { sample: y95, formula: "${CS}", weights: ${PW}, method: liml }
  w_pw_gmm: { sample: y95, formula: "${CS}", weights: ${PW}, method: gmm }
  w_fw_liml_hc1: { sample: y95, formula: "${CS}", weights: ${FW}, method: liml, vcov: hc1 }
  w_fw_gmm_hc1: { sample: y95, formula: "${CS}", weights: ${FW}, method: gmm, vcov: hc1 }
  liml_iid_large: { sample: y95, formula: "${CS}", method: liml, small: false }
  liml_hc1_large: { sample: y95, formula: "${CS}", method: liml, vcov: hc1, small: false }
  gmm_hc1_large: { sample: y95, formula: "${CS}", method: gmm, vcov: hc1, small: false }
  liml_hc1: { sample: y95, formula: "${CS}", method: liml, vcov: hc1 }
  gmm_iid: { sample: y95, formula: "${CS}", method: gmm }
  tsls_hc1_large: { sample: y95, formula: "${CS}", vcov: hc1, small: false }
  liml_cl: { formula: "${PANEL}", method: liml, vcov: cluster(state) }
  gmm_cl: { formula: "${PANEL}", method: gmm, vcov: cluster(state) }
  gmm_cl_large: { formula: "${PANEL}", method: gmm, vcov: cluster(state), small: false }
  fe_liml: { formula: "${FE}", method: liml }
  fe_liml_cl: { formula: "${FE}", method: liml, vcov: cluster(state) }
  fe_gmm_hc1: { formula: "${FE}", method: gmm, vcov: hc1 }
  fe_gmm_cl: { formula: "${FE}", method: gmm, vcov: cluster(state) }
  fe_w_aw_2sls: { formula: "${FE}", weights: population }
  fe_w_aw_2sls_cl_fx: { formula: "${FE}", weights: population, vcov: cluster(state), conventions: fixest }
  fe_w_aw_liml_cl: { formula: "${FE}", weights: population, method: liml, vcov: cluster(state) }
  exact_2sls: { sample: y95, formula: "lpacks ~ lrincome | lrprice ~ salestax", vcov: hc1 }
  exact_liml: { sample: y95, formula: "lpacks ~ lrincome | lrprice ~ salestax", vcov: hc1, method: liml }
  exact_gmm: { sample: y95, formula: "lpacks ~ lrincome | lrprice ~ salestax", vcov: hc1, method: gmm }
`;

const J = { hansen_j: 'hansen_j' };
const KAPPA = { kappa: 'kappa' };
const cases: (Omit<FixtureCase, 'block'> & { convention: string })[] = [
  { fixture: 'iv_w_aw_2sls_iid', model: 'w_aw_2sls', convention: 'stata (ivregress 2sls [aw=], small)', stats: { first_stage_f: 'first_stage_f' } },
  { fixture: 'iv_w_pw_2sls', model: 'w_pw_2sls', convention: 'stata (ivregress 2sls [pw=], robust implied)', stats: { ...J, hansen_j_p: 'hansen_j_p', first_stage_f: 'first_stage_f' } },
  { fixture: 'iv_w_fw_2sls_iid', model: 'w_fw_2sls', convention: 'stata (ivregress 2sls [fw=], nobs = Σw)' },
  { fixture: 'iv_w_fw_2sls_hc1', model: 'w_fw_2sls_hc1', convention: 'stata (ivregress 2sls [fw=], robust)' },
  { fixture: 'iv_w_aw_liml_iid', model: 'w_aw_liml', convention: 'stata (ivreg2 [aw=], liml small)', stats: KAPPA },
  { fixture: 'iv_w_pw_liml', model: 'w_pw_liml', convention: 'stata (ivreg2 [pw=], liml robust small)', stats: KAPPA },
  { fixture: 'iv_w_pw_gmm', model: 'w_pw_gmm', convention: 'stata (ivreg2 [pw=], gmm2s robust small)', stats: { ...J, hansen_j_p: 'hansen_j_p' } },
  { fixture: 'iv_w_fw_liml_hc1', model: 'w_fw_liml_hc1', convention: 'stata (ivreg2 [fw=], liml robust small)', stats: KAPPA },
  { fixture: 'iv_w_fw_gmm_hc1', model: 'w_fw_gmm_hc1', convention: 'stata (ivreg2 [fw=], gmm2s robust small)', stats: J },
  { fixture: 'iv_liml_hc1_small', model: 'liml_hc1', convention: 'stata (ivreg2 liml robust small)', stats: KAPPA },
  { fixture: 'iv_gmm_iid_small', model: 'gmm_iid', convention: 'stata (ivreg2 gmm2s small, iid = 2SLS)' },
  { fixture: 'iv_liml_cluster_state', model: 'liml_cl', convention: 'stata (ivreg2 liml cluster small)', stats: KAPPA },
  { fixture: 'iv_gmm_cluster_state', model: 'gmm_cl', convention: 'stata (ivreg2 gmm2s cluster small)', stats: J },
  { fixture: 'iv_gmm_cluster_state_large', model: 'gmm_cl_large', convention: 'stata (ivreg2 gmm2s cluster, no small)', stats: J },
  { fixture: 'iv_liml_fe_iid', model: 'fe_liml', convention: 'stata (ivreghdfe liml small)', stats: KAPPA },
  { fixture: 'iv_liml_fe_cluster_state', model: 'fe_liml_cl', convention: 'stata (ivreghdfe liml cluster, nested FE)', stats: KAPPA },
  { fixture: 'iv_gmm_fe_hc1', model: 'fe_gmm_hc1', convention: 'stata (ivreghdfe gmm2s robust)', stats: J },
  { fixture: 'iv_gmm_fe_cluster_state', model: 'fe_gmm_cl', convention: 'stata (ivreghdfe gmm2s cluster, nested FE)', stats: J },
  { fixture: 'iv_w_aw_fe_2sls_iid', model: 'fe_w_aw_2sls', convention: 'stata / fixest (feols weights =, iid)' },
  { fixture: 'iv_w_aw_fe_2sls_cluster_fixest', model: 'fe_w_aw_2sls_cl_fx', convention: 'fixest (feols weights =, vcov = ~state)' },
  { fixture: 'iv_w_aw_liml_fe_cluster_state', model: 'fe_w_aw_liml_cl', convention: 'stata (ivreghdfe [aw=] liml cluster)', stats: KAPPA },
];

/** The by-hand ivreg2 fixture of oracle/glm_references.R (large-sample: no `small`). */
const legacy: [string, string, string][] = [
  ['liml_iid_large', 'coefficients_liml_iid', 'stata (ivreg2 liml, no small)'],
  ['liml_hc1_large', 'coefficients_liml_robust', 'stata (ivreg2 liml robust, no small)'],
  ['gmm_hc1_large', 'coefficients_gmm2s_robust', 'stata (ivreg2 gmm2s robust, no small)'],
];

describe('IV weights, LIML and GMM through the CLI', () => {
  let models: any;
  beforeAll(() => {
    const r = runSpec(yaml, ['iv_cigarettes_fw.csv']);
    if (r.status !== 0) throw new Error(`studyspec run failed (${r.status}):\n${r.stderr}\n${r.stdout}`);
    models = r.results.models;
  });
  for (const c of cases) {
    describe(`${c.fixture} — ${c.model}, conventions: ${c.convention}`, () => fixtureTests({ ...c, block: 'coefficients' }, () => models, it, expect));
  }
  for (const [model, block, convention] of legacy) {
    describe(`glm_liml_gmm_cigsw1995 ${block} — ${model}, conventions: ${convention}`, () =>
      fixtureTests({ fixture: 'glm_liml_gmm_cigsw1995', model, block }, () => models, it, expect));
  }

  const legacyExp = expected('glm_liml_gmm_cigsw1995');
  it('LIML κ and Hansen J of gmm2s (glm_liml_gmm_cigsw1995) ≤1e-6', () => {
    expect(close(models.liml_iid_large.stats.kappa, legacyExp.kappa, 1e-6)).toBe(true);
    expect(close(models.gmm_hc1_large.stats.hansen_j, legacyExp.stats.hansen_j, 1e-6)).toBe(true);
    expect(close(models.gmm_hc1_large.stats.hansen_j_p, legacyExp.stats.hansen_j_p, 1e-6)).toBe(true);
    expect(models.gmm_hc1_large.stats.hansen_j_df).toBe(legacyExp.stats.hansen_j_df);
  });
  it('GMM under iid: Sargan statistic (ivreg2 gmm2s without robust) ≤1e-6', () => {
    expect(close(models.gmm_iid.extra.tests.sargan.chi2, expected('iv_gmm_iid_small').stats.sargan, 1e-6)).toBe(true);
    expect(models.gmm_iid.stats.hansen_j ?? null).toBeNull();
    expect(models.liml_cl.inference.n_clusters).toEqual([48]);
  });
  it('robust 2SLS reports the J of the efficient two-step estimator (ivreg2)', () => {
    expect(close(models.tsls_hc1_large.stats.hansen_j, legacyExp.stats.hansen_j, 1e-6)).toBe(true);
  });
  it('weighted first stage: robust F with probability weights and Sargan with analytic weights ≤1e-6', () => {
    const pw = expected('iv_w_pw_2sls');
    expect(close(models.w_pw_2sls.extra.first_stage.lrprice.f_robust.F, pw.stats.f_robust, 1e-6)).toBe(true);
    const aw = expected('iv_w_aw_2sls_iid');
    expect(close(models.w_aw_2sls.extra.tests.sargan.chi2, aw.stats.sargan, 1e-6)).toBe(true);
  });
  it('frequency weights report nobs = Σw; analytic and probability weights the rows', () => {
    expect(models.w_fw_2sls.nobs).toBe(expected('iv_w_fw_2sls_iid').nobs);
    expect(models.w_aw_2sls.nobs).toBe(48);
    expect(models.w_pw_2sls.vcov).toBe('hc1');
  });
  it('exactly identified: LIML (κ = 1) and GMM equal 2SLS', () => {
    const base = models.exact_2sls;
    expect(Math.abs(models.exact_liml.stats.kappa - 1)).toBeLessThan(1e-10);
    for (const m of [models.exact_liml, models.exact_gmm]) {
      for (const t of base.terms) {
        expect(close(m.coefficients[t].estimate, base.coefficients[t].estimate, 1e-8), `${t} estimate`).toBe(true);
        expect(close(m.coefficients[t].se, base.coefficients[t].se, 1e-6), `${t} se`).toBe(true);
      }
      expect(m.stats.hansen_j ?? null).toBeNull();
    }
    expect(models.exact_liml.extra.method).toBe('liml');
    expect(models.exact_gmm.extra.method).toBe('gmm');
  });
});

describe('IV methods: bad input is a located error, exit 1, nothing published', () => {
  const bad = (models: string) => runSpec(`version: 1\ndata:\n  c: { source: iv_cigarettes_fw.csv }\nmodels:\n${models}`, ['iv_cigarettes_fw.csv']);
  const located = (r: ReturnType<typeof bad>, code: string, line: number) => {
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`spec\\.yaml:${line}:\\d+: error ${code}`));
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(r.outDir, 'results.json'))).toBe(false);
  };
  it('LIML with fewer instruments than endogenous regressors (formula)', () => {
    located(bad('  l: { formula: "lpacks ~ lrincome | lrprice + y1995 ~ salestax", method: liml }\n'), 'SS241', 5);
  });
  it('GMM whose only instrument is absorbed by the fixed effects (found in the data)', () => {
    const r = bad('  g:\n    formula: "lpacks ~ lrincome | state | lrprice ~ fw"\n    method: gmm\n');
    located(r, 'SS510', 6);
    expect(r.stderr).toContain('fw');
  });
  it('an IV method on a model without instruments (SS521)', () => {
    located(bad('  o: { formula: "lpacks ~ lrincome", method: liml }\n'), 'SS521', 5);
  });
});
