/**
 * Whole-column transformations (M8, M11, M12): winsorize, standardize, center, rank, cut,
 * recode, dummy. Statistics are taken over the non-missing values of the frame the
 * expression is evaluated on (for a model, its estimation sample), optionally within
 * groups (`by`). Missing values stay missing.
 */
import { factorColumn, numColumn } from '../data/frame.js';
import type { Expr } from '../expr/ast.js';
import { ExprError } from '../expr/errors.js';
import { variablesMessages as M } from '../diagnostics/messages/variables.js';
import type { CallArgs, FnImpl } from './call.js';
import { groupRows, type GroupIndex } from './group-index.js';
import { binary } from './ops.js';
import { meanOf, quantileSorted, sdOf, sortedValues, type QuantileType } from './quantile.js';
import type { Val } from './value.js';

/** Row sets to work on: each `by` group, or all rows. */
function rowSets(g: GroupIndex | undefined, n: number): Int32Array[] {
  if (!g) return [Int32Array.from({ length: n }, (_, i) => i)];
  const { start, rows } = groupRows(g);
  const out: Int32Array[] = [];
  for (let k = 0; k < g.ngroups; k++) out.push(rows.subarray(start[k]!, start[k + 1]!));
  return out;
}

export interface Winsorized {
  readonly values: Float64Array;
  /** Rows strictly below the low cut / above the high cut (the values replaced). */
  readonly nLow: number;
  readonly nHigh: number;
}

/**
 * Clamp x to its lo/hi quantiles within each row set. Default type 2 = Stata winsor2
 * (cut points from `_pctile`); type 7 = R's quantile default. Values equal to a cut stay.
 */
export function winsorizeValues(x: Float64Array, lo: number, hi: number, type: QuantileType, sets: readonly Int32Array[]): Winsorized {
  const out = Float64Array.from(x);
  let nLow = 0;
  let nHigh = 0;
  for (const rows of sets) {
    const s = sortedValues(x, rows);
    const cl = quantileSorted(s, lo, type);
    const ch = quantileSorted(s, hi, type);
    for (let j = 0; j < rows.length; j++) {
      const r = rows[j]!;
      const v = x[r]!;
      if (v < cl) {
        out[r] = cl;
        nLow++;
      } else if (v > ch) {
        out[r] = ch;
        nHigh++;
      }
    }
  }
  return { values: out, nLow, nHigh };
}

function winsorize(a: CallArgs): Val {
  const lo = a.constNum('lo', 0.01);
  const hi = a.constNum('hi', 0.99);
  for (const [nm, p] of [['lo', lo], ['hi', hi]] as const) {
    if (!(p >= 0 && p <= 1)) throw new ExprError(M.varBadProbability(a.fn, p), a.span(nm));
  }
  if (lo > hi) throw new ExprError(M.varBadArgument(a.fn, 'lo', "at most 'hi'"), a.span('lo'));
  const type = a.constInt('type', 2);
  if (type !== 2 && type !== 7) throw new ExprError(M.varBadArgument(a.fn, 'type', '2 (Stata) or 7 (R)'), a.span('type'));
  const x = a.num('x');
  return numColumn(winsorizeValues(x, lo, hi, type, rowSets(a.groups('by'), a.n)).values);
}

/** (x − mean)/sd (sd with n − 1) or x − mean, within each row set. */
function moments(scale: boolean): FnImpl {
  return (a) => {
    const x = a.num('x');
    const out = new Float64Array(a.n).fill(NaN);
    for (const rows of rowSets(a.groups('by'), a.n)) {
      const { mean, sd } = scale ? sdOf(x, rows) : { ...meanOf(x, rows), sd: 1 };
      for (let j = 0; j < rows.length; j++) out[rows[j]!] = (x[rows[j]!]! - mean) / sd;
    }
    return numColumn(out);
  };
}

/** Ascending ranks 1..m of the non-missing values; ties get their average rank. */
function rank(a: CallArgs): Val {
  const x = a.num('x');
  const out = new Float64Array(a.n).fill(NaN);
  for (const rows of rowSets(a.groups('by'), a.n)) {
    const idx = rows.filter((r) => !Number.isNaN(x[r]!)).sort((p, q) => x[p]! - x[q]!);
    for (let j = 0; j < idx.length; ) {
      let e = j;
      while (e + 1 < idx.length && x[idx[e + 1]!] === x[idx[j]!]) e++;
      const avg = (j + 1 + e + 1) / 2;
      for (let k = j; k <= e; k++) out[idx[k]!] = avg;
      j = e + 1;
    }
  }
  return numColumn(out);
}

/** Numbers of a list argument; `a:b` expands to the integers a..b. */
function numberList(a: CallArgs, name: string): number[] {
  const out: number[] = [];
  const one = (e: Expr): number => {
    const v = a.env.ev(e);
    if (v.kind !== 'scalar' || Number.isNaN(v.value)) throw new ExprError(M.varBadArgument(a.fn, name, 'a list of numbers'), e.span);
    return v.value;
  };
  for (const e of a.items(name)) {
    if (e.kind === 'range') for (let v = one(e.from), to = one(e.to); v <= to; v++) out.push(v);
    else out.push(one(e));
  }
  return out;
}

/**
 * cut(x, breaks[, labels]). With a list of breaks: interval number j (1-based) of
 * [b_j, b_{j+1}), Stata `egen cut(), at()` intervals; outside [b_first, b_last) → missing.
 * With a number n: n equal-count bins as Stata `xtile, nq(n)`: cut points are the type-2
 * quantiles at k/n and bin = 1 + #{k : x > q_k}. `labels` (one per interval) replaces the
 * interval number by a number or text.
 */
function cut(a: CallArgs): Val {
  const x = a.num('x');
  const bExpr = a.expr('breaks');
  const out = new Float64Array(a.n);
  let nbins: number;
  if (bExpr.kind !== 'list' && bExpr.kind !== 'range') {
    nbins = a.constInt('breaks');
    if (nbins < 1) throw new ExprError(M.varBadArgument(a.fn, 'breaks', 'a positive number of bins or a list of break points'), a.span('breaks'));
    const s = sortedValues(x);
    const cuts = Array.from({ length: nbins - 1 }, (_, k) => quantileSorted(s, (k + 1) / nbins, 2));
    for (let i = 0; i < out.length; i++) {
      const v = x[i]!;
      if (Number.isNaN(v)) {
        out[i] = NaN;
        continue;
      }
      let bin = 1;
      for (const q of cuts) if (v > q) bin++;
      out[i] = bin;
    }
  } else {
    const breaks = numberList(a, 'breaks');
    if (breaks.length < 2) throw new ExprError(M.varBadBreaks(), a.span('breaks'));
    for (let j = 1; j < breaks.length; j++) if (!(breaks[j]! > breaks[j - 1]!)) throw new ExprError(M.varBadBreaks(), a.span('breaks'));
    nbins = breaks.length - 1;
    for (let i = 0; i < out.length; i++) {
      const v = x[i]!;
      if (Number.isNaN(v) || v < breaks[0]! || v >= breaks[nbins]!) {
        out[i] = NaN;
        continue;
      }
      let lo = 0;
      let hi = nbins;
      // Binary search for the interval with breaks[lo] <= v < breaks[lo + 1].
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (v >= breaks[mid]!) lo = mid;
        else hi = mid;
      }
      out[i] = lo + 1;
    }
  }
  return a.has('labels') ? relabel(a, out, nbins) : numColumn(out);
}

/** Replace interval numbers 1..nbins by the `labels` list entries. */
function relabel(a: CallArgs, bins: Float64Array, nbins: number): Val {
  const labels = a.items('labels').map((e) => a.env.ev(e));
  if (labels.length !== nbins) throw new ExprError(M.varBadArgument(a.fn, 'labels', `a list of ${nbins} labels, one per interval`), a.span('labels'));
  if (labels.every((l) => l.kind === 'text')) {
    const codes = new Int32Array(bins.length);
    for (let i = 0; i < codes.length; i++) codes[i] = Number.isNaN(bins[i]!) ? -1 : bins[i]! - 1;
    return mapLevelsTo(codes, labels.map((l) => (l as { value: string }).value));
  }
  if (!labels.every((l) => l.kind === 'scalar')) throw new ExprError(M.varBadArgument(a.fn, 'labels', 'all numbers or all text'), a.span('labels'));
  const values = labels.map((l) => (l as { value: number }).value);
  return numColumn(bins.map((b) => (Number.isNaN(b) ? NaN : values[b - 1]!)));
}

type Rule = { kind: 'num'; from: number; to: number } | { kind: 'text'; value: string };

/**
 * recode(x, from = [...], to = [...]): the first matching `from` entry (a value or an a:b
 * range) maps to the `to` entry at the same position. Unmatched values stay as they are
 * (Stata recode), except text recoded to numbers, where unmatched text becomes missing.
 */
function recode(a: CallArgs): Val {
  const fromExprs = a.items('from');
  const toExprs = a.items('to');
  if (fromExprs.length !== toExprs.length) throw new ExprError(M.varRecodeLengths(fromExprs.length, toExprs.length), a.call.span);
  const rules: Rule[] = fromExprs.map((e) => {
    if (e.kind === 'range') {
      const f = a.env.ev(e.from);
      const t = a.env.ev(e.to);
      if (f.kind !== 'scalar' || t.kind !== 'scalar') throw new ExprError(M.varBadArgument(a.fn, 'from', 'numbers, ranges or text'), e.span);
      return { kind: 'num', from: f.value, to: t.value };
    }
    const v = a.env.ev(e);
    if (v.kind === 'scalar') return { kind: 'num', from: v.value, to: v.value };
    if (v.kind === 'text') return { kind: 'text', value: v.value };
    throw new ExprError(M.varBadArgument(a.fn, 'from', 'numbers, ranges or text'), e.span);
  });
  const targets = toExprs.map((e) => a.env.ev(e));
  const toText = targets.every((t) => t.kind === 'text');
  const toNum = targets.every((t) => t.kind === 'scalar');
  if (!toText && !toNum) throw new ExprError(M.varBadArgument(a.fn, 'to', 'all numbers or all text'), a.span('to'));
  const x = a.value('x');
  const match = (pred: (r: Rule) => boolean): number => rules.findIndex(pred);

  if (x.kind === 'factor') {
    const pick = (s: string): number => match((r) => r.kind === 'text' && r.value === s);
    if (toText) {
      const levels = x.levels.map((s) => {
        const j = pick(s);
        return j < 0 ? s : (targets[j] as { value: string }).value;
      });
      return mapLevelsTo(x.codes, levels);
    }
    const byLevel = x.levels.map((s) => {
      const j = pick(s);
      return j < 0 ? NaN : (targets[j] as { value: number }).value;
    });
    const out = new Float64Array(a.n);
    for (let i = 0; i < out.length; i++) out[i] = x.codes[i]! < 0 ? NaN : byLevel[x.codes[i]!]!;
    return numColumn(out);
  }
  if (!toNum) throw new ExprError(M.varBadArgument(a.fn, 'to', 'numbers when x is numeric'), a.span('to'));
  const src = a.num('x');
  const out = new Float64Array(a.n);
  for (let i = 0; i < out.length; i++) {
    const v = src[i]!;
    const j = Number.isNaN(v) ? -1 : match((r) => r.kind === 'num' && v >= r.from && v <= r.to);
    out[i] = j < 0 ? v : (targets[j] as { value: number }).value;
  }
  return numColumn(out);
}

/** Relabel a factor's levels (possibly merging equal labels). */
function mapLevelsTo(codes: Int32Array, labels: readonly string[]): Val {
  const index = new Map<string, number>();
  const levels: string[] = [];
  const remap = labels.map((s) => {
    let j = index.get(s);
    if (j === undefined) {
      j = levels.length;
      index.set(s, j);
      levels.push(s);
    }
    return j;
  });
  const out = new Int32Array(codes.length);
  for (let i = 0; i < out.length; i++) out[i] = codes[i]! < 0 ? -1 : remap[codes[i]!]!;
  return factorColumn(out, levels);
}

export const columnFunctions: Record<string, FnImpl> = {
  winsorize,
  standardize: moments(true),
  center: moments(false),
  rank,
  cut,
  recode,
  dummy: (a) => binary('==', a.value('x'), a.value('level'), a.n, a.call.span),
};
