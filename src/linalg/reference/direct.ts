/**
 * Plain twins of the direct solve's kernels (direct-kernels.ts): one row, one column, one
 * small FE at a time, with the same arithmetic in the same order. Only the tests run them.
 */
import type { Small } from '../direct-kernels.js';

/** Σ_q γ[l_q(i)·K + k], the first term first (0 with no small FE). */
function gammaSum(s: Small, gamma: Float64Array, i: number, K: number, k: number): number {
  if (s.sc.length === 0) return 0;
  let g = gamma[(s.off[0]! + s.sc[0]![i]!) * K + k]!;
  for (let q = 1; q < s.sc.length; q++) g += gamma[(s.off[q]! + s.sc[q]![i]!) * K + k]!;
  return g;
}

export function directSumsReference(xbar: Float64Array, bc: Int32Array, x: readonly Float64Array[], lo: number, hi: number, K: number): void {
  for (let i = lo; i < hi; i++) for (let k = 0; k < K; k++) xbar[bc[i]! * K + k]! += x[k]![i]!;
}

export function directRhsReference(v: Float64Array, bc: Int32Array, s: Small, xbar: Float64Array, x: readonly Float64Array[], lo: number, hi: number, K: number): void {
  for (let i = lo; i < hi; i++) {
    for (let k = 0; k < K; k++) {
      const d = x[k]![i]! - xbar[bc[i]! * K + k]!;
      for (let q = 0; q < s.sc.length; q++) v[(s.off[q]! + s.sc[q]![i]!) * K + k]! += d;
    }
  }
}

export function directGbarReference(w: Float64Array, bc: Int32Array, s: Small, gamma: Float64Array, lo: number, hi: number, K: number): void {
  for (let i = lo; i < hi; i++) for (let k = 0; k < K; k++) w[bc[i]! * K + k]! += gammaSum(s, gamma, i, K, k);
}

export function directResidReference(
  out: readonly Float64Array[],
  bc: Int32Array,
  s: Small,
  xbar: Float64Array,
  gamma: Float64Array,
  gb: Float64Array,
  x: readonly Float64Array[],
  lo: number,
  hi: number,
  K: number,
): void {
  for (let i = lo; i < hi; i++) {
    for (let k = 0; k < K; k++) {
      const b = bc[i]! * K + k;
      out[k]![i] = (x[k]![i]! - xbar[b]!) - (gammaSum(s, gamma, i, K, k) - gb[b]!);
    }
  }
}

export function directLevelSumsRhsReference(
  v: Float64Array,
  start: Int32Array,
  s: Small,
  xbar: Float64Array,
  mp: Float64Array,
  x: readonly Float64Array[],
  b0: number,
  b1: number,
  K: number,
): void {
  for (let k = 0; k < K; k++) {
    const xk = x[k]!;
    let total = 0;
    let squares = 0;
    for (let b = b0; b < b1; b++) {
      let sum = 0;
      for (let i = start[b]!; i < start[b + 1]!; i++) {
        sum += xk[i]!;
        squares += xk[i]! * xk[i]!;
      }
      const nb = start[b + 1]! - start[b]!;
      const mean = sum * (nb > 0 ? 1 / nb : 0);
      total += sum;
      xbar[b * K + k] = mean;
      for (let i = start[b]!; i < start[b + 1]!; i++) {
        for (let q = 0; q < s.sc.length; q++) v[(s.off[q]! + s.sc[q]![i]!) * K + k]! += xk[i]! - mean;
      }
    }
    mp[k] = total;
    mp[K + k] = squares;
  }
}

export function directLevelResidReference(
  out: readonly Float64Array[],
  start: Int32Array,
  s: Small,
  xbar: Float64Array,
  gamma: Float64Array,
  x: readonly Float64Array[],
  b0: number,
  b1: number,
  K: number,
): void {
  for (let k = 0; k < K; k++) {
    for (let b = b0; b < b1; b++) {
      let sum = 0;
      for (let i = start[b]!; i < start[b + 1]!; i++) sum += gammaSum(s, gamma, i, K, k);
      const nb = start[b + 1]! - start[b]!;
      const mean = sum * (nb > 0 ? 1 / nb : 0);
      for (let i = start[b]!; i < start[b + 1]!; i++) out[k]![i] = (x[k]![i]! - xbar[b * K + k]!) - (gammaSum(s, gamma, i, K, k) - mean);
    }
  }
}
