/**
 * Person-period expansion for discrete-time hazard models (Stata: expand + cloglog; R: survSplit).
 *
 * Rule: a unit with exit time t > 0 and event flag s gets K = ⌈t / w⌉ rows, periods 1..K,
 * where period k covers ((k−1)w, kw] (so t = kw falls in period k); the event indicator is 0
 * in periods 1..K−1 and s in period K. Covariates are copied to every row. Units with t ≤ 0
 * contribute no row (they are never at risk) and are counted in `zeroTime`.
 */
import type { Design, Grouping } from '../../design/types.js';
import { StudyError } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/messages/index.js';
import { nonlinearMessages as M } from '../../diagnostics/messages/nonlinear.js';

/** Name prefix of the period dummies (term style `g::level`, reference period 1). */
export const PERIOD_TERM_PREFIX = 'period::';

export interface PersonPeriod {
  /** Row of the unit (index into the input arrays) of each person-period row. */
  readonly unit: Int32Array;
  /** Period 1..K of each person-period row. */
  readonly period: Int32Array;
  readonly event: Float64Array;
  readonly n: number;
  readonly units: number;
  readonly events: number;
  readonly nPeriods: number;
  /** Index k−1 holds period k. */
  readonly eventsByPeriod: readonly number[];
  readonly atRiskByPeriod: readonly number[];
  readonly zeroTime: number;
}

/** Periods (one dummy each) and rows of an expansion; beyond them `period:` is surely a slip. */
export const PERSON_PERIOD_LIMITS = { periods: 1000, rows: 20_000_000 } as const;

function maxPeriods(time: Float64Array, width: number): number {
  let m = 0;
  for (let j = 0; j < time.length; j++) if (time[j]! > 0) m = Math.max(m, Math.ceil(time[j]! / width));
  return m;
}

function totalRows(time: Float64Array, width: number): number {
  let s = 0;
  for (let j = 0; j < time.length; j++) if (time[j]! > 0) s += Math.ceil(time[j]! / width);
  return s;
}

export function expandPersonPeriod(time: Float64Array, event: Float64Array, width: number): PersonPeriod {
  if (!(width > 0) || !Number.isFinite(width)) throw new StudyError(diag(M.nlPersonPeriodInput(`period width must be a positive number, got ${width}`)));
  const m = time.length;
  const K = new Int32Array(m);
  let total = 0;
  let zeroTime = 0;
  for (let j = 0; j < m; j++) {
    const t = time[j]!;
    const s = event[j]!;
    if (!Number.isFinite(t) || !Number.isFinite(s)) throw new StudyError(diag(M.nlPersonPeriodInput(`missing time or event in row ${j + 1}`)));
    if (s !== 0 && s !== 1) throw new StudyError(diag(M.nlPersonPeriodInput(`event must be 0/1, got ${s} in row ${j + 1}`)));
    if (t <= 0) {
      zeroTime++;
      continue;
    }
    // Guard the ceiling against representation error (720/90 must be exactly 8).
    const q = t / width;
    const r = Math.round(q);
    const k = Math.abs(q - r) <= 1e-12 * Math.max(1, q) ? r : Math.ceil(q);
    // Refuse before allocating: a tiny width would ask for billions of rows and dummies.
    if (k > PERSON_PERIOD_LIMITS.periods || total + k > PERSON_PERIOD_LIMITS.rows) {
      throw new StudyError(diag(M.nlTooManyPeriods(width, Math.max(k, maxPeriods(time, width)), Math.max(total + k, totalRows(time, width)), PERSON_PERIOD_LIMITS.periods, PERSON_PERIOD_LIMITS.rows)));
    }
    K[j] = k;
    total += k;
  }
  let nPeriods = 0;
  for (let j = 0; j < m; j++) nPeriods = Math.max(nPeriods, K[j]!);
  const unit = new Int32Array(total);
  const period = new Int32Array(total);
  const ev = new Float64Array(total);
  const eventsBy = new Array<number>(nPeriods).fill(0);
  const atRisk = new Array<number>(nPeriods).fill(0);
  let r = 0;
  let events = 0;
  for (let j = 0; j < m; j++) {
    const kj = K[j]!;
    for (let k = 1; k <= kj; k++) {
      unit[r] = j;
      period[r] = k;
      atRisk[k - 1]!++;
      if (k === kj && event[j] === 1) {
        ev[r] = 1;
        eventsBy[k - 1]!++;
        events++;
      }
      r++;
    }
  }
  return { unit, period, event: ev, n: total, units: m - zeroTime, events, nPeriods, eventsByPeriod: eventsBy, atRiskByPeriod: atRisk, zeroTime };
}

/**
 * The person-period Design of a survival Design (`Surv(time, event) ~ x`): outcome = the
 * period event indicator, regressors = the covariates copied per period plus dummies for
 * periods 2..K (reference period 1), clusters and weights copied per row. Design.rows repeats the
 * unit's frame row, so per-row outputs map back to units.
 */
export function personPeriodDesign(design: Design, width: number): { design: Design; expansion: PersonPeriod } {
  const surv = design.surv;
  if (!surv) throw new StudyError(diag(M.nlPersonPeriodInput('`period:` needs a Surv(time, event) outcome')));
  if (surv.start) throw new StudyError(diag(M.nlPersonPeriodInput('counting-process Surv(start, stop, event) cannot be expanded by `period:`')));
  const pp = expandPersonPeriod(surv.time, surv.event, width);
  const X: Float64Array[] = design.X.map((c) => Float64Array.from(pp.unit, (j) => c[j]!));
  const names = [...design.names];
  // Without a constant every period gets its own dummy (the baseline hazard needs a level).
  for (let k = design.intercept ? 2 : 1; k <= pp.nPeriods; k++) {
    X.push(Float64Array.from(pp.period, (p) => (p === k ? 1 : 0)));
    names.push(`${PERIOD_TERM_PREFIX}${k}`);
  }
  const expand = (g: Grouping): Grouping => ({ ...g, codes: Int32Array.from(pp.unit, (j) => g.codes[j]!) });
  const out: Design = {
    n: pp.n,
    y: pp.event,
    yName: design.yName,
    X,
    names,
    intercept: design.intercept,
    fe: design.fe.map(expand),
    clusters: design.clusters.map(expand),
    rows: Int32Array.from(pp.unit, (j) => design.rows[j]!),
    dropped: design.dropped,
    // Each person-period row carries its unit's weight (Stata: weights on the expanded data).
    ...(design.weights ? { weights: Float64Array.from(pp.unit, (j) => design.weights![j]!) } : {}),
  };
  return { design: out, expansion: pp };
}
