/**
 * Passes 2 + 3 of the direct solve (demean-exact.ts) on rows grouped by the big FE, level
 * by level: each level's ḡ, then its residuals while the level's rows are in cache.
 * Hand-specialised like direct-kernels.ts: with one small FE (the common case) all of a
 * level's columns, up to 8, per pass with the small FE's codes in a local; otherwise blocks of
 * 4, 2 and 1 columns with a loop over the small FE. Each column's sums run over the rows in
 * order whatever the blocking, so the values are those of the plain twins in
 * reference/direct.ts (test/linalg/direct-kernels.test.ts).
 */
import type { Small } from './direct-kernels.js';

function levelResid1s1(out: readonly Float64Array[], start: Int32Array, c0: Int32Array, f0: number, xbar: Float64Array, gamma: Float64Array, x: readonly Float64Array[], b0: number, b1: number, K: number, k0: number): void {
  const x0 = x[k0]!;
  const o0 = out[k0]!;
  for (let b = b0; b < b1; b++) {
    const r0 = start[b]!;
    const r1 = start[b + 1]!;
    let s0 = 0;
    for (let i = r0; i < r1; i++) {
      const l = (f0 + c0[i]!) * K + k0;
      s0 += gamma[l]!;
    }
    const nb = r1 - r0;
    const inv = nb > 0 ? 1 / nb : 0;
    const m0 = s0 * inv;
    const xb = b * K + k0;
    const a0 = xbar[xb]!;
    for (let i = r0; i < r1; i++) {
      const l = (f0 + c0[i]!) * K + k0;
      o0[i] = (x0[i]! - a0) - (gamma[l]! - m0);
    }
  }
}

function levelResid2s1(out: readonly Float64Array[], start: Int32Array, c0: Int32Array, f0: number, xbar: Float64Array, gamma: Float64Array, x: readonly Float64Array[], b0: number, b1: number, K: number, k0: number): void {
  const x0 = x[k0]!;
  const x1 = x[k0 + 1]!;
  const o0 = out[k0]!;
  const o1 = out[k0 + 1]!;
  for (let b = b0; b < b1; b++) {
    const r0 = start[b]!;
    const r1 = start[b + 1]!;
    let s0 = 0; let s1 = 0;
    for (let i = r0; i < r1; i++) {
      const l = (f0 + c0[i]!) * K + k0;
      s0 += gamma[l]!; s1 += gamma[l + 1]!;
    }
    const nb = r1 - r0;
    const inv = nb > 0 ? 1 / nb : 0;
    const m0 = s0 * inv; const m1 = s1 * inv;
    const xb = b * K + k0;
    const a0 = xbar[xb]!; const a1 = xbar[xb + 1]!;
    for (let i = r0; i < r1; i++) {
      const l = (f0 + c0[i]!) * K + k0;
      o0[i] = (x0[i]! - a0) - (gamma[l]! - m0);
      o1[i] = (x1[i]! - a1) - (gamma[l + 1]! - m1);
    }
  }
}

function levelResid3s1(out: readonly Float64Array[], start: Int32Array, c0: Int32Array, f0: number, xbar: Float64Array, gamma: Float64Array, x: readonly Float64Array[], b0: number, b1: number, K: number, k0: number): void {
  const x0 = x[k0]!;
  const x1 = x[k0 + 1]!;
  const x2 = x[k0 + 2]!;
  const o0 = out[k0]!;
  const o1 = out[k0 + 1]!;
  const o2 = out[k0 + 2]!;
  for (let b = b0; b < b1; b++) {
    const r0 = start[b]!;
    const r1 = start[b + 1]!;
    let s0 = 0; let s1 = 0; let s2 = 0;
    for (let i = r0; i < r1; i++) {
      const l = (f0 + c0[i]!) * K + k0;
      s0 += gamma[l]!; s1 += gamma[l + 1]!; s2 += gamma[l + 2]!;
    }
    const nb = r1 - r0;
    const inv = nb > 0 ? 1 / nb : 0;
    const m0 = s0 * inv; const m1 = s1 * inv; const m2 = s2 * inv;
    const xb = b * K + k0;
    const a0 = xbar[xb]!; const a1 = xbar[xb + 1]!; const a2 = xbar[xb + 2]!;
    for (let i = r0; i < r1; i++) {
      const l = (f0 + c0[i]!) * K + k0;
      o0[i] = (x0[i]! - a0) - (gamma[l]! - m0);
      o1[i] = (x1[i]! - a1) - (gamma[l + 1]! - m1);
      o2[i] = (x2[i]! - a2) - (gamma[l + 2]! - m2);
    }
  }
}

function levelResid4s1(out: readonly Float64Array[], start: Int32Array, c0: Int32Array, f0: number, xbar: Float64Array, gamma: Float64Array, x: readonly Float64Array[], b0: number, b1: number, K: number, k0: number): void {
  const x0 = x[k0]!;
  const x1 = x[k0 + 1]!;
  const x2 = x[k0 + 2]!;
  const x3 = x[k0 + 3]!;
  const o0 = out[k0]!;
  const o1 = out[k0 + 1]!;
  const o2 = out[k0 + 2]!;
  const o3 = out[k0 + 3]!;
  for (let b = b0; b < b1; b++) {
    const r0 = start[b]!;
    const r1 = start[b + 1]!;
    let s0 = 0; let s1 = 0; let s2 = 0; let s3 = 0;
    for (let i = r0; i < r1; i++) {
      const l = (f0 + c0[i]!) * K + k0;
      s0 += gamma[l]!; s1 += gamma[l + 1]!; s2 += gamma[l + 2]!; s3 += gamma[l + 3]!;
    }
    const nb = r1 - r0;
    const inv = nb > 0 ? 1 / nb : 0;
    const m0 = s0 * inv; const m1 = s1 * inv; const m2 = s2 * inv; const m3 = s3 * inv;
    const xb = b * K + k0;
    const a0 = xbar[xb]!; const a1 = xbar[xb + 1]!; const a2 = xbar[xb + 2]!; const a3 = xbar[xb + 3]!;
    for (let i = r0; i < r1; i++) {
      const l = (f0 + c0[i]!) * K + k0;
      o0[i] = (x0[i]! - a0) - (gamma[l]! - m0);
      o1[i] = (x1[i]! - a1) - (gamma[l + 1]! - m1);
      o2[i] = (x2[i]! - a2) - (gamma[l + 2]! - m2);
      o3[i] = (x3[i]! - a3) - (gamma[l + 3]! - m3);
    }
  }
}

function levelResid5s1(out: readonly Float64Array[], start: Int32Array, c0: Int32Array, f0: number, xbar: Float64Array, gamma: Float64Array, x: readonly Float64Array[], b0: number, b1: number, K: number, k0: number): void {
  const x0 = x[k0]!;
  const x1 = x[k0 + 1]!;
  const x2 = x[k0 + 2]!;
  const x3 = x[k0 + 3]!;
  const x4 = x[k0 + 4]!;
  const o0 = out[k0]!;
  const o1 = out[k0 + 1]!;
  const o2 = out[k0 + 2]!;
  const o3 = out[k0 + 3]!;
  const o4 = out[k0 + 4]!;
  for (let b = b0; b < b1; b++) {
    const r0 = start[b]!;
    const r1 = start[b + 1]!;
    let s0 = 0; let s1 = 0; let s2 = 0; let s3 = 0; let s4 = 0;
    for (let i = r0; i < r1; i++) {
      const l = (f0 + c0[i]!) * K + k0;
      s0 += gamma[l]!; s1 += gamma[l + 1]!; s2 += gamma[l + 2]!; s3 += gamma[l + 3]!; s4 += gamma[l + 4]!;
    }
    const nb = r1 - r0;
    const inv = nb > 0 ? 1 / nb : 0;
    const m0 = s0 * inv; const m1 = s1 * inv; const m2 = s2 * inv; const m3 = s3 * inv; const m4 = s4 * inv;
    const xb = b * K + k0;
    const a0 = xbar[xb]!; const a1 = xbar[xb + 1]!; const a2 = xbar[xb + 2]!; const a3 = xbar[xb + 3]!; const a4 = xbar[xb + 4]!;
    for (let i = r0; i < r1; i++) {
      const l = (f0 + c0[i]!) * K + k0;
      o0[i] = (x0[i]! - a0) - (gamma[l]! - m0);
      o1[i] = (x1[i]! - a1) - (gamma[l + 1]! - m1);
      o2[i] = (x2[i]! - a2) - (gamma[l + 2]! - m2);
      o3[i] = (x3[i]! - a3) - (gamma[l + 3]! - m3);
      o4[i] = (x4[i]! - a4) - (gamma[l + 4]! - m4);
    }
  }
}

function levelResid6s1(out: readonly Float64Array[], start: Int32Array, c0: Int32Array, f0: number, xbar: Float64Array, gamma: Float64Array, x: readonly Float64Array[], b0: number, b1: number, K: number, k0: number): void {
  const x0 = x[k0]!;
  const x1 = x[k0 + 1]!;
  const x2 = x[k0 + 2]!;
  const x3 = x[k0 + 3]!;
  const x4 = x[k0 + 4]!;
  const x5 = x[k0 + 5]!;
  const o0 = out[k0]!;
  const o1 = out[k0 + 1]!;
  const o2 = out[k0 + 2]!;
  const o3 = out[k0 + 3]!;
  const o4 = out[k0 + 4]!;
  const o5 = out[k0 + 5]!;
  for (let b = b0; b < b1; b++) {
    const r0 = start[b]!;
    const r1 = start[b + 1]!;
    let s0 = 0; let s1 = 0; let s2 = 0; let s3 = 0; let s4 = 0; let s5 = 0;
    for (let i = r0; i < r1; i++) {
      const l = (f0 + c0[i]!) * K + k0;
      s0 += gamma[l]!; s1 += gamma[l + 1]!; s2 += gamma[l + 2]!; s3 += gamma[l + 3]!; s4 += gamma[l + 4]!; s5 += gamma[l + 5]!;
    }
    const nb = r1 - r0;
    const inv = nb > 0 ? 1 / nb : 0;
    const m0 = s0 * inv; const m1 = s1 * inv; const m2 = s2 * inv; const m3 = s3 * inv; const m4 = s4 * inv; const m5 = s5 * inv;
    const xb = b * K + k0;
    const a0 = xbar[xb]!; const a1 = xbar[xb + 1]!; const a2 = xbar[xb + 2]!; const a3 = xbar[xb + 3]!; const a4 = xbar[xb + 4]!; const a5 = xbar[xb + 5]!;
    for (let i = r0; i < r1; i++) {
      const l = (f0 + c0[i]!) * K + k0;
      o0[i] = (x0[i]! - a0) - (gamma[l]! - m0);
      o1[i] = (x1[i]! - a1) - (gamma[l + 1]! - m1);
      o2[i] = (x2[i]! - a2) - (gamma[l + 2]! - m2);
      o3[i] = (x3[i]! - a3) - (gamma[l + 3]! - m3);
      o4[i] = (x4[i]! - a4) - (gamma[l + 4]! - m4);
      o5[i] = (x5[i]! - a5) - (gamma[l + 5]! - m5);
    }
  }
}

function levelResid7s1(out: readonly Float64Array[], start: Int32Array, c0: Int32Array, f0: number, xbar: Float64Array, gamma: Float64Array, x: readonly Float64Array[], b0: number, b1: number, K: number, k0: number): void {
  const x0 = x[k0]!;
  const x1 = x[k0 + 1]!;
  const x2 = x[k0 + 2]!;
  const x3 = x[k0 + 3]!;
  const x4 = x[k0 + 4]!;
  const x5 = x[k0 + 5]!;
  const x6 = x[k0 + 6]!;
  const o0 = out[k0]!;
  const o1 = out[k0 + 1]!;
  const o2 = out[k0 + 2]!;
  const o3 = out[k0 + 3]!;
  const o4 = out[k0 + 4]!;
  const o5 = out[k0 + 5]!;
  const o6 = out[k0 + 6]!;
  for (let b = b0; b < b1; b++) {
    const r0 = start[b]!;
    const r1 = start[b + 1]!;
    let s0 = 0; let s1 = 0; let s2 = 0; let s3 = 0; let s4 = 0; let s5 = 0; let s6 = 0;
    for (let i = r0; i < r1; i++) {
      const l = (f0 + c0[i]!) * K + k0;
      s0 += gamma[l]!; s1 += gamma[l + 1]!; s2 += gamma[l + 2]!; s3 += gamma[l + 3]!; s4 += gamma[l + 4]!; s5 += gamma[l + 5]!; s6 += gamma[l + 6]!;
    }
    const nb = r1 - r0;
    const inv = nb > 0 ? 1 / nb : 0;
    const m0 = s0 * inv; const m1 = s1 * inv; const m2 = s2 * inv; const m3 = s3 * inv; const m4 = s4 * inv; const m5 = s5 * inv; const m6 = s6 * inv;
    const xb = b * K + k0;
    const a0 = xbar[xb]!; const a1 = xbar[xb + 1]!; const a2 = xbar[xb + 2]!; const a3 = xbar[xb + 3]!; const a4 = xbar[xb + 4]!; const a5 = xbar[xb + 5]!; const a6 = xbar[xb + 6]!;
    for (let i = r0; i < r1; i++) {
      const l = (f0 + c0[i]!) * K + k0;
      o0[i] = (x0[i]! - a0) - (gamma[l]! - m0);
      o1[i] = (x1[i]! - a1) - (gamma[l + 1]! - m1);
      o2[i] = (x2[i]! - a2) - (gamma[l + 2]! - m2);
      o3[i] = (x3[i]! - a3) - (gamma[l + 3]! - m3);
      o4[i] = (x4[i]! - a4) - (gamma[l + 4]! - m4);
      o5[i] = (x5[i]! - a5) - (gamma[l + 5]! - m5);
      o6[i] = (x6[i]! - a6) - (gamma[l + 6]! - m6);
    }
  }
}

function levelResid8s1(out: readonly Float64Array[], start: Int32Array, c0: Int32Array, f0: number, xbar: Float64Array, gamma: Float64Array, x: readonly Float64Array[], b0: number, b1: number, K: number, k0: number): void {
  const x0 = x[k0]!;
  const x1 = x[k0 + 1]!;
  const x2 = x[k0 + 2]!;
  const x3 = x[k0 + 3]!;
  const x4 = x[k0 + 4]!;
  const x5 = x[k0 + 5]!;
  const x6 = x[k0 + 6]!;
  const x7 = x[k0 + 7]!;
  const o0 = out[k0]!;
  const o1 = out[k0 + 1]!;
  const o2 = out[k0 + 2]!;
  const o3 = out[k0 + 3]!;
  const o4 = out[k0 + 4]!;
  const o5 = out[k0 + 5]!;
  const o6 = out[k0 + 6]!;
  const o7 = out[k0 + 7]!;
  for (let b = b0; b < b1; b++) {
    const r0 = start[b]!;
    const r1 = start[b + 1]!;
    let s0 = 0; let s1 = 0; let s2 = 0; let s3 = 0; let s4 = 0; let s5 = 0; let s6 = 0; let s7 = 0;
    for (let i = r0; i < r1; i++) {
      const l = (f0 + c0[i]!) * K + k0;
      s0 += gamma[l]!; s1 += gamma[l + 1]!; s2 += gamma[l + 2]!; s3 += gamma[l + 3]!; s4 += gamma[l + 4]!; s5 += gamma[l + 5]!; s6 += gamma[l + 6]!; s7 += gamma[l + 7]!;
    }
    const nb = r1 - r0;
    const inv = nb > 0 ? 1 / nb : 0;
    const m0 = s0 * inv; const m1 = s1 * inv; const m2 = s2 * inv; const m3 = s3 * inv; const m4 = s4 * inv; const m5 = s5 * inv; const m6 = s6 * inv; const m7 = s7 * inv;
    const xb = b * K + k0;
    const a0 = xbar[xb]!; const a1 = xbar[xb + 1]!; const a2 = xbar[xb + 2]!; const a3 = xbar[xb + 3]!; const a4 = xbar[xb + 4]!; const a5 = xbar[xb + 5]!; const a6 = xbar[xb + 6]!; const a7 = xbar[xb + 7]!;
    for (let i = r0; i < r1; i++) {
      const l = (f0 + c0[i]!) * K + k0;
      o0[i] = (x0[i]! - a0) - (gamma[l]! - m0);
      o1[i] = (x1[i]! - a1) - (gamma[l + 1]! - m1);
      o2[i] = (x2[i]! - a2) - (gamma[l + 2]! - m2);
      o3[i] = (x3[i]! - a3) - (gamma[l + 3]! - m3);
      o4[i] = (x4[i]! - a4) - (gamma[l + 4]! - m4);
      o5[i] = (x5[i]! - a5) - (gamma[l + 5]! - m5);
      o6[i] = (x6[i]! - a6) - (gamma[l + 6]! - m6);
      o7[i] = (x7[i]! - a7) - (gamma[l + 7]! - m7);
    }
  }
}

type LevelResidWidth = (out: readonly Float64Array[], start: Int32Array, c0: Int32Array, f0: number, xbar: Float64Array, gamma: Float64Array, x: readonly Float64Array[], b0: number, b1: number, K: number, k0: number) => void;
const LEVEL_RESID_1: readonly LevelResidWidth[] = [levelResid1s1, levelResid1s1, levelResid2s1, levelResid3s1, levelResid4s1, levelResid5s1, levelResid6s1, levelResid7s1, levelResid8s1];

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

/** Passes 2 + 3 on grouped rows, levels [b0, b1): each level's ḡ, then its residuals (needs S ≥ 1). */
export function directLevelResid(out: readonly Float64Array[], start: Int32Array, s: Small, xbar: Float64Array, gamma: Float64Array, x: readonly Float64Array[], b0: number, b1: number, K: number): void {
  let k = 0;
  if (s.sc.length === 1) {
    // One small FE (the common case): its codes in a local, no loop over the small FE, and
    // up to 8 columns per pass.
    const c0 = s.sc[0]!;
    const f0 = s.off[0]!;
    for (; k < K; k += 8) LEVEL_RESID_1[Math.min(8, K - k)]!(out, start, c0, f0, xbar, gamma, x, b0, b1, K, k);
    return;
  }
  for (; k + 4 <= K; k += 4) levelResid4(out[k]!, out[k + 1]!, out[k + 2]!, out[k + 3]!, start, s, xbar, gamma, x[k]!, x[k + 1]!, x[k + 2]!, x[k + 3]!, b0, b1, K, k);
  for (; k + 2 <= K; k += 2) levelResid2(out[k]!, out[k + 1]!, start, s, xbar, gamma, x[k]!, x[k + 1]!, b0, b1, K, k);
  if (k < K) levelResid1(out[k]!, start, s, xbar, gamma, x[k]!, b0, b1, K, k);
}
