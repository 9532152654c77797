/**
 * Order statistics and moments shared by winsorize, describe and the group functions.
 *
 * Percentile definitions (oracle README, "Transformations"):
 * - type 2 (default; Stata `_pctile`, `summarize, detail`, winsor2): with P = n·p, the
 *   average of x[P] and x[P+1] when P is an integer, else x[ceil(P)]. As R does, P within
 *   4 machine epsilons below an integer counts as that integer.
 * - type 7 (R's default): h = (n−1)p + 1, x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
 */

export type QuantileType = 2 | 7;

const FUZZ = 4 * Number.EPSILON;

/** Non-missing values of x (optionally only at `rows`), sorted ascending. */
export function sortedValues(x: Float64Array, rows?: Int32Array): Float64Array {
  const m = rows ? rows.length : x.length;
  const out = new Float64Array(m);
  let k = 0;
  for (let j = 0; j < m; j++) {
    const v = rows ? x[rows[j]!]! : x[j]!;
    if (!Number.isNaN(v)) out[k++] = v;
  }
  return out.subarray(0, k).sort();
}

/** The p-quantile (0 ≤ p ≤ 1) of ascending `s`; NaN when s is empty. */
export function quantileSorted(s: Float64Array, p: number, type: QuantileType = 2): number {
  const n = s.length;
  if (n === 0) return NaN;
  if (type === 7) {
    // 1-based index exactly as R forms it, so h carries the same rounding.
    const index = 1 + (n - 1) * p;
    const lo = Math.floor(index);
    const hi = Math.ceil(index);
    const q = s[lo - 1]!;
    const h = index - lo;
    return index > lo && s[hi - 1] !== q ? (1 - h) * q + h * s[hi - 1]! : q;
  }
  const np = n * p;
  const j = Math.floor(np + FUZZ);
  const h = np > j ? 1 : 0.5;
  // 1-based x[j] and x[j+1], clamped to the sample ends as R pads them.
  const xj = s[Math.min(Math.max(j - 1, 0), n - 1)]!;
  const xj1 = s[Math.min(Math.max(j, 0), n - 1)]!;
  return h === 1 ? xj1 : (1 - h) * xj + h * xj1;
}

/**
 * Mean of the non-missing values, with R's second refining pass (mean += mean of
 * residuals), so that summaries agree with R to the last bits on long columns.
 */
export function meanOf(x: Float64Array, rows?: Int32Array): { n: number; mean: number } {
  const m = rows ? rows.length : x.length;
  let s = 0;
  let n = 0;
  for (let j = 0; j < m; j++) {
    const v = rows ? x[rows[j]!]! : x[j]!;
    if (!Number.isNaN(v)) {
      s += v;
      n++;
    }
  }
  if (n === 0) return { n, mean: NaN };
  let mean = s / n;
  let t = 0;
  for (let j = 0; j < m; j++) {
    const v = rows ? x[rows[j]!]! : x[j]!;
    if (!Number.isNaN(v)) t += v - mean;
  }
  mean += t / n;
  return { n, mean };
}

/** Sample standard deviation (n − 1), two-pass; NaN when fewer than two values. */
export function sdOf(x: Float64Array, rows?: Int32Array): { n: number; mean: number; sd: number } {
  const { n, mean } = meanOf(x, rows);
  if (n < 2) return { n, mean, sd: NaN };
  const m = rows ? rows.length : x.length;
  let ss = 0;
  for (let j = 0; j < m; j++) {
    const v = rows ? x[rows[j]!]! : x[j]!;
    if (!Number.isNaN(v)) ss += (v - mean) * (v - mean);
  }
  return { n, mean, sd: Math.sqrt(ss / (n - 1)) };
}
