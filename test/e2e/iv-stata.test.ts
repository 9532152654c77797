/**
 * IV against published Stata 13 `ivregress` output (oracle/iv_stata_published.R parses the logs
 * kept in oracle/published/): 2SLS and LIML with vce(unadjusted | robust | cluster), with and
 * without `small`, on the Stata manual's hsng data and, with analytic weights, on linearmodels'
 * simulated data (.dta). Coefficients ≤ 1e-8 and SEs, t, p, κ ≤ 1e-6 relative — as far as the
 * printed digits go (Stata printed %13.12g; se = b/t). GMM: ivregress's default VCE re-estimates
 * Ŝ at the GMM residuals while `method: gmm` follows ivreg2 gmm2s (the contract), so only the
 * GMM estimates and Hansen's J, which both share, are compared.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { close, expected, fixtureTests, runSpec } from './harness.js';

const VCOV = { unadjusted: 'iid', robust: 'hc1', cluster: '' } as const;
type V = keyof typeof VCOV;
const kinds: V[] = ['unadjusted', 'robust', 'cluster'];
const sizes = ['small', 'asymptotic'] as const;

function models(formula: (v: V) => string, cluster: string, extra = ''): string {
  let out = '';
  for (const m of ['2sls', 'liml', 'gmm'] as const) {
    for (const v of kinds) {
      for (const s of sizes) {
        const vcov = v === 'cluster' ? `cluster(${cluster})` : VCOV[v];
        out += `  ${m}_${v}_${s}: { formula: "${formula(v)}", method: ${m}, vcov: ${vcov}${s === 'asymptotic' ? ', small: false' : ''}${extra} }\n`;
      }
    }
  }
  return out;
}

describe('Stata 13 ivregress, hsng (published log)', () => {
  const exp = expected('iv_stata_hsng');
  let res: any;
  beforeAll(() => {
    const yaml = `version: 1\ndata:\n  h: { source: hsng.csv }\nmodels:\n${models(() => 'rent ~ pcturban | hsngval ~ faminc + i(region)', 'division')}`;
    const r = runSpec(yaml, ['hsng.csv']);
    if (r.status !== 0) throw new Error(`studyspec run failed (${r.status}):\n${r.stderr}`);
    res = r.results.models;
  });
  for (const m of ['2sls', 'liml'] as const) {
    for (const v of kinds) {
      for (const s of sizes) {
        const key = `${m}_${v}_${s}`;
        describe(`${key} — conventions: stata (ivregress ${m}, vce(${v})${s === 'small' ? ', small' : ''})`, () =>
          fixtureTests({ fixture: 'iv_stata_hsng', model: key, block: key, ...(m === 'liml' ? { stats: { kappa: 'kappa_liml' } } : {}) }, () => res, it, expect));
      }
    }
  }
  for (const v of ['robust', 'cluster'] as const) {
    for (const s of sizes) {
      const key = `gmm_${v}_${s}`;
      it(`${key}: GMM estimates ≤1e-8 and Hansen J ≤1e-6 (stata ivregress gmm, wmatrix(${v}))`, () => {
        for (const [t, c] of Object.entries<any>(exp[key])) {
          expect(close(res[key].coefficients[t].estimate, c.estimate, 1e-8), `${t}: ${res[key].coefficients[t].estimate} vs ${c.estimate}`).toBe(true);
        }
        expect(close(res[key].stats.hansen_j, exp.stats[`J_${key}`], 1e-6)).toBe(true);
      });
    }
  }
});

describe('Stata 13 ivregress [aweight=weights], simulated data (.dta, published log)', () => {
  const exp = expected('iv_stata_simulated_aweight');
  const y = { unadjusted: 'y_unadjusted', robust: 'y_robust', cluster: 'y_clustered' } as const;
  let res: any;
  beforeAll(() => {
    const body = models((v) => `${y[v]} ~ x3 + x4 + x5 | x1 ~ z1 + z2`, 'cluster_id', ', weights: weights') +
      '  liml_e2: { formula: "y_robust ~ x3 + x4 + x5 | x1 + x2 ~ z1 + z2", method: liml, vcov: hc1, weights: weights }\n';
    const r = runSpec(`version: 1\ndata:\n  s: { source: iv_simulated.dta }\nmodels:\n${body}`, ['iv_simulated.dta']);
    if (r.status !== 0) throw new Error(`studyspec run failed (${r.status}):\n${r.stderr}`);
    res = r.results.models;
  });
  for (const m of ['2sls', 'liml'] as const) {
    for (const v of kinds) {
      for (const s of sizes) {
        const block = `${m}_e1_${v}_${s}`;
        describe(`${block} — conventions: stata (ivregress ${m} [aw=], vce(${v})${s === 'small' ? ', small' : ''})`, () =>
          fixtureTests({ fixture: 'iv_stata_simulated_aweight', model: `${m}_${v}_${s}`, block, ...(m === 'liml' ? { stats: { kappa: `kappa_${block}` } } : {}) }, () => res, it, expect));
      }
    }
  }
  describe('liml_e2_robust_small — two endogenous, exactly identified (κ = 1), conventions: stata', () =>
    fixtureTests({ fixture: 'iv_stata_simulated_aweight', model: 'liml_e2', block: 'liml_e2_robust_small', stats: { kappa: 'kappa_liml_e2_robust_small' } }, () => res, it, expect));
  for (const v of ['robust', 'cluster'] as const) {
    it(`gmm [aw=], wmatrix(${v}), small: estimates ≤1e-8 and Hansen J ≤1e-6`, () => {
      const key = `gmm_e1_${v}_small`;
      const ours = res[`gmm_${v}_small`];
      for (const [t, c] of Object.entries<any>(exp[key])) {
        expect(close(ours.coefficients[t].estimate, c.estimate, 1e-8), `${t}: ${ours.coefficients[t].estimate} vs ${c.estimate}`).toBe(true);
      }
      expect(close(ours.stats.hansen_j, exp.stats[`J_${key}`], 1e-6)).toBe(true);
    });
  }
});
