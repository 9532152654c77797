/**
 * What the run stage does for inference before a model is fitted:
 *   - refuses a vcov or weight kind the estimator does not honour (an error on the spec's
 *     `vcov:`/`weights:` line — never a silently different variance),
 *   - resolves the defaults that depend on the data (random effects' unit = the table's
 *     panel id; singletons keep/drop by profile and estimator),
 *   - names the columns nw/dk/conley read and, after the design is built, turns them into
 *     the VcovData the estimators pass to src/vcov.
 */
import type { Frame } from '../data/frame.js';
import type { Design } from '../design/types.js';
import { StudyError } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/messages/index.js';
import { inferenceMessages as IM } from '../diagnostics/messages/inference.js';
import { nonlinearMessages as NM } from '../diagnostics/messages/nonlinear.js';
import type { SingleFormula } from '../formula/ast.js';
import type { ModelStep } from '../plan/types.js';
import type { VcovType } from '../spec/normalized.js';
import type { VcovData } from '../vcov/index.js';
import type { EstimatorEntry } from '../estimators/registry.js';

/** 2SLS: its first-stage and overidentification tests are formed with the HC0 or cluster
 * meat, so only those kinds give one consistent set of numbers. */
const IV_VCOV: readonly VcovType[] = ['iid', 'hc1', 'cluster'];
/** Frequency weights replicate rows: only variances whose meat counts copies exactly. */
const FREQUENCY_VCOV: readonly VcovType[] = ['iid', 'hc1', 'cluster'];

interface InferenceSupport {
  readonly vcov: readonly VcovType[];
  readonly maxWays: number;
  readonly weights: readonly string[];
}

/** What the estimator honours, from its registry entry (IV narrowed as above). */
export function inferenceSupport(step: ModelStep, entry: EstimatorEntry): InferenceSupport {
  const iv = step.estimator === 'ols' && step.formula.iv !== undefined;
  return {
    vcov: iv ? entry.vcov.filter((k) => IV_VCOV.includes(k)) : entry.vcov,
    maxWays: entry.vcovWays ?? Infinity,
    weights: weightKinds(entry, step.options.conventions),
  };
}

function weightKinds(entry: EstimatorEntry, profile: 'stata' | 'fixest'): readonly string[] {
  return entry.weightsUnder?.[profile] ?? entry.weights ?? [];
}

function describe(s: InferenceSupport): string[] {
  return s.vcov.map((v) => (v === 'cluster' ? (s.maxWays === Infinity ? 'cluster(a, b, …)' : s.maxWays === 1 ? 'cluster(a)' : `cluster with up to ${s.maxWays} ways`) : v));
}

/** Refuse what the estimator would not honour; errors point at the spec's vcov/weights line. */
export function checkInference(step: ModelStep, frame: Frame, entry: EstimatorEntry): void {
  const o = step.options;
  const s = inferenceSupport(step, entry);
  const vcovPath = [...step.path, 'vcov'];
  const v = o.vcov;
  // Weights first: probability weights imply hc1, which the message would otherwise name.
  if (o.weights && !s.weights.includes(o.weights.kind)) {
    const other = o.conventions === 'stata' ? 'fixest' : 'stata';
    const elsewhere = step.formula.iv === undefined && weightKinds(entry, other).includes(o.weights.kind);
    const msg = elsewhere
      ? NM.nlWeightsUnderProfile(step.estimator, o.weights.kind, o.conventions, s.weights, other)
      : IM.infWeightsNotSupported(step.estimator, o.weights.kind, s.weights);
    throw new StudyError(diag(msg, { path: [...step.path, 'weights'] }));
  }
  if (o.weights?.kind === 'probability' && entry.probabilityNeedsRobust && o.conventions === 'stata' && o.vcovGiven && v.type === 'iid') {
    throw new StudyError(diag(NM.nlProbabilityWeightsIid(step.estimator, v.text), { path: vcovPath }));
  }
  const unasked = !o.vcovGiven && v.type === 'iid';
  if (!unasked && (!s.vcov.includes(v.type) || (v.type === 'cluster' && v.clusters.length > s.maxWays))) {
    const name = step.estimator === 'ols' && step.formula.iv ? 'ols (2SLS)' : step.estimator;
    throw new StudyError(diag(IM.infVcovNotSupported(name, v.text, describe(s)), { path: o.vcovGiven ? vcovPath : [...step.path, 'weights'] }));
  }
  if (o.weights?.kind === 'frequency' && !FREQUENCY_VCOV.includes(v.type)) {
    throw new StudyError(diag(IM.infFrequencyVcov(v.text), { path: vcovPath }));
  }
  if ((v.type === 'hc2' || v.type === 'hc3') && step.formula.fixedEffects.length > 0) {
    throw new StudyError(diag(IM.infLeverageWithFe(step.name, v.type), { path: vcovPath }));
  }
  if ((v.type === 'nw' || v.type === 'dk') && !frame.panel) {
    throw new StudyError(diag(IM.infNeedsPanel(v.text, step.table), { path: vcovPath }));
  }
  if (o.small === false && step.estimator !== 'ols') {
    throw new StudyError(diag(IM.infSmallNotIv(step.estimator), { path: [...step.path, 'small'] }));
  }
}

/** Random effects without `| unit` use the table's panel id (Stata's xtset panel variable). */
export function withPanelUnit(step: ModelStep, formula: SingleFormula, frame: Frame): SingleFormula {
  if (step.estimator !== 're' || formula.fixedEffects.length > 0 || !frame.panel) return formula;
  const id = frame.panel.id;
  return { ...formula, fixedEffects: [{ name: id, variables: [id], span: { start: 0, end: 0 } }] };
}

/**
 * Whether singleton FE groups leave the sample: the `singletons` option, else `drop` under
 * `stata` (reghdfe) and `keep` under `fixest`; random effects always keep them (xtreg, re).
 */
export function dropSingletonsFor(step: ModelStep, entry: EstimatorEntry): boolean {
  if (!entry.design.dropSingletons) return false;
  const s = step.options.singletons ?? (step.options.conventions === 'fixest' ? 'keep' : 'drop');
  return s === 'drop';
}

/** Columns the design must carry (and drop rows on when missing) for this vcov. */
export function inferenceColumns(step: ModelStep, frame: Frame): { numeric: string[]; groupings: string[] } {
  const v = step.options.vcov;
  if ((v.type === 'nw' || v.type === 'dk') && frame.panel) return { numeric: [frame.panel.time], groupings: v.type === 'nw' ? [frame.panel.id] : [] };
  if (v.type === 'conley') return { numeric: [v.conley!.lat, v.conley!.lon, ...(frame.panel ? [frame.panel.time] : [])], groupings: [] };
  return { numeric: [], groupings: [] };
}

/**
 * Period indices of the panel time on the estimation rows. `fixest`: ranks of the distinct
 * times (fixest's to_integer(time, sorted = TRUE), so a gap in the calendar is one step);
 * `stata`: steps of the time variable itself when it is integer (tsset with delta 1, so a
 * missing year breaks the lag chain as L. does), ranks otherwise.
 */
export function periodIndex(time: Float64Array, profile: 'stata' | 'fixest'): { period: Int32Array; nPeriods: number } {
  const distinct = [...new Set(time)].sort((a, b) => a - b);
  const integral = distinct.every((t) => Number.isInteger(t));
  const period = new Int32Array(time.length);
  if (profile === 'stata' && integral) {
    const t0 = distinct[0] ?? 0;
    for (let i = 0; i < time.length; i++) period[i] = time[i]! - t0;
    return { period, nPeriods: distinct.length === 0 ? 0 : distinct[distinct.length - 1]! - t0 + 1 };
  }
  const rank = new Map(distinct.map((t, j) => [t, j]));
  for (let i = 0; i < time.length; i++) period[i] = rank.get(time[i]!)!;
  return { period, nPeriods: distinct.length };
}

/** The VcovData of a built design (clusters come with the design itself). */
export function vcovData(step: ModelStep, frame: Frame, design: Design): Omit<VcovData, 'clusters'> {
  const v = step.options.vcov;
  const inf = design.inference;
  if ((v.type === 'nw' || v.type === 'dk') && frame.panel && inf) {
    const { period, nPeriods } = periodIndex(inf.numeric[frame.panel.time]!, step.options.conventions);
    const unit = v.type === 'nw' ? inf.groupings[frame.panel.id]?.codes : undefined;
    return { hac: { period, nPeriods, lag: v.lag!, ...(unit ? { unit } : {}) } };
  }
  if (v.type === 'conley' && inf) {
    const lat = inf.numeric[v.conley!.lat]!;
    const lon = inf.numeric[v.conley!.lon]!;
    for (let i = 0; i < lat.length; i++) {
      if (Math.abs(lat[i]!) > 90) throw new StudyError(diag(IM.infBadCoordinates(v.conley!.lat, lat[i]!, 'lat'), { path: [...step.path, 'vcov'] }));
      if (lon[i]! < -180 || lon[i]! > 360) throw new StudyError(diag(IM.infBadCoordinates(v.conley!.lon, lon[i]!, 'lon'), { path: [...step.path, 'vcov'] }));
    }
    const period = frame.panel ? periodIndex(inf.numeric[frame.panel.time]!, 'fixest').period : undefined;
    return { conley: { lat, lon, cutoffKm: v.conley!.cutoff, ...(period ? { period } : {}) } };
  }
  return {};
}
