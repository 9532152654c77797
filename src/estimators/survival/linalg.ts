/**
 * Small dense k×k kernels for the survival estimators (information matrices, sandwiches).
 *
 * Matrices are row-major Float64Arrays of length k·k. They are only ever k×k (k = number of
 * coefficients), so plain loops beat building ml-matrix objects in the Newton loop, and the
 * LDLᵀ factor reports which column is (numerically) collinear, which the caller turns into
 * a message naming the covariate.
 */

/** LDLᵀ factor of a symmetric positive (semi)definite matrix. */
export interface SymFactor {
  readonly k: number;
  /** Unit lower-triangular L (row-major, diagonal implied 1). */
  readonly l: Float64Array;
  readonly d: Float64Array;
  /** First column whose pivot fell below tol·A_jj (collinear with earlier ones), or −1. */
  readonly singular: number;
}

/**
 * Factor A = L D Lᵀ. A pivot is declared singular when it is below `tol` times the column's
 * own diagonal: that is 1 − R² of the column on the earlier ones, so the test does not
 * depend on the covariate's units.
 */
export function ldlFactor(a: Float64Array, k: number, tol = 1e-10): SymFactor {
  const l = new Float64Array(k * k);
  const d = new Float64Array(k);
  let singular = -1;
  for (let j = 0; j < k; j++) {
    let dj = a[j * k + j]!;
    for (let m = 0; m < j; m++) dj -= l[j * k + m]! * l[j * k + m]! * d[m]!;
    if (!(dj > tol * Math.abs(a[j * k + j]!)) || !(dj > 0)) {
      if (singular < 0) singular = j;
      d[j] = 0;
      l[j * k + j] = 1;
      continue;
    }
    d[j] = dj;
    l[j * k + j] = 1;
    for (let i = j + 1; i < k; i++) {
      let s = a[i * k + j]!;
      for (let m = 0; m < j; m++) s -= l[i * k + m]! * l[j * k + m]! * d[m]!;
      l[i * k + j] = s / dj;
    }
  }
  return { k, l, d, singular };
}

/** Solve A x = b with a factor (singular pivots contribute 0, as a generalized inverse). */
export function ldlSolve(f: SymFactor, b: ArrayLike<number>): Float64Array {
  const { k, l, d } = f;
  const x = Float64Array.from(b as ArrayLike<number>);
  for (let i = 0; i < k; i++) {
    let s = x[i]!;
    for (let m = 0; m < i; m++) s -= l[i * k + m]! * x[m]!;
    x[i] = s;
  }
  for (let i = 0; i < k; i++) x[i] = d[i]! > 0 ? x[i]! / d[i]! : 0;
  for (let i = k - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let m = i + 1; m < k; m++) s -= l[m * k + i]! * x[m]!;
    x[i] = s;
  }
  return x;
}

/** A⁻¹ from its factor, symmetric, row-major. */
export function ldlInverse(f: SymFactor): Float64Array {
  const k = f.k;
  const inv = new Float64Array(k * k);
  const e = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    e.fill(0);
    e[j] = 1;
    const col = ldlSolve(f, e);
    for (let i = 0; i < k; i++) inv[i * k + j] = col[i]!;
  }
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (inv[i * k + j]! + inv[j * k + i]!);
      inv[i * k + j] = v;
      inv[j * k + i] = v;
    }
  }
  return inv;
}

/** Copy the upper triangle onto the lower one (kernels accumulate one triangle only). */
export function symmetrize(a: Float64Array, k: number): void {
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) a[i * k + j] = a[j * k + i]!;
}

/** b' A⁻¹ b, or NaN when A is singular. */
export function quadFormInv(a: Float64Array, k: number, b: ArrayLike<number>): number {
  const f = ldlFactor(a, k);
  if (f.singular >= 0) return Number.NaN;
  const x = ldlSolve(f, b);
  let s = 0;
  for (let i = 0; i < k; i++) s += b[i]! * x[i]!;
  return s;
}

/** B M B for symmetric B, M (the sandwich). */
export function sandwich(bread: Float64Array, meat: Float64Array, k: number): Float64Array {
  const tmp = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let m = 0; m < k; m++) s += bread[i * k + m]! * meat[m * k + j]!;
      tmp[i * k + j] = s;
    }
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let m = 0; m < k; m++) s += tmp[i * k + m]! * bread[m * k + j]!;
      out[i * k + j] = s;
    }
  symmetrize(out, k);
  return out;
}

/** J V Jᵀ for a (r×k) Jacobian J and k×k V (delta method). */
export function deltaMethod(jac: Float64Array, r: number, v: Float64Array, k: number): Float64Array {
  const tmp = new Float64Array(r * k);
  for (let i = 0; i < r; i++)
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let m = 0; m < k; m++) s += jac[i * k + m]! * v[m * k + j]!;
      tmp[i * k + j] = s;
    }
  const out = new Float64Array(r * r);
  for (let i = 0; i < r; i++)
    for (let j = 0; j < r; j++) {
      let s = 0;
      for (let m = 0; m < k; m++) s += tmp[i * k + m]! * jac[j * k + m]!;
      out[i * r + j] = s;
    }
  return out;
}

/**
 * Sum of outer products of per-row score vectors, first summed within clusters
 * (`codes` = null: every row is its own cluster). Scores are row-major n×k.
 */
export function clusteredMeat(
  scores: Float64Array,
  n: number,
  k: number,
  codes: Int32Array | null,
  nlevels: number,
): Float64Array {
  let sums = scores;
  let g = n;
  if (codes) {
    sums = new Float64Array(nlevels * k);
    for (let i = 0; i < n; i++) {
      const c = codes[i]!;
      for (let j = 0; j < k; j++) sums[c * k + j] += scores[i * k + j]!;
    }
    g = nlevels;
  }
  const meat = new Float64Array(k * k);
  for (let c = 0; c < g; c++) {
    for (let i = 0; i < k; i++) {
      const si = sums[c * k + i]!;
      if (si === 0) continue;
      for (let j = i; j < k; j++) meat[i * k + j] += si * sums[c * k + j]!;
    }
  }
  symmetrize(meat, k);
  return meat;
}

/** Sub-matrix of rows/cols `idx` (row-major). */
export function subMatrix(a: Float64Array, k: number, idx: readonly number[]): Float64Array {
  const r = idx.length;
  const out = new Float64Array(r * r);
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) out[i * r + j] = a[idx[i]! * k + idx[j]!]!;
  return out;
}

/** Row-major flat k×k → nested arrays for the result record. */
export function toNested(a: Float64Array, k: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < k; i++) out.push(Array.from(a.subarray(i * k, i * k + k)));
  return out;
}
