/**
 * Fitting model steps: table frame → estimation sample → Design → estimator → result.
 *
 *   frame (whole table; panel functions such as l(x,1) see every period)
 *     | sample mask (rows kept)            | split group (rows kept)
 *     v                                    v
 *   sub-frame  --buildDesign-->  Design  --registry fit-->  ModelResult (+ model columns)
 *
 * Terms are evaluated on the whole table and then restricted, so a lag in a sample that
 * starts in 2009 still reads 2008 — as Stata's `L.x if year >= 2009` does.
 */
import type { Column, Frame } from '../data/frame.js';
import { selectRows, takeRows } from '../data/frame.js';
import { buildDesign } from '../design/build.js';
import type { Design } from '../design/types.js';
import { Reporter, StudyError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/messages/index.js';
import { runMessages as M } from '../diagnostics/messages/run.js';
import { variablesMessages as V } from '../diagnostics/messages/variables.js';
import type { Expr } from '../expr/ast.js';
import type { SingleFormula } from '../formula/ast.js';
import type { EstimatorEntry, FitOptions } from '../estimators/registry.js';
import { freezeResult, type ModelResult } from '../estimators/result.js';
import { glmMessages as G } from '../diagnostics/messages/glm.js';
import type { ModelStep } from '../plan/types.js';
import type { SpecPath } from '../spec/normalized.js';
import { FittedModel, type RunState } from './state.js';
import { checkInference, dropSingletonsFor, inferenceColumns, vcovData, withPanelUnit } from './inference.js';
import { inferenceMessages as IM } from '../diagnostics/messages/inference.js';
import { marginsResult } from '../margins/run.js';
import { mark } from './timings.js';

/** Rows of the table a model step uses (sample applied), ascending. */
function sampleRows(state: RunState, step: ModelStep): Int32Array {
  const frame = state.frame(step.table);
  // Plain loops: TypedArray.from with a callback is ~10× slower on V8 (70 ms at 1M rows).
  if (!step.sample) {
    const all = new Int32Array(frame.nrows);
    for (let i = 0; i < all.length; i++) all[i] = i;
    return all;
  }
  const mask = state.sampleMask(step.table, step.sample);
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i]!;
  const rows = new Int32Array(n);
  for (let i = 0, k = 0; i < mask.length; i++) if (mask[i]) rows[k++] = i;
  return rows;
}

/**
 * An empty estimation sample is reported as such, naming what emptied it (the table's
 * `where:` or the model's `sample:`), before any estimator sees zero rows and fails on a
 * consequence (a cluster with "a single level", a singular matrix).
 */
function assertNotEmpty(state: RunState, step: ModelStep, rows: Int32Array, full: Frame): void {
  if (rows.length > 0) return;
  const where = state.spec.data[step.table]?.where;
  if (full.nrows === 0) {
    throw new StudyError(
      diag(V.emptyTable(step.name, step.table, where?.text), { path: where ? where.path : [...step.path, 'data'] }),
    );
  }
  const sample = step.sample !== undefined ? state.spec.samples[step.sample] : undefined;
  if (step.sample !== undefined && sample) {
    throw new StudyError(
      diag(V.emptySample(step.name, step.sample, sample.text, full.nrows, step.table), { path: [...step.path, 'sample'] }),
    );
  }
}

/** Build the Design of `formula` on `rows` of the step's table. */
function design(state: RunState, step: ModelStep, entry: EstimatorEntry, formula: SingleFormula, rows: Int32Array, path: SpecPath): { design: Design; sub: Frame } {
  const full = state.frame(step.table);
  assertNotEmpty(state, step, rows, full);
  const sub = rows.length === full.nrows ? full : selectRows(full, rows, state.alloc);
  const cache = new Map<Expr, Column>();
  const evaluate = (e: Expr): Column => {
    let c = cache.get(e);
    if (!c) {
      const whole = state.evaluateExpr(e, step.table, path);
      c = rows.length === full.nrows ? whole : takeRows(whole, rows, state.alloc);
      cache.set(e, c);
    }
    return c;
  };
  const clusters = step.options.vcov.clusters;
  const inf = inferenceColumns(step, full);
  const weights = step.options.weights?.column;
  const reporter = new Reporter();
  try {
    mark('model: before design');
    const built = buildDesign(withPanelUnit(step, formula, full), sub, {
      evaluate,
      clusters,
      reporter,
      alloc: state.alloc,
      dropSingletons: dropSingletonsFor(step, entry),
      ...(weights !== undefined ? { weights } : {}),
      ...(inf.numeric.length ? { inferenceNumeric: inf.numeric } : {}),
      ...(inf.groupings.length ? { inferenceGroupings: inf.groupings } : {}),
    });
    if (built.n === 0 && rows.length > 0 && built.dropped.missing > 0) {
      // Say which variables emptied the sample (an all-missing variable, a log of zeros …).
      const by = Object.entries(built.dropped.missingBy).sort((a, b) => b[1] - a[1]);
      throw new StudyError(diag(M.runNoRowsLeft(step.name, rows.length, by.map(([v, k]) => `${v} ${k}`).join(', ')), { path }));
    }
    return { design: built, sub };
  } catch (e) {
    throw located(e, path);
  } finally {
    forward(reporter, state, path);
  }
}

function locatedVcovData(step: ModelStep, frame: Frame, d: Design): ReturnType<typeof vcovData> {
  try {
    return vcovData(step, frame, d);
  } catch (e) {
    throw located(e, [...step.path, 'vcov']);
  }
}

/**
 * Heckman's estimation sample, as Stata's heckman marks it: rows complete on the selection
 * equation; of those, a selected row (indicator 1) missing any outcome-equation variable
 * leaves the sample entirely — the probit too — while non-selected rows need no outcome
 * variables. Both designs are built on the returned rows (`rows`), the outcome design on
 * its selected rows with `rows` indices remapped into that sample, so the two line up.
 */
function heckmanSample(state: RunState, step: ModelStep, entry: EstimatorEntry, rows: Int32Array): { rows: Int32Array; selection: Design; outcome: Design; droppedSelected: number } {
  const selPath: SpecPath = [...step.path, 'selection'];
  const formulaPath: SpecPath = [...step.path, 'formula'];
  const sel0 = design(state, step, entry, step.selection!, rows, selPath).design;
  const selectedOf = (sel: Design, base: Int32Array): Int32Array => {
    let m = 0;
    for (let j = 0; j < sel.n; j++) if (sel.y[j] === 1) m++;
    const out = new Int32Array(m);
    for (let j = 0, q = 0; j < sel.n; j++) if (sel.y[j] === 1) out[q++] = base[sel.rows[j]!]!;
    return out;
  };
  const selected0 = selectedOf(sel0, rows);
  const out0 = design(state, step, entry, step.formula, selected0, formulaPath).design;
  const complete = new Set<number>();
  for (let i = 0; i < out0.n; i++) complete.add(selected0[out0.rows[i]!]!);
  const droppedSelected = selected0.length - complete.size;
  let used: Int32Array;
  let sel: Design;
  if (droppedSelected === 0) {
    used = rows;
    sel = sel0;
  } else {
    const keep: number[] = [];
    for (let j = 0; j < sel0.n; j++) {
      const r = rows[sel0.rows[j]!]!;
      if (sel0.y[j] !== 1 || complete.has(r)) keep.push(r);
    }
    used = Int32Array.from(keep);
    sel = design(state, step, entry, step.selection!, used, selPath).design;
  }
  // Outcome rows as indices into `used` (the frame rows the fitted model reports against).
  const pos = new Map<number, number>();
  for (let i = 0; i < used.length; i++) pos.set(used[i]!, i);
  const outRows = Int32Array.from(out0.rows, (i) => pos.get(selected0[i]!)!);
  return { rows: used, selection: sel, outcome: { ...out0, rows: outRows }, droppedSelected };
}

/** Pass a stage's diagnostics on, pointing those without a position at the model's formula. */
function forward(from: Reporter, state: RunState, path: SpecPath): void {
  for (const d of from.diagnostics) state.reporter.add(d.path || d.pos ? d : { ...d, path });
}

/** Estimator errors carry no spec position; attach the model's formula path. */
function located(e: unknown, path: SpecPath): unknown {
  if (!(e instanceof StudyError)) return e;
  return new StudyError(e.diagnostics.map((d): Diagnostic => (d.path || d.pos ? d : { ...d, path })));
}

function fitOptions(step: ModelStep): FitOptions {
  const o = step.options;
  return {
    ...o,
    // checkInference has refused every kind the estimator does not honour.
    vcov: o.vcov.type,
    vcovText: o.vcov.text,
    conventions: o.conventions,
    ties: o.ties,
    noadjust: o.noadjust,
    metric: o.metric,
    method: o.method,
    information: o.information,
    focal: o.focal,
    ...(o.tol !== undefined ? { tol: o.tol } : {}),
    // mte: `grid: n` evaluates the MTE at u = 1/(n+1) … n/(n+1) (n = 99 gives .01 … .99).
    ...(o.mte?.grid ? { grid: Array.from({ length: o.mte.grid }, (_, i) => (i + 1) / (o.mte!.grid + 1)) } : {}),
    ...(o.mte ? { interact: o.mte.interact } : {}),
  };
}

/**
 * Fit one model (no split) on the given rows; stores nothing. `label` is the split group
 * the rows belong to, recorded as the result's step.
 */
export function fitOn(state: RunState, step: ModelStep, rows: Int32Array, resultKey: string, label?: string): FittedModel {
  const entry = state.estimators.get(step.estimator);
  if (!entry?.fit) throw new StudyError(diag(M.runEstimatorMissing(step.estimator), { path: [...step.path, 'estimator'] }));
  const formulaPath: SpecPath = [...step.path, 'formula'];
  const frame = state.frame(step.table);
  checkInference(step, frame, entry);
  if (step.options.small === false && !step.formula.iv) {
    throw new StudyError(diag(IM.infSmallNotIv(`${step.estimator} without instruments`), { path: [...step.path, 'small'] }));
  }
  const heck = step.selection ? heckmanSample(state, step, entry, rows) : undefined;
  const used = heck?.rows ?? rows;
  const d0 = heck?.outcome ?? design(state, step, entry, step.formula, rows, formulaPath).design;
  let expanded: ReturnType<NonNullable<typeof entry.design.expand>>;
  try {
    expanded = entry.design.expand?.(d0, step.options.period !== undefined ? { period: step.options.period } : {});
  } catch (e) {
    // The expansion's limits are about `period:`; point there, not at the formula.
    throw located(e, [...step.path, 'period']);
  }
  const d = expanded?.design ?? d0;
  const selection = heck?.selection;
  // An offset changes the model; an estimator that would ignore it must refuse it.
  if (d.offset && !entry.design.offset) throw new StudyError(diag(G.glmOffsetNotSupported(step.estimator), { path: formulaPath }));
  let result: ModelResult;
  const reporter = new Reporter();
  try {
    mark('model: design built');
    result = entry.fit({
      id: resultKey,
      formula: step.formula.text,
      design: d,
      ...(selection ? { selection } : {}),
      options: { ...fitOptions(step), vcovData: locatedVcovData(step, frame, d0) },
      reporter,
      cache: state.demeanCache,
    });
  } catch (e) {
    throw located(e, formulaPath);
  } finally {
    forward(reporter, state, formulaPath);
  }
  // Why rows are not in the estimation sample: outside the sample/split, then missing values
  // by variable (the estimators add singletons, collinear terms, perfect predictors).
  const tableRows = state.frame(step.table).nrows;
  const step_ = label ?? step.step;
  const fitted = result;
  result = freezeResult({
    ...fitted,
    id: resultKey,
    ...(step_ !== undefined ? { step: step_ } : {}),
    dropped: {
      ...result.dropped,
      sample: tableRows - rows.length,
      missing_by: d0.dropped.missingBy,
      ...(heck?.droppedSelected ? { selected_missing_outcome: heck.droppedSelected } : {}),
    },
  });
  // The expansion's record (person-period counts) joins the binary model's own extra.
  if (expanded && result.family === 'binary') result = freezeResult({ ...result, extra: { ...(result.extra ?? {}), ...expanded.extra } });
  // resid()/fitted()/fe() columns cost another pass (and a demeaning) per model: computed
  // the first time a variable asks for them, which most models never do.
  return new FittedModel(result, d, used, step.table, entry.columns, selection);
}

/** Run a model or split step, storing every result under its key. */
export function runModelStep(state: RunState, step: ModelStep): void {
  const rows = sampleRows(state, step);
  if (step.kind !== 'split' || !step.split) {
    const m = fitOn(state, step, rows, step.resultKey);
    state.fitted.set(step.resultKey, m);
    state.results.set(step.resultKey, m.result);
    storeMargins(state, step, m, step.resultKey);
    return;
  }
  const groups = splitGroups(state.evaluateExpr({ kind: 'ident', name: step.split, span: { start: 0, end: 0 } }, step.table, [...step.path, 'split']), rows);
  if (groups.length === 0) throw new StudyError(diag(M.runSplitEmpty(step.name, step.split), { path: [...step.path, 'split'] }));
  for (const g of groups) {
    const key = `${step.resultKey}/${g.label}`;
    // The group's key and label go in at the fit, so the model (and its lazy columns) is
    // stored as fitted, never copied.
    const m = fitOn(state, step, g.rows, key, g.label);
    state.fitted.set(key, m);
    state.results.set(key, m.result);
    storeMargins(state, step, m, key);
  }
}

/** `margins:` of the model: its effects stored beside it as "<key>/margins" (margins/run.ts). */
function storeMargins(state: RunState, step: ModelStep, m: FittedModel, key: string): void {
  const options = step.options.margins;
  const support = state.estimators.get(step.estimator)?.margins;
  if (!options || !support) return;
  const path: SpecPath = [...step.path, 'margins'];
  const formulaPath: SpecPath = [...step.path, 'formula'];
  const reporter = new Reporter();
  try {
    const r = marginsResult({
      key,
      options,
      support,
      formula: step.formula,
      result: m.result,
      design: m.design,
      tableRows: Int32Array.from(m.design.rows, (i) => m.frameRows[i]!),
      columns: {
        expr: (e) => state.evaluateExpr(e, step.table, formulaPath),
        variable: (name) => state.evaluateExpr({ kind: 'ident', name, span: { start: 0, end: 0 } }, step.table, formulaPath),
      },
      reporter,
    });
    if (r) state.results.set(`${key}/margins`, r);
  } catch (e) {
    throw located(e, path);
  } finally {
    forward(reporter, state, path);
  }
}

/** Groups of a split column within `rows`, in level (text) or numeric order; missing dropped. */
export function splitGroups(col: Column, rows: Int32Array): { label: string; rows: Int32Array }[] {
  const buckets = new Map<string | number, number[]>();
  for (const r of rows) {
    let key: string | number | undefined;
    if (col.kind === 'num') {
      const v = col.values[r]!;
      if (!Number.isNaN(v)) key = v;
    } else if (col.codes[r]! >= 0) key = col.levels[col.codes[r]!]!;
    if (key === undefined) continue;
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = []));
    b.push(r);
  }
  const keys = [...buckets.keys()].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)),
  );
  return keys.map((k) => ({ label: String(k), rows: Int32Array.from(buckets.get(k)!) }));
}
