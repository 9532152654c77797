/**
 * One variance interface for the linear estimators: iid, HC1–HC3, multiway cluster,
 * Newey–West, Driscoll–Kraay and Conley, as pure functions of score regressors, residuals,
 * the bread, what the kind needs from the data (VcovData) and the ssc profile.
 */
import type { Grouping } from '../design/types.js';
import { psdFix, sandwich } from '../linalg/dense.js';
import { meatConley } from './conley.js';
import { meatDriscollKraay, meatNeweyWest } from './hac.js';
import { meatLeverage } from './hc.js';
import { meatClusterMultiway, meatHC0 } from './meat.js';
import { smallSample, type Profile, type Ssc, type SscInput, type VcovKind } from './ssc.js';

export type { Profile, Ssc, SscInput, VcovKind } from './ssc.js';
export { smallSample } from './ssc.js';

/** What a variance kind reads besides the scores, on the estimation rows. */
export interface VcovData {
  readonly clusters: readonly Grouping[];
  /** nw/dk: period index per row (see hac.ts), number of periods, unit codes (nw), lags. */
  readonly hac?: { readonly period: Int32Array; readonly nPeriods: number; readonly unit?: Int32Array; readonly lag: number };
  /** conley: coordinates in degrees, cutoff in km, period per row when the table is a panel. */
  readonly conley?: { readonly lat: Float64Array; readonly lon: Float64Array; readonly cutoffKm: number; readonly period?: Int32Array };
}

/** A variance that cannot be formed from these data (the estimator turns it into a message). */
export class VcovDataError extends Error {
  constructor(
    readonly reason: 'leverage-one' | 'duplicate-unit-time' | 'missing-data',
    readonly row: number,
  ) {
    super(reason);
  }
}

export interface VcovInput {
  readonly kind: VcovKind;
  readonly profile: Profile;
  /** Regressors the scores are formed with (demeaned X, or projected X̂ for 2SLS). */
  readonly X: readonly Float64Array[];
  readonly u: Float64Array;
  /** (X'X)⁻¹, k×k row-major, k = X.length (or k+1 with a trailing constant, see meatFor). */
  readonly bread: Float64Array;
  readonly ssr: number;
  readonly clusters: readonly Grouping[];
  /** nw/dk/conley data (clusters above stay the source of the cluster ways). */
  readonly data?: Omit<VcovData, 'clusters'>;
  readonly ssc: Omit<SscInput, 'clusters' | 'periods'>;
  /** The meat for these X, u and data (and a trailing constant), when already computed (see meatFor). */
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
  const constant = k > inp.X.length;
  if (inp.kind === 'iid') {
    const ssc = smallSample(inp.profile, 'iid', inp.ssc);
    const s2 = inp.ssr * ssc.factor;
    return { V: inp.bread.map((b) => b * s2), ssc, psdFixed: false };
  }
  const data: VcovData = { clusters: inp.clusters, ...(inp.data ?? {}) };
  const meat = inp.meat ?? meatFor(inp.kind, inp.X, inp.u, data, constant, inp.bread)!;
  const nClusters = inp.kind === 'cluster' ? inp.clusters.map((c) => c.nlevels) : undefined;
  const ssc = smallSample(inp.profile, inp.kind, {
    ...inp.ssc,
    ...(nClusters ? { clusters: nClusters } : {}),
    ...(data.hac ? { periods: data.hac.nPeriods } : {}),
  });
  let V: Float64Array = sandwich(inp.bread, meat, k).map((v) => v * ssc.factor);
  let psdFixed = false;
  // Inclusion–exclusion (multiway clusters) and kernels that are not PSD by construction
  // (uniform Conley) can give a negative eigenvalue: set it to 0 (CGM 2011), as fixest does.
  if ((inp.kind === 'cluster' && inp.clusters.length > 1) || inp.kind === 'conley') {
    const fx = psdFix(V, k);
    V = fx.V;
    psdFixed = fx.fixed;
  }
  return { V, ssc, psdFixed, ...(nClusters ? { nClusters } : {}) };
}

/**
 * The meat of a robust, cluster, HAC or spatial variance (undefined for iid), for callers that
 * need the variance of several column sets where one is a prefix of another: the meat of a
 * prefix is the top-left block of the wider meat, value for value (topLeft), so one pass
 * serves both. `constant`: a trailing column of ones, not passed (see meatHC0). `bread`
 * (covering the constant too) is needed by hc2/hc3 only, for the leverages.
 */
export function meatFor(
  kind: VcovKind,
  X: readonly Float64Array[],
  u: Float64Array,
  data: VcovData | readonly Grouping[],
  constant = false,
  bread?: Float64Array,
): Float64Array | undefined {
  const d: VcovData = Array.isArray(data) ? { clusters: data as readonly Grouping[] } : (data as VcovData);
  switch (kind) {
    case 'iid':
      return undefined;
    case 'hc1':
      return meatHC0(X, u, constant);
    case 'hc2':
    case 'hc3': {
      if (!bread) throw new Error('meatFor: hc2/hc3 need the bread');
      const r = meatLeverage(kind, X, u, bread, constant);
      if (r.bad >= 0) throw new VcovDataError('leverage-one', r.bad);
      return r.meat;
    }
    case 'cluster':
      return meatClusterMultiway(X, u, d.clusters, constant);
    case 'nw': {
      if (!d.hac) throw new VcovDataError('missing-data', -1);
      const r = meatNeweyWest({ X, u, constant, period: d.hac.period, lag: d.hac.lag, ...(d.hac.unit ? { unit: d.hac.unit } : {}) });
      if (r.duplicate >= 0) throw new VcovDataError('duplicate-unit-time', r.duplicate);
      return r.meat;
    }
    case 'dk':
      if (!d.hac) throw new VcovDataError('missing-data', -1);
      return meatDriscollKraay({ X, u, constant, period: d.hac.period, lag: d.hac.lag }, d.hac.nPeriods);
    case 'conley':
      if (!d.conley) throw new VcovDataError('missing-data', -1);
      return meatConley({ X, u, constant, lat: d.conley.lat, lon: d.conley.lon, cutoffKm: d.conley.cutoffKm, ...(d.conley.period ? { period: d.conley.period } : {}) });
  }
}

/** Top-left k×k block of an m×m row-major matrix. */
export function topLeft(M: Float64Array, m: number, k: number): Float64Array {
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) out[i * k + j] = M[i * m + j]!;
  return out;
}
