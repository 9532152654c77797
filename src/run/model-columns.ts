/**
 * Model-derived columns: resid(m), fitted(m), predict(m, type = …), mills(m), fe(m, "g").
 *
 * Computed from the design and the coefficients, so every estimator gets them without
 * carrying per-row vectors in its result: x'b from the design columns, and for models with
 * absorbed fixed effects the residual is y − x'b demeaned over the fixed effects (at the
 * demeaning fixed point this equals y − x'b − Σ FE exactly). Rows outside the model's
 * estimation sample are missing, as Stata's `predict` after `e(sample)`.
 */
import type { Column } from '../data/frame.js';
import { numColumn } from '../data/frame.js';
import { StudyError } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/messages/index.js';
import { runMessages as M } from '../diagnostics/messages/run.js';
import { demean } from '../linalg/demean.js';
import { normalCdf, normalPdf } from '../linalg/distributions.js';
import type { ModelColumns } from '../estimators/result.js';
import type { FittedModel, RunState } from './state.js';

type ModelFn = 'resid' | 'fitted' | 'predict' | 'mills' | 'fe';

/** x'b over the design rows (absent coefficients, e.g. collinear drops, count as zero). */
export function linearIndex(m: Pick<FittedModel, 'design' | 'result'>): Float64Array {
  const { design, result } = m;
  const n = design.n;
  const xb = new Float64Array(n);
  const coef = result.coefficients;
  const b0 = coef['(Intercept)']?.estimate;
  if (design.intercept && b0 !== undefined) xb.fill(b0);
  const add = (cols: readonly Float64Array[], names: readonly string[]): void => {
    for (let j = 0; j < cols.length; j++) {
      const b = coef[names[j]!]?.estimate;
      if (b === undefined || b === 0) continue;
      const x = cols[j]!;
      for (let i = 0; i < n; i++) xb[i] += b * x[i]!;
    }
  };
  add(design.X, design.names);
  if (design.endog) add(design.endog.X, design.endog.names);
  return xb;
}

/** resid/fitted/xb for a fitted model, computed once and kept with it. */
export function computeModelColumns(m: Pick<FittedModel, 'design' | 'result'>): ModelColumns {
  const { design } = m;
  const xb = linearIndex(m);
  const est = m.result.estimator;
  if (est === 'cox' || est === 'exponential' || est === 'weibull' || est === 'placebo' || est === 'mte') {
    return { rows: design.rows, xb };
  }
  if (est === 'probit' || est === 'logit' || est === 'cloglog') {
    const p = new Float64Array(design.n);
    for (let i = 0; i < design.n; i++) p[i] = linkInverse(est, xb[i]!);
    const resid = new Float64Array(design.n);
    for (let i = 0; i < design.n; i++) resid[i] = design.y[i]! - p[i]!;
    return { rows: design.rows, xb, fitted: p, resid };
  }
  const raw = new Float64Array(design.n);
  for (let i = 0; i < design.n; i++) raw[i] = design.y[i]! - xb[i]!;
  const resid = design.fe.length > 0 ? demean([raw], design.fe, { tol: 1e-12, maxIter: 100_000 }).columns[0]! : raw;
  const fitted = new Float64Array(design.n);
  for (let i = 0; i < design.n; i++) fitted[i] = design.y[i]! - resid[i]!;
  return { rows: design.rows, xb, fitted, resid };
}

function linkInverse(est: 'probit' | 'logit' | 'cloglog', v: number): number {
  if (est === 'probit') return normalCdf(v);
  if (est === 'logit') return 1 / (1 + Math.exp(-v));
  return 1 - Math.exp(-Math.exp(v));
}

/** Resolve a model-derived column for use on `table` (the evaluator calls this). */
export function modelColumn(state: RunState, table: string, fn: ModelFn, model: string, args: Record<string, unknown>): Column {
  const fitted = state.fitted.get(model);
  if (!fitted) throw new StudyError(diag(M.runModelNotFitted(model)));
  if (fitted.table !== table) throw new StudyError(diag(M.runModelOtherTable(fn, model, fitted.table, table)));
  const est = fitted.result.estimator;
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
      const type = String(args['type'] ?? (est === 'probit' || est === 'logit' || est === 'cloglog' ? 'prob' : 'xb'));
      v = type === 'xb' || type === 'link' ? cols.xb : cols.fitted;
      if (type === 'hr' && cols.xb) v = cols.xb.map(Math.exp);
      break;
    }
    case 'mills':
      if (est === 'heckman') return heckmanMills(fitted, state.frame(table).nrows);
      if (est !== 'probit' || !cols.xb) break;
      v = cols.xb.map((z) => normalPdf(z) / normalCdf(z));
      break;
    case 'fe':
      v = fixedEffect(fitted, String(args['name'] ?? args['fe'] ?? args['1'] ?? ''), model);
      break;
  }
  if (!v) throw new StudyError(diag(M.runModelColumnUnsupported(fn, model, est)));
  return scatter(v, fitted, state.frame(table).nrows);
}

/** Heckman's inverse Mills ratio of the selection probit, on every selection row. */
function heckmanMills(m: FittedModel, nrows: number): Column {
  const extra = m.result.extra as { mills?: ArrayLike<number>; mills_rows?: ArrayLike<number> } | undefined;
  const out = new Float64Array(nrows).fill(Number.NaN);
  if (!extra?.mills || !extra.mills_rows) return numColumn(out);
  for (let i = 0; i < extra.mills.length; i++) out[m.frameRows[extra.mills_rows[i]!]!] = extra.mills[i]!;
  return numColumn(out);
}

/** Place design-row values at their table rows; missing elsewhere. */
function scatter(v: Float64Array, m: FittedModel, nrows: number): Column {
  const out = new Float64Array(nrows).fill(Number.NaN);
  const rows = m.design.rows;
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
