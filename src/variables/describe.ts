/**
 * Descriptive statistics for summary tables (T2), as Stata `summarize[, detail]`:
 * n counts non-missing values, sd uses n − 1, percentiles are type 2 (Stata `_pctile`)
 * unless `type: 7` asks for R's default. With `by`, the same statistics per group.
 */
import { dict } from '../spec/dict.js';
import type { Column, Frame } from '../data/frame.js';
import { StudyError } from '../diagnostics/diagnostic.js';
import { diag, didYouMean } from '../diagnostics/messages/index.js';
import { variablesMessages as M } from '../diagnostics/messages/variables.js';
import { buildGroupIndex, groupRows } from './group-index.js';
import { quantileSorted, sdOf, sortedValues, type QuantileType } from './quantile.js';

export interface DescribeOptions {
  /** Column whose values split the rows into groups. */
  readonly by?: string;
  /** Percentile definition: 2 (default, Stata) or 7 (R). */
  readonly type?: QuantileType;
}

export type StatValues = Readonly<Record<string, number>>;

export interface DescribeGroup {
  /** The group's value of `by` as text. */
  readonly key: string;
  readonly values: Readonly<Record<string, StatValues>>;
}

export interface DescribeResult {
  readonly variables: readonly string[];
  readonly stats: readonly string[];
  /** values[variable][stat] over all rows. */
  readonly values: Readonly<Record<string, StatValues>>;
  /** Present with `by`: groups in level order (text) or ascending order (numbers). */
  readonly groups?: readonly DescribeGroup[];
}

const SIMPLE = new Set(['n', 'mean', 'sd', 'var', 'min', 'max', 'sum', 'median']);

/** Percentile of a statistic name: p1 … p99 (p01 and p5 spellings both accepted). */
function percentileOf(stat: string): number | undefined {
  const m = /^p(\d{1,2})$/.exec(stat);
  if (!m) return undefined;
  const v = Number(m[1]);
  return v >= 1 && v <= 99 ? v / 100 : undefined;
}

function statsOf(x: Float64Array, rows: Int32Array | undefined, stats: readonly string[], type: QuantileType): StatValues {
  const { n, mean, sd } = sdOf(x, rows);
  let sorted: Float64Array | undefined;
  const order = (): Float64Array => (sorted ??= sortedValues(x, rows));
  const out: Record<string, number> = dict();
  for (const s of stats) {
    switch (s) {
      case 'n': out[s] = n; break;
      case 'mean': out[s] = mean; break;
      case 'sd': out[s] = sd; break;
      case 'var': out[s] = sd * sd; break;
      case 'min': out[s] = n > 0 ? order()[0]! : NaN; break;
      case 'max': out[s] = n > 0 ? order()[n - 1]! : NaN; break;
      case 'sum': {
        let t = 0;
        for (const v of order()) t += v;
        out[s] = t;
        break;
      }
      case 'median': out[s] = quantileSorted(order(), 0.5, type); break;
      default: out[s] = quantileSorted(order(), percentileOf(s)!, type);
    }
  }
  return out;
}

function numericColumn(frame: Frame, name: string): Float64Array {
  const c = frame.columns.get(name);
  if (!c) throw new StudyError(diag(M.varUnknownColumn(name), { notes: didYouMean(name, frame.columns.keys()) }));
  if (c.kind !== 'num') throw new StudyError(diag(M.varExpectedNumber(`summary variable '${name}'`)));
  return c.values;
}

/** Group labels in presentation order with each group's rows. */
function splitRows(by: Column, n: number): { key: string; rows: Int32Array }[] {
  const g = buildGroupIndex([by], n);
  const { start, rows } = groupRows(g);
  const groups: { key: string; rows: Int32Array; sortKey: number }[] = [];
  for (let k = 0; k < g.ngroups; k++) {
    const r = rows.subarray(start[k]!, start[k + 1]!);
    const first = r[0]!;
    if (by.kind === 'factor') groups.push({ key: by.levels[by.codes[first]!]!, rows: r, sortKey: by.codes[first]! });
    else groups.push({ key: String(by.values[first]), rows: r, sortKey: by.values[first]! });
  }
  groups.sort((a, b) => a.sortKey - b.sortKey);
  return groups.map(({ key, rows: r }) => ({ key, rows: r }));
}

export function describe(frame: Frame, variables: string[], stats: string[], opts: DescribeOptions = {}): DescribeResult {
  for (const s of stats) {
    if (!SIMPLE.has(s) && percentileOf(s) === undefined) throw new StudyError(diag(M.varUnknownStatistic(s)));
  }
  const type = opts.type ?? 2;
  const cols = variables.map((v) => numericColumn(frame, v));
  const values: Record<string, StatValues> = dict();
  variables.forEach((v, j) => (values[v] = statsOf(cols[j]!, undefined, stats, type)));
  if (opts.by === undefined) return { variables: [...variables], stats: [...stats], values };
  const byCol = frame.columns.get(opts.by);
  if (!byCol) throw new StudyError(diag(M.varUnknownColumn(opts.by), { notes: didYouMean(opts.by, frame.columns.keys()) }));
  const groups = splitRows(byCol, frame.nrows).map(({ key, rows }) => {
    const gv: Record<string, StatValues> = dict();
    variables.forEach((v, j) => (gv[v] = statsOf(cols[j]!, rows, stats, type)));
    return { key, values: gv };
  });
  return { variables: [...variables], stats: [...stats], values, groups };
}
