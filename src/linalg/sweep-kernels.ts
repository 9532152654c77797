/**
 * The kernels of the demeaning's sweeps (demean-tasks.ts), hand-specialised by column count.
 *
 * The sweep's gather runs once per FE per sweep, dozens to hundreds of times per demeaning,
 * and is bound by loading each row's two level codes: handling all of a row's columns per
 * load, with the column loop written out, is ~2× faster on V8 than an inner loop over the
 * columns (bench/kernels.bench.ts). So there is one gather per width 1–8, and wider blocks
 * run as several widths side by side (each coefficient still receives the same updates in
 * row order, so the split changes no value). The scatters run once per demeaning and go by
 * blocks of 4, 2 and 1 columns.
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
  let k = 0;
  for (; k + 4 <= K; k += 4) scatterAdd4(coef, off, codes, x[k]!, x[k + 1]!, x[k + 2]!, x[k + 3]!, lo, hi, K, k);
  for (; k + 2 <= K; k += 2) scatterAdd2(coef, off, codes, x[k]!, x[k + 1]!, lo, hi, K, k);
  if (k < K) scatterAdd1(coef, off, codes, x[k]!, lo, hi, K, k);
}

function scatterAdd4(c: Float64Array, off: number, codes: Int32Array, x0: Float64Array, x1: Float64Array, x2: Float64Array, x3: Float64Array, lo: number, hi: number, K: number, k0: number): void {
  for (let i = lo; i < hi; i++) {
    const b = off + codes[i]! * K + k0;
    c[b]! += x0[i]!;
    c[b + 1]! += x1[i]!;
    c[b + 2]! += x2[i]!;
    c[b + 3]! += x3[i]!;
  }
}

function scatterAdd2(c: Float64Array, off: number, codes: Int32Array, x0: Float64Array, x1: Float64Array, lo: number, hi: number, K: number, k0: number): void {
  for (let i = lo; i < hi; i++) {
    const b = off + codes[i]! * K + k0;
    c[b]! += x0[i]!;
    c[b + 1]! += x1[i]!;
  }
}

function scatterAdd1(c: Float64Array, off: number, codes: Int32Array, x0: Float64Array, lo: number, hi: number, K: number, k0: number): void {
  for (let i = lo; i < hi; i++) c[off + codes[i]! * K + k0]! += x0[i]!;
}

/** x_k[i] −= coef[off + codes(i)·K + k] for every column over rows [lo, hi) (removing one FE's fit). */
export function scatterSub(coef: Float64Array, off: number, codes: Int32Array, x: readonly Float64Array[], lo: number, hi: number): void {
  const K = x.length;
  let k = 0;
  for (; k + 4 <= K; k += 4) scatterSub4(coef, off, codes, x[k]!, x[k + 1]!, x[k + 2]!, x[k + 3]!, lo, hi, K, k);
  for (; k + 2 <= K; k += 2) scatterSub2(coef, off, codes, x[k]!, x[k + 1]!, lo, hi, K, k);
  if (k < K) scatterSub1(coef, off, codes, x[k]!, lo, hi, K, k);
}

function scatterSub4(c: Float64Array, off: number, codes: Int32Array, x0: Float64Array, x1: Float64Array, x2: Float64Array, x3: Float64Array, lo: number, hi: number, K: number, k0: number): void {
  for (let i = lo; i < hi; i++) {
    const b = off + codes[i]! * K + k0;
    x0[i]! -= c[b]!;
    x1[i]! -= c[b + 1]!;
    x2[i]! -= c[b + 2]!;
    x3[i]! -= c[b + 3]!;
  }
}

function scatterSub2(c: Float64Array, off: number, codes: Int32Array, x0: Float64Array, x1: Float64Array, lo: number, hi: number, K: number, k0: number): void {
  for (let i = lo; i < hi; i++) {
    const b = off + codes[i]! * K + k0;
    x0[i]! -= c[b]!;
    x1[i]! -= c[b + 1]!;
  }
}

function scatterSub1(c: Float64Array, off: number, codes: Int32Array, x0: Float64Array, lo: number, hi: number, K: number, k0: number): void {
  for (let i = lo; i < hi; i++) x0[i]! -= c[off + codes[i]! * K + k0]!;
}
