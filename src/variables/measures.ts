/**
 * Measurement functions of the reference studies (methods.md): M2 recovery time and its
 * event flag, M3 regional resilience index, M4 inverse-distance spatial lag. Each result is
 * a column on the panel rows; per-unit results (M2) are repeated on every row of the unit.
 */
import { numColumn } from '../data/frame.js';
import { ExprError } from '../expr/errors.js';
import { variablesMessages as M } from '../diagnostics/messages/variables.js';
import type { CallArgs, FnImpl } from './call.js';
import { buildGroupIndex, groupRows } from './group-index.js';
import type { Val } from './value.js';

interface Recovery {
  readonly duration: Float64Array;
  readonly event: Float64Array;
}

/**
 * M2. Shock year s, base year b, growth g_t = x_t/x_{t−1} − 1 (gap-aware).
 * Stabilisation year W = first t ≥ s with g_t > 0 and g_{t+1} > 0; recovery year
 * H = first t ≥ W with x_t > x_b; duration RECT = (W − s + 1) + (H − W) = H − s + 1.
 * Without stabilisation (stabilise = false), W = s. Not recovered by the unit's last
 * period T ⇒ right-censored: duration T − s + 1, event 0. Missing (both) for units without
 * an observed x_b or not observed at or after s.
 */
function recovery(a: CallArgs): Recovery {
  const s = a.constNum('shock');
  const b = a.constNum('base');
  const stabilise = a.constBool('stabilise', true);
  const x = a.num('x');
  const p = a.env.cache.panel(a.env.frame, a.fn, a.call.span);
  const prev = a.env.cache.shifted(a.env.frame, -1, a.fn, a.call.span);
  const next = a.env.cache.shifted(a.env.frame, 1, a.fn, a.call.span);
  const growthPositive = (r: number): boolean => {
    if (r < 0 || prev[r]! < 0) return false;
    return x[r]! / x[prev[r]!]! - 1 > 0;
  };
  const duration = new Float64Array(a.n).fill(NaN);
  const event = new Float64Array(a.n).fill(NaN);
  for (let u = 0; u < p.nunits; u++) {
    const from = p.start[u]!;
    const to = p.start[u + 1]!;
    let xb = NaN;
    for (let k = from; k < to; k++) if (p.time[p.order[k]!] === b) xb = x[p.order[k]!]!;
    const last = p.time[p.order[to - 1]!]!;
    if (Number.isNaN(xb) || last < s) continue;
    let w = NaN;
    let h = NaN;
    for (let k = from; k < to; k++) {
      const r = p.order[k]!;
      const t = p.time[r]!;
      if (t < s) continue;
      if (Number.isNaN(w)) {
        if (!stabilise || (growthPositive(r) && growthPositive(next[r]!))) w = stabilise ? t : s;
        else continue;
      }
      if (x[r]! > xb) {
        h = t;
        break;
      }
    }
    const d = Number.isNaN(h) ? last - s + 1 : h - s + 1;
    const ev = Number.isNaN(h) ? 0 : 1;
    for (let k = from; k < to; k++) {
      duration[p.order[k]!] = d;
      event[p.order[k]!] = ev;
    }
  }
  return { duration, event };
}

/**
 * M3: SL_it = (ln E_it − ln E_i,t−k) − (ln E_t − ln E_t−k), E_t = Σ_i E_it over the rows of
 * period t with non-missing E. Lags match on time; a missing period gives a missing index.
 */
function resilienceIndex(a: CallArgs): Val {
  const k = a.constInt('k', 1);
  const x = a.num('x');
  const p = a.env.cache.panel(a.env.frame, a.fn, a.call.span);
  const lag = a.env.cache.shifted(a.env.frame, -k, a.fn, a.call.span);
  const totals = new Map<number, number>();
  for (let i = 0; i < a.n; i++) {
    const t = p.time[i]!;
    if (p.unit[i]! < 0 || Number.isNaN(x[i]!)) continue;
    totals.set(t, (totals.get(t) ?? 0) + x[i]!);
  }
  let bad = 0;
  const ln = (v: number | undefined): number => {
    if (v === undefined || Number.isNaN(v)) return NaN;
    if (v <= 0) {
      bad++;
      return NaN;
    }
    return Math.log(v);
  };
  const out = new Float64Array(a.n).fill(NaN);
  for (let i = 0; i < a.n; i++) {
    const r = lag[i]!;
    if (r < 0) continue;
    const t = p.time[i]!;
    out[i] = ln(x[i]!) - ln(x[r]!) - (ln(totals.get(t)) - ln(totals.get(t - k)));
  }
  if (bad > 0) a.env.domain('log', 'non-positive', bad, a.call.span);
  return numColumn(out);
}

const RAD = Math.PI / 180;
/** Mean Earth radius; distances (and so the weights 1/d) are in kilometres. */
export const EARTH_RADIUS_KM = 6371;

/** Great-circle distance (haversine) between two points in degrees, on a sphere of `radius`. */
export function greatCircle(lat1: number, lon1: number, lat2: number, lon2: number, radius: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * radius * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * M4: Σ_j x_jt·w_ij over the rows of period t, w_ij = 1/d_ij (great-circle km), w_ii = 1.
 * O(m²) per period for m rows in the period (30 provinces: 900 distances a year). If any
 * row of a period lacks x, lat or lon, every result of that period is missing: a neighbour
 * cannot be dropped silently.
 */
function spatialLag(a: CallArgs): Val {
  const radius = EARTH_RADIUS_KM;
  const x = a.num('x');
  const lat = a.num('lat');
  const lon = a.num('lon');
  const p = a.env.cache.panel(a.env.frame, a.fn, a.call.span);
  const timeCol = numColumn(p.time);
  const periods = groupRows(buildGroupIndex([timeCol], a.n));
  const out = new Float64Array(a.n).fill(NaN);
  for (let g = 0; g + 1 < periods.start.length; g++) {
    const rows = periods.rows.subarray(periods.start[g]!, periods.start[g + 1]!);
    if (rows.some((r) => Number.isNaN(x[r]!) || Number.isNaN(lat[r]!) || Number.isNaN(lon[r]!))) continue;
    for (let i = 0; i < rows.length; i++) {
      const ri = rows[i]!;
      let acc = x[ri]!;
      for (let j = 0; j < rows.length; j++) {
        if (j === i) continue;
        const rj = rows[j]!;
        const d = greatCircle(lat[ri]!, lon[ri]!, lat[rj]!, lon[rj]!, radius);
        if (d === 0) throw new ExprError(M.varCoincidentPoints(String(p.time[ri])), a.call.span);
        acc += x[rj]! / d;
      }
      out[ri] = acc;
    }
  }
  return numColumn(out);
}

export const measureFunctions: Record<string, FnImpl> = {
  recovery_time: (a) => numColumn(recovery(a).duration),
  recovered: (a) => numColumn(recovery(a).event),
  resilience_index: resilienceIndex,
  spatial_lag: spatialLag,
};
