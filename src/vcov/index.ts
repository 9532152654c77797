/**
 * One variance interface for the linear estimators: iid, HC1 and one-/two-way cluster,
 * as pure functions of score regressors, residuals, the bread and the ssc profile.
 */
import type { Grouping } from '../design/types.js';
import { psdFix, sandwich } from '../linalg/sym.js';
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
}

export interface VcovOutput {
  readonly V: Float64Array;
  readonly ssc: Ssc;
  /** Multiway cluster matrix was not PSD and was fixed. */
  readonly psdFixed: boolean;
  readonly nClusters?: readonly number[];
}

export function computeVcov(inp: VcovInput): VcovOutput {
  const k = inp.X.length;
  if (inp.kind === 'iid') {
    const ssc = smallSample(inp.profile, 'iid', inp.ssc);
    const s2 = inp.ssr * ssc.factor;
    return { V: inp.bread.map((b) => b * s2), ssc, psdFixed: false };
  }
  if (inp.kind === 'hc1') {
    const ssc = smallSample(inp.profile, 'hc1', inp.ssc);
    const V = sandwich(inp.bread, meatHC0(inp.X, inp.u), k).map((v) => v * ssc.factor);
    return { V, ssc, psdFixed: false };
  }
  const nClusters = inp.clusters.map((c) => c.nlevels);
  const ssc = smallSample(inp.profile, 'cluster', { ...inp.ssc, clusters: nClusters });
  let V: Float64Array = sandwich(inp.bread, meatClusterMultiway(inp.X, inp.u, inp.clusters), k).map((v) => v * ssc.factor);
  let psdFixed = false;
  if (inp.clusters.length > 1) {
    const fx = psdFix(V, k);
    V = fx.V;
    psdFixed = fx.fixed;
  }
  return { V, ssc, psdFixed, nClusters };
}
