/**
 * The row kernels of the direct solve (demean-exact.ts) for rows in any order (passes 0–3;
 * rows grouped by the big FE take direct-level-sums.ts and direct-level-resid.ts),
 * hand-specialised for blocks of 4, 2 and 1 columns: a pass handles a block of columns per
 * load of a row's level codes, and wider column sets run block after block (each column's
 * sums still run over the rows in order, so the blocking changes no value). Vectors are
 * interleaved by column (level·K + k); a kernel writes columns k0..k0+width−1 of them.
 *
 * Plain twins: reference/direct.ts; test/linalg/direct-kernels.test.ts compares them.
 */

/** The small FE entering as dummies: codes, and each one's first level in the stacked levels. */
export interface Small {
  readonly sc: readonly Int32Array[];
  readonly off: Int32Array;
}

function sums4(xbar: Float64Array, bc: Int32Array, x0: Float64Array, x1: Float64Array, x2: Float64Array, x3: Float64Array, lo: number, hi: number, K: number, k0: number): void {
  for (let i = lo; i < hi; i++) {
    const b = bc[i]! * K + k0;
    xbar[b]! += x0[i]!; xbar[b + 1]! += x1[i]!; xbar[b + 2]! += x2[i]!; xbar[b + 3]! += x3[i]!;
  }
}

function sums2(xbar: Float64Array, bc: Int32Array, x0: Float64Array, x1: Float64Array, lo: number, hi: number, K: number, k0: number): void {
  for (let i = lo; i < hi; i++) {
    const b = bc[i]! * K + k0;
    xbar[b]! += x0[i]!; xbar[b + 1]! += x1[i]!;
  }
}

function sums1(xbar: Float64Array, bc: Int32Array, x0: Float64Array, lo: number, hi: number, K: number, k0: number): void {
  for (let i = lo; i < hi; i++) {
    const b = bc[i]! * K + k0;
    xbar[b]! += x0[i]!;
  }
}

function rhs4(v: Float64Array, bc: Int32Array, s: Small, xbar: Float64Array, x0: Float64Array, x1: Float64Array, x2: Float64Array, x3: Float64Array, lo: number, hi: number, K: number, k0: number): void {
  const { sc, off } = s;
  const S = sc.length;
  for (let i = lo; i < hi; i++) {
    const b = bc[i]! * K + k0;
    const d0 = x0[i]! - xbar[b]!; const d1 = x1[i]! - xbar[b + 1]!; const d2 = x2[i]! - xbar[b + 2]!; const d3 = x3[i]! - xbar[b + 3]!;
    for (let q = 0; q < S; q++) {
      const l = (off[q]! + sc[q]![i]!) * K + k0;
      v[l]! += d0; v[l + 1]! += d1; v[l + 2]! += d2; v[l + 3]! += d3;
    }
  }
}

function rhs2(v: Float64Array, bc: Int32Array, s: Small, xbar: Float64Array, x0: Float64Array, x1: Float64Array, lo: number, hi: number, K: number, k0: number): void {
  const { sc, off } = s;
  const S = sc.length;
  for (let i = lo; i < hi; i++) {
    const b = bc[i]! * K + k0;
    const d0 = x0[i]! - xbar[b]!; const d1 = x1[i]! - xbar[b + 1]!;
    for (let q = 0; q < S; q++) {
      const l = (off[q]! + sc[q]![i]!) * K + k0;
      v[l]! += d0; v[l + 1]! += d1;
    }
  }
}

function rhs1(v: Float64Array, bc: Int32Array, s: Small, xbar: Float64Array, x0: Float64Array, lo: number, hi: number, K: number, k0: number): void {
  const { sc, off } = s;
  const S = sc.length;
  for (let i = lo; i < hi; i++) {
    const b = bc[i]! * K + k0;
    const d0 = x0[i]! - xbar[b]!;
    for (let q = 0; q < S; q++) {
      const l = (off[q]! + sc[q]![i]!) * K + k0;
      v[l]! += d0;
    }
  }
}

function gbar4(w: Float64Array, bc: Int32Array, s: Small, gamma: Float64Array, lo: number, hi: number, K: number, k0: number): void {
  const { sc, off } = s;
  const S = sc.length;
  for (let i = lo; i < hi; i++) {
    let l = (off[0]! + sc[0]![i]!) * K + k0;
    let g0 = gamma[l]!; let g1 = gamma[l + 1]!; let g2 = gamma[l + 2]!; let g3 = gamma[l + 3]!;
    for (let q = 1; q < S; q++) {
      l = (off[q]! + sc[q]![i]!) * K + k0;
      g0 += gamma[l]!; g1 += gamma[l + 1]!; g2 += gamma[l + 2]!; g3 += gamma[l + 3]!;
    }
    const b = bc[i]! * K + k0;
    w[b]! += g0; w[b + 1]! += g1; w[b + 2]! += g2; w[b + 3]! += g3;
  }
}

function gbar2(w: Float64Array, bc: Int32Array, s: Small, gamma: Float64Array, lo: number, hi: number, K: number, k0: number): void {
  const { sc, off } = s;
  const S = sc.length;
  for (let i = lo; i < hi; i++) {
    let l = (off[0]! + sc[0]![i]!) * K + k0;
    let g0 = gamma[l]!; let g1 = gamma[l + 1]!;
    for (let q = 1; q < S; q++) {
      l = (off[q]! + sc[q]![i]!) * K + k0;
      g0 += gamma[l]!; g1 += gamma[l + 1]!;
    }
    const b = bc[i]! * K + k0;
    w[b]! += g0; w[b + 1]! += g1;
  }
}

function gbar1(w: Float64Array, bc: Int32Array, s: Small, gamma: Float64Array, lo: number, hi: number, K: number, k0: number): void {
  const { sc, off } = s;
  const S = sc.length;
  for (let i = lo; i < hi; i++) {
    let l = (off[0]! + sc[0]![i]!) * K + k0;
    let g0 = gamma[l]!;
    for (let q = 1; q < S; q++) {
      l = (off[q]! + sc[q]![i]!) * K + k0;
      g0 += gamma[l]!;
    }
    const b = bc[i]! * K + k0;
    w[b]! += g0;
  }
}

function resid4(o0: Float64Array, o1: Float64Array, o2: Float64Array, o3: Float64Array, bc: Int32Array, s: Small, xbar: Float64Array, gamma: Float64Array, gb: Float64Array, x0: Float64Array, x1: Float64Array, x2: Float64Array, x3: Float64Array, lo: number, hi: number, K: number, k0: number): void {
  const { sc, off } = s;
  const S = sc.length;
  for (let i = lo; i < hi; i++) {
    let l = (off[0]! + sc[0]![i]!) * K + k0;
    let g0 = gamma[l]!; let g1 = gamma[l + 1]!; let g2 = gamma[l + 2]!; let g3 = gamma[l + 3]!;
    for (let q = 1; q < S; q++) {
      l = (off[q]! + sc[q]![i]!) * K + k0;
      g0 += gamma[l]!; g1 += gamma[l + 1]!; g2 += gamma[l + 2]!; g3 += gamma[l + 3]!;
    }
    const b = bc[i]! * K + k0;
    o0[i] = (x0[i]! - xbar[b]!) - (g0 - gb[b]!);
    o1[i] = (x1[i]! - xbar[b + 1]!) - (g1 - gb[b + 1]!);
    o2[i] = (x2[i]! - xbar[b + 2]!) - (g2 - gb[b + 2]!);
    o3[i] = (x3[i]! - xbar[b + 3]!) - (g3 - gb[b + 3]!);
  }
}

function resid2(o0: Float64Array, o1: Float64Array, bc: Int32Array, s: Small, xbar: Float64Array, gamma: Float64Array, gb: Float64Array, x0: Float64Array, x1: Float64Array, lo: number, hi: number, K: number, k0: number): void {
  const { sc, off } = s;
  const S = sc.length;
  for (let i = lo; i < hi; i++) {
    let l = (off[0]! + sc[0]![i]!) * K + k0;
    let g0 = gamma[l]!; let g1 = gamma[l + 1]!;
    for (let q = 1; q < S; q++) {
      l = (off[q]! + sc[q]![i]!) * K + k0;
      g0 += gamma[l]!; g1 += gamma[l + 1]!;
    }
    const b = bc[i]! * K + k0;
    o0[i] = (x0[i]! - xbar[b]!) - (g0 - gb[b]!);
    o1[i] = (x1[i]! - xbar[b + 1]!) - (g1 - gb[b + 1]!);
  }
}

function resid1(o0: Float64Array, bc: Int32Array, s: Small, xbar: Float64Array, gamma: Float64Array, gb: Float64Array, x0: Float64Array, lo: number, hi: number, K: number, k0: number): void {
  const { sc, off } = s;
  const S = sc.length;
  for (let i = lo; i < hi; i++) {
    let l = (off[0]! + sc[0]![i]!) * K + k0;
    let g0 = gamma[l]!;
    for (let q = 1; q < S; q++) {
      l = (off[q]! + sc[q]![i]!) * K + k0;
      g0 += gamma[l]!;
    }
    const b = bc[i]! * K + k0;
    o0[i] = (x0[i]! - xbar[b]!) - (g0 - gb[b]!);
  }
}

/** Pass 0, rows in any order: xbar[b(i)·K + k] += x_k[i]. */
export function directSums(xbar: Float64Array, bc: Int32Array, x: readonly Float64Array[], lo: number, hi: number, K: number): void {
  let k = 0;
  for (; k + 4 <= K; k += 4) sums4(xbar, bc, x[k]!, x[k + 1]!, x[k + 2]!, x[k + 3]!, lo, hi, K, k);
  for (; k + 2 <= K; k += 2) sums2(xbar, bc, x[k]!, x[k + 1]!, lo, hi, K, k);
  if (k < K) sums1(xbar, bc, x[k]!, lo, hi, K, k);
}

/** Pass 1: v[l_q(i)·K + k] += x_k[i] − xbar[b(i)·K + k] for every small FE q (D'M_B x). */
export function directRhs(v: Float64Array, bc: Int32Array, s: Small, xbar: Float64Array, x: readonly Float64Array[], lo: number, hi: number, K: number): void {
  let k = 0;
  for (; k + 4 <= K; k += 4) rhs4(v, bc, s, xbar, x[k]!, x[k + 1]!, x[k + 2]!, x[k + 3]!, lo, hi, K, k);
  for (; k + 2 <= K; k += 2) rhs2(v, bc, s, xbar, x[k]!, x[k + 1]!, lo, hi, K, k);
  if (k < K) rhs1(v, bc, s, xbar, x[k]!, lo, hi, K, k);
}

/** Pass 2: w[b(i)·K + k] += Σ_q γ[l_q(i)·K + k] (needs S ≥ 1). */
export function directGbar(w: Float64Array, bc: Int32Array, s: Small, gamma: Float64Array, lo: number, hi: number, K: number): void {
  let k = 0;
  for (; k + 4 <= K; k += 4) gbar4(w, bc, s, gamma, lo, hi, K, k);
  for (; k + 2 <= K; k += 2) gbar2(w, bc, s, gamma, lo, hi, K, k);
  if (k < K) gbar1(w, bc, s, gamma, lo, hi, K, k);
}

/** Pass 3: out_k[i] = (x_k[i] − xbar[b(i)·K + k]) − (Σ_q γ[l_q(i)·K + k] − ḡ[b(i)·K + k]) (needs S ≥ 1). */
export function directResid(out: readonly Float64Array[], bc: Int32Array, s: Small, xbar: Float64Array, gamma: Float64Array, gb: Float64Array, x: readonly Float64Array[], lo: number, hi: number, K: number): void {
  let k = 0;
  for (; k + 4 <= K; k += 4) resid4(out[k]!, out[k + 1]!, out[k + 2]!, out[k + 3]!, bc, s, xbar, gamma, gb, x[k]!, x[k + 1]!, x[k + 2]!, x[k + 3]!, lo, hi, K, k);
  for (; k + 2 <= K; k += 2) resid2(out[k]!, out[k + 1]!, bc, s, xbar, gamma, gb, x[k]!, x[k + 1]!, lo, hi, K, k);
  if (k < K) resid1(out[k]!, bc, s, xbar, gamma, gb, x[k]!, lo, hi, K, k);
}
