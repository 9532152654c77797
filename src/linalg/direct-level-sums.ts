/**
 * Passes 0 + 1 of the direct solve (demean-exact.ts) on rows grouped by the big FE, level
 * by level: each level's sums and means, then D'M_B x from the level's rows while in cache.
 * Hand-specialised like direct-kernels.ts: with one small FE (the common case) all of a
 * level's columns, up to 8, per pass with the small FE's codes in a local; otherwise blocks of
 * 4, 2 and 1 columns with a loop over the small FE. Each column's sums run over the rows in
 * order whatever the blocking, so the values are those of the plain twins in
 * reference/direct.ts (test/linalg/direct-kernels.test.ts).
 */
import type { Small } from './direct-kernels.js';

function levelSumsRhs1s1(v: Float64Array, start: Int32Array, c0: Int32Array, f0: number, xbar: Float64Array, mp: Float64Array, x: readonly Float64Array[], b0: number, b1: number, K: number, k0: number): void {
  const x0 = x[k0]!;
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
      const l = (f0 + c0[i]!) * K + k0;
      v[l]! += x0[i]! - m0;
    }
  }
  mp[k0] = t0;
  mp[K + k0] = u0;
}

function levelSumsRhs2s1(v: Float64Array, start: Int32Array, c0: Int32Array, f0: number, xbar: Float64Array, mp: Float64Array, x: readonly Float64Array[], b0: number, b1: number, K: number, k0: number): void {
  const x0 = x[k0]!;
  const x1 = x[k0 + 1]!;
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
      const l = (f0 + c0[i]!) * K + k0;
      v[l]! += x0[i]! - m0; v[l + 1]! += x1[i]! - m1;
    }
  }
  mp[k0] = t0; mp[k0 + 1] = t1;
  mp[K + k0] = u0; mp[K + k0 + 1] = u1;
}

function levelSumsRhs3s1(v: Float64Array, start: Int32Array, c0: Int32Array, f0: number, xbar: Float64Array, mp: Float64Array, x: readonly Float64Array[], b0: number, b1: number, K: number, k0: number): void {
  const x0 = x[k0]!;
  const x1 = x[k0 + 1]!;
  const x2 = x[k0 + 2]!;
  let t0 = 0; let t1 = 0; let t2 = 0;
  let u0 = 0; let u1 = 0; let u2 = 0;
  for (let b = b0; b < b1; b++) {
    const r0 = start[b]!;
    const r1 = start[b + 1]!;
    let s0 = 0; let s1 = 0; let s2 = 0;
    for (let i = r0; i < r1; i++) {
      const y0 = x0[i]!; const y1 = x1[i]!; const y2 = x2[i]!;
      s0 += y0; s1 += y1; s2 += y2;
      u0 += y0 * y0; u1 += y1 * y1; u2 += y2 * y2;
    }
    const nb = r1 - r0;
    const inv = nb > 0 ? 1 / nb : 0;
    const m0 = s0 * inv; const m1 = s1 * inv; const m2 = s2 * inv;
    t0 += s0; t1 += s1; t2 += s2;
    const xb = b * K + k0;
    xbar[xb] = m0; xbar[xb + 1] = m1; xbar[xb + 2] = m2;
    for (let i = r0; i < r1; i++) {
      const l = (f0 + c0[i]!) * K + k0;
      v[l]! += x0[i]! - m0; v[l + 1]! += x1[i]! - m1; v[l + 2]! += x2[i]! - m2;
    }
  }
  mp[k0] = t0; mp[k0 + 1] = t1; mp[k0 + 2] = t2;
  mp[K + k0] = u0; mp[K + k0 + 1] = u1; mp[K + k0 + 2] = u2;
}

function levelSumsRhs4s1(v: Float64Array, start: Int32Array, c0: Int32Array, f0: number, xbar: Float64Array, mp: Float64Array, x: readonly Float64Array[], b0: number, b1: number, K: number, k0: number): void {
  const x0 = x[k0]!;
  const x1 = x[k0 + 1]!;
  const x2 = x[k0 + 2]!;
  const x3 = x[k0 + 3]!;
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
      const l = (f0 + c0[i]!) * K + k0;
      v[l]! += x0[i]! - m0; v[l + 1]! += x1[i]! - m1; v[l + 2]! += x2[i]! - m2; v[l + 3]! += x3[i]! - m3;
    }
  }
  mp[k0] = t0; mp[k0 + 1] = t1; mp[k0 + 2] = t2; mp[k0 + 3] = t3;
  mp[K + k0] = u0; mp[K + k0 + 1] = u1; mp[K + k0 + 2] = u2; mp[K + k0 + 3] = u3;
}

function levelSumsRhs5s1(v: Float64Array, start: Int32Array, c0: Int32Array, f0: number, xbar: Float64Array, mp: Float64Array, x: readonly Float64Array[], b0: number, b1: number, K: number, k0: number): void {
  const x0 = x[k0]!;
  const x1 = x[k0 + 1]!;
  const x2 = x[k0 + 2]!;
  const x3 = x[k0 + 3]!;
  const x4 = x[k0 + 4]!;
  let t0 = 0; let t1 = 0; let t2 = 0; let t3 = 0; let t4 = 0;
  let u0 = 0; let u1 = 0; let u2 = 0; let u3 = 0; let u4 = 0;
  for (let b = b0; b < b1; b++) {
    const r0 = start[b]!;
    const r1 = start[b + 1]!;
    let s0 = 0; let s1 = 0; let s2 = 0; let s3 = 0; let s4 = 0;
    for (let i = r0; i < r1; i++) {
      const y0 = x0[i]!; const y1 = x1[i]!; const y2 = x2[i]!; const y3 = x3[i]!; const y4 = x4[i]!;
      s0 += y0; s1 += y1; s2 += y2; s3 += y3; s4 += y4;
      u0 += y0 * y0; u1 += y1 * y1; u2 += y2 * y2; u3 += y3 * y3; u4 += y4 * y4;
    }
    const nb = r1 - r0;
    const inv = nb > 0 ? 1 / nb : 0;
    const m0 = s0 * inv; const m1 = s1 * inv; const m2 = s2 * inv; const m3 = s3 * inv; const m4 = s4 * inv;
    t0 += s0; t1 += s1; t2 += s2; t3 += s3; t4 += s4;
    const xb = b * K + k0;
    xbar[xb] = m0; xbar[xb + 1] = m1; xbar[xb + 2] = m2; xbar[xb + 3] = m3; xbar[xb + 4] = m4;
    for (let i = r0; i < r1; i++) {
      const l = (f0 + c0[i]!) * K + k0;
      v[l]! += x0[i]! - m0; v[l + 1]! += x1[i]! - m1; v[l + 2]! += x2[i]! - m2; v[l + 3]! += x3[i]! - m3; v[l + 4]! += x4[i]! - m4;
    }
  }
  mp[k0] = t0; mp[k0 + 1] = t1; mp[k0 + 2] = t2; mp[k0 + 3] = t3; mp[k0 + 4] = t4;
  mp[K + k0] = u0; mp[K + k0 + 1] = u1; mp[K + k0 + 2] = u2; mp[K + k0 + 3] = u3; mp[K + k0 + 4] = u4;
}

function levelSumsRhs6s1(v: Float64Array, start: Int32Array, c0: Int32Array, f0: number, xbar: Float64Array, mp: Float64Array, x: readonly Float64Array[], b0: number, b1: number, K: number, k0: number): void {
  const x0 = x[k0]!;
  const x1 = x[k0 + 1]!;
  const x2 = x[k0 + 2]!;
  const x3 = x[k0 + 3]!;
  const x4 = x[k0 + 4]!;
  const x5 = x[k0 + 5]!;
  let t0 = 0; let t1 = 0; let t2 = 0; let t3 = 0; let t4 = 0; let t5 = 0;
  let u0 = 0; let u1 = 0; let u2 = 0; let u3 = 0; let u4 = 0; let u5 = 0;
  for (let b = b0; b < b1; b++) {
    const r0 = start[b]!;
    const r1 = start[b + 1]!;
    let s0 = 0; let s1 = 0; let s2 = 0; let s3 = 0; let s4 = 0; let s5 = 0;
    for (let i = r0; i < r1; i++) {
      const y0 = x0[i]!; const y1 = x1[i]!; const y2 = x2[i]!; const y3 = x3[i]!; const y4 = x4[i]!; const y5 = x5[i]!;
      s0 += y0; s1 += y1; s2 += y2; s3 += y3; s4 += y4; s5 += y5;
      u0 += y0 * y0; u1 += y1 * y1; u2 += y2 * y2; u3 += y3 * y3; u4 += y4 * y4; u5 += y5 * y5;
    }
    const nb = r1 - r0;
    const inv = nb > 0 ? 1 / nb : 0;
    const m0 = s0 * inv; const m1 = s1 * inv; const m2 = s2 * inv; const m3 = s3 * inv; const m4 = s4 * inv; const m5 = s5 * inv;
    t0 += s0; t1 += s1; t2 += s2; t3 += s3; t4 += s4; t5 += s5;
    const xb = b * K + k0;
    xbar[xb] = m0; xbar[xb + 1] = m1; xbar[xb + 2] = m2; xbar[xb + 3] = m3; xbar[xb + 4] = m4; xbar[xb + 5] = m5;
    for (let i = r0; i < r1; i++) {
      const l = (f0 + c0[i]!) * K + k0;
      v[l]! += x0[i]! - m0; v[l + 1]! += x1[i]! - m1; v[l + 2]! += x2[i]! - m2; v[l + 3]! += x3[i]! - m3; v[l + 4]! += x4[i]! - m4; v[l + 5]! += x5[i]! - m5;
    }
  }
  mp[k0] = t0; mp[k0 + 1] = t1; mp[k0 + 2] = t2; mp[k0 + 3] = t3; mp[k0 + 4] = t4; mp[k0 + 5] = t5;
  mp[K + k0] = u0; mp[K + k0 + 1] = u1; mp[K + k0 + 2] = u2; mp[K + k0 + 3] = u3; mp[K + k0 + 4] = u4; mp[K + k0 + 5] = u5;
}

function levelSumsRhs7s1(v: Float64Array, start: Int32Array, c0: Int32Array, f0: number, xbar: Float64Array, mp: Float64Array, x: readonly Float64Array[], b0: number, b1: number, K: number, k0: number): void {
  const x0 = x[k0]!;
  const x1 = x[k0 + 1]!;
  const x2 = x[k0 + 2]!;
  const x3 = x[k0 + 3]!;
  const x4 = x[k0 + 4]!;
  const x5 = x[k0 + 5]!;
  const x6 = x[k0 + 6]!;
  let t0 = 0; let t1 = 0; let t2 = 0; let t3 = 0; let t4 = 0; let t5 = 0; let t6 = 0;
  let u0 = 0; let u1 = 0; let u2 = 0; let u3 = 0; let u4 = 0; let u5 = 0; let u6 = 0;
  for (let b = b0; b < b1; b++) {
    const r0 = start[b]!;
    const r1 = start[b + 1]!;
    let s0 = 0; let s1 = 0; let s2 = 0; let s3 = 0; let s4 = 0; let s5 = 0; let s6 = 0;
    for (let i = r0; i < r1; i++) {
      const y0 = x0[i]!; const y1 = x1[i]!; const y2 = x2[i]!; const y3 = x3[i]!; const y4 = x4[i]!; const y5 = x5[i]!; const y6 = x6[i]!;
      s0 += y0; s1 += y1; s2 += y2; s3 += y3; s4 += y4; s5 += y5; s6 += y6;
      u0 += y0 * y0; u1 += y1 * y1; u2 += y2 * y2; u3 += y3 * y3; u4 += y4 * y4; u5 += y5 * y5; u6 += y6 * y6;
    }
    const nb = r1 - r0;
    const inv = nb > 0 ? 1 / nb : 0;
    const m0 = s0 * inv; const m1 = s1 * inv; const m2 = s2 * inv; const m3 = s3 * inv; const m4 = s4 * inv; const m5 = s5 * inv; const m6 = s6 * inv;
    t0 += s0; t1 += s1; t2 += s2; t3 += s3; t4 += s4; t5 += s5; t6 += s6;
    const xb = b * K + k0;
    xbar[xb] = m0; xbar[xb + 1] = m1; xbar[xb + 2] = m2; xbar[xb + 3] = m3; xbar[xb + 4] = m4; xbar[xb + 5] = m5; xbar[xb + 6] = m6;
    for (let i = r0; i < r1; i++) {
      const l = (f0 + c0[i]!) * K + k0;
      v[l]! += x0[i]! - m0; v[l + 1]! += x1[i]! - m1; v[l + 2]! += x2[i]! - m2; v[l + 3]! += x3[i]! - m3; v[l + 4]! += x4[i]! - m4; v[l + 5]! += x5[i]! - m5; v[l + 6]! += x6[i]! - m6;
    }
  }
  mp[k0] = t0; mp[k0 + 1] = t1; mp[k0 + 2] = t2; mp[k0 + 3] = t3; mp[k0 + 4] = t4; mp[k0 + 5] = t5; mp[k0 + 6] = t6;
  mp[K + k0] = u0; mp[K + k0 + 1] = u1; mp[K + k0 + 2] = u2; mp[K + k0 + 3] = u3; mp[K + k0 + 4] = u4; mp[K + k0 + 5] = u5; mp[K + k0 + 6] = u6;
}

function levelSumsRhs8s1(v: Float64Array, start: Int32Array, c0: Int32Array, f0: number, xbar: Float64Array, mp: Float64Array, x: readonly Float64Array[], b0: number, b1: number, K: number, k0: number): void {
  const x0 = x[k0]!;
  const x1 = x[k0 + 1]!;
  const x2 = x[k0 + 2]!;
  const x3 = x[k0 + 3]!;
  const x4 = x[k0 + 4]!;
  const x5 = x[k0 + 5]!;
  const x6 = x[k0 + 6]!;
  const x7 = x[k0 + 7]!;
  let t0 = 0; let t1 = 0; let t2 = 0; let t3 = 0; let t4 = 0; let t5 = 0; let t6 = 0; let t7 = 0;
  let u0 = 0; let u1 = 0; let u2 = 0; let u3 = 0; let u4 = 0; let u5 = 0; let u6 = 0; let u7 = 0;
  for (let b = b0; b < b1; b++) {
    const r0 = start[b]!;
    const r1 = start[b + 1]!;
    let s0 = 0; let s1 = 0; let s2 = 0; let s3 = 0; let s4 = 0; let s5 = 0; let s6 = 0; let s7 = 0;
    for (let i = r0; i < r1; i++) {
      const y0 = x0[i]!; const y1 = x1[i]!; const y2 = x2[i]!; const y3 = x3[i]!; const y4 = x4[i]!; const y5 = x5[i]!; const y6 = x6[i]!; const y7 = x7[i]!;
      s0 += y0; s1 += y1; s2 += y2; s3 += y3; s4 += y4; s5 += y5; s6 += y6; s7 += y7;
      u0 += y0 * y0; u1 += y1 * y1; u2 += y2 * y2; u3 += y3 * y3; u4 += y4 * y4; u5 += y5 * y5; u6 += y6 * y6; u7 += y7 * y7;
    }
    const nb = r1 - r0;
    const inv = nb > 0 ? 1 / nb : 0;
    const m0 = s0 * inv; const m1 = s1 * inv; const m2 = s2 * inv; const m3 = s3 * inv; const m4 = s4 * inv; const m5 = s5 * inv; const m6 = s6 * inv; const m7 = s7 * inv;
    t0 += s0; t1 += s1; t2 += s2; t3 += s3; t4 += s4; t5 += s5; t6 += s6; t7 += s7;
    const xb = b * K + k0;
    xbar[xb] = m0; xbar[xb + 1] = m1; xbar[xb + 2] = m2; xbar[xb + 3] = m3; xbar[xb + 4] = m4; xbar[xb + 5] = m5; xbar[xb + 6] = m6; xbar[xb + 7] = m7;
    for (let i = r0; i < r1; i++) {
      const l = (f0 + c0[i]!) * K + k0;
      v[l]! += x0[i]! - m0; v[l + 1]! += x1[i]! - m1; v[l + 2]! += x2[i]! - m2; v[l + 3]! += x3[i]! - m3; v[l + 4]! += x4[i]! - m4; v[l + 5]! += x5[i]! - m5; v[l + 6]! += x6[i]! - m6; v[l + 7]! += x7[i]! - m7;
    }
  }
  mp[k0] = t0; mp[k0 + 1] = t1; mp[k0 + 2] = t2; mp[k0 + 3] = t3; mp[k0 + 4] = t4; mp[k0 + 5] = t5; mp[k0 + 6] = t6; mp[k0 + 7] = t7;
  mp[K + k0] = u0; mp[K + k0 + 1] = u1; mp[K + k0 + 2] = u2; mp[K + k0 + 3] = u3; mp[K + k0 + 4] = u4; mp[K + k0 + 5] = u5; mp[K + k0 + 6] = u6; mp[K + k0 + 7] = u7;
}

/** One small FE: all of a level's columns (up to 8) per pass. */
type LevelSumsRhsWidth = (v: Float64Array, start: Int32Array, c0: Int32Array, f0: number, xbar: Float64Array, mp: Float64Array, x: readonly Float64Array[], b0: number, b1: number, K: number, k0: number) => void;
const LEVEL_SUMS_RHS_1: readonly LevelSumsRhsWidth[] = [levelSumsRhs1s1, levelSumsRhs1s1, levelSumsRhs2s1, levelSumsRhs3s1, levelSumsRhs4s1, levelSumsRhs5s1, levelSumsRhs6s1, levelSumsRhs7s1, levelSumsRhs8s1];
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

/**
 * Passes 0 + 1 on rows grouped by B, levels [b0, b1) (level b is rows start[b]..start[b+1]):
 * each level's sums, its means into xbar, then D'M_B x from the level's rows while they are
 * in cache. The sums are taken in row order and scaled by 1/n_b as in passes 0 and 2. Also
 * mp = [Σx per column, Σx² per column] over the levels, for the fit.
 */
export function directLevelSumsRhs(v: Float64Array, start: Int32Array, s: Small, xbar: Float64Array, mp: Float64Array, x: readonly Float64Array[], b0: number, b1: number, K: number): void {
  let k = 0;
  if (s.sc.length === 1) {
    // One small FE (the common case): its codes in a local, no loop over the small FE, and
    // up to 8 columns per pass.
    const c0 = s.sc[0]!;
    const f0 = s.off[0]!;
    for (; k < K; k += 8) LEVEL_SUMS_RHS_1[Math.min(8, K - k)]!(v, start, c0, f0, xbar, mp, x, b0, b1, K, k);
    return;
  }
  for (; k + 4 <= K; k += 4) levelSumsRhs4(v, start, s, xbar, mp, x[k]!, x[k + 1]!, x[k + 2]!, x[k + 3]!, b0, b1, K, k);
  for (; k + 2 <= K; k += 2) levelSumsRhs2(v, start, s, xbar, mp, x[k]!, x[k + 1]!, b0, b1, K, k);
  if (k < K) levelSumsRhs1(v, start, s, xbar, mp, x[k]!, b0, b1, K, k);
}
