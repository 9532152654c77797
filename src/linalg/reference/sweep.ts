/**
 * Plain twins of the sweep kernels (sweep-kernels.ts): the same arithmetic in the same order,
 * written as the obvious loops. Only the tests run them.
 */

export function gatherReference(acc: Float64Array, ca: Int32Array, coef: Float64Array, cb: Int32Array, off: number, lo: number, hi: number, K: number): void {
  for (let i = lo; i < hi; i++) for (let k = 0; k < K; k++) acc[ca[i]! * K + k]! -= coef[off + cb[i]! * K + k]!;
}

export function scatterAddReference(coef: Float64Array, off: number, codes: Int32Array, x: readonly Float64Array[], lo: number, hi: number): void {
  const K = x.length;
  for (let i = lo; i < hi; i++) for (let k = 0; k < K; k++) coef[off + codes[i]! * K + k]! += x[k]![i]!;
}

export function scatterSubReference(coef: Float64Array, off: number, codes: Int32Array, x: readonly Float64Array[], lo: number, hi: number): void {
  const K = x.length;
  for (let i = lo; i < hi; i++) for (let k = 0; k < K; k++) x[k]![i]! -= coef[off + codes[i]! * K + k]!;
}
