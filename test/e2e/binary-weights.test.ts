/**
 * Weights on probit, logit and cloglog, without and with absorbed fixed effects, through the
 * CLI against test/fixtures/expected/bw_*.json (oracle/binary_weights_references.R: R glm with
 * prior weights polished to the exact optimum, the variance rules of each convention by
 * formula, cross-checked there against sandwich, the row-repeated data and fixest feglm):
 * coefficients ≤1e-8, SEs, z, p and statistics ≤1e-6 relative.
 *
 * Each fixture carries the model's spec (estimator, formula, weights, vcov, conventions,
 * information); the study below is written from those, one model per fixture.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { close, expected, fixtureTests, fixturesDir, runSpec, runWithFiles } from './harness.js';

const cases = readdirSync(join(fixturesDir, 'expected'))
  .filter((f) => f.startsWith('bw_') && f.endsWith('.json'))
  .map((f) => f.slice(0, -5))
  .sort();

const yamlValue = (v: unknown): string => JSON.stringify(v);
function modelLine(name: string): string {
  const s = expected(name).spec as Record<string, unknown>;
  const data = name.startsWith('bw_fe_') ? 'panel' : 'mroz';
  const keys = Object.entries(s).map(([k, v]) => `${k}: ${yamlValue(v)}`);
  return `  ${name}: { data: ${data}, ${keys.join(', ')} }`;
}

const yaml = `version: 1
data:
  mroz: { source: nl_mroz_weights.csv }
  panel: { source: glm_binary_panel_w.csv }
models:
${cases.map(modelLine).join('\n')}
`;

let run: ReturnType<typeof runSpec>;
const models = (): Record<string, any> => run.results.models;

beforeAll(() => {
  run = runSpec(yaml, ['nl_mroz_weights.csv', 'glm_binary_panel_w.csv']);
  if (run.status !== 0) throw new Error(`studyspec run failed (${run.status}):\n${run.stderr}`);
});

it('covers every link, kind and profile of the oracle (42 models)', () => expect(cases.length).toBe(42));

/** The statistics each model reports: the LR test only without FE, none of LR/AIC/BIC with probability weights. */
function statsOf(name: string): Record<string, string> {
  const pw = expected(name).spec.weights?.kind === 'probability';
  const keys = ['loglik', 'loglik_0', 'pseudo_r2', 'wald_chi2', ...(pw ? [] : ['aic', 'bic']), ...(pw || name.startsWith('bw_fe_') ? [] : ['lr_chi2'])];
  return Object.fromEntries(keys.map((k) => [k, k]));
}

for (const name of cases) {
  describe(`${name} (${expected(name).spec.estimator})`, () => {
    fixtureTests({ model: name, fixture: name, block: 'coefficients', stats: statsOf(name) }, models, it, expect);
    const G = expected(name).stats.n_clusters;
    if (G !== undefined) it('clusters counted', () => expect(models()[name].inference.n_clusters).toEqual([G]));
  });
}

describe('what each kind counts', () => {
  it('frequency weights: nobs = Σw (Stata e(N)); probability weights leave nobs = rows, the zero-weight row out', () => {
    expect(models()['bw_probit_fw_oim'].nobs).toBe(expected('bw_probit_fw_oim').nobs);
    expect(models()['bw_probit_pw_robust'].nobs).toBe(752);
    expect(models()['bw_probit_pw_robust'].dropped.zero_weight).toBe(1);
  });
  it('probability weights are robust by default and report no LR test or information criteria (pseudo-likelihood)', () => {
    for (const m of ['bw_logit_pw_robust', 'bw_fe_probit_pw_robust']) {
      expect(models()[m].vcov).toBe('robust');
      expect(models()[m].stats.aic).toBeNull();
      expect(models()[m].stats.bic).toBeNull();
    }
    expect(models()['bw_logit_pw_robust'].stats.lr_chi2).toBeNull();
    expect(models()['bw_logit_pw_robust'].stats.chi2).toBe(models()['bw_logit_pw_robust'].stats.wald_chi2);
  });
  it('frequency-weighted oim reports the LR χ² as the model test, as Stata does', () => {
    const s = models()['bw_probit_fw_oim'].stats;
    expect(close(s.chi2, 2 * (s.loglik - s.loglik_0), 1e-12)).toBe(true);
  });
});

/**
 * Frequency weights are repeated rows: a model with `kind: frequency` must equal the same
 * model on the data with each row written w times — also where the rows are rewritten or
 * dropped before the fit (person-period expansion, perfect predictors, FE separation).
 */
describe('frequency weights = the row-repeated data', () => {
  const rows: string[] = [];
  let seed = 7;
  const rnd = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  for (let i = 1; i <= 120; i++) {
    const x = rnd() * 2 - 1;
    const d = i % 9 === 0 ? 1 : 0;
    const g = `f${1 + (i % 12)}`;
    const time = 1 + Math.floor(rnd() * 6);
    const event = rnd() < 0.6 + 0.2 * x ? 1 : 0;
    // d = 1 only where y = 0: a perfect predictor Stata drops with its rows.
    const y = d === 1 ? 0 : rnd() < 0.5 + 0.3 * x ? 1 : 0;
    const fw = 1 + (i % 3);
    rows.push(`${i},${g},${x.toFixed(6)},${d},${time},${event},${y},${fw}`);
  }
  const header = 'id,g,x,d,time,event,y,fw';
  const weighted = `${header}\n${rows.join('\n')}\n`;
  const repeated = `${header}\n${rows.flatMap((r) => Array<string>(Number(r.split(',')[7])).fill(r)).join('\n')}\n`;
  const models = (fw: boolean): string => {
    const w = fw ? ', weights: { column: fw, kind: frequency }' : '';
    return `models:
  pp: { estimator: cloglog, period: 1, formula: "Surv(time, event) ~ x"${w} }
  perfect: { estimator: probit, vcov: robust, formula: "y ~ x + d"${w} }
  fe: { estimator: logit, vcov: cluster(g), formula: "y ~ x | g"${w} }
`;
  };
  let a: any;
  let b: any;
  beforeAll(() => {
    const r1 = runWithFiles(`version: 1\ndata:\n  d: { source: d.csv }\n${models(true)}`, { 'd.csv': weighted });
    const r2 = runWithFiles(`version: 1\ndata:\n  d: { source: d.csv }\n${models(false)}`, { 'd.csv': repeated });
    if (r1.status !== 0 || r2.status !== 0) throw new Error(`${r1.stderr}\n${r2.stderr}`);
    a = r1.results.models;
    b = r2.results.models;
  });
  for (const m of ['pp', 'perfect', 'fe']) {
    it(`${m}: nobs, terms, estimates (1e-8), SEs and loglik (1e-6) equal`, () => {
      expect(a[m].nobs).toBe(b[m].nobs);
      expect(a[m].terms).toEqual(b[m].terms);
      for (const t of b[m].terms) {
        expect(close(a[m].coefficients[t].estimate, b[m].coefficients[t].estimate, 1e-8), t).toBe(true);
        expect(close(a[m].coefficients[t].se, b[m].coefficients[t].se, 1e-6), t).toBe(true);
      }
      expect(close(a[m].stats.loglik, b[m].stats.loglik, 1e-6)).toBe(true);
      expect(close(a[m].stats.pseudo_r2, b[m].stats.pseudo_r2, 1e-6)).toBe(true);
    });
  }
  it('the perfect predictor is dropped in both', () => {
    expect(a.perfect.dropped.perfect_prediction).toEqual(['d']);
    expect(b.perfect.dropped.perfect_prediction).toEqual(['d']);
  });
});
