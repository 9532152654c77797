// The demeaning's sweep kernels (hand-specialised per column count) against their plain
// twins: the same arithmetic in the same order, so bit-identical, for every width the
// demeaning uses (1–16 columns per block) and beyond, on row ranges of any length.
import { describe, expect, it } from 'vitest';
import { gather, scatterAdd, scatterSub } from '../../src/linalg/sweep-kernels.js';
import { gatherReference, scatterAddReference, scatterSubReference } from '../../src/linalg/reference/sweep.js';
import { bits, codes, columns, lcg, ranges } from './random-inputs.js';

const n = 1003;
const widths = [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 15, 16, 17, 23];

describe('sweep kernels', () => {
  it('gather equals its reference bit for bit', () => {
    const rnd = lcg(1);
    for (const K of widths) {
      const ca = codes(rnd, n, 37);
      const cb = codes(rnd, n, 11);
      const off = 5 * K;
      const coef = columns(rnd, 1, off + 11 * K)[0]!;
      const start = columns(rnd, 1, 37 * K)[0]!;
      for (const [lo, hi] of ranges(n)) {
        const fast = start.slice();
        const ref = start.slice();
        gather(fast, ca, coef, cb, off, lo, hi, K);
        gatherReference(ref, ca, coef, cb, off, lo, hi, K);
        expect(bits(fast).equals(bits(ref)), `K=${K} rows ${lo}..${hi}`).toBe(true);
      }
    }
  });

  it('scatterAdd and scatterSub equal their references bit for bit', () => {
    const rnd = lcg(2);
    for (const K of widths) {
      const c = codes(rnd, n, 23);
      const x = columns(rnd, K, n);
      const off = 3 * K;
      for (const [lo, hi] of ranges(n)) {
        const fast = new Float64Array(off + 23 * K);
        const ref = new Float64Array(off + 23 * K);
        scatterAdd(fast, off, c, x, lo, hi);
        scatterAddReference(ref, off, c, x, lo, hi);
        expect(bits(fast).equals(bits(ref)), `add K=${K} rows ${lo}..${hi}`).toBe(true);
        const xf = x.map((v) => v.slice());
        const xr = x.map((v) => v.slice());
        scatterSub(fast, off, c, xf, lo, hi);
        scatterSubReference(ref, off, c, xr, lo, hi);
        for (let k = 0; k < K; k++) expect(bits(xf[k]!).equals(bits(xr[k]!)), `sub K=${K} column ${k}`).toBe(true);
      }
    }
  });
});
