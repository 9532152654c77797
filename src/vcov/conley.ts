/**
 * Conley (1999) spatial meat with a uniform kernel: Σ_i Σ_j 1[d_ij ≤ cutoff] s_i s_j', d the
 * haversine great-circle distance in km on a sphere of radius 6376 km — fixest 0.12's C++
 * distance (`12752 * asin(…)`), which is what its Conley variance uses; its R helper's
 * 6371 km is not — i = j included. When `period` is given (the table is a panel),
 * only pairs in the same period count, as fixest 0.12 does for panels.
 *
 * Pairs are found by sorting the rows by latitude: d ≥ R·|Δφ|, so once the latitude gap of
 * a pair exceeds cutoff/R no later row can be a neighbour. Cost ~ n × neighbours.
 */
import { scoreRows } from './hac.js';

export const EARTH_RADIUS_KM = 6376;

export interface ConleyInput {
  readonly X: readonly Float64Array[];
  readonly u: Float64Array;
  readonly constant: boolean;
  /** Degrees. */
  readonly lat: Float64Array;
  readonly lon: Float64Array;
  readonly cutoffKm: number;
  readonly period?: Int32Array;
}

export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const dlat = (lat2 - lat1) * r;
  const dlon = (lon2 - lon1) * r;
  const a = Math.sin(dlat / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(dlon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

export function meatConley(inp: ConleyInput): Float64Array {
  const { S, k } = scoreRows(inp.X, inp.u, inp.constant);
  const n = inp.u.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => inp.lat[a]! - inp.lat[b]!);
  const maxDlat = (inp.cutoffKm / EARTH_RADIUS_KM) * (180 / Math.PI);
  const M = new Float64Array(k * k);
  const add = (i: number, j: number, both: boolean): void => {
    const oi = i * k;
    const oj = j * k;
    for (let a = 0; a < k; a++) {
      const sia = S[oi + a]!;
      const sja = S[oj + a]!;
      for (let b = 0; b < k; b++) M[a * k + b]! += both ? sia * S[oj + b]! + sja * S[oi + b]! : sia * S[oi + b]!;
    }
  };
  for (let r = 0; r < n; r++) {
    const i = order[r]!;
    add(i, i, false);
    for (let q = r + 1; q < n; q++) {
      const j = order[q]!;
      // A small slack keeps pairs exactly at the cutoff that the bound would cut by rounding.
      if (inp.lat[j]! - inp.lat[i]! > maxDlat * (1 + 1e-12)) break;
      if (inp.period && inp.period[i] !== inp.period[j]) continue;
      if (haversineKm(inp.lat[i]!, inp.lon[i]!, inp.lat[j]!, inp.lon[j]!) <= inp.cutoffKm) add(i, j, true);
    }
  }
  return M;
}
