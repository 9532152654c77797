/**
 * Plain twins of the fit's row kernels (row-kernels.ts): each product one running sum, each
 * row's residual its columns subtracted in order, each score added row by row. Only the
 * tests run them.
 */

export function crossTileReference(out: Float64Array, off: number, A: readonly Float64Array[], B: readonly Float64Array[], diag: boolean, lo: number, hi: number): void {
  for (let i = 0; i < A.length; i++) {
    for (let j = 0; j < (diag ? i + 1 : B.length); j++) {
      let s = 0;
      for (let r = lo; r < hi; r++) s += A[i]![r]! * B[j]![r]!;
      out[off + i * B.length + j] = s;
    }
  }
}

export function residBlockReference(u: Float64Array, X: readonly Float64Array[], b: Float64Array, lo: number, hi: number): void {
  for (let i = lo; i < hi; i++) {
    let v = u[i]!;
    for (let j = 0; j < X.length; j++) v -= b[j]! * X[j]![i]!;
    u[i] = v;
  }
}

export function clusterScoresReference(S: Float64Array, X: readonly Float64Array[], u: Float64Array, codes: Int32Array, constant: boolean, lo: number, hi: number): void {
  const k = X.length + (constant ? 1 : 0);
  for (let i = lo; i < hi; i++) {
    for (let j = 0; j < X.length; j++) S[codes[i]! * k + j]! += X[j]![i]! * u[i]!;
    if (constant) S[codes[i]! * k + X.length]! += u[i]!;
  }
}
