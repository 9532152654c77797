/**
 * The O(n) passes of a linear fit after demeaning — cross-products, residuals, cluster
 * scores — as typed jobs for the pool (pool/jobs.ts), so that the helper thread can run
 * part of the work, and their kernels, hand-specialised for blocks of 4, 2 and 1 columns.
 *
 * Splitting never changes a value: cross-products are split by tile (each product is still
 * one running sum over all rows in order), residuals by rows (each row's arithmetic is the
 * same), cluster scores by rows cut at cluster boundaries when the rows are grouped by
 * cluster (each cluster's sum runs over its rows in order; otherwise one partition). Column
 * blocks do not change a value either: each sum or row still sees its terms in order. So the
 * numbers are identical with or without the helper, and equal to the plain loops of
 * reference/rows.ts (test/linalg/row-kernels.test.ts).
 */

import { clusterScores } from './score-kernels.js';

type Cols = readonly Float64Array[];

/** One tile of a cross-product: A'B over all rows (lower triangle only when diag). */
export interface Tile {
  readonly ka: number;
  readonly kb: number;
  readonly diag: boolean;
  /** Where the tile's ka×kb sums go in the job's out. */
  readonly off: number;
  readonly A: Cols;
  readonly B: Cols;
}

/** A'B by tiles: task p computes tile p. */
export interface CrossprodJob {
  readonly kind: 'crossprod';
  readonly P: number;
  readonly n: number;
  readonly tiles: readonly Tile[];
  readonly out: Float64Array;
}

/** u −= Σ_j b_j x_j by blocks of columns, rows split by bounds. */
export interface ResidJob {
  readonly kind: 'resid';
  readonly P: number;
  readonly n: number;
  readonly bounds: Int32Array;
  readonly blocks: readonly { readonly X: Cols; readonly b: Float64Array }[];
  readonly u: Float64Array;
}

/** Cluster scores S[g·k + j] += x_j u (and u for a trailing constant), rows split by bounds at cluster boundaries. */
export interface ScoresJob {
  readonly kind: 'scores';
  readonly P: number;
  readonly n: number;
  readonly bounds: Int32Array;
  readonly X: Cols;
  readonly u: Float64Array;
  readonly codes: Int32Array;
  readonly S: Float64Array;
  readonly constant: boolean;
}

export type RowJob = CrossprodJob | ResidJob | ScoresJob;

/** Row jobs have one pass each. */
export enum RowPass {
  Run = 0,
}

export function runRowTask(job: RowJob, p: number): void {
  switch (job.kind) {
    case 'crossprod': {
      const t = job.tiles[p]!;
      return crossTile(job.out, t.off, t.A, t.B, t.diag, 0, job.n);
    }
    case 'resid':
      for (const blk of job.blocks) residBlock(job.u, blk.X, blk.b, job.bounds[p]!, job.bounds[p + 1]!);
      return;
    case 'scores':
      return clusterScores(job.S, job.X, job.u, job.codes, job.constant, job.bounds[p]!, job.bounds[p + 1]!);
  }
}

/**
 * out[off + i·kb + j] = Σ_{r∈[lo,hi)} A_i[r]·B_j[r] (j ≤ i when diag). A full 4×4 tile keeps
 * its 16 (diagonal: 10) running sums in locals, reading 8 columns once; other tiles go row
 * of the tile by row, up to 4 products per pass.
 */
export function crossTile(out: Float64Array, off: number, A: Cols, B: Cols, diag: boolean, lo: number, hi: number): void {
  const ka = A.length;
  const kb = B.length;
  if (ka === 4 && kb === 4) {
    if (diag) return tileDiag4(out, off, A[0]!, A[1]!, A[2]!, A[3]!, lo, hi);
    return tile4x4(out, off, A[0]!, A[1]!, A[2]!, A[3]!, B[0]!, B[1]!, B[2]!, B[3]!, lo, hi);
  }
  if (!diag && kb < ka) {
    // Tall tile (X'y): a column of B against up to 4 of A per pass, sums strided by kb.
    for (let j = 0; j < kb; j++) dotsAll(out, off + j, kb, B[j]!, A, 0, ka, lo, hi);
    return;
  }
  for (let i = 0; i < ka; i++) dotsAll(out, off + i * kb, 1, A[i]!, B, 0, diag ? i + 1 : kb, lo, hi);
}

/** out[o + (j − j0)·step] = Σ_r a[r]·B_j[r] for j in [j0, j1), up to 4 products per pass. */
function dotsAll(out: Float64Array, o: number, step: number, a: Float64Array, B: Cols, j0: number, j1: number, lo: number, hi: number): void {
  let j = j0;
  for (; j + 4 <= j1; j += 4) dots4(out, o + (j - j0) * step, step, a, B[j]!, B[j + 1]!, B[j + 2]!, B[j + 3]!, lo, hi);
  for (; j + 2 <= j1; j += 2) dots2(out, o + (j - j0) * step, step, a, B[j]!, B[j + 1]!, lo, hi);
  if (j < j1) dots1(out, o + (j - j0) * step, step, a, B[j]!, lo, hi);
}

function tile4x4(out: Float64Array, off: number, a0: Float64Array, a1: Float64Array, a2: Float64Array, a3: Float64Array, b0: Float64Array, b1: Float64Array, b2: Float64Array, b3: Float64Array, lo: number, hi: number): void {
  let s00 = 0; let s01 = 0; let s02 = 0; let s03 = 0;
  let s10 = 0; let s11 = 0; let s12 = 0; let s13 = 0;
  let s20 = 0; let s21 = 0; let s22 = 0; let s23 = 0;
  let s30 = 0; let s31 = 0; let s32 = 0; let s33 = 0;
  for (let r = lo; r < hi; r++) {
    s00 += a0[r]! * b0[r]!; s01 += a0[r]! * b1[r]!; s02 += a0[r]! * b2[r]!; s03 += a0[r]! * b3[r]!;
    s10 += a1[r]! * b0[r]!; s11 += a1[r]! * b1[r]!; s12 += a1[r]! * b2[r]!; s13 += a1[r]! * b3[r]!;
    s20 += a2[r]! * b0[r]!; s21 += a2[r]! * b1[r]!; s22 += a2[r]! * b2[r]!; s23 += a2[r]! * b3[r]!;
    s30 += a3[r]! * b0[r]!; s31 += a3[r]! * b1[r]!; s32 += a3[r]! * b2[r]!; s33 += a3[r]! * b3[r]!;
  }
  out[off + 0] = s00; out[off + 1] = s01; out[off + 2] = s02; out[off + 3] = s03;
  out[off + 4] = s10; out[off + 5] = s11; out[off + 6] = s12; out[off + 7] = s13;
  out[off + 8] = s20; out[off + 9] = s21; out[off + 10] = s22; out[off + 11] = s23;
  out[off + 12] = s30; out[off + 13] = s31; out[off + 14] = s32; out[off + 15] = s33;
}

function tileDiag4(out: Float64Array, off: number, a0: Float64Array, a1: Float64Array, a2: Float64Array, a3: Float64Array, lo: number, hi: number): void {
  let s00 = 0; let s10 = 0; let s11 = 0; let s20 = 0;
  let s21 = 0; let s22 = 0; let s30 = 0; let s31 = 0;
  let s32 = 0; let s33 = 0;
  for (let r = lo; r < hi; r++) {
    s00 += a0[r]! * a0[r]!; s10 += a1[r]! * a0[r]!; s11 += a1[r]! * a1[r]!; s20 += a2[r]! * a0[r]!;
    s21 += a2[r]! * a1[r]!; s22 += a2[r]! * a2[r]!; s30 += a3[r]! * a0[r]!; s31 += a3[r]! * a1[r]!;
    s32 += a3[r]! * a2[r]!; s33 += a3[r]! * a3[r]!;
  }
  out[off + 0] = s00; out[off + 4] = s10; out[off + 5] = s11; out[off + 8] = s20;
  out[off + 9] = s21; out[off + 10] = s22; out[off + 12] = s30; out[off + 13] = s31;
  out[off + 14] = s32; out[off + 15] = s33;
}

function dots4(out: Float64Array, o: number, step: number, a: Float64Array, b0: Float64Array, b1: Float64Array, b2: Float64Array, b3: Float64Array, lo: number, hi: number): void {
  let s0 = 0; let s1 = 0; let s2 = 0; let s3 = 0;
  for (let r = lo; r < hi; r++) {
    const v = a[r]!;
    s0 += v * b0[r]!; s1 += v * b1[r]!; s2 += v * b2[r]!; s3 += v * b3[r]!;
  }
  out[o] = s0; out[o + step] = s1; out[o + 2 * step] = s2; out[o + 3 * step] = s3;
}

function dots2(out: Float64Array, o: number, step: number, a: Float64Array, b0: Float64Array, b1: Float64Array, lo: number, hi: number): void {
  let s0 = 0; let s1 = 0;
  for (let r = lo; r < hi; r++) {
    const v = a[r]!;
    s0 += v * b0[r]!; s1 += v * b1[r]!;
  }
  out[o] = s0; out[o + step] = s1;
}

function dots1(out: Float64Array, o: number, step: number, a: Float64Array, b0: Float64Array, lo: number, hi: number): void {
  let s0 = 0;
  for (let r = lo; r < hi; r++) {
    const v = a[r]!;
    s0 += v * b0[r]!;
  }
  out[o] = s0;
}

/**
 * u[i] −= Σ_j b_j x_j[i] over [lo, hi), the columns subtracted in order, up to 6 per pass
 * (u is read and written once per pass; kernels.ts hands blocks of at most 6).
 */
export function residBlock(u: Float64Array, X: Cols, b: Float64Array, lo: number, hi: number): void {
  for (let j0 = 0; j0 < X.length; j0 += 6) RESID[Math.min(6, X.length - j0)]!(u, X, b, j0, lo, hi);
}

type ResidWidth = (u: Float64Array, X: Cols, b: Float64Array, j0: number, lo: number, hi: number) => void;

function resid1(u: Float64Array, X: Cols, b: Float64Array, j0: number, lo: number, hi: number): void {
  const x0 = X[j0]!;
  const c0 = b[j0]!;
  for (let i = lo; i < hi; i++) {
    let v = u[i]!;
    v -= c0 * x0[i]!;
    u[i] = v;
  }
}

function resid2(u: Float64Array, X: Cols, b: Float64Array, j0: number, lo: number, hi: number): void {
  const x0 = X[j0]!;
  const x1 = X[j0 + 1]!;
  const c0 = b[j0]!;
  const c1 = b[j0 + 1]!;
  for (let i = lo; i < hi; i++) {
    let v = u[i]!;
    v -= c0 * x0[i]!; v -= c1 * x1[i]!;
    u[i] = v;
  }
}

function resid3(u: Float64Array, X: Cols, b: Float64Array, j0: number, lo: number, hi: number): void {
  const x0 = X[j0]!;
  const x1 = X[j0 + 1]!;
  const x2 = X[j0 + 2]!;
  const c0 = b[j0]!;
  const c1 = b[j0 + 1]!;
  const c2 = b[j0 + 2]!;
  for (let i = lo; i < hi; i++) {
    let v = u[i]!;
    v -= c0 * x0[i]!; v -= c1 * x1[i]!; v -= c2 * x2[i]!;
    u[i] = v;
  }
}

function resid4(u: Float64Array, X: Cols, b: Float64Array, j0: number, lo: number, hi: number): void {
  const x0 = X[j0]!;
  const x1 = X[j0 + 1]!;
  const x2 = X[j0 + 2]!;
  const x3 = X[j0 + 3]!;
  const c0 = b[j0]!;
  const c1 = b[j0 + 1]!;
  const c2 = b[j0 + 2]!;
  const c3 = b[j0 + 3]!;
  for (let i = lo; i < hi; i++) {
    let v = u[i]!;
    v -= c0 * x0[i]!; v -= c1 * x1[i]!; v -= c2 * x2[i]!; v -= c3 * x3[i]!;
    u[i] = v;
  }
}

function resid5(u: Float64Array, X: Cols, b: Float64Array, j0: number, lo: number, hi: number): void {
  const x0 = X[j0]!;
  const x1 = X[j0 + 1]!;
  const x2 = X[j0 + 2]!;
  const x3 = X[j0 + 3]!;
  const x4 = X[j0 + 4]!;
  const c0 = b[j0]!;
  const c1 = b[j0 + 1]!;
  const c2 = b[j0 + 2]!;
  const c3 = b[j0 + 3]!;
  const c4 = b[j0 + 4]!;
  for (let i = lo; i < hi; i++) {
    let v = u[i]!;
    v -= c0 * x0[i]!; v -= c1 * x1[i]!; v -= c2 * x2[i]!; v -= c3 * x3[i]!; v -= c4 * x4[i]!;
    u[i] = v;
  }
}

function resid6(u: Float64Array, X: Cols, b: Float64Array, j0: number, lo: number, hi: number): void {
  const x0 = X[j0]!;
  const x1 = X[j0 + 1]!;
  const x2 = X[j0 + 2]!;
  const x3 = X[j0 + 3]!;
  const x4 = X[j0 + 4]!;
  const x5 = X[j0 + 5]!;
  const c0 = b[j0]!;
  const c1 = b[j0 + 1]!;
  const c2 = b[j0 + 2]!;
  const c3 = b[j0 + 3]!;
  const c4 = b[j0 + 4]!;
  const c5 = b[j0 + 5]!;
  for (let i = lo; i < hi; i++) {
    let v = u[i]!;
    v -= c0 * x0[i]!; v -= c1 * x1[i]!; v -= c2 * x2[i]!; v -= c3 * x3[i]!; v -= c4 * x4[i]!; v -= c5 * x5[i]!;
    u[i] = v;
  }
}

const RESID: readonly ResidWidth[] = [resid1, resid1, resid2, resid3, resid4, resid5, resid6];
