/**
 * Group functions (M6, M7): a statistic of x within groups of `by`, broadcast back to every
 * row of the group, like Stata's `egen … , by()`. Only non-missing x enter a statistic;
 * rows whose group key is missing get missing. Accumulators are per-group typed arrays,
 * one pass over rows (two for sd), never per-row objects.
 */
import { numColumn } from '../data/frame.js';
import type { CallArgs, FnImpl } from './call.js';
import type { GroupIndex } from './group-index.js';
import type { Val } from './value.js';

/** The `by` groups, or one group holding every row when `by` is absent. */
function groupsOf(a: CallArgs): GroupIndex {
  return a.groups('by') ?? { ngroups: a.n > 0 ? 1 : 0, gid: new Int32Array(a.n) };
}

interface Sums {
  readonly count: Float64Array;
  readonly sum: Float64Array;
}

function sums(x: Float64Array, g: GroupIndex): Sums {
  const count = new Float64Array(g.ngroups);
  const sum = new Float64Array(g.ngroups);
  for (let i = 0; i < x.length; i++) {
    const k = g.gid[i]!;
    const v = x[i]!;
    if (k < 0 || Number.isNaN(v)) continue;
    count[k]!++;
    sum[k]! += v;
  }
  return { count, sum };
}

function broadcast(perGroup: Float64Array, g: GroupIndex): Val {
  const out = new Float64Array(g.gid.length);
  for (let i = 0; i < out.length; i++) {
    const k = g.gid[i]!;
    out[i] = k < 0 ? NaN : perGroup[k]!;
  }
  return numColumn(out);
}

function groupStat(stat: (x: Float64Array, g: GroupIndex) => Float64Array): FnImpl {
  return (a) => {
    const x = a.num('x');
    const g = groupsOf(a);
    return broadcast(stat(x, g), g);
  };
}

function meanBy(x: Float64Array, g: GroupIndex): Float64Array {
  const { count, sum } = sums(x, g);
  const out = new Float64Array(g.ngroups);
  for (let k = 0; k < out.length; k++) out[k] = count[k]! > 0 ? sum[k]! / count[k]! : NaN;
  return out;
}

/** Sum of non-missing values; 0 for a group with none (Stata egen total, R sum(na.rm = TRUE)). */
function sumBy(x: Float64Array, g: GroupIndex): Float64Array {
  return sums(x, g).sum;
}

function countBy(x: Float64Array, g: GroupIndex): Float64Array {
  return sums(x, g).count;
}

function extremeBy(max: boolean): (x: Float64Array, g: GroupIndex) => Float64Array {
  return (x, g) => {
    const out = new Float64Array(g.ngroups).fill(NaN);
    for (let i = 0; i < x.length; i++) {
      const k = g.gid[i]!;
      const v = x[i]!;
      if (k < 0 || Number.isNaN(v)) continue;
      const cur = out[k]!;
      if (Number.isNaN(cur) || (max ? v > cur : v < cur)) out[k] = v;
    }
    return out;
  };
}

/** Standard deviation with n − 1, two-pass; missing for groups with fewer than two values. */
function sdBy(x: Float64Array, g: GroupIndex): Float64Array {
  const mean = meanBy(x, g);
  const { count } = sums(x, g);
  const ss = new Float64Array(g.ngroups);
  for (let i = 0; i < x.length; i++) {
    const k = g.gid[i]!;
    const v = x[i]!;
    if (k < 0 || Number.isNaN(v)) continue;
    const d = v - mean[k]!;
    ss[k]! += d * d;
  }
  const out = new Float64Array(g.ngroups);
  for (let k = 0; k < out.length; k++) out[k] = count[k]! > 1 ? Math.sqrt(ss[k]! / (count[k]! - 1)) : NaN;
  return out;
}

/**
 * M7 leave-one-out mean: (sum − x_i)/(n − 1) over the other non-missing members of the
 * row's group; missing when no other member exists. A row whose own x is missing gets the
 * mean of all members (it has nothing to leave out).
 */
function looMean(a: CallArgs): Val {
  const x = a.num('x');
  const g = groupsOf(a);
  const { count, sum } = sums(x, g);
  const out = new Float64Array(a.n);
  for (let i = 0; i < out.length; i++) {
    const k = g.gid[i]!;
    if (k < 0) {
      out[i] = NaN;
      continue;
    }
    const v = x[i]!;
    const m = Number.isNaN(v) ? count[k]! : count[k]! - 1;
    out[i] = m > 0 ? (Number.isNaN(v) ? sum[k]! : sum[k]! - v) / m : NaN;
  }
  return numColumn(out);
}

/** x_i / Σ_group x; missing when x_i is missing or the group total is 0. */
function shareValues(x: Float64Array, g: GroupIndex): Float64Array {
  const { sum } = sums(x, g);
  const out = new Float64Array(x.length);
  for (let i = 0; i < out.length; i++) {
    const k = g.gid[i]!;
    const s = k < 0 ? NaN : sum[k]!;
    out[i] = s === 0 ? NaN : x[i]! / s;
  }
  return out;
}

/** M6 Herfindahl index Σ share² of the group, on every row of the group. */
function hhi(a: CallArgs): Val {
  const x = a.num('x');
  const g = groupsOf(a);
  const share = shareValues(x, g);
  const { sum } = sums(share.map((s) => s * s), g);
  const { count } = sums(share, g);
  for (let k = 0; k < sum.length; k++) if (count[k] === 0) sum[k] = NaN;
  return broadcast(sum, g);
}

export const groupFunctions: Record<string, FnImpl> = {
  mean_by: groupStat(meanBy),
  sum_by: groupStat(sumBy),
  min_by: groupStat(extremeBy(false)),
  max_by: groupStat(extremeBy(true)),
  count_by: groupStat(countBy),
  sd_by: groupStat(sdBy),
  loo_mean: looMean,
  share: (a) => numColumn(shareValues(a.num('x'), groupsOf(a))),
  hhi,
};
