/**
 * Shared pieces of the survival estimators' results: choosing the variance (model-based,
 * robust by observation, or clustered, with Stata's small-sample factor unless `noadjust`),
 * z-based coefficient records, Wald tests, and the drops block.
 */
import { dict } from '../../spec/dict.js';
import { StudyError } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/messages/index.js';
import { survivalMessages as M } from '../../diagnostics/messages/survival.js';
import type { Design, Grouping } from '../../design/types.js';
import { chi2Sf, normalPValue } from '../../linalg/distributions.js';
import type { FitOptions } from '../registry.js';
import type { Coefficient, ModelDrops } from '../result.js';
import { meatFromScores } from '../../vcov/meat.js';
import { mlSandwichFactor } from '../../vcov/ssc.js';
import { quadFormInvLdl, sandwich, subMatrix } from '../../linalg/dense.js';

/** Which variance the user asked for, resolved against the design's clusters. */
export interface VcovChoice {
  readonly kind: 'model' | 'robust' | 'cluster';
  readonly cluster?: Grouping;
  /** Apply G/(G−1) (N/(N−1) by observation), Stata's default; false = `noadjust` (R's convention). */
  readonly adjust: boolean;
}

export function chooseVcov(design: Design, options: FitOptions): VcovChoice {
  const adjust = options.noadjust !== true;
  if (design.clusters.length > 1) throw new StudyError(diag(M.survClusterDims(design.clusters.length)));
  const cl = design.clusters[0];
  if (options.vcov === 'cluster' || (options.vcov === 'default' && cl)) {
    if (!cl) return { kind: 'robust', adjust };
    return { kind: 'cluster', cluster: cl, adjust };
  }
  if (options.vcov === 'hc1') return { kind: 'robust', adjust };
  return { kind: 'model', adjust };
}

/** Number of clusters actually present in the estimation sample. */
export function presentClusters(g: Grouping): number {
  const seen = new Uint8Array(g.nlevels);
  let count = 0;
  const codes = g.codes;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c >= 0 && !seen[c]) {
      seen[c] = 1;
      count++;
    }
  }
  return count;
}

export interface RobustVcov {
  readonly vcov: Float64Array;
  readonly groups: number;
}

/**
 * Sandwich V·(Σ_g s_g s_gᵀ)·V from per-row scores (row-major n×k); with `adjust`, times
 * G/(G−1), G = clusters (or observations). For Cox, V·s_i are the dfbeta residuals, so this
 * is the Lin–Wei variance.
 */
export function robustVcov(
  bread: Float64Array,
  scores: Float64Array,
  n: number,
  k: number,
  choice: VcovChoice,
): RobustVcov {
  const cl = choice.kind === 'cluster' ? choice.cluster! : null;
  const g = cl ? presentClusters(cl) : n;
  if (g < 2) throw new StudyError(diag(M.survSingleCluster()));
  const meat = meatFromScores(scores, n, k, cl ? cl.codes : null, cl ? cl.nlevels : 0);
  const v = sandwich(bread, meat, k);
  const f = mlSandwichFactor(g, !choice.adjust);
  for (let i = 0; i < v.length; i++) v[i] = v[i]! * f;
  return { vcov: v, groups: g };
}

export function vcovLabel(choice: VcovChoice): string {
  if (choice.kind === 'cluster') return `cluster(${choice.cluster!.name})`;
  return choice.kind === 'robust' ? 'robust' : 'oim';
}

export function coefficientBlock(
  terms: readonly string[],
  est: ArrayLike<number>,
  vcov: Float64Array,
): Record<string, Coefficient> {
  const k = terms.length;
  const out: Record<string, Coefficient> = dict();
  for (let j = 0; j < k; j++) {
    const se = Math.sqrt(vcov[j * k + j]!);
    const stat = est[j]! / se;
    out[terms[j]!] = { estimate: est[j]!, se, stat, p: normalPValue(stat) };
  }
  return out;
}

/** Wald χ² that the coefficients at `idx` are jointly zero. */
export function waldTest(
  est: ArrayLike<number>,
  vcov: Float64Array,
  k: number,
  idx: readonly number[],
): { chi2: number; df: number; p: number } {
  if (idx.length === 0) return { chi2: Number.NaN, df: 0, p: Number.NaN };
  const sub = subMatrix(vcov, k, idx);
  const b = idx.map((i) => est[i]!);
  const chi2 = quadFormInvLdl(sub, b, idx.length);
  return { chi2, df: idx.length, p: chi2Sf(chi2, idx.length) };
}

export function modelDrops(design: Design): ModelDrops {
  return {
    singletons: design.dropped.singletons,
    missing: design.dropped.missing,
    collinear: design.dropped.collinear.map((c) => c.name),
  };
}

/** NaN → null for the stats record (null = not defined). */
export function finiteOrNull(x: number | undefined): number | null {
  return x === undefined || !Number.isFinite(x) ? null : x;
}
