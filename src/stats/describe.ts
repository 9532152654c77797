/**
 * Descriptive statistics for summary tables (T2) and group summaries (T3), computed on
 * Frame columns. Missing values (NaN) are skipped per variable, as Stata's `summarize`.
 *
 * Conventions (Stata defaults): sd uses n − 1; percentiles follow `summarize, detail`,
 * which is R's quantile type 2 (average of the two order statistics when n·p/100 is an
 * integer, else the next one up). `quantileType: 7` switches to R's default.
 */
import { dict } from '../spec/dict.js';
import type { Column, Frame } from '../data/frame.js';
import { quantileSorted, sdOf, sortedValues } from '../variables/quantile.js';

export interface DescribeResult {
  /** values[variable][stat] on all rows. */
  readonly values: Readonly<Record<string, Readonly<Record<string, number | null>>>>;
  /** By-group blocks, groups in display order: by.values[group][variable][stat]. */
  readonly by?: {
    readonly variable: string;
    readonly groups: readonly string[];
    readonly values: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, number | null>>>>>>;
  };
}

export interface GroupSummaryResult {
  readonly variable: string;
  readonly stat: string;
  readonly rowVar: string;
  readonly rows: readonly string[];
  readonly colVar?: string;
  readonly cols?: readonly string[];
  /** cells[row][col] (one column when there is no column variable). */
  readonly cells: readonly (readonly (number | null)[])[];
  readonly rowTotals: readonly (number | null)[];
  readonly colTotals: readonly (number | null)[];
  readonly total: number | null;
}

export const SUMMARY_STATS = /^(n|mean|sd|min|max|median|sum|p([1-9]|[1-9]\d))$/;

export function isSummaryStat(s: string): boolean {
  return SUMMARY_STATS.test(s);
}

/**
 * One statistic of the non-missing values of `x` restricted to `rows` (all rows when null).
 * Moments and percentiles come from the data layer's definitions (src/variables/quantile.ts),
 * so a summary table, winsorize() and describe() agree to the last bit.
 */
export function statOf(x: Float64Array, rows: Int32Array | null, stat: string, quantileType: 2 | 7 = 2): number | null {
  const r = rows ?? undefined;
  if (stat === 'n' || stat === 'mean' || stat === 'sd' || stat === 'sum') {
    const { n, mean, sd } = sdOf(x, r);
    if (stat === 'n') return n;
    if (n === 0) return null;
    if (stat === 'mean') return mean;
    if (stat === 'sum') {
      let sum = 0;
      const m = r ? r.length : x.length;
      for (let j = 0; j < m; j++) {
        const v = r ? x[r[j]!]! : x[j]!;
        if (!Number.isNaN(v)) sum += v;
      }
      return sum;
    }
    return n < 2 ? null : sd;
  }
  const s = sortedValues(x, r);
  if (s.length === 0) return null;
  if (stat === 'min') return s[0]!;
  if (stat === 'max') return s[s.length - 1]!;
  if (stat === 'median') return quantileSorted(s, 0.5, quantileType);
  const m = /^p(\d+)$/.exec(stat);
  return m ? quantileSorted(s, Number(m[1]) / 100, quantileType) : null;
}

/**
 * Several statistics of one variable, each equal to `statOf`'s, at the cost of one moment pass
 * and one min/max pass, with at most one sort (only when a median or percentile is asked for).
 * A summary table asked `statOf` per statistic and sorted the column for min and again for
 * max: at 1M rows that cost more than a fixed-effects regression on the same file.
 */
export function statsOf(x: Float64Array, rows: Int32Array | null, stats: readonly string[], quantileType: 2 | 7 = 2): Record<string, number | null> {
  const r = rows ?? undefined;
  const out: [string, number | null][] = [];
  let moments: { n: number; mean: number; sd: number } | undefined;
  let range: { lo: number; hi: number; n: number } | undefined;
  let sorted: Float64Array | undefined;
  for (const stat of stats) {
    if (stat === 'n' || stat === 'mean' || stat === 'sd') {
      moments ??= sdOf(x, r);
      const { n, mean, sd } = moments;
      out.push([stat, stat === 'n' ? n : n === 0 ? null : stat === 'mean' ? mean : n < 2 ? null : sd]);
    } else if (stat === 'min' || stat === 'max') {
      range ??= minMax(x, r);
      out.push([stat, range.n === 0 ? null : stat === 'min' ? range.lo : range.hi]);
    } else if (stat === 'sum') {
      out.push([stat, statOf(x, rows, stat, quantileType)]);
    } else {
      sorted ??= sortedValues(x, r);
      const m = /^p(\d+)$/.exec(stat);
      out.push([stat, sorted.length === 0 ? null : stat === 'median' ? quantileSorted(sorted, 0.5, quantileType) : m ? quantileSorted(sorted, Number(m[1]) / 100, quantileType) : null]);
    }
  }
  return Object.fromEntries(out);
}

/** Smallest and largest non-missing value; the first and last of the sorted values, without sorting. */
function minMax(x: Float64Array, rows?: Int32Array): { lo: number; hi: number; n: number } {
  const m = rows ? rows.length : x.length;
  let lo = Infinity;
  let hi = -Infinity;
  let n = 0;
  for (let j = 0; j < m; j++) {
    const v = rows ? x[rows[j]!]! : x[j]!;
    if (v !== v) continue;
    n++;
    // As the sort orders them: −0 before +0.
    if (v < lo || (v === lo && Object.is(v, -0))) lo = v;
    if (v > hi || (v === hi && Object.is(hi, -0))) hi = v;
  }
  return { lo, hi, n };
}

/** Quantile of unsorted values: type 2 (Stata) or type 7 (R default). */
export function quantile(values: readonly number[], p: number, type: 2 | 7 = 2): number {
  return quantileSorted(sortedValues(Float64Array.from(values)), p, type);
}

/** Group rows by a column's distinct non-missing values, groups sorted (factor level order / numeric). */
export function groupRows(c: Column): { labels: string[]; rows: Int32Array[] } {
  const buckets = new Map<number, number[]>();
  const n = c.kind === 'num' ? c.values.length : c.codes.length;
  for (let i = 0; i < n; i++) {
    const key = c.kind === 'num' ? c.values[i]! : c.codes[i]!;
    if (c.kind === 'num' ? Number.isNaN(key) : key < 0) continue;
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = []));
    b.push(i);
  }
  const keys = [...buckets.keys()].sort((a, b) => a - b);
  return {
    labels: keys.map((k) => (c.kind === 'num' ? String(k) : c.levels[k]!)),
    rows: keys.map((k) => Int32Array.from(buckets.get(k)!)),
  };
}

function numValues(frame: Frame, name: string): Float64Array | null {
  const c = frame.columns.get(name);
  return c && c.kind === 'num' ? c.values : null;
}

/** Summary statistics of `variables` (numeric columns), optionally by a group column. */
export function describe(
  frame: Frame,
  variables: readonly string[],
  stats: readonly string[],
  opts: { by?: string; quantileType?: 2 | 7 } = {},
): DescribeResult {
  const block = (rows: Int32Array | null) => {
    const out: Record<string, Record<string, number | null>> = dict();
    for (const v of variables) {
      const x = numValues(frame, v);
      out[v] = x ? statsOf(x, rows, stats, opts.quantileType) : Object.fromEntries(stats.map((s) => [s, null]));
    }
    return out;
  };
  const values = block(null);
  if (!opts.by) return { values };
  const byCol = frame.columns.get(opts.by);
  if (!byCol) return { values };
  const g = groupRows(byCol);
  const byValues: Record<string, Record<string, Record<string, number | null>>> = dict();
  g.labels.forEach((label, i) => (byValues[label] = block(g.rows[i]!)));
  return { values, by: { variable: opts.by, groups: g.labels, values: byValues } };
}

/** A statistic of `variable` by one or two group columns, with margins (T3). */
export function groupSummary(
  frame: Frame,
  variable: string,
  by: readonly string[],
  stat = 'mean',
): GroupSummaryResult {
  const x = numValues(frame, variable) ?? new Float64Array(frame.nrows).fill(Number.NaN);
  const rowCol = frame.columns.get(by[0]!);
  const colCol = by[1] !== undefined ? frame.columns.get(by[1]) : undefined;
  const rg = rowCol ? groupRows(rowCol) : { labels: [], rows: [] };
  const cg = colCol ? groupRows(colCol) : null;
  const intersect = (a: Int32Array, b: Int32Array): Int32Array => {
    const set = new Set(b);
    return a.filter((i) => set.has(i));
  };
  const cells = rg.rows.map((r) => (cg ? cg.rows.map((c) => statOf(x, intersect(r, c), stat)) : [statOf(x, r, stat)]));
  return {
    variable,
    stat,
    rowVar: by[0]!,
    rows: rg.labels,
    ...(cg ? { colVar: by[1]!, cols: cg.labels } : {}),
    cells,
    rowTotals: rg.rows.map((r) => statOf(x, r, stat)),
    colTotals: cg ? cg.rows.map((c) => statOf(x, c, stat)) : [],
    total: statOf(x, null, stat),
  };
}
