/**
 * Survival outcome checks and the sorted, centred layout the Cox kernels walk.
 *
 * The Cox kernels visit rows from the latest exit time to the earliest, adding rows to the
 * risk set as their stop time is reached and removing them once the walk passes their entry
 * time (risk set at t = {start < t ≤ stop}). Sorting happens once per fit; every Newton pass
 * then only streams through contiguous row-major covariates.
 */
import { StudyError } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/messages/index.js';
import { survivalMessages as M } from '../../diagnostics/messages/survival.js';
import type { Design } from '../../design/types.js';

export interface SurvOutcome {
  readonly time: Float64Array;
  readonly event: Float64Array;
  readonly start?: Float64Array;
}

/** The survival outcome of a design, checked: events 0/1, finite times, start < stop, ≥ 1 event. */
export function checkSurvOutcome(design: Design, estimator: string, positiveTimes: boolean): SurvOutcome {
  const s = design.surv;
  if (!s) throw new StudyError(diag(M.survMissingOutcome(estimator)));
  if (design.fe.length > 0) throw new StudyError(diag(M.survFixedEffects(estimator, design.fe.map((g) => g.name))));
  const n = s.time.length;
  let events = 0;
  for (let i = 0; i < n; i++) {
    const e = s.event[i]!;
    if (e !== 0 && e !== 1) throw new StudyError(diag(M.survBadEvent(e, i)));
    events += e;
    const t = s.time[i]!;
    if (!Number.isFinite(t)) throw new StudyError(diag(M.survBadTime(t, i, false)));
    if (positiveTimes && !(t > 0)) throw new StudyError(diag(M.survBadTime(t, i, true)));
    if (s.start) {
      const t0 = s.start[i]!;
      if (!Number.isFinite(t0)) throw new StudyError(diag(M.survBadTime(t0, i, false)));
      if (!(t0 < t)) throw new StudyError(diag(M.survBadInterval(t0, t, i)));
      if (positiveTimes && t0 < 0) throw new StudyError(diag(M.survBadTime(t0, i, true)));
    }
  }
  for (let j = 0; j < design.X.length; j++) {
    const col = design.X[j]!;
    for (let i = 0; i < n; i++)
      if (!Number.isFinite(col[i]!)) throw new StudyError(diag(M.survNonFiniteCovariate(design.names[j]!, i)));
  }
  if (events === 0) throw new StudyError(diag(M.survNoEvents(estimator)));
  return s;
}

/** Cox data in walk order: stratum by stratum, exit time descending. */
export interface CoxData {
  readonly n: number;
  readonly k: number;
  /** Row-major n×k covariates in walk order, centred by the column means. */
  readonly x: Float64Array;
  readonly means: Float64Array;
  readonly stop: Float64Array;
  /** Entry times in walk order (−∞ for right-censored data, so rows never leave). */
  readonly start: Float64Array;
  readonly event: Uint8Array;
  /** Walk position → estimation row. */
  readonly row: Int32Array;
  /** Walk positions ordered by entry time descending within stratum (removal order). */
  readonly byStart: Int32Array;
  /** Stratum s occupies walk positions [bounds[s], bounds[s+1]) (same ranges in byStart). */
  readonly bounds: Int32Array;
  readonly hasStart: boolean;
  readonly nEvents: number;
}

export function prepareCoxData(
  X: readonly Float64Array[],
  outcome: SurvOutcome,
  strata: Int32Array | null,
): CoxData {
  const n = outcome.time.length;
  const k = X.length;
  const time = outcome.time;
  const st = strata;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => (st ? st[a]! - st[b]! : 0) || time[b]! - time[a]! || outcome.event[b]! - outcome.event[a]! || a - b);

  const means = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const c = X[j]!;
    let s = 0;
    for (let i = 0; i < n; i++) s += c[i]!;
    means[j] = s / n;
  }
  const x = new Float64Array(n * k);
  const stop = new Float64Array(n);
  const start = new Float64Array(n);
  const event = new Uint8Array(n);
  let nEvents = 0;
  for (let p = 0; p < n; p++) {
    const r = order[p]!;
    for (let j = 0; j < k; j++) x[p * k + j] = X[j]![r]! - means[j]!;
    stop[p] = time[r]!;
    start[p] = outcome.start ? outcome.start[r]! : Number.NEGATIVE_INFINITY;
    event[p] = outcome.event[r]!;
    nEvents += event[p]!;
  }

  const boundsList: number[] = [0];
  if (st) for (let p = 1; p < n; p++) if (st[order[p]!] !== st[order[p - 1]!]) boundsList.push(p);
  boundsList.push(n);
  const bounds = Int32Array.from(boundsList);

  const byStart = new Int32Array(n);
  for (let p = 0; p < n; p++) byStart[p] = p;
  if (outcome.start) {
    for (let s = 0; s + 1 < bounds.length; s++) {
      const seg = byStart.subarray(bounds[s]!, bounds[s + 1]!);
      seg.sort((a, b) => start[b]! - start[a]! || a - b);
    }
  }
  return {
    n, k, x, means, stop, start, event, row: order.slice(), byStart, bounds,
    hasStart: outcome.start !== undefined, nEvents,
  };
}
