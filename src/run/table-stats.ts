/**
 * Table-side statistics of a model's estimation sample, which estimators do not report:
 * the mean and standard deviation of the outcome (`ymean`, `ysd`, as esttab's `estadd
 * ysumm` and fixest's `etable(fitstat = ~ my)`), and the number of groups (`n_groups`):
 * distinct values of the table's `panel.id`, else of the model's first absorbed fixed
 * effect, over the rows the model used. They are added to a copy of the result's `stats`
 * for the table only; an estimator's own value (e.g. `between`'s n_groups) is kept.
 */
import type { Column } from '../data/frame.js';
import type { ModelResult } from '../estimators/result.js';
import type { FittedModel, RunState } from './state.js';

/** Mean and sample standard deviation (n − 1, as Stata's summarize) of finite values. */
export function meanSd(y: Float64Array): { mean: number | null; sd: number | null } {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < y.length; i++) if (Number.isFinite(y[i]!)) { n++; sum += y[i]!; }
  if (n === 0) return { mean: null, sd: null };
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < y.length; i++) if (Number.isFinite(y[i]!)) ss += (y[i]! - mean) ** 2;
  return { mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : null };
}

/** Distinct non-missing values of a column over the given frame rows. */
export function countDistinct(c: Column, rows: ArrayLike<number>): number {
  const seen = new Set<number>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const v = c.kind === 'num' ? c.values[r]! : c.codes[r]!;
    if (c.kind === 'num' ? Number.isFinite(v) : v >= 0) seen.add(v);
  }
  return seen.size;
}

function groupsOf(state: RunState, f: FittedModel): number | null {
  const frame = state.frames.get(f.table);
  const id = frame?.panel?.id;
  const col = id !== undefined ? frame?.columns.get(id) : undefined;
  if (col) {
    const rows = new Int32Array(f.design.rows.length);
    for (let i = 0; i < rows.length; i++) rows[i] = f.frameRows[f.design.rows[i]!]!;
    return countDistinct(col, rows);
  }
  const fe = f.design.fe[0];
  return fe ? fe.nlevels : null;
}

/** Results with ymean, ysd and n_groups in `stats` for every fitted model among `keys`. */
export function withTableStats(state: RunState, results: ReadonlyMap<string, ModelResult>, keys: readonly string[]): ReadonlyMap<string, ModelResult> {
  const out = new Map(results);
  for (const k of keys) {
    const r = results.get(k);
    const f = state.fitted.get(k);
    if (!r || !f) continue;
    const { mean, sd } = meanSd(f.design.y);
    const add: Record<string, number | null> = { ymean: mean, ysd: sd };
    // IV: the outcomes of the first stages (render/derived.ts reads them as that column's ymean/ysd).
    f.design.endog?.names.forEach((name, j) => {
      const e = meanSd(f.design.endog!.X[j]!);
      add[`ymean:${name}`] = e.mean;
      add[`ysd:${name}`] = e.sd;
    });
    if (r.stats['n_groups'] === undefined || r.stats['n_groups'] === null) add.n_groups = groupsOf(state, f);
    out.set(k, { ...r, stats: { ...add, ...Object.fromEntries(Object.entries(r.stats).filter(([, v]) => v !== null)) } });
  }
  return out;
}
