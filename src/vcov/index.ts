/**
 * One variance interface for the linear estimators: iid, HC1 and one-/two-way cluster,
 * as pure functions of score regressors, residuals, the bread and the ssc profile.
 */
import type { Grouping } from '../design/types.js';
import { psdFix, sandwich } from '../linalg/dense.js';
import { meatClusterMultiway, meatHC0 } from './meat.js';
import { smallSample, type Profile, type Ssc, type SscInput, type VcovKind } from './ssc.js';

export type { Profile, Ssc, SscInput, VcovKind } from './ssc.js';
export { smallSample } from './ssc.js';

export interface VcovInput {
  readonly kind: VcovKind;
  readonly profile: Profile;
  /** Regressors the scores are formed with (demeaned X, or projected X̂ for 2SLS). */
  readonly X: readonly Float64Array[];
  readonly u: Float64Array;
  /** (X'X)⁻¹, k×k row-major, k = X.length. */
  readonly bread: Float64Array;
  readonly ssr: number;
  readonly clusters: readonly Grouping[];
  readonly ssc: Omit<SscInput, 'clusters'>;
  /** The meat for these X, u and clusters (and a trailing constant), when already computed (see meatFor). */
  readonly meat?: Float64Array;
}

export interface VcovOutput {
  readonly V: Float64Array;
  readonly ssc: Ssc;
  /** Multiway cluster matrix was not PSD and was fixed. */
  readonly psdFixed: boolean;
  readonly nClusters?: readonly number[];
}

export function computeVcov(inp: VcovInput): VcovOutput {
  // A given meat may cover more columns than X (a constant passed as meatFor's `constant`).
  const k = inp.meat ? Math.round(Math.sqrt(inp.meat.length)) : inp.X.length;
  if (inp.kind === 'iid') {
    const ssc = smallSample(inp.profile, 'iid', inp.ssc);
    const s2 = inp.ssr * ssc.factor;
    return { V: inp.bread.map((b) => b * s2), ssc, psdFixed: false };
  }
  if (inp.kind === 'hc1') {
    const ssc = smallSample(inp.profile, 'hc1', inp.ssc);
    const V = sandwich(inp.bread, inp.meat ?? meatHC0(inp.X, inp.u), k).map((v) => v * ssc.factor);
    return { V, ssc, psdFixed: false };
  }
  const nClusters = inp.clusters.map((c) => c.nlevels);
  const ssc = smallSample(inp.profile, 'cluster', { ...inp.ssc, clusters: nClusters });
  let V: Float64Array = sandwich(inp.bread, inp.meat ?? meatClusterMultiway(inp.X, inp.u, inp.clusters), k).map((v) => v * ssc.factor);
  let psdFixed = false;
  if (inp.clusters.length > 1) {
    const fx = psdFix(V, k);
    V = fx.V;
    psdFixed = fx.fixed;
  }
  return { V, ssc, psdFixed, nClusters };
}

/**
 * The meat of a robust or cluster variance (undefined for iid), for callers that need the
 * variance of several column sets where one is a prefix of another: the meat of a prefix is
 * the top-left block of the wider meat, value for value (topLeft), so one pass serves both.
 * `constant`: a trailing column of ones, not passed (see meatHC0).
 */
export function meatFor(kind: VcovKind, X: readonly Float64Array[], u: Float64Array, clusters: readonly Grouping[], constant = false): Float64Array | undefined {
  if (kind === 'iid') return undefined;
  return kind === 'hc1' ? meatHC0(X, u, constant) : meatClusterMultiway(X, u, clusters, constant);
}

/** Top-left k×k block of an m×m row-major matrix. */
export function topLeft(M: Float64Array, m: number, k: number): Float64Array {
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) out[i * k + j] = M[i * m + j]!;
  return out;
}
