/**
 * Poisson pseudo-maximum likelihood with absorbed fixed effects through the CLI, against
 * fixest 0.12.2 fepois (test/fixtures/expected/glm_poisson_*.json, oracle/glm_references.R):
 * coefficients ≤1e-8, SEs, z and p ≤1e-6 relative, under the convention each model names.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { close, expected, fixtureTests, runSpec, type FixtureCase } from './harness.js';

const fat = 'fatal ~ beertax + unemp + offset(log(pop)) | state + year';
const grav = 'trade ~ ldist + rta | exporter + importer + year';
const bin = 'export ~ x1 + x2 | firm + year';
const pwf = 'fatal ~ beertax + unemp | state + year';
const yaml = `version: 1
data:
  fat: { source: fatalities.csv }
  grav: { source: glm_gravity.csv }
  bin: { source: glm_binary_panel.csv }
  gr: { source: grunfeld.csv, panel: { id: firm, time: year } }
  mtef: { source: glm_mte_factor.csv }
  pw: { source: glm_poisson_weights.csv }
  relu: { source: glm_poisson_relu.csv }
models:
  p_iid: { data: fat, estimator: poisson, conventions: fixest, vcov: iid, formula: "${fat}" }
  p_het: { data: fat, estimator: poisson, conventions: fixest, vcov: hc1, formula: "${fat}" }
  p_cl: { data: fat, estimator: poisson, conventions: fixest, vcov: cluster(state), formula: "${fat}" }
  p_cl_stata: { data: fat, estimator: poisson, vcov: cluster(state), formula: "${fat}" }
  p_rob_stata: { data: fat, estimator: poisson, vcov: robust, formula: "${fat}" }
  p_exposure: { data: fat, estimator: poisson, conventions: fixest, vcov: iid, formula: "fatal ~ beertax + unemp + exposure(pop) | state + year" }
  g_iid: { data: grav, estimator: poisson, conventions: fixest, vcov: iid, formula: "${grav}" }
  g_cl: { data: grav, estimator: poisson, conventions: fixest, vcov: cluster(exporter), formula: "${grav}" }
  g_cl2: { data: grav, estimator: poisson, conventions: fixest, vcov: "cluster(exporter, importer)", formula: "${grav}" }
  w_fx_iid: { data: pw, estimator: poisson, conventions: fixest, vcov: iid, weights: w, formula: "${pwf}" }
  w_fx_het: { data: pw, estimator: poisson, conventions: fixest, vcov: hc1, weights: w, formula: "${pwf}" }
  w_fx_cl: { data: pw, estimator: poisson, conventions: fixest, vcov: cluster(state), weights: w, formula: "${pwf}" }
  w_fx_def: { data: pw, estimator: poisson, conventions: fixest, weights: w, formula: "${pwf}" }
  w_pw_def: { data: pw, estimator: poisson, weights: { column: w, kind: probability }, formula: "${pwf}" }
  w_pw_cl: { data: pw, estimator: poisson, weights: { column: w, kind: probability }, vcov: cluster(state), formula: "${pwf}" }
  w_aw_iid: { data: pw, estimator: poisson, weights: w, vcov: iid, formula: "${pwf}" }
  w_fw_iid: { data: pw, estimator: poisson, weights: { column: fw, kind: frequency }, vcov: iid, formula: "${pwf}" }
  w_fw_rob: { data: pw, estimator: poisson, weights: { column: fw, kind: frequency }, vcov: robust, formula: "${pwf}" }
  w_fw_cl: { data: pw, estimator: poisson, weights: { column: fw, kind: frequency }, vcov: cluster(state), formula: "${pwf}" }
  d_stata: { data: pw, estimator: poisson, formula: "${pwf}" }
  d_fixest: { data: pw, estimator: poisson, conventions: fixest, formula: "${pwf}" }
  d_stata_nofe: { data: pw, estimator: poisson, formula: "fatal ~ beertax + unemp" }
  d_fixest_nofe: { data: pw, estimator: poisson, conventions: fixest, formula: "fatal ~ beertax + unemp" }
  relu_fx: { data: relu, estimator: poisson, conventions: fixest, vcov: iid, formula: "y ~ x1 + x2 + x3 | year" }
  relu_st: { data: relu, estimator: poisson, formula: "y ~ x1 + x2 + x3 | year" }
  lo_iid: { data: bin, estimator: logit, conventions: fixest, vcov: iid, formula: "${bin}" }
  lo_het: { data: bin, estimator: logit, conventions: fixest, vcov: hc1, formula: "${bin}" }
  lo_cl: { data: bin, estimator: logit, conventions: fixest, vcov: cluster(firm), formula: "${bin}" }
  pr_iid: { data: bin, estimator: probit, conventions: fixest, information: expected, vcov: iid, formula: "${bin}" }
  pr_het: { data: bin, estimator: probit, conventions: fixest, information: expected, vcov: hc1, formula: "${bin}" }
  pr_cl: { data: bin, estimator: probit, conventions: fixest, information: expected, vcov: cluster(firm), formula: "${bin}" }
  pr_stata: { data: bin, estimator: probit, formula: "${bin}" }
  be: { data: gr, estimator: between, formula: "inv ~ value + capital | firm" }
  mte_c: { data: mtef, estimator: mte, formula: "y ~ x1 + i(g) | d ~ z1 + z2" }
  mte_all: { data: mtef, estimator: mte, interact: all, formula: "y ~ x1 + i(g) | d ~ z1 + z2" }
`;

let run: ReturnType<typeof runSpec>;
const models = (): Record<string, any> => run.results.models;

beforeAll(() => {
  run = runSpec(yaml, ['fatalities.csv', 'glm_gravity.csv', 'glm_binary_panel.csv', 'grunfeld.csv', 'glm_mte_factor.csv', 'glm_poisson_weights.csv', 'glm_poisson_relu.csv']);
  if (run.status !== 0) throw new Error(`studyspec run failed (${run.status}):\n${run.stderr}`);
});

const fatStats = { loglik: 'loglik', deviance: 'deviance', pseudo_r2: 'pseudo_r2' };
// fixest's Fisher scoring for probit stops ~1e-7 short of the optimum: estimates are checked
// against the same ML by R's glm with dummies (converged to 1e-15), and SEs against fixest's
// rules applied by hand at that optimum (the *_at_optimum blocks; the same hand formulas
// reproduce fixest's logit blocks to 1e-9, where fixest converges fully).
const probitOptimum = (): Float64Array => {
  const e = expected('glm_probit_fe_panel').estimates_glm_dummies;
  return Float64Array.from([e.x1, e.x2]);
};
const cases: FixtureCase[] = [
  { model: 'p_iid', fixture: 'glm_poisson_fatalities_twfe', block: 'coefficients_iid', stats: fatStats },
  { model: 'p_het', fixture: 'glm_poisson_fatalities_twfe', block: 'coefficients_hetero' },
  { model: 'p_cl', fixture: 'glm_poisson_fatalities_twfe', block: 'coefficients_cluster_state' },
  { model: 'p_cl_stata', fixture: 'glm_poisson_fatalities_twfe', block: 'coefficients_cluster_state_g_only' },
  { model: 'p_rob_stata', fixture: 'glm_poisson_fatalities_twfe', block: 'coefficients_hetero_noadj' },
  { model: 'p_exposure', fixture: 'glm_poisson_fatalities_twfe', block: 'coefficients_iid' },
  { model: 'g_iid', fixture: 'glm_poisson_gravity_3fe', block: 'coefficients_iid', stats: fatStats },
  { model: 'g_cl', fixture: 'glm_poisson_gravity_3fe', block: 'coefficients_cluster_exporter' },
  { model: 'g_cl2', fixture: 'glm_poisson_gravity_3fe', block: 'coefficients_cluster_exporter_importer' },
  // Weights (oracle/glm_poisson_weights.R): fepois(weights =) for fixest; glm with dummies and
  // sandwich for Stata's pw/aw; the rows repeated fw times for frequency weights.
  { model: 'w_fx_iid', fixture: 'glm_poisson_weights', block: 'fixest_aw_iid' },
  { model: 'w_fx_het', fixture: 'glm_poisson_weights', block: 'fixest_aw_hetero' },
  { model: 'w_fx_cl', fixture: 'glm_poisson_weights', block: 'fixest_aw_cluster_state' },
  { model: 'w_fx_def', fixture: 'glm_poisson_weights', block: 'fixest_aw_default' },
  { model: 'w_pw_def', fixture: 'glm_poisson_weights', block: 'stata_pw_robust' },
  { model: 'w_pw_cl', fixture: 'glm_poisson_weights', block: 'stata_pw_cluster_state' },
  { model: 'w_aw_iid', fixture: 'glm_poisson_weights', block: 'stata_aw_oim' },
  { model: 'w_fw_iid', fixture: 'glm_poisson_weights', block: 'stata_fw_oim', nobs: 'nobs_fw' },
  { model: 'w_fw_rob', fixture: 'glm_poisson_weights', block: 'stata_fw_robust', nobs: 'nobs_fw' },
  { model: 'w_fw_cl', fixture: 'glm_poisson_weights', block: 'stata_fw_cluster_state', nobs: 'nobs_fw' },
  // Default variance: robust under stata (ppmlhdfe), fepois's under fixest.
  { model: 'd_stata', fixture: 'glm_poisson_weights', block: 'default_stata' },
  { model: 'd_fixest', fixture: 'glm_poisson_weights', block: 'default_fixest' },
  { model: 'd_stata_nofe', fixture: 'glm_poisson_weights', block: 'default_stata_nofe' },
  { model: 'd_fixest_nofe', fixture: 'glm_poisson_weights', block: 'default_fixest_nofe' },
  // Separation by x1 − x2 (oracle/glm_poisson_relu.R): estimates of the sample without those rows.
  { model: 'relu_fx', fixture: 'glm_poisson_relu', block: 'fixest_iid' },
  { model: 'relu_st', fixture: 'glm_poisson_relu', block: 'stata_robust' },
  { model: 'lo_iid', fixture: 'glm_logit_fe_panel', block: 'coefficients_iid', stats: fatStats },
  { model: 'lo_het', fixture: 'glm_logit_fe_panel', block: 'coefficients_hetero' },
  { model: 'lo_cl', fixture: 'glm_logit_fe_panel', block: 'coefficients_cluster_firm' },
  { model: 'pr_iid', reference: probitOptimum, fixture: 'glm_probit_fe_panel', block: 'coefficients_iid_at_optimum' },
  { model: 'pr_het', reference: probitOptimum, fixture: 'glm_probit_fe_panel', block: 'coefficients_hetero_at_optimum' },
  { model: 'pr_cl', reference: probitOptimum, fixture: 'glm_probit_fe_panel', block: 'coefficients_cluster_firm_at_optimum' },
  {
    model: 'mte_c',
    fixture: 'glm_mte_interact_controls',
    block: 'coefficients',
    terms: { 'g::g1': 'factor(g)g1', 'g::g2': 'factor(g)g2', 'g::g3': 'factor(g)g3', 'P:x1': 'x1:P' },
    stats: { ate: 'ate', mte_slope: 'mte_slope' },
  },
  { model: 'be', fixture: 'glm_between_grunfeld', block: 'coefficients', stats: { r2_between: 'r2_between', df_resid: 'df_resid' } },
];

for (const c of cases) describe(`${c.model} ≈ ${c.fixture} (${c.block})`, () => fixtureTests(c, models, it, expect));

describe('separation and reporting', () => {
  it('binary FE groups with only 0 or only 1 outcomes are dropped and counted, as feglm removes them', () => {
    for (const m of ['lo_iid', 'pr_iid']) expect(models()[m].dropped.separated).toBe(expected('glm_logit_fe_panel').nobs_removed);
    expect(run.stderr).toMatch(/SS710/);
  });
  it('probit with FE under the stata profile uses the observed information (oim), which differs from the expected one', () => {
    const o = models()['pr_stata'];
    const e = models()['pr_iid'];
    expect(o.vcov).toBe('oim');
    expect(close(o.coefficients.x1.estimate, e.coefficients.x1.estimate, 1e-10)).toBe(true);
    expect(Math.abs(o.coefficients.x1.se / e.coefficients.x1.se - 1)).toBeGreaterThan(1e-4);
  });
  it('rows of all-zero FE groups are dropped and counted, as fixest removes them', () => {
    const exp = expected('glm_poisson_gravity_3fe');
    expect(models()['g_iid'].dropped.separated).toBe(exp.nobs_removed);
    expect(run.stderr).toMatch(/SS702/);
  });
  it('rows separated by a combination of regressors (x1 − x2) are found by the iterated rectifier, dropped and counted (SS712); x2 then leaves as collinear', () => {
    const exp = expected('glm_poisson_relu');
    for (const k of ['relu_fx', 'relu_st']) {
      const m = models()[k];
      expect(m.dropped.separated).toBe(exp.separated);
      expect(m.dropped.collinear).toContain('x2');
      expect(m.terms).toEqual(['x1', 'x3']);
    }
    expect(run.stderr).toMatch(/warning SS712/);
    // fepois 0.12.2 has no such check: on all rows it reports |b| > 20 for x1 and x2.
    expect(Math.abs(exp.fepois_all_rows.x1)).toBeGreaterThan(20);
  });
  it('the stata profile reports the pseudo R² against the FE-only model (ppmlhdfe ll_0)', () => {
    const m = models()['p_cl_stata'];
    expect(close(m.stats.pseudo_r2, 1 - m.stats.loglik / m.stats.loglik_0, 1e-12)).toBe(true);
    expect(m.stats.loglik_0).toBeLessThan(m.stats.loglik);
  });
});

describe('weights and the default variance', () => {
  const exp = (): any => expected('glm_poisson_weights');
  it('analytic weights: loglik and deviance as fepois; pseudo R² against the weighted constant-only model (glm; fixest 0.12.2 has ll_null > 0 there)', () => {
    const m = models()['w_fx_iid'];
    for (const [ours, theirs] of [['loglik', 'loglik'], ['deviance', 'deviance'], ['pseudo_r2', 'pseudo_r2'], ['loglik_null', 'll_null']]) {
      expect(close(m.stats[ours], exp().stats_fixest_aw[theirs], 1e-6), `${ours} ${m.stats[ours]}`).toBe(true);
    }
  });
  it('frequency weights: loglik and ll_0 of the rows repeated fw times; nobs = Σfw', () => {
    const m = models()['w_fw_iid'];
    const e = exp().stats_stata_fw;
    expect(close(m.stats.loglik, e.loglik, 1e-6)).toBe(true);
    expect(close(m.stats.loglik_0, e.loglik_0, 1e-6)).toBe(true);
    expect(close(m.stats.pseudo_r2, e.pseudo_r2, 1e-6)).toBe(true);
    expect(m.nobs).toBe(exp().nobs_fw);
  });
  it('the default variance is named: robust (stata), clustered by the first FE (fixest), iid without FE (fixest)', () => {
    expect(models()['d_stata'].vcov).toBe('robust');
    expect(models()['w_pw_def'].vcov).toBe('robust');
    expect(models()['d_fixest'].vcov).toBe('cluster(state)');
    expect(models()['d_fixest'].inference.n_clusters).toEqual([exp().n_clusters]);
    expect(models()['d_fixest_nofe'].vcov).toBe('iid');
    expect(models()['d_stata_nofe'].vcov).toBe('robust');
  });
});

describe('mte interact', () => {
  it('controls (default) interacts the propensity with x1 only; all interacts the g dummies too', () => {
    expect(models()['mte_c'].terms.filter((t: string) => t.startsWith('P:'))).toEqual(['P:x1']);
    expect(models()['mte_all'].terms.filter((t: string) => t.startsWith('P:'))).toEqual(['P:x1', 'P:g::g1', 'P:g::g2', 'P:g::g3']);
  });
});

describe('between', () => {
  it('nobs counts rows and n_groups the units (xtreg, be)', () => {
    expect(models()['be'].nobs).toBe(200);
    expect(models()['be'].stats.n_groups).toBe(expected('glm_between_grunfeld').n_groups);
  });
});

describe('bad input', () => {
  const spec = (model: string): string => `version: 1
data:
  fat: { source: fatalities.csv }
models:
  bad: ${model}
`;
  it('a negative outcome is an error naming the count and the model line (SS700)', () => {
    const r = runSpec(spec('{ data: fat, estimator: poisson, formula: "I(fatal - 1000) ~ beertax | state" }'), ['fatalities.csv']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/spec\.yaml:5:\d+: error SS700/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(r.results).toBeUndefined();
  });
  it('an outcome that is zero everywhere is an error (SS701)', () => {
    const r = runSpec(spec('{ data: fat, estimator: poisson, formula: "I(fatal * 0) ~ beertax | state" }'), ['fatalities.csv']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/error SS701/);
  });
  it('an offset on a model that would ignore it is refused (SS706)', () => {
    const r = runSpec(spec('{ data: fat, formula: "frate ~ beertax + offset(log(pop)) | state" }'), ['fatalities.csv']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/spec\.yaml:5:\d+: error SS706/);
  });
  it('between with a robust vcov is refused, not ignored (SS535: the registry says it has iid only)', () => {
    const r = runSpec(spec('{ data: fat, estimator: between, vcov: robust, formula: "frate ~ beertax | state" }'), ['fatalities.csv']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/spec\.yaml:5:\d+: error SS535/);
  });
  it('exposure() of a non-positive column is refused (SS708)', () => {
    const r = runSpec(spec('{ data: fat, estimator: poisson, formula: "fatal ~ beertax + exposure(beertax - 1) | state" }'), ['fatalities.csv']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/error SS708/);
  });
  it('a regressor nonzero only where the outcome is zero is separated: its rows and it are dropped (SS703)', () => {
    // fatal is never zero in Fatalities: make rows of one state zero and a dummy for them.
    const r = runSpec(
      spec('{ data: fat, estimator: poisson, vcov: robust, formula: "I(ifelse(state == \\"al\\", 0, fatal)) ~ beertax + unemp + I(ifelse(state == \\"al\\", 1, 0)) | year" }'),
      ['fatalities.csv'],
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning SS703/);
    const m = r.results.models.bad;
    expect(m.dropped.separated).toBe(7);
    expect(m.nobs).toBe(336 - 7);
    expect(m.terms).toEqual(['beertax', 'unemp']);
  });
});
