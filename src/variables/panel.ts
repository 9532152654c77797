/**
 * Panel functions (need the table's panel index; M1, M10, M14). All of them walk units
 * in time order through the cached sort permutation. Lags match on the time value: the
 * lag of 1999 is the unit's 1998 row, or missing when 1998 is absent — never the previous
 * row. Rows whose id or time is missing get missing results.
 */
import { factorColumn, numColumn, cellText } from '../data/frame.js';
import { ExprError } from '../expr/errors.js';
import { variablesMessages as M } from '../diagnostics/messages/variables.js';
import type { CallArgs, FnImpl } from './call.js';
import type { PanelIndexData } from './panel-index.js';
import { clean, type Val } from './value.js';

function panelOf(a: CallArgs): PanelIndexData {
  return a.env.cache.panel(a.env.frame, a.fn, a.call.span);
}

/** x at time t + shift of the same unit. Works on numbers and on text (codes). */
function shifted(a: CallArgs, x: Val, shift: number): Val {
  const idx = a.env.cache.shifted(a.env.frame, shift, a.fn, a.call.span);
  const n = a.n;
  if (x.kind === 'factor') {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = idx[i]! < 0 ? -1 : x.codes[idx[i]!]!;
    return factorColumn(out, x.levels);
  }
  if (x.kind === 'text') throw new ExprError(M.varExpectedNumber(`argument 'x' of ${a.fn}()`), a.span('x'));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = idx[i]!;
    out[i] = r < 0 ? NaN : x.kind === 'scalar' ? x.value : x.values[r]!;
  }
  return numColumn(out);
}

function lagLike(direction: -1 | 1): FnImpl {
  return (a) => shifted(a, a.value('x'), direction * a.constInt('n', 1));
}

/** x − lag(x, k) or x / lag(x, k) − 1. */
function change(growth: boolean): FnImpl {
  return (a) => {
    const x = a.num('x');
    const prev = shifted(a, { kind: 'num', values: x }, -a.constInt('n', 1));
    const p = (prev as { values: Float64Array }).values;
    const out = new Float64Array(a.n);
    for (let i = 0; i < out.length; i++) out[i] = growth ? clean(x[i]! / p[i]!) - 1 : x[i]! - p[i]!;
    return numColumn(out);
  };
}

/**
 * base(x, when): the value of x at the unit's row where `when` holds, on every row of the
 * unit. No matching row → missing. More than one → error (SS463): a base must be unique,
 * and silently picking one would hide a wrong condition such as `year >= 2008`.
 */
function base(a: CallArgs): Val {
  const p = panelOf(a);
  const x = a.num('x');
  const cond = a.num('when');
  const out = new Float64Array(a.n).fill(NaN);
  for (let u = 0; u < p.nunits; u++) {
    let hit = -1;
    let hits = 0;
    for (let k = p.start[u]!; k < p.start[u + 1]!; k++) {
      const r = p.order[k]!;
      const c = cond[r]!;
      if (!Number.isNaN(c) && c !== 0) {
        hits++;
        if (hit < 0) hit = r;
      }
    }
    if (hits > 1) {
      const id = a.env.frame.columns.get(p.idName)!;
      throw new ExprError(M.varBaseAmbiguous(cellText(id, hit) ?? 'NA', hits), a.call.span);
    }
    if (hit < 0) continue;
    const v = x[hit]!;
    for (let k = p.start[u]!; k < p.start[u + 1]!; k++) out[p.order[k]!] = v;
  }
  return numColumn(out);
}

/**
 * Running max or sum within unit in time order. A missing value gives a missing result
 * on its own row and is skipped by the running value (it neither resets nor extends it).
 */
function running(x: Float64Array, p: PanelIndexData, n: number, kind: 'max' | 'sum'): Float64Array {
  const out = new Float64Array(n).fill(NaN);
  for (let u = 0; u < p.nunits; u++) {
    let acc = kind === 'max' ? -Infinity : 0;
    let any = false;
    for (let k = p.start[u]!; k < p.start[u + 1]!; k++) {
      const r = p.order[k]!;
      const v = x[r]!;
      if (Number.isNaN(v)) continue;
      acc = kind === 'max' ? (any ? Math.max(acc, v) : v) : acc + v;
      any = true;
      out[r] = acc;
    }
  }
  return out;
}

function cumulative(kind: 'max' | 'sum'): FnImpl {
  return (a) => numColumn(running(a.num('x'), panelOf(a), a.n, kind));
}

/** Smallest time at which cond holds in the unit, on every row of the unit; missing if never. */
function firstYear(a: CallArgs): Val {
  const p = panelOf(a);
  const cond = a.num('cond');
  const out = new Float64Array(a.n).fill(NaN);
  for (let u = 0; u < p.nunits; u++) {
    let t = NaN;
    for (let k = p.start[u]!; k < p.start[u + 1]!; k++) {
      const c = cond[p.order[k]!]!;
      if (!Number.isNaN(c) && c !== 0) {
        t = p.time[p.order[k]!]!;
        break;
      }
    }
    if (Number.isNaN(t)) continue;
    for (let k = p.start[u]!; k < p.start[u + 1]!; k++) out[p.order[k]!] = t;
  }
  return numColumn(out);
}

/** M10: 1 from the first period with x > 0 onward, within unit: cummax(x > 0). */
function absorbing(a: CallArgs): Val {
  const src = a.num('x');
  const pos = new Float64Array(a.n);
  for (let i = 0; i < pos.length; i++) pos[i] = Number.isNaN(src[i]!) ? NaN : src[i]! > 0 ? 1 : 0;
  return numColumn(running(pos, panelOf(a), a.n, 'max'));
}

export const panelFunctions: Record<string, FnImpl> = {
  lag: lagLike(-1),
  lead: lagLike(1),
  diff: change(false),
  growth: change(true),
  base,
  cummax: cumulative('max'),
  cumsum: cumulative('sum'),
  first_year: firstYear,
  absorbing,
};
