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
import { close, expected, fixtureTests, fixturesDir, runSpec } from './harness.js';

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
