/**
 * The row kernels of the direct solve (demean-exact.ts), hand-specialised for blocks of 4, 2
 * and 1 columns: a pass handles a block of columns per load of a row's level codes, and
 * wider column sets run block after block (each column's sums still run over the rows in
 * order, so the blocking changes no value). Vectors are interleaved by column (level·K + k);
 * a kernel writes columns k0..k0+width−1 of them. Small: the small FE's codes and their
 * offsets in the stacked small levels (S = sc.length, usually 1).
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

function levelSumsRhs4(v: Float64Array, start: Int32Array, s: Small, xbar: Float64Array, mp: Float64Array, x0: Float64Array, x1: Float64Array, x2: Float64Array, x3: Float64Array, b0: number, b1: number, K: number, k0: number): void {
  const { sc, off } = s;
  const S = sc.length;
  let t0 = 0; let t1 = 0; let t2 = 0; let t3 = 0;
  let u0 = 0; let u1 = 0; let u2 = 0; let u3 = 0;
  for (let b = b0; b < b1; b++) {
    const r0 = start[b]!;
    const r1 = start[b + 1]!;
    let s0 = 0; let s1 = 0; let s2 = 0; let s3 = 0;
    for (let i = r0; i < r1; i++) {
      const y0 = x0[i]!; const y1 = x1[i]!; const y2 = x2[i]!; const y3 = x3[i]!;
      s0 += y0; s1 += y1; s2 += y2; s3 += y3;
      u0 += y0 * y0; u1 += y1 * y1; u2 += y2 * y2; u3 += y3 * y3;
    }
    const nb = r1 - r0;
    const inv = nb > 0 ? 1 / nb : 0;
    const m0 = s0 * inv; const m1 = s1 * inv; const m2 = s2 * inv; const m3 = s3 * inv;
    t0 += s0; t1 += s1; t2 += s2; t3 += s3;
    const xb = b * K + k0;
    xbar[xb] = m0; xbar[xb + 1] = m1; xbar[xb + 2] = m2; xbar[xb + 3] = m3;
    for (let i = r0; i < r1; i++) {
      const d0 = x0[i]! - m0; const d1 = x1[i]! - m1; const d2 = x2[i]! - m2; const d3 = x3[i]! - m3;
      for (let q = 0; q < S; q++) {
        const l = (off[q]! + sc[q]![i]!) * K + k0;
        v[l]! += d0; v[l + 1]! += d1; v[l + 2]! += d2; v[l + 3]! += d3;
      }
    }
  }
  mp[k0] = t0; mp[k0 + 1] = t1; mp[k0 + 2] = t2; mp[k0 + 3] = t3;
  mp[K + k0] = u0; mp[K + k0 + 1] = u1; mp[K + k0 + 2] = u2; mp[K + k0 + 3] = u3;
}

function levelSumsRhs2(v: Float64Array, start: Int32Array, s: Small, xbar: Float64Array, mp: Float64Array, x0: Float64Array, x1: Float64Array, b0: number, b1: number, K: number, k0: number): void {
  const { sc, off } = s;
  const S = sc.length;
  let t0 = 0; let t1 = 0;
  let u0 = 0; let u1 = 0;
  for (let b = b0; b < b1; b++) {
    const r0 = start[b]!;
    const r1 = start[b + 1]!;
    let s0 = 0; let s1 = 0;
    for (let i = r0; i < r1; i++) {
      const y0 = x0[i]!; const y1 = x1[i]!;
      s0 += y0; s1 += y1;
      u0 += y0 * y0; u1 += y1 * y1;
    }
    const nb = r1 - r0;
    const inv = nb > 0 ? 1 / nb : 0;
    const m0 = s0 * inv; const m1 = s1 * inv;
    t0 += s0; t1 += s1;
    const xb = b * K + k0;
    xbar[xb] = m0; xbar[xb + 1] = m1;
    for (let i = r0; i < r1; i++) {
      const d0 = x0[i]! - m0; const d1 = x1[i]! - m1;
      for (let q = 0; q < S; q++) {
        const l = (off[q]! + sc[q]![i]!) * K + k0;
        v[l]! += d0; v[l + 1]! += d1;
      }
    }
  }
  mp[k0] = t0; mp[k0 + 1] = t1;
  mp[K + k0] = u0; mp[K + k0 + 1] = u1;
}

function levelSumsRhs1(v: Float64Array, start: Int32Array, s: Small, xbar: Float64Array, mp: Float64Array, x0: Float64Array, b0: number, b1: number, K: number, k0: number): void {
  const { sc, off } = s;
  const S = sc.length;
  let t0 = 0;
  let u0 = 0;
  for (let b = b0; b < b1; b++) {
    const r0 = start[b]!;
    const r1 = start[b + 1]!;
    let s0 = 0;
    for (let i = r0; i < r1; i++) {
      const y0 = x0[i]!;
      s0 += y0;
      u0 += y0 * y0;
    }
    const nb = r1 - r0;
    const inv = nb > 0 ? 1 / nb : 0;
    const m0 = s0 * inv;
    t0 += s0;
    const xb = b * K + k0;
    xbar[xb] = m0;
    for (let i = r0; i < r1; i++) {
      const d0 = x0[i]! - m0;
      for (let q = 0; q < S; q++) {
        const l = (off[q]! + sc[q]![i]!) * K + k0;
        v[l]! += d0;
      }
    }
  }
  mp[k0] = t0;
  mp[K + k0] = u0;
}

function levelResid4(o0: Float64Array, o1: Float64Array, o2: Float64Array, o3: Float64Array, start: Int32Array, s: Small, xbar: Float64Array, gamma: Float64Array, x0: Float64Array, x1: Float64Array, x2: Float64Array, x3: Float64Array, b0: number, b1: number, K: number, k0: number): void {
  const { sc, off } = s;
  const S = sc.length;
  for (let b = b0; b < b1; b++) {
    const r0 = start[b]!;
    const r1 = start[b + 1]!;
    let s0 = 0; let s1 = 0; let s2 = 0; let s3 = 0;
    for (let i = r0; i < r1; i++) {
      let l = (off[0]! + sc[0]![i]!) * K + k0;
      let g0 = gamma[l]!; let g1 = gamma[l + 1]!; let g2 = gamma[l + 2]!; let g3 = gamma[l + 3]!;
      for (let q = 1; q < S; q++) {
        l = (off[q]! + sc[q]![i]!) * K + k0;
        g0 += gamma[l]!; g1 += gamma[l + 1]!; g2 += gamma[l + 2]!; g3 += gamma[l + 3]!;
      }
      s0 += g0; s1 += g1; s2 += g2; s3 += g3;
    }
    const nb = r1 - r0;
    const inv = nb > 0 ? 1 / nb : 0;
    const m0 = s0 * inv; const m1 = s1 * inv; const m2 = s2 * inv; const m3 = s3 * inv;
    const xb = b * K + k0;
    const a0 = xbar[xb]!; const a1 = xbar[xb + 1]!; const a2 = xbar[xb + 2]!; const a3 = xbar[xb + 3]!;
    for (let i = r0; i < r1; i++) {
      let l = (off[0]! + sc[0]![i]!) * K + k0;
      let g0 = gamma[l]!; let g1 = gamma[l + 1]!; let g2 = gamma[l + 2]!; let g3 = gamma[l + 3]!;
      for (let q = 1; q < S; q++) {
        l = (off[q]! + sc[q]![i]!) * K + k0;
        g0 += gamma[l]!; g1 += gamma[l + 1]!; g2 += gamma[l + 2]!; g3 += gamma[l + 3]!;
      }
      o0[i] = (x0[i]! - a0) - (g0 - m0);
      o1[i] = (x1[i]! - a1) - (g1 - m1);
      o2[i] = (x2[i]! - a2) - (g2 - m2);
      o3[i] = (x3[i]! - a3) - (g3 - m3);
    }
  }
}

function levelResid2(o0: Float64Array, o1: Float64Array, start: Int32Array, s: Small, xbar: Float64Array, gamma: Float64Array, x0: Float64Array, x1: Float64Array, b0: number, b1: number, K: number, k0: number): void {
  const { sc, off } = s;
  const S = sc.length;
  for (let b = b0; b < b1; b++) {
    const r0 = start[b]!;
    const r1 = start[b + 1]!;
    let s0 = 0; let s1 = 0;
    for (let i = r0; i < r1; i++) {
      let l = (off[0]! + sc[0]![i]!) * K + k0;
      let g0 = gamma[l]!; let g1 = gamma[l + 1]!;
      for (let q = 1; q < S; q++) {
        l = (off[q]! + sc[q]![i]!) * K + k0;
        g0 += gamma[l]!; g1 += gamma[l + 1]!;
      }
      s0 += g0; s1 += g1;
    }
    const nb = r1 - r0;
    const inv = nb > 0 ? 1 / nb : 0;
    const m0 = s0 * inv; const m1 = s1 * inv;
    const xb = b * K + k0;
    const a0 = xbar[xb]!; const a1 = xbar[xb + 1]!;
    for (let i = r0; i < r1; i++) {
      let l = (off[0]! + sc[0]![i]!) * K + k0;
      let g0 = gamma[l]!; let g1 = gamma[l + 1]!;
      for (let q = 1; q < S; q++) {
        l = (off[q]! + sc[q]![i]!) * K + k0;
        g0 += gamma[l]!; g1 += gamma[l + 1]!;
      }
      o0[i] = (x0[i]! - a0) - (g0 - m0);
      o1[i] = (x1[i]! - a1) - (g1 - m1);
    }
  }
}

function levelResid1(o0: Float64Array, start: Int32Array, s: Small, xbar: Float64Array, gamma: Float64Array, x0: Float64Array, b0: number, b1: number, K: number, k0: number): void {
  const { sc, off } = s;
  const S = sc.length;
  for (let b = b0; b < b1; b++) {
    const r0 = start[b]!;
    const r1 = start[b + 1]!;
    let s0 = 0;
    for (let i = r0; i < r1; i++) {
      let l = (off[0]! + sc[0]![i]!) * K + k0;
      let g0 = gamma[l]!;
      for (let q = 1; q < S; q++) {
        l = (off[q]! + sc[q]![i]!) * K + k0;
        g0 += gamma[l]!;
      }
      s0 += g0;
    }
    const nb = r1 - r0;
    const inv = nb > 0 ? 1 / nb : 0;
    const m0 = s0 * inv;
    const xb = b * K + k0;
    const a0 = xbar[xb]!;
    for (let i = r0; i < r1; i++) {
      let l = (off[0]! + sc[0]![i]!) * K + k0;
      let g0 = gamma[l]!;
      for (let q = 1; q < S; q++) {
        l = (off[q]! + sc[q]![i]!) * K + k0;
        g0 += gamma[l]!;
      }
      o0[i] = (x0[i]! - a0) - (g0 - m0);
    }
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

/**
 * Passes 0 + 1 on rows grouped by B, levels [b0, b1) (level b is rows start[b]..start[b+1]):
 * each level's sums, its means into xbar, then D'M_B x from the level's rows while they are
 * in cache. The sums are taken in row order and scaled by 1/n_b as in passes 0 and 2. Also
 * mp = [Σx per column, Σx² per column] over the levels, for the fit.
 */
export function directLevelSumsRhs(v: Float64Array, start: Int32Array, s: Small, xbar: Float64Array, mp: Float64Array, x: readonly Float64Array[], b0: number, b1: number, K: number): void {
  let k = 0;
  for (; k + 4 <= K; k += 4) levelSumsRhs4(v, start, s, xbar, mp, x[k]!, x[k + 1]!, x[k + 2]!, x[k + 3]!, b0, b1, K, k);
  for (; k + 2 <= K; k += 2) levelSumsRhs2(v, start, s, xbar, mp, x[k]!, x[k + 1]!, b0, b1, K, k);
  if (k < K) levelSumsRhs1(v, start, s, xbar, mp, x[k]!, b0, b1, K, k);
}

/** Passes 2 + 3 on grouped rows, levels [b0, b1): each level's ḡ, then its residuals (needs S ≥ 1). */
export function directLevelResid(out: readonly Float64Array[], start: Int32Array, s: Small, xbar: Float64Array, gamma: Float64Array, x: readonly Float64Array[], b0: number, b1: number, K: number): void {
  let k = 0;
  for (; k + 4 <= K; k += 4) levelResid4(out[k]!, out[k + 1]!, out[k + 2]!, out[k + 3]!, start, s, xbar, gamma, x[k]!, x[k + 1]!, x[k + 2]!, x[k + 3]!, b0, b1, K, k);
  for (; k + 2 <= K; k += 2) levelResid2(out[k]!, out[k + 1]!, start, s, xbar, gamma, x[k]!, x[k + 1]!, b0, b1, K, k);
  if (k < K) levelResid1(out[k]!, start, s, xbar, gamma, x[k]!, b0, b1, K, k);
}
