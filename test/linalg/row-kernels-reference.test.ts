// The fit's row kernels (cross-product tiles, residual blocks, cluster scores) against their
// plain twins: bit-identical for every tile shape and column count, on any row range.
import { describe, expect, it } from 'vitest';
import { crossTile, residBlock } from '../../src/linalg/row-kernels.js';
import { clusterScores } from '../../src/linalg/score-kernels.js';
import { clusterScoresReference, crossTileReference, residBlockReference } from '../../src/linalg/reference/rows.js';
import { bits, codes, columns, lcg, ranges } from './random-inputs.js';

const n = 1001;

describe('row kernels', () => {
  it('cross-product tiles of every shape equal the reference', () => {
    const rnd = lcg(3);
    for (let ka = 1; ka <= 4; ka++) {
      for (let kb = 1; kb <= 4; kb++) {
        const A = columns(rnd, ka, n);
        const B = columns(rnd, kb, n);
        for (const [lo, hi] of ranges(n)) {
          for (const diag of ka === kb ? [false, true] : [false]) {
            const fast = new Float64Array(2 + ka * kb);
            const ref = new Float64Array(2 + ka * kb);
            crossTile(fast, 2, A, diag ? A : B, diag, lo, hi);
            crossTileReference(ref, 2, A, diag ? A : B, diag, lo, hi);
            expect(bits(fast).equals(bits(ref)), `${ka}×${kb}${diag ? ' diag' : ''} rows ${lo}..${hi}`).toBe(true);
          }
        }
      }
    }
  });

  it('residual blocks of 1 to 17 columns equal the reference', () => {
    const rnd = lcg(4);
    for (const k of [1, 2, 3, 4, 5, 6, 7, 9, 17]) {
      const X = columns(rnd, k, n);
      const b = columns(rnd, 1, k)[0]!;
      const u0 = columns(rnd, 1, n)[0]!;
      for (const [lo, hi] of ranges(n)) {
        const fast = u0.slice();
        const ref = u0.slice();
        residBlock(fast, X, b, lo, hi);
        residBlockReference(ref, X, b, lo, hi);
        expect(bits(fast).equals(bits(ref)), `k=${k} rows ${lo}..${hi}`).toBe(true);
      }
    }
  });

  it('cluster scores, with and without the constant, equal the reference', () => {
    const rnd = lcg(5);
    for (const kx of [0, 1, 2, 3, 4, 5, 7, 8, 17]) {
      for (const constant of [false, true]) {
        const k = kx + (constant ? 1 : 0);
        const X = columns(rnd, kx, n);
        const u = columns(rnd, 1, n)[0]!;
        for (const sorted of [false, true]) {
          const c = codes(rnd, n, 41, sorted);
          for (const [lo, hi] of ranges(n)) {
            const fast = new Float64Array(41 * k);
            const ref = new Float64Array(41 * k);
            clusterScores(fast, X, u, c, constant, lo, hi);
            clusterScoresReference(ref, X, u, c, constant, lo, hi);
            expect(bits(fast).equals(bits(ref)), `kx=${kx} constant=${constant} rows ${lo}..${hi}`).toBe(true);
          }
        }
      }
    }
  });
});
