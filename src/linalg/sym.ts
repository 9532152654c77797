/**
 * Small dense symmetric matrices (k×k, row-major Float64Array): the pivot-skipping
 * Cholesky that decides collinearity, inverses, quadratic forms and a Jacobi eigen
 * decomposition for the positive-semidefinite fix-up of multiway cluster matrices.
 *
 * k is the number of regressors, so O(k³) here is negligible next to the O(nk²) passes.
 */
import { dotAt } from './kernels.js';

export interface CholeskyResult {
  /** Lower factor L of the kept columns (kept.length² row-major). */
  readonly L: Float64Array;
  /** Indices of columns kept, in order. */
  readonly kept: readonly number[];
  /** Indices of columns found linearly dependent on earlier ones. */
  readonly dropped: readonly number[];
}

/**
 * Cholesky of A in the given column order, skipping a column whose pivot falls below
 * `tol` times its diagonal: the column is (numerically) a combination of the earlier ones.
 * The order is the formula order, so which column is dropped is deterministic and matches
 * what Stata and fixest report (the later of two collinear columns goes).
 */
export function choleskySkip(A: Float64Array, k: number, tol = 1e-10): CholeskyResult {
  const kept: number[] = [];
  const dropped: number[] = [];
  const Lfull = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    const ajj = A[j * k + j]!;
    let d = ajj;
    const m = kept.length;
    const row = new Float64Array(m);
    for (let p = 0; p < m; p++) {
      const c = kept[p]!;
      const v = (A[j * k + c]! - dotAt(row, Lfull, p * k, p)) / Lfull[p * k + p]!;
      row[p] = v;
      d -= v * v;
    }
    if (!(ajj > 0) || !(d > tol * ajj)) {
      dropped.push(j);
      continue;
    }
    for (let p = 0; p < m; p++) Lfull[m * k + p] = row[p]!;
    Lfull[m * k + m] = Math.sqrt(d);
    kept.push(j);
  }
  const m = kept.length;
  const L = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j <= i; j++) L[i * m + j] = Lfull[i * k + j]!;
  return { L, kept, dropped };
}

/** Solve (L L') x = b in place of a copy. */
export function cholSolve(L: Float64Array, m: number, b: ArrayLike<number>): Float64Array {
  const x = Float64Array.from(b as ArrayLike<number>);
  for (let i = 0; i < m; i++) {
    let s = x[i]!;
    for (let j = 0; j < i; j++) s -= L[i * m + j]! * x[j]!;
    x[i] = s / L[i * m + i]!;
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let j = i + 1; j < m; j++) s -= L[j * m + i]! * x[j]!;
    x[i] = s / L[i * m + i]!;
  }
  return x;
}

/** (L L')⁻¹. */
export function cholInverse(L: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  const e = new Float64Array(m);
  for (let c = 0; c < m; c++) {
    e.fill(0);
    e[c] = 1;
    const col = cholSolve(L, m, e);
    for (let r = 0; r < m; r++) out[r * m + c] = col[r]!;
  }
  symmetrize(out, m);
  return out;
}

/** Inverse of a symmetric positive-definite matrix, or null when it is not. */
export function invertSpd(A: Float64Array, m: number, tol = 1e-12): Float64Array | null {
  const ch = choleskySkip(A, m, tol);
  if (ch.dropped.length) return null;
  return cholInverse(ch.L, m);
}

export function symmetrize(A: Float64Array, m: number): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < i; j++) {
      const v = 0.5 * (A[i * m + j]! + A[j * m + i]!);
      A[i * m + j] = v;
      A[j * m + i] = v;
    }
  }
}

/** A B for row-major A (r×s) and B (s×t). */
export function matmul(A: Float64Array, B: Float64Array, r: number, s: number, t: number): Float64Array {
  const out = new Float64Array(r * t);
  for (let i = 0; i < r; i++) {
    for (let p = 0; p < s; p++) {
      const a = A[i * s + p]!;
      if (a === 0) continue;
      for (let j = 0; j < t; j++) out[i * t + j]! += a * B[p * t + j]!;
    }
  }
  return out;
}

/** B M B for symmetric k×k B and M (the sandwich). */
export function sandwich(B: Float64Array, M: Float64Array, k: number): Float64Array {
  const out = matmul(matmul(B, M, k, k, k), B, k, k, k);
  symmetrize(out, k);
  return out;
}

/** A v. */
export function matvec(A: Float64Array, v: ArrayLike<number>, r: number, c: number): Float64Array {
  const out = new Float64Array(r);
  for (let i = 0; i < r; i++) {
    let s = 0;
    for (let j = 0; j < c; j++) s += A[i * c + j]! * v[j]!;
    out[i] = s;
  }
  return out;
}

/** v' A⁻¹ v for symmetric positive-definite A (NaN when A is singular). */
export function quadFormInv(A: Float64Array, v: ArrayLike<number>, m: number): number {
  const ch = choleskySkip(A, m, 1e-14);
  if (ch.dropped.length) return Number.NaN;
  const x = cholSolve(ch.L, m, v);
  let s = 0;
  for (let i = 0; i < m; i++) s += v[i]! * x[i]!;
  return s;
}

/** Sub-matrix of rows/cols `idx`. */
export function subMatrix(A: Float64Array, k: number, idx: readonly number[]): Float64Array {
  const m = idx.length;
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) out[i * m + j] = A[idx[i]! * k + idx[j]!]!;
  return out;
}

/**
 * Eigen decomposition of a symmetric matrix by cyclic Jacobi rotations (accurate to
 * machine precision for the small matrices used here). Returns eigenvalues and the
 * eigenvectors as columns of V (row-major).
 */
export function symEigen(A: Float64Array, m: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(A);
  const v = new Float64Array(m * m);
  for (let i = 0; i < m; i++) v[i * m + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < m; p++) for (let q = p + 1; q < m; q++) off += a[p * m + q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < m; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = a[p * m + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * m + q]! - a[p * m + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < m; r++) {
          const arp = a[r * m + p]!;
          const arq = a[r * m + q]!;
          a[r * m + p] = c * arp - s * arq;
          a[r * m + q] = s * arp + c * arq;
        }
        for (let r = 0; r < m; r++) {
          const apr = a[p * m + r]!;
          const aqr = a[q * m + r]!;
          a[p * m + r] = c * apr - s * aqr;
          a[q * m + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < m; r++) {
          const vrp = v[r * m + p]!;
          const vrq = v[r * m + q]!;
          v[r * m + p] = c * vrp - s * vrq;
          v[r * m + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  const values = new Float64Array(m);
  for (let i = 0; i < m; i++) values[i] = a[i * m + i]!;
  return { values, vectors: v };
}

/**
 * Cameron–Gelbach–Miller fix-up: replace negative eigenvalues by zero when a multiway
 * cluster matrix is not positive semidefinite. Returns the input when nothing is negative.
 */
export function psdFix(V: Float64Array, m: number): { V: Float64Array; fixed: boolean } {
  const { values, vectors } = symEigen(V, m);
  if (values.every((x) => x >= 0)) return { V, fixed: false };
  const out = new Float64Array(m * m);
  for (let e = 0; e < m; e++) {
    const lam = Math.max(values[e]!, 0);
    if (lam === 0) continue;
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) out[i * m + j]! += lam * vectors[i * m + e]! * vectors[j * m + e]!;
  }
  symmetrize(out, m);
  return { V: out, fixed: true };
}

/** A^p for a symmetric positive-definite A; null when an eigenvalue is not positive. */
export function symPower(A: Float64Array, m: number, p: number): Float64Array | null {
  const { values, vectors } = symEigen(A, m);
  const max = Math.max(...values);
  if (!(max > 0) || values.some((v) => !(v > 1e-12 * max))) return null;
  const out = new Float64Array(m * m);
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += vectors[a * m + j]! * values[j]! ** p * vectors[b * m + j]!;
    out[a * m + b] = s;
  }
  return out;
}

/** A' of an r×c matrix. */
export function transpose(A: Float64Array, r: number, c: number): Float64Array {
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = A[i * c + j]!;
  return out;
}

/** L⁻¹ of a lower-triangular m×m factor. */
export function lowerInverse(L: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let c = 0; c < m; c++) {
    for (let i = 0; i < m; i++) {
      let s = i === c ? 1 : 0;
      for (let j = 0; j < i; j++) s -= L[i * m + j]! * out[j * m + c]!;
      out[i * m + c] = s / L[i * m + i]!;
    }
  }
  return out;
}
