/**
 * O(n) kernels on Float64Array columns: dot products, cross-product matrices, means.
 *
 * Every pass over the observations goes through here so that the hot loops stay simple,
 * monomorphic and allocation-free (ml-matrix is only ever used on k×k matrices).
 * k×k matrices are dense row-major Float64Array(k*k).
 */
import type { Tile } from './row-kernels.js';
import { outputAlloc, runRowTasks } from './row-tasks.js';

/** Columns per pass of the moment and residual kernels. */
const TILE = 6;

/** Σ a_i b_i, 4-way unrolled (the unrolling halves the time on V8 for long columns). */
export function dot(a: Float64Array, b: Float64Array): number {
  return dotAt(a, b, 0, a.length);
}

/** Σ_{q<p} a[q]·b[off+q], 4-way unrolled (dot, and the Cholesky's inner products). */
export function dotAt(a: Float64Array, b: Float64Array, off: number, p: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let q = 0;
  for (; q + 3 < p; q += 4) {
    s0 += a[q]! * b[off + q]!;
    s1 += a[q + 1]! * b[off + q + 1]!;
    s2 += a[q + 2]! * b[off + q + 2]!;
    s3 += a[q + 3]! * b[off + q + 3]!;
  }
  for (; q < p; q++) s0 += a[q]! * b[off + q]!;
  return s0 + s1 + s2 + s3;
}

export function sum(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
}

export function mean(a: Float64Array): number {
  return a.length ? sum(a) / a.length : Number.NaN;
}

/**
 * Σx and Σx² of every column, two columns per pass over the rows (each column's sums run
 * over its rows in order, so the pairing changes no value).
 */
export function columnMoments(cols: readonly Float64Array[]): { sums: Float64Array; sumsq: Float64Array } {
  const k = cols.length;
  const sums = new Float64Array(k);
  const sumsq = new Float64Array(k);
  const n = k ? cols[0]!.length : 0;
  let j = 0;
  for (; j + 1 < k; j += 2) {
    const x0 = cols[j]!;
    const x1 = cols[j + 1]!;
    let s0 = 0, q0 = 0, s1 = 0, q1 = 0;
    for (let i = 0; i < n; i++) {
      const v0 = x0[i]!;
      const v1 = x1[i]!;
      s0 += v0;
      q0 += v0 * v0;
      s1 += v1;
      q1 += v1 * v1;
    }
    sums[j] = s0;
    sumsq[j] = q0;
    sums[j + 1] = s1;
    sumsq[j + 1] = q1;
  }
  if (j < k) {
    const x = cols[j]!;
    let s = 0, q = 0;
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      s += v;
      q += v * v;
    }
    sums[j] = s;
    sumsq[j] = q;
  }
  return { sums, sumsq };
}

/** Columns per tile of a cross-product pass (T(T+1)/2 running sums on a diagonal tile). */
const CP_TILE = 4;

/**
 * Symmetric A'B for column lists (A'A when b is omitted): k×m row-major. One pass over the
 * rows per tile of up to 4×4 columns (row-kernels.ts); tiles of long
 * columns in shared memory are shared with the helper thread. Each product is one running
 * sum over the rows in order, so its value depends neither on the tiling nor on the thread.
 */
export function crossprod(a: readonly Float64Array[], b?: readonly Float64Array[]): Float64Array {
  const k = a.length;
  const n = k ? a[0]!.length : 0;
  const sym = !b;
  const bb = b ?? a;
  const m = bb.length;
  const tiles: (Tile & { readonly i0: number; readonly j0: number })[] = [];
  for (let i0 = 0; i0 < k; i0 += CP_TILE) {
    const ka = Math.min(CP_TILE, k - i0);
    for (let j0 = 0; j0 < (sym ? i0 + 1 : m); j0 += CP_TILE) {
      const kb = Math.min(CP_TILE, m - j0);
      tiles.push({ i0, j0, ka, kb, diag: sym && i0 === j0, off: tiles.length * CP_TILE * CP_TILE, A: a.slice(i0, i0 + ka), B: bb.slice(j0, j0 + kb) });
    }
  }
  const P = tiles.length;
  const sums = outputAlloc(n, P).f64(P * CP_TILE * CP_TILE);
  runRowTasks({ kind: 'crossprod', P, n, tiles, out: sums }, [...a, ...bb, sums]);
  const out = new Float64Array(k * m);
  for (const t of tiles) {
    for (let i = 0; i < t.ka; i++) {
      for (let j = 0; j < (t.diag ? i + 1 : t.kb); j++) {
        const v = sums[t.off + i * t.kb + j]!;
        out[(t.i0 + i) * m + t.j0 + j] = v;
        if (sym) out[(t.j0 + j) * m + t.i0 + i] = v;
      }
    }
  }
  return out;
}

/** A'y for a column list. */
export function crossprodVec(a: readonly Float64Array[], y: Float64Array): Float64Array {
  return crossprod(a, [y]);
}

/**
 * y − Σ_j b_j x_j (a new array), subtracting the columns in order, by blocks of up to 6
 * columns per pass over the rows; long columns in shared memory are split by rows with the
 * helper thread (each row's arithmetic is unchanged).
 */
export function residuals(y: Float64Array, xs: readonly Float64Array[], b: ArrayLike<number>): Float64Array {
  const n = y.length;
  // A zero coefficient's column is skipped, not multiplied: 0·∞ would make the residual NaN.
  const used = xs.map((_, j) => j).filter((j) => b[j] !== 0);
  const blocks: { X: Float64Array[]; b: Float64Array }[] = [];
  for (let j0 = 0; j0 < used.length; j0 += TILE) {
    const idx = used.slice(j0, j0 + TILE);
    blocks.push({ X: idx.map((j) => xs[j]!), b: Float64Array.from(idx, (j) => b[j]!) });
  }
  const P = 2;
  const u = outputAlloc(n, P).f64(n);
  u.set(y);
  runRowTasks({ kind: 'resid', P, n, bounds: Int32Array.from([0, n >> 1, n]), blocks, u }, [...used.map((j) => xs[j]!), u]);
  return u;
}

/** Σ_j b_j x_j (a new array). */
export function linearCombination(n: number, xs: readonly Float64Array[], b: ArrayLike<number>): Float64Array {
  const out = new Float64Array(n);
  for (let j = 0; j < xs.length; j++) {
    const bj = b[j]!;
    const x = xs[j]!;
    for (let i = 0; i < n; i++) out[i]! += bj * x[i]!;
  }
  return out;
}

/** Σ (x_i − m)². */
export function sumSquaredDeviations(x: Float64Array, m: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i]! - m) ** 2;
  return s;
}

/** Copy of x minus its mean. */
export function centered(x: Float64Array): Float64Array {
  const m = mean(x);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i]! - m;
  return out;
}

/** Squared correlation of two columns (Stata's R² definitions for panel models). */
export function corr2(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return (sab * sab) / (saa * sbb);
}

/** Group sums of x by codes (0..g-1). */
export function groupSums(x: Float64Array, codes: Int32Array, g: number): Float64Array {
  const out = new Float64Array(g);
  for (let i = 0; i < x.length; i++) out[codes[i]!]! += x[i]!;
  return out;
}

/** Group sizes of codes (0..g-1). */
export function groupCounts(codes: Int32Array, g: number): Float64Array {
  const out = new Float64Array(g);
  for (let i = 0; i < codes.length; i++) out[codes[i]!]! += 1;
  return out;
}

/** Σ_i w_i x_i x_i' over columns (w = null: unit weights). Row-major k×k. */
export function crossprodWeighted(cols: readonly Float64Array[], w: Float64Array | null): Float64Array {
  const k = cols.length;
  const out = new Float64Array(k * k);
  const n = k ? cols[0]!.length : 0;
  const tmp = new Float64Array(n);
  for (let a = 0; a < k; a++) {
    const ca = cols[a]!;
    if (w) for (let i = 0; i < n; i++) tmp[i] = ca[i]! * w[i]!;
    else tmp.set(ca);
    for (let b = a; b < k; b++) {
      const cb = cols[b]!;
      let s = 0;
      for (let i = 0; i < n; i++) s += tmp[i]! * cb[i]!;
      out[a * k + b] = s;
      out[b * k + a] = s;
    }
  }
  return out;
}

/** X'v for columns X. */
export function crossVec(cols: readonly Float64Array[], v: Float64Array): Float64Array {
  const out = new Float64Array(cols.length);
  for (let a = 0; a < cols.length; a++) {
    const c = cols[a]!;
    let s = 0;
    for (let i = 0; i < v.length; i++) s += c[i]! * v[i]!;
    out[a] = s;
  }
  return out;
}

/** Linear index X·beta. */
export function linearIndex(cols: readonly Float64Array[], beta: Float64Array, n: number): Float64Array {
  const eta = new Float64Array(n);
  for (let a = 0; a < cols.length; a++) {
    const c = cols[a]!;
    const b = beta[a]!;
    if (b === 0) continue;
    for (let i = 0; i < n; i++) eta[i] += b * c[i]!;
  }
  return eta;
}
