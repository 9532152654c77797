/**
 * Model-derived columns: resid(m), fitted(m), predict(m, type = …), mills(m), fe(m, "g").
 *
 * Each estimator's registry entry says which columns it can give and builds them from the
 * design and the coefficients (estimators/columns.ts and the family folders), so no result
 * carries per-row vectors. Rows outside the model's estimation sample are missing, as
 * Stata's `predict` after `e(sample)`.
 */
import type { Column } from '../data/frame.js';
import { numColumn } from '../data/frame.js';
import { StudyError } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/messages/index.js';
import { runMessages as M } from '../diagnostics/messages/run.js';
import { linearIndex } from '../estimators/columns.js';
import type { FittedModel, RunState } from './state.js';

type ModelFn = 'resid' | 'fitted' | 'predict' | 'mills' | 'fe';

/** Resolve a model-derived column for use on `table` (the evaluator calls this). */
export function modelColumn(state: RunState, table: string, fn: ModelFn, model: string, args: Record<string, unknown>): Column {
  const fitted = state.fitted.get(model);
  if (!fitted) throw new StudyError(diag(M.runModelNotFitted(model)));
  if (fitted.table !== table) throw new StudyError(diag(M.runModelOtherTable(fn, model, fitted.table, table)));
  const est = fitted.result.estimator;
  const policy = fitted.columnPolicy;
  const nrows = state.frame(table).nrows;
  if (fn === 'fe') {
    const name = String(args['name'] ?? args['fe'] ?? args['1'] ?? '');
    // Only estimators that absorb fixed effects can give them back.
    if (!policy.kinds.includes('fe')) throw new StudyError(diag(M.runFeUnavailable(model, name)));
    return scatter(fixedEffect(fitted, name, model), fitted.design.rows, fitted, nrows);
  }
  const cols = fitted.columns;
  let v: Float64Array | undefined;
  switch (fn) {
    case 'resid':
      v = cols.resid;
      break;
    case 'fitted':
      v = cols.fitted;
      break;
    case 'predict': {
      const type = String(args['type'] ?? (policy.predictDefault === 'prob' ? 'prob' : 'xb'));
      v = type === 'xb' || type === 'link' ? cols.xb : cols.fitted;
      if (type === 'hr' && cols.xb) v = cols.xb.map(Math.exp);
      break;
    }
    case 'mills':
      if (cols.mills) return scatter(cols.mills.values, cols.mills.rows, fitted, nrows);
      break;
  }
  if (!v) throw new StudyError(diag(M.runModelColumnUnsupported(fn, model, est)));
  return scatter(v, cols.rows, fitted, nrows);
}

/** Place values of model rows (indices into the model's frame rows) at their table rows; missing elsewhere. */
function scatter(v: Float64Array, rows: Int32Array, m: FittedModel, nrows: number): Column {
  const out = new Float64Array(nrows).fill(Number.NaN);
  for (let i = 0; i < rows.length; i++) out[m.frameRows[rows[i]!]!] = v[i]!;
  return numColumn(out);
}

/**
 * Estimated fixed effect `name`, per row. The sum of all FE is y − x'b − resid; it is split
 * into the separate FE by alternating means, with every FE after the first normalised so
 * that its first level is 0 (the first FE carries the level, as fixest's fixef()).
 */
function fixedEffect(m: FittedModel, name: string, model: string): Float64Array {
  const { design } = m;
  const idx = design.fe.findIndex((g) => g.name === name);
  if (idx < 0) throw new StudyError(diag(M.runFeUnavailable(model, name)));
  const n = design.n;
  const total = new Float64Array(n);
  const xb = m.columns.xb ?? linearIndex(m);
  const resid = m.columns.resid!;
  for (let i = 0; i < n; i++) total[i] = design.y[i]! - xb[i]! - resid[i]!;
  const fes = design.fe;
  const coef = fes.map((g) => new Float64Array(g.nlevels));
  const work = new Float64Array(n);
  for (let iter = 0; iter < 10_000; iter++) {
    let change = 0;
    for (let q = 0; q < fes.length; q++) {
      const g = fes[q]!;
      for (let i = 0; i < n; i++) {
        let s = total[i]!;
        for (let r = 0; r < fes.length; r++) if (r !== q) s -= coef[r]![fes[r]!.codes[i]!]!;
        work[i] = s;
      }
      const sum = new Float64Array(g.nlevels);
      const cnt = new Float64Array(g.nlevels);
      const gc = g.codes;
      for (let i = 0; i < n; i++) {
        sum[gc[i]!] += work[i]!;
        cnt[gc[i]!]! += 1;
      }
      const c = coef[q]!;
      for (let l = 0; l < g.nlevels; l++) {
        const nv = cnt[l]! > 0 ? sum[l]! / cnt[l]! : 0;
        change = Math.max(change, Math.abs(nv - c[l]!));
        c[l] = nv;
      }
    }
    if (change < 1e-13) break;
  }
  for (let q = 1; q < fes.length; q++) {
    const shift = coef[q]![0]!;
    coef[q]!.forEach((_, l, a) => (a[l] = a[l]! - shift));
    coef[0]!.forEach((_, l, a) => (a[l] = a[l]! + shift));
  }
  const g = fes[idx]!;
  const out = new Float64Array(n);
  const gc = g.codes;
  const ci = coef[idx]!;
  for (let i = 0; i < n; i++) out[i] = ci[gc[i]!]!;
  return out;
}
