/**
 * Robust and clustered variances of the exponential/Weibull fits. No reference fit has
 * them, so the sandwich is rebuilt here from per-row scores taken by central differences
 * of each row's log-likelihood (independent of the analytic derivatives), with the
 * model-based variance as bread and Stata's G/(G−1):
 *   V_rob = V (Σ_g s_g s_gᵀ) V · G/(G−1)   in the AFT parameters (b, log σ).
 */
import { describe, expect, it } from 'vitest';
import { fitStregModel } from '../../../src/estimators/survival/streg.js';
import { stregPass, type StregData } from '../../../src/estimators/survival/streg-likelihood.js';
import type { FitOptions } from '../../../src/estimators/registry.js';
import type { SurvivalResult } from '../../../src/estimators/result.js';
import { Reporter } from '../../../src/diagnostics/diagnostic.js';
import { relErr, survDesign } from '../../helpers/survival-fixture.js';

const d = survDesign({
  csv: 'nl_lung.csv', time: 'time', event: 'dead', covariates: ['age', 'sex', 'ph_ecog'], cluster: 'inst', intercept: true,
});

function rowLoglik(i: number, theta: number[], dist: 'exponential' | 'weibull'): number {
  const x = Float64Array.from([1, ...d.X.map((c) => c[i]!)]);
  const one: StregData = {
    n: 1, p: x.length, x, logT: Float64Array.of(Math.log(d.surv!.time[i]!)),
    logT0: Float64Array.of(Number.NEGATIVE_INFINITY), event: Uint8Array.of(d.surv!.event[i]!),
  };
  return stregPass(one, theta, dist).loglik;
}

describe.each(['exponential', 'weibull'] as const)('%s sandwich variance', (dist) => {
  const fit = (o: Partial<FitOptions>): SurvivalResult =>
    fitStregModel({ id: 'm', formula: '', design: d, options: { vcov: 'iid', conventions: 'stata', metric: 'aft', ...o }, reporter: new Reporter() }, dist);
  const model = fit({});
  const clustered = fit({ vcov: 'cluster' });
  const clusteredR = fit({ vcov: 'cluster', noadjust: true });
  const full = model.extra!.vcov_full as { terms: string[]; matrix: number[][] };
  const q = full.terms.length;
  const theta = [...model.terms.map((t) => model.coefficients[t]!.estimate)];
  if (dist === 'weibull') theta.push(model.extra!.ancillary!['log_scale']!.estimate);

  // Scores by central differences, summed within clusters.
  const G = d.clusters[0]!;
  const sums = Array.from({ length: G.nlevels }, () => new Array<number>(q).fill(0));
  for (let i = 0; i < d.n; i++) {
    for (let j = 0; j < q; j++) {
      // Step on each parameter's own scale (its SE), so the change in x'b stays small.
      const h = 1e-3 * Math.sqrt(full.matrix[j]![j]!);
      const up = [...theta];
      const dn = [...theta];
      up[j]! += h;
      dn[j]! -= h;
      sums[G.codes[i]!]![j]! += (rowLoglik(i, up, dist) - rowLoglik(i, dn, dist)) / (2 * h);
    }
  }
  const V = full.matrix;
  const meat = Array.from({ length: q }, (_, a) => Array.from({ length: q }, (_, b) => sums.reduce((s, g) => s + g[a]! * g[b]!, 0)));
  const mul = (A: number[][], B: number[][]): number[][] =>
    A.map((r) => B[0]!.map((_, c) => r.reduce((s, v, m) => s + v * B[m]![c]!, 0)));
  const sand = mul(mul(V, meat), V);
  const g = new Set(G.codes).size;

  for (let j = 0; j < model.terms.length; j++) {
    const t = model.terms[j]!;
    it(`cluster SE ${t}, noadjust`, () => {
      expect(relErr(clusteredR.coefficients[t]!.se, Math.sqrt(sand[j]![j]!))).toBeLessThan(1e-6);
    });
    it(`cluster SE ${t}, G/(G-1)`, () => {
      expect(relErr(clustered.coefficients[t]!.se, Math.sqrt((sand[j]![j]! * g) / (g - 1)))).toBeLessThan(1e-6);
    });
  }
  it('reports the cluster count and the Wald headline', () => {
    expect(clustered.stats.n_clusters).toBe(18);
    expect(clustered.stats.chi2).toBe(clustered.stats.wald_chi2);
    expect(model.stats.chi2).toBe(model.stats.lr_chi2);
  });
  it('PH-metric robust variance is the delta-method image of the AFT one', () => {
    const ph = fit({ vcov: 'cluster', metric: 'ph' });
    const sigma = dist === 'weibull' ? Math.exp(theta[q - 1]!) : 1;
    // For the exponential the map is b_PH = −b, so the SEs coincide exactly.
    if (dist === 'exponential')
      for (const t of ph.terms) expect(relErr(ph.coefficients[t]!.se, clustered.coefficients[t]!.se)).toBeLessThan(1e-12);
    else {
      const VA = clustered.extra!.vcov_full!.matrix;
      const k = q - 1;
      for (let j = 0; j < k; j++) {
        const bj = theta[j]!;
        const v = (VA[j]![j]! - 2 * bj * VA[j]![k]! + bj * bj * VA[k]![k]!) / (sigma * sigma);
        expect(relErr(ph.coefficients[ph.terms[j]!]!.se, Math.sqrt(v))).toBeLessThan(1e-10);
      }
    }
  });
});
