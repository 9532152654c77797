/**
 * The dense linear algebra of every estimator: small k×k matrices (k = number of
 * coefficients), row-major Float64Array. Two factorizations decide collinearity, each as
 * its estimators' reference does: the pivot-skipping Cholesky (linear models) and LDLᵀ with
 * a pivot relative to the column's diagonal (survival models); inverses, quadratic forms,
 * products and sandwiches, Wald statistics, and a Jacobi eigen decomposition for the
 * positive-semidefinite fix-up of multiway cluster matrices.
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

/**
 * Inverse of a symmetric positive definite matrix by Cholesky; null when not PD.
 * The pivot threshold is relative to the diagonal, so badly scaled but full-rank
 * designs (expersq next to a constant) still invert.
 */
export function invertSpdRelative(A: Float64Array, k: number): Float64Array | null {
  const L = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    let d = A[j * k + j]!;
    for (let m = 0; m < j; m++) d -= L[j * k + m]! * L[j * k + m]!;
    if (!(d > 1e-13 * Math.abs(A[j * k + j]!)) || !(d > 0)) return null;
    const ljj = Math.sqrt(d);
    L[j * k + j] = ljj;
    for (let i = j + 1; i < k; i++) {
      let s = A[i * k + j]!;
      for (let m = 0; m < j; m++) s -= L[i * k + m]! * L[j * k + m]!;
      L[i * k + j] = s / ljj;
    }
  }
  // inv(L), lower triangular
  const Li = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    Li[j * k + j] = 1 / L[j * k + j]!;
    for (let i = j + 1; i < k; i++) {
      let s = 0;
      for (let m = j; m < i; m++) s -= L[i * k + m]! * Li[m * k + j]!;
      Li[i * k + j] = s / L[i * k + i]!;
    }
  }
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let m = i; m < k; m++) s += Li[m * k + i]! * Li[m * k + j]!;
      out[i * k + j] = s;
      out[j * k + i] = s;
    }
  }
  return out;
}

/** Wald statistic b_S' V_SS⁻¹ b_S for the coefficient subset S; NaN if V_SS is singular. */
export function waldChi2(beta: Float64Array, V: Float64Array, k: number, subset: readonly number[]): number {
  const q = subset.length;
  if (q === 0) return Number.NaN;
  const Vs = new Float64Array(q * q);
  const bs = new Float64Array(q);
  for (let a = 0; a < q; a++) {
    bs[a] = beta[subset[a]!]!;
    for (let b = 0; b < q; b++) Vs[a * q + b] = V[subset[a]! * k + subset[b]!]!;
  }
  const inv = invertSpdRelative(Vs, q);
  if (!inv) return Number.NaN;
  const w = matvec(inv, bs, q, q);
  let s = 0;
  for (let a = 0; a < q; a++) s += bs[a]! * w[a]!;
  return s;
}

/** Row-major k×k → nested arrays (results.json shape). */
export function toNested(A: Float64Array, k: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < k; i++) out.push(Array.from(A.subarray(i * k, (i + 1) * k)));
  return out;
}

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

/** v' A⁻¹ v by LDLᵀ (the survival models' collinearity rule), or NaN when A is singular. */
export function quadFormInvLdl(a: Float64Array, b: ArrayLike<number>, k: number): number {
  const f = ldlFactor(a, k);
  if (f.singular >= 0) return Number.NaN;
  const x = ldlSolve(f, b);
  let s = 0;
  for (let i = 0; i < k; i++) s += b[i]! * x[i]!;
  return s;
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

/** Copy the upper triangle onto the lower one (kernels accumulate one triangle only). */
export function mirrorUpper(a: Float64Array, k: number): void {
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) a[i * k + j] = a[j * k + i]!;
}
