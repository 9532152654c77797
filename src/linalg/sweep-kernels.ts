/**
 * The kernels of the demeaning's sweeps (demean-tasks.ts), hand-specialised by column count.
 *
 * The sweep's gather runs once per FE per sweep, dozens to hundreds of times per demeaning,
 * and is bound by loading each row's two level codes: handling all of a row's columns per
 * load, with the column loop written out, is ~3× faster on V8 than an inner loop over the
 * columns (bench/kernels.bench.ts). So there is one gather per width 1–8, and wider blocks
 * run as several widths side by side (each coefficient still receives the same updates in
 * row order, so the split changes no value). The scatters (level sums at the start, the
 * residuals at the end) are written the same way: with few iterations they weigh as much.
 *
 * Each kernel's plain twin is in reference/sweep.ts; test/linalg/sweep-kernels.test.ts
 * compares them bit for bit.
 */

/** acc[ca(i)·stride + k0 + j] −= coef[off + cb(i)·stride + k0 + j], j < width, rows [lo, hi). */
type GatherWidth = (acc: Float64Array, ca: Int32Array, coef: Float64Array, cb: Int32Array, off: number, lo: number, hi: number, stride: number, k0: number) => void;

function gather1(acc: Float64Array, ca: Int32Array, coef: Float64Array, cb: Int32Array, off: number, lo: number, hi: number, stride: number, k0: number): void {
  for (let i = lo; i < hi; i++) {
    const a = ca[i]! * stride + k0;
    const b = off + cb[i]! * stride + k0;
    acc[a]! -= coef[b]!;
  }
}

function gather2(acc: Float64Array, ca: Int32Array, coef: Float64Array, cb: Int32Array, off: number, lo: number, hi: number, stride: number, k0: number): void {
  for (let i = lo; i < hi; i++) {
    const a = ca[i]! * stride + k0;
    const b = off + cb[i]! * stride + k0;
    acc[a]! -= coef[b]!; acc[a + 1]! -= coef[b + 1]!;
  }
}

function gather3(acc: Float64Array, ca: Int32Array, coef: Float64Array, cb: Int32Array, off: number, lo: number, hi: number, stride: number, k0: number): void {
  for (let i = lo; i < hi; i++) {
    const a = ca[i]! * stride + k0;
    const b = off + cb[i]! * stride + k0;
    acc[a]! -= coef[b]!; acc[a + 1]! -= coef[b + 1]!; acc[a + 2]! -= coef[b + 2]!;
  }
}

function gather4(acc: Float64Array, ca: Int32Array, coef: Float64Array, cb: Int32Array, off: number, lo: number, hi: number, stride: number, k0: number): void {
  for (let i = lo; i < hi; i++) {
    const a = ca[i]! * stride + k0;
    const b = off + cb[i]! * stride + k0;
    acc[a]! -= coef[b]!; acc[a + 1]! -= coef[b + 1]!; acc[a + 2]! -= coef[b + 2]!; acc[a + 3]! -= coef[b + 3]!;
  }
}

function gather5(acc: Float64Array, ca: Int32Array, coef: Float64Array, cb: Int32Array, off: number, lo: number, hi: number, stride: number, k0: number): void {
  for (let i = lo; i < hi; i++) {
    const a = ca[i]! * stride + k0;
    const b = off + cb[i]! * stride + k0;
    acc[a]! -= coef[b]!; acc[a + 1]! -= coef[b + 1]!; acc[a + 2]! -= coef[b + 2]!; acc[a + 3]! -= coef[b + 3]!; acc[a + 4]! -= coef[b + 4]!;
  }
}

function gather6(acc: Float64Array, ca: Int32Array, coef: Float64Array, cb: Int32Array, off: number, lo: number, hi: number, stride: number, k0: number): void {
  for (let i = lo; i < hi; i++) {
    const a = ca[i]! * stride + k0;
    const b = off + cb[i]! * stride + k0;
    acc[a]! -= coef[b]!; acc[a + 1]! -= coef[b + 1]!; acc[a + 2]! -= coef[b + 2]!; acc[a + 3]! -= coef[b + 3]!; acc[a + 4]! -= coef[b + 4]!; acc[a + 5]! -= coef[b + 5]!;
  }
}

function gather7(acc: Float64Array, ca: Int32Array, coef: Float64Array, cb: Int32Array, off: number, lo: number, hi: number, stride: number, k0: number): void {
  for (let i = lo; i < hi; i++) {
    const a = ca[i]! * stride + k0;
    const b = off + cb[i]! * stride + k0;
    acc[a]! -= coef[b]!; acc[a + 1]! -= coef[b + 1]!; acc[a + 2]! -= coef[b + 2]!; acc[a + 3]! -= coef[b + 3]!; acc[a + 4]! -= coef[b + 4]!; acc[a + 5]! -= coef[b + 5]!; acc[a + 6]! -= coef[b + 6]!;
  }
}

function gather8(acc: Float64Array, ca: Int32Array, coef: Float64Array, cb: Int32Array, off: number, lo: number, hi: number, stride: number, k0: number): void {
  for (let i = lo; i < hi; i++) {
    const a = ca[i]! * stride + k0;
    const b = off + cb[i]! * stride + k0;
    acc[a]! -= coef[b]!; acc[a + 1]! -= coef[b + 1]!; acc[a + 2]! -= coef[b + 2]!; acc[a + 3]! -= coef[b + 3]!; acc[a + 4]! -= coef[b + 4]!; acc[a + 5]! -= coef[b + 5]!; acc[a + 6]! -= coef[b + 6]!; acc[a + 7]! -= coef[b + 7]!;
  }
}

const GATHER: readonly GatherWidth[] = [gather1, gather1, gather2, gather3, gather4, gather5, gather6, gather7, gather8];

/**
 * acc[ca(i)·K + k] −= coef[off + cb(i)·K + k] for every k < K over rows [lo, hi): the
 * level sums of one FE minus the other FE's coefficients, coefficients interleaved by column.
 */
export function gather(acc: Float64Array, ca: Int32Array, coef: Float64Array, cb: Int32Array, off: number, lo: number, hi: number, K: number): void {
  for (let k0 = 0; k0 < K; k0 += 8) GATHER[Math.min(8, K - k0)]!(acc, ca, coef, cb, off, lo, hi, K, k0);
}

/** coef[off + codes(i)·K + k] += x_k[i] for every column over rows [lo, hi) (level sums). */
export function scatterAdd(coef: Float64Array, off: number, codes: Int32Array, x: readonly Float64Array[], lo: number, hi: number): void {
  const K = x.length;
  for (let k0 = 0; k0 < K; k0 += 8) SCATTER_ADD[Math.min(8, K - k0)]!(coef, off, codes, x, lo, hi, K, k0);
}

/** x_k[i] −= coef[off + codes(i)·K + k] for every column over rows [lo, hi) (removing one FE's fit). */
export function scatterSub(coef: Float64Array, off: number, codes: Int32Array, x: readonly Float64Array[], lo: number, hi: number): void {
  const K = x.length;
  for (let k0 = 0; k0 < K; k0 += 8) SCATTER_SUB[Math.min(8, K - k0)]!(coef, off, codes, x, lo, hi, K, k0);
}

/** Columns k0..k0+width−1 of x, interleaved stride K in coef. */
type ScatterWidth = (coef: Float64Array, off: number, codes: Int32Array, x: readonly Float64Array[], lo: number, hi: number, K: number, k0: number) => void;

function scatterAdd1(c: Float64Array, off: number, codes: Int32Array, x: readonly Float64Array[], lo: number, hi: number, K: number, k0: number): void {
  const x0 = x[k0]!;
  for (let i = lo; i < hi; i++) {
    const b = off + codes[i]! * K + k0;
    c[b]! += x0[i]!;
  }
}

function scatterAdd2(c: Float64Array, off: number, codes: Int32Array, x: readonly Float64Array[], lo: number, hi: number, K: number, k0: number): void {
  const x0 = x[k0]!;
  const x1 = x[k0 + 1]!;
  for (let i = lo; i < hi; i++) {
    const b = off + codes[i]! * K + k0;
    c[b]! += x0[i]!; c[b + 1]! += x1[i]!;
  }
}

function scatterAdd3(c: Float64Array, off: number, codes: Int32Array, x: readonly Float64Array[], lo: number, hi: number, K: number, k0: number): void {
  const x0 = x[k0]!;
  const x1 = x[k0 + 1]!;
  const x2 = x[k0 + 2]!;
  for (let i = lo; i < hi; i++) {
    const b = off + codes[i]! * K + k0;
    c[b]! += x0[i]!; c[b + 1]! += x1[i]!; c[b + 2]! += x2[i]!;
  }
}

function scatterAdd4(c: Float64Array, off: number, codes: Int32Array, x: readonly Float64Array[], lo: number, hi: number, K: number, k0: number): void {
  const x0 = x[k0]!;
  const x1 = x[k0 + 1]!;
  const x2 = x[k0 + 2]!;
  const x3 = x[k0 + 3]!;
  for (let i = lo; i < hi; i++) {
    const b = off + codes[i]! * K + k0;
    c[b]! += x0[i]!; c[b + 1]! += x1[i]!; c[b + 2]! += x2[i]!; c[b + 3]! += x3[i]!;
  }
}

function scatterAdd5(c: Float64Array, off: number, codes: Int32Array, x: readonly Float64Array[], lo: number, hi: number, K: number, k0: number): void {
  const x0 = x[k0]!;
  const x1 = x[k0 + 1]!;
  const x2 = x[k0 + 2]!;
  const x3 = x[k0 + 3]!;
  const x4 = x[k0 + 4]!;
  for (let i = lo; i < hi; i++) {
    const b = off + codes[i]! * K + k0;
    c[b]! += x0[i]!; c[b + 1]! += x1[i]!; c[b + 2]! += x2[i]!; c[b + 3]! += x3[i]!; c[b + 4]! += x4[i]!;
  }
}

function scatterAdd6(c: Float64Array, off: number, codes: Int32Array, x: readonly Float64Array[], lo: number, hi: number, K: number, k0: number): void {
  const x0 = x[k0]!;
  const x1 = x[k0 + 1]!;
  const x2 = x[k0 + 2]!;
  const x3 = x[k0 + 3]!;
  const x4 = x[k0 + 4]!;
  const x5 = x[k0 + 5]!;
  for (let i = lo; i < hi; i++) {
    const b = off + codes[i]! * K + k0;
    c[b]! += x0[i]!; c[b + 1]! += x1[i]!; c[b + 2]! += x2[i]!; c[b + 3]! += x3[i]!; c[b + 4]! += x4[i]!; c[b + 5]! += x5[i]!;
  }
}

function scatterAdd7(c: Float64Array, off: number, codes: Int32Array, x: readonly Float64Array[], lo: number, hi: number, K: number, k0: number): void {
  const x0 = x[k0]!;
  const x1 = x[k0 + 1]!;
  const x2 = x[k0 + 2]!;
  const x3 = x[k0 + 3]!;
  const x4 = x[k0 + 4]!;
  const x5 = x[k0 + 5]!;
  const x6 = x[k0 + 6]!;
  for (let i = lo; i < hi; i++) {
    const b = off + codes[i]! * K + k0;
    c[b]! += x0[i]!; c[b + 1]! += x1[i]!; c[b + 2]! += x2[i]!; c[b + 3]! += x3[i]!; c[b + 4]! += x4[i]!; c[b + 5]! += x5[i]!; c[b + 6]! += x6[i]!;
  }
}

function scatterAdd8(c: Float64Array, off: number, codes: Int32Array, x: readonly Float64Array[], lo: number, hi: number, K: number, k0: number): void {
  const x0 = x[k0]!;
  const x1 = x[k0 + 1]!;
  const x2 = x[k0 + 2]!;
  const x3 = x[k0 + 3]!;
  const x4 = x[k0 + 4]!;
  const x5 = x[k0 + 5]!;
  const x6 = x[k0 + 6]!;
  const x7 = x[k0 + 7]!;
  for (let i = lo; i < hi; i++) {
    const b = off + codes[i]! * K + k0;
    c[b]! += x0[i]!; c[b + 1]! += x1[i]!; c[b + 2]! += x2[i]!; c[b + 3]! += x3[i]!; c[b + 4]! += x4[i]!; c[b + 5]! += x5[i]!; c[b + 6]! += x6[i]!; c[b + 7]! += x7[i]!;
  }
}

function scatterSub1(c: Float64Array, off: number, codes: Int32Array, x: readonly Float64Array[], lo: number, hi: number, K: number, k0: number): void {
  const x0 = x[k0]!;
  for (let i = lo; i < hi; i++) {
    const b = off + codes[i]! * K + k0;
    x0[i]! -= c[b]!;
  }
}

function scatterSub2(c: Float64Array, off: number, codes: Int32Array, x: readonly Float64Array[], lo: number, hi: number, K: number, k0: number): void {
  const x0 = x[k0]!;
  const x1 = x[k0 + 1]!;
  for (let i = lo; i < hi; i++) {
    const b = off + codes[i]! * K + k0;
    x0[i]! -= c[b]!; x1[i]! -= c[b + 1]!;
  }
}

function scatterSub3(c: Float64Array, off: number, codes: Int32Array, x: readonly Float64Array[], lo: number, hi: number, K: number, k0: number): void {
  const x0 = x[k0]!;
  const x1 = x[k0 + 1]!;
  const x2 = x[k0 + 2]!;
  for (let i = lo; i < hi; i++) {
    const b = off + codes[i]! * K + k0;
    x0[i]! -= c[b]!; x1[i]! -= c[b + 1]!; x2[i]! -= c[b + 2]!;
  }
}

function scatterSub4(c: Float64Array, off: number, codes: Int32Array, x: readonly Float64Array[], lo: number, hi: number, K: number, k0: number): void {
  const x0 = x[k0]!;
  const x1 = x[k0 + 1]!;
  const x2 = x[k0 + 2]!;
  const x3 = x[k0 + 3]!;
  for (let i = lo; i < hi; i++) {
    const b = off + codes[i]! * K + k0;
    x0[i]! -= c[b]!; x1[i]! -= c[b + 1]!; x2[i]! -= c[b + 2]!; x3[i]! -= c[b + 3]!;
  }
}

function scatterSub5(c: Float64Array, off: number, codes: Int32Array, x: readonly Float64Array[], lo: number, hi: number, K: number, k0: number): void {
  const x0 = x[k0]!;
  const x1 = x[k0 + 1]!;
  const x2 = x[k0 + 2]!;
  const x3 = x[k0 + 3]!;
  const x4 = x[k0 + 4]!;
  for (let i = lo; i < hi; i++) {
    const b = off + codes[i]! * K + k0;
    x0[i]! -= c[b]!; x1[i]! -= c[b + 1]!; x2[i]! -= c[b + 2]!; x3[i]! -= c[b + 3]!; x4[i]! -= c[b + 4]!;
  }
}

function scatterSub6(c: Float64Array, off: number, codes: Int32Array, x: readonly Float64Array[], lo: number, hi: number, K: number, k0: number): void {
  const x0 = x[k0]!;
  const x1 = x[k0 + 1]!;
  const x2 = x[k0 + 2]!;
  const x3 = x[k0 + 3]!;
  const x4 = x[k0 + 4]!;
  const x5 = x[k0 + 5]!;
  for (let i = lo; i < hi; i++) {
    const b = off + codes[i]! * K + k0;
    x0[i]! -= c[b]!; x1[i]! -= c[b + 1]!; x2[i]! -= c[b + 2]!; x3[i]! -= c[b + 3]!; x4[i]! -= c[b + 4]!; x5[i]! -= c[b + 5]!;
  }
}

function scatterSub7(c: Float64Array, off: number, codes: Int32Array, x: readonly Float64Array[], lo: number, hi: number, K: number, k0: number): void {
  const x0 = x[k0]!;
  const x1 = x[k0 + 1]!;
  const x2 = x[k0 + 2]!;
  const x3 = x[k0 + 3]!;
  const x4 = x[k0 + 4]!;
  const x5 = x[k0 + 5]!;
  const x6 = x[k0 + 6]!;
  for (let i = lo; i < hi; i++) {
    const b = off + codes[i]! * K + k0;
    x0[i]! -= c[b]!; x1[i]! -= c[b + 1]!; x2[i]! -= c[b + 2]!; x3[i]! -= c[b + 3]!; x4[i]! -= c[b + 4]!; x5[i]! -= c[b + 5]!; x6[i]! -= c[b + 6]!;
  }
}

function scatterSub8(c: Float64Array, off: number, codes: Int32Array, x: readonly Float64Array[], lo: number, hi: number, K: number, k0: number): void {
  const x0 = x[k0]!;
  const x1 = x[k0 + 1]!;
  const x2 = x[k0 + 2]!;
  const x3 = x[k0 + 3]!;
  const x4 = x[k0 + 4]!;
  const x5 = x[k0 + 5]!;
  const x6 = x[k0 + 6]!;
  const x7 = x[k0 + 7]!;
  for (let i = lo; i < hi; i++) {
    const b = off + codes[i]! * K + k0;
    x0[i]! -= c[b]!; x1[i]! -= c[b + 1]!; x2[i]! -= c[b + 2]!; x3[i]! -= c[b + 3]!; x4[i]! -= c[b + 4]!; x5[i]! -= c[b + 5]!; x6[i]! -= c[b + 6]!; x7[i]! -= c[b + 7]!;
  }
}

const SCATTER_ADD: readonly ScatterWidth[] = [scatterAdd1, scatterAdd1, scatterAdd2, scatterAdd3, scatterAdd4, scatterAdd5, scatterAdd6, scatterAdd7, scatterAdd8];
const SCATTER_SUB: readonly ScatterWidth[] = [scatterSub1, scatterSub1, scatterSub2, scatterSub3, scatterSub4, scatterSub5, scatterSub6, scatterSub7, scatterSub8];
