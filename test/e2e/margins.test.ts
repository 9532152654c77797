/**
 * Marginal effects (`margins:`) through the CLI against the delta method by hand in R
 * (oracle/margins_references.R → test/fixtures/expected/margins_*.json): effects ≤1e-8,
 * SEs, statistics and p ≤1e-6 relative, stored as "<model>/margins" in results.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { close, expected, fixtureTests, runSpec, type FixtureCase } from './harness.js';

const mroz = 'inlf ~ nwifeinc + educ + exper + expersq + age + kidslt6 + kidsge6';
const mrozF = 'inlf ~ nwifeinc + educ + exper + I(exper^2) + age + i(young) + kidsge6';
const ols = 'frate ~ beertax + I(beertax^2) + unemp + beertax:unemp';
const yaml = `version: 1
data:
  mroz: { source: nl_mroz.csv }
  fat: { source: fatalities.csv }
  bin: { source: glm_binary_panel.csv }
variables:
  young: "pmin(kidslt6, 2)"
  bt2: "2 * beertax"
models:
  lo: { data: mroz, estimator: logit, formula: "${mroz}", margins: { dydx: all } }
  lo_m: { data: mroz, estimator: logit, formula: "${mroz}", margins: { at: means } }
  lo_r: { data: mroz, estimator: logit, vcov: robust, formula: "${mroz}", margins: {} }
  pr: { data: mroz, estimator: probit, formula: "${mroz}", margins: {} }
  pr_m: { data: mroz, estimator: probit, formula: "${mroz}", margins: { at: means } }
  pr_r: { data: mroz, estimator: probit, vcov: robust, formula: "${mroz}", margins: {} }
  cl: { data: mroz, estimator: cloglog, formula: "${mroz}", margins: {} }
  cl_m: { data: mroz, estimator: cloglog, formula: "${mroz}", margins: { at: means } }
  cl_r: { data: mroz, estimator: cloglog, vcov: robust, formula: "${mroz}", margins: {} }
  prf: { data: mroz, estimator: probit, vcov: robust, formula: "${mrozF}", margins: {} }
  prf_m: { data: mroz, estimator: probit, vcov: robust, formula: "${mrozF}", margins: { at: means } }
  lof: { data: mroz, estimator: logit, vcov: cluster(age), formula: "${mrozF}", margins: {} }
  lof_m: { data: mroz, estimator: logit, vcov: cluster(age), formula: "${mrozF}", margins: { at: means } }
  po: { data: fat, estimator: poisson, vcov: robust, formula: "fatal ~ beertax + unemp + income", margins: {} }
  po_x: { data: fat, estimator: poisson, vcov: cluster(state), formula: "fatal ~ beertax + I(beertax^2) + unemp + i(year) + exposure(pop)", margins: {} }
  ols: { data: fat, vcov: hc1, formula: "${ols}", margins: { dydx: [beertax, unemp] } }
  ols_m: { data: fat, vcov: hc1, formula: "${ols}", margins: { at: means } }
  ols_n: { data: fat, vcov: hc1, formula: "${ols}", margins: { dist: normal } }
  ols_w: { data: fat, vcov: hc1, weights: pop, formula: "${ols}", margins: {} }
  ols_wm: { data: fat, vcov: hc1, weights: pop, formula: "${ols}", margins: { at: means } }
  ols_c: { data: fat, vcov: cluster(state), formula: "frate ~ unemp + I(unemp^2) + i(year) + i(year, beertax)", margins: {} }
  ols_fe: { data: fat, conventions: fixest, vcov: cluster(state), formula: "${ols} | state", margins: {} }
  steps: { data: fat, vcov: hc1, formula: "frate ~ csw(beertax, unemp)", margins: { dydx: [unemp] } }
  byyear: { data: fat, vcov: hc1, split: year, formula: "frate ~ beertax + unemp", margins: {} }
  col: { data: fat, vcov: hc1, formula: "frate ~ beertax + bt2 + unemp", margins: {} }
  one: { data: mroz, estimator: logit, formula: "${mroz}", margins: { dydx: [educ] } }
  pfe: { data: fat, estimator: poisson, conventions: fixest, vcov: cluster(state), formula: "fatal ~ beertax + I(beertax^2) + unemp + offset(log(pop)) | state + year", margins: {} }
  pfe_b: { data: bin, estimator: probit, conventions: fixest, information: expected, vcov: cluster(firm), formula: "export ~ x1 + x2 | firm + year", margins: {} }
  lfe: { data: bin, estimator: logit, conventions: fixest, vcov: cluster(firm), formula: "export ~ x1 + x2 | firm + year", margins: {} }
tables:
  effects: { models: [prf, prf/margins, ols_c/margins], format: [csv, markdown, latex], stats: [nobs] }
  steps: { models: [steps/margins, steps/2/margins], format: [csv] }
  split: { models: [byyear, byyear/margins], format: [csv, markdown] }
`;

let run: ReturnType<typeof runSpec>;
const models = (): Record<string, any> => run.results.models;

beforeAll(() => {
  run = runSpec(yaml, ['nl_mroz.csv', 'fatalities.csv', 'glm_binary_panel.csv']);
  if (run.status !== 0) throw new Error(`studyspec run failed (${run.status}):\n${run.stderr}`);
});

const cases: FixtureCase[] = [
  { model: 'lo/margins', fixture: 'margins_logit_mroz', block: 'margins_average' },
  { model: 'lo_m/margins', fixture: 'margins_logit_mroz', block: 'margins_means' },
  { model: 'lo_r/margins', fixture: 'margins_logit_mroz', block: 'margins_average_robust' },
  { model: 'pr/margins', fixture: 'margins_probit_mroz', block: 'margins_average' },
  { model: 'pr_m/margins', fixture: 'margins_probit_mroz', block: 'margins_means' },
  { model: 'pr_r/margins', fixture: 'margins_probit_mroz', block: 'margins_average_robust' },
  { model: 'cl/margins', fixture: 'margins_cloglog_mroz', block: 'margins_average' },
  { model: 'cl_m/margins', fixture: 'margins_cloglog_mroz', block: 'margins_means' },
  { model: 'cl_r/margins', fixture: 'margins_cloglog_mroz', block: 'margins_average_robust' },
  { model: 'prf/margins', fixture: 'margins_probit_factor_mroz', block: 'margins_average' },
  { model: 'prf_m/margins', fixture: 'margins_probit_factor_mroz', block: 'margins_means' },
  { model: 'lof/margins', fixture: 'margins_logit_factor_mroz', block: 'margins_average' },
  { model: 'lof_m/margins', fixture: 'margins_logit_factor_mroz', block: 'margins_means' },
  { model: 'ols/margins', fixture: 'margins_ols_fatalities', block: 'margins_average_hc1' },
  { model: 'ols_m/margins', fixture: 'margins_ols_fatalities', block: 'margins_means_hc1' },
  { model: 'ols_n/margins', fixture: 'margins_ols_fatalities', block: 'margins_average_hc1_normal' },
  { model: 'ols_w/margins', fixture: 'margins_ols_fatalities', block: 'margins_average_weighted' },
  { model: 'ols_wm/margins', fixture: 'margins_ols_fatalities', block: 'margins_means_weighted' },
  { model: 'ols_c/margins', fixture: 'margins_ols_fatalities', block: 'margins_average_year_cluster' },
  { model: 'ols_fe/margins', fixture: 'margins_ols_fatalities', block: 'margins_average_fe_fixest' },
];

for (const c of cases) describe(`${c.model} vs ${c.fixture}.${c.block}`, () => fixtureTests(c, models, it, expect));

describe('Poisson margins (the fixture holds two models; nobs is the same)', () => {
  for (const c of [
    { model: 'po/margins', fixture: 'margins_poisson_fatalities', block: 'margins_average_robust' },
    { model: 'po_x/margins', fixture: 'margins_poisson_fatalities', block: 'margins_average_exposure_cluster' },
  ]) describe(c.model, () => fixtureTests(c, models, it, expect));
});

describe('nonlinear models with absorbed fixed effects: the estimated effects in the prediction, held fixed', () => {
  const e = expected('margins_fe_models');
  for (const [model, block, nobs] of [['pfe/margins', 'margins_poisson', e.nobs_poisson], ['lfe/margins', 'margins_logit', e.nobs_logit], ['pfe_b/margins', 'margins_probit', e.nobs_probit]] as const) {
    it(`${model}: nobs, estimates ≤1e-8, se/stat/p ≤1e-6`, () => {
      const m = models()[model];
      expect(m.nobs).toBe(nobs);
      for (const [term, want] of Object.entries<any>(e[block])) {
        const got = m.coefficients[term];
        expect(close(got.estimate, want.estimate, 1e-8), `${term} ${got.estimate} vs ${want.estimate}`).toBe(true);
        expect(close(got.se, want.se, 1e-6), `${term} se ${got.se} vs ${want.se}`).toBe(true);
        expect(close(got.stat, want.stat, 1e-6), `${term} stat`).toBe(true);
        expect(close(got.p, want.p, 1e-6), `${term} p`).toBe(true);
      }
    });
  }
});

describe('the margins record', () => {
  it('holds exactly the requested effects, in model order, with what the record needs', () => {
    const m = models()['prf/margins'];
    expect(m.terms).toEqual(['nwifeinc', 'educ', 'exper', 'age', 'young::1', 'young::2', 'kidsge6']);
    expect(m.nobs).toBe(753);
    expect(m.vcov).toBe('robust');
    expect(m.inference.dist).toBe('normal');
    expect(m.extra.margins).toMatchObject({ at: 'average', dydx: 'all', prediction: 'Pr(y=1)', kinds: { exper: 'continuous', 'young::1': 'factor' } });
    expect(models()['one/margins'].terms).toEqual(['educ']);
    expect(models()['po_x/margins'].extra.margins.prediction).toBe('exp(xb)');
    expect(models()['ols_m/margins'].extra.margins.at).toBe('means');
  });

  it('run prints each margins record on stdout, saying what the effects are', () => {
    expect(run.stdout).toContain('prf/margins  Probit, average marginal effects');
    expect(run.stdout).toContain('prf_m/margins  Probit, marginal effects at means');
  });

  it("OLS margins carry Stata's t with e(df_r) (n − K; G − 1 when clustered)", () => {
    const e = expected('margins_ols_fatalities');
    expect(models()['ols/margins'].inference).toMatchObject({ dist: 't', df: e.df_hc1 });
    expect(models()['ols_c/margins'].inference).toMatchObject({ dist: 't', df: e.df_cluster });
    expect(models()['ols_fe/margins'].inference.dist).toBe('normal');
  });

  it('a multiple-estimation model has margins per fitted model (a step without the variable has none)', () => {
    expect(models()['steps/1/margins']).toBeUndefined();
    expect(Object.keys(models()['steps/2/margins'].coefficients)).toEqual(['unemp']);
    // unemp has a single coefficient in a linear model without interactions: the AME is it
    const b = models()['steps/2'].coefficients.unemp;
    const m = models()['steps/2/margins'].coefficients.unemp;
    expect(close(m.estimate, b.estimate, 1e-12)).toBe(true);
    expect(close(m.se, b.se, 1e-12)).toBe(true);
    expect(close(m.p, b.p, 1e-12)).toBe(true);
  });

  it('a variable whose every term was dropped as collinear has no effect row (not 0 with SE 0)', () => {
    expect(models().col.dropped.collinear).toEqual(['bt2']);
    expect(models()['col/margins'].terms).toEqual(['beertax', 'unemp']);
    expect(close(models()['col/margins'].coefficients.beertax.estimate, models().col.coefficients.beertax.estimate, 1e-12)).toBe(true);
  });

  it('a split model has margins per group', () => {
    for (const y of [1982, 1988]) {
      const b = models()[`byyear/${y}`].coefficients.beertax;
      const m = models()[`byyear/${y}/margins`].coefficients.beertax;
      expect(close(m.estimate, b.estimate, 1e-12)).toBe(true);
      expect(models()[`byyear/${y}/margins`].step).toBe(String(y));
    }
  });

  it('warns that a listed variable is missing from one step', () => {
    expect(run.results.warnings.some((w: string) => w.startsWith('SS732'))).toBe(true);
  });
});

describe('tables with margins columns', () => {
  const csv = (name: string): { model: string; term: string; statistic: string; value: number }[] =>
    readFileSync(join(run.outDir, 'tables', `${name}.csv`), 'utf8').trim().split('\n').slice(1).map((l) => {
      const [model, term, statistic, value] = l.split(',');
      return { model: model!, term: term!, statistic: statistic!, value: Number(value) };
    });

  it('a "<model>/margins" column shows the effects and their SEs at full precision', () => {
    const rows = csv('effects');
    for (const key of ['prf/margins', 'ols_c/margins']) {
      for (const [term, c] of Object.entries<any>(models()[key].coefficients)) {
        expect(rows.find((r) => r.model === key && r.term === term && r.statistic === 'estimate')?.value).toBe(c.estimate);
        expect(rows.find((r) => r.model === key && r.term === term && r.statistic === 'se')?.value).toBe(c.se);
      }
    }
    expect(rows.find((r) => r.model === 'prf/margins' && r.statistic === 'nobs')?.value).toBe(753);
    // the model's own column keeps its coefficients (the index, not the effect)
    expect(rows.find((r) => r.model === 'prf' && r.term === 'educ' && r.statistic === 'estimate')?.value).toBe(models().prf.coefficients.educ.estimate);
  });

  it('the rendered table prints the effects', () => {
    const md = readFileSync(join(run.outDir, 'tables', 'effects.md'), 'utf8');
    expect(md).toContain(models()['prf/margins'].coefficients.educ.estimate.toFixed(3));
    const tex = readFileSync(join(run.outDir, 'tables', 'effects.tex'), 'utf8');
    expect(tex).toContain(models()['ols_c/margins'].coefficients.beertax.estimate.toFixed(3));
  });

  it('"m/margins" of a multiple-estimation model gives one column per step that has margins', () => {
    const models_ = [...new Set(csv('steps').map((r) => r.model))];
    expect(models_).toEqual(['steps/2/margins']);
  });

  it('"m/margins" of a split model gives one column per group, titled by the group', () => {
    const ms = [...new Set(csv('split').map((r) => r.model))];
    expect(ms.filter((m) => m.endsWith('/margins'))).toHaveLength(7);
    expect(ms.filter((m) => !m.endsWith('/margins'))).toHaveLength(7);
    const md = readFileSync(join(run.outDir, 'tables', 'split.md'), 'utf8');
    expect(md.match(/year = 1988/g)?.length).toBe(2);
  });
});
