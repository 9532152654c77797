/** O(n) kernels against plain loops. */
import { describe, expect, it } from 'vitest';
import { columnMoments } from '../../src/linalg/kernels.js';

describe('columnMoments', () => {
  it('equals one plain loop per column, for odd and even column counts', () => {
    for (const k of [0, 1, 2, 5, 6]) {
      const cols = Array.from({ length: k }, (_, j) => Float64Array.from({ length: 1001 }, (_, i) => Math.sin(i * (j + 1) * 0.37) * 10 ** j));
      const { sums, sumsq } = columnMoments(cols);
      cols.forEach((x, j) => {
        let s = 0;
        let q = 0;
        for (const v of x) {
          s += v;
          q += v * v;
        }
        expect(sums[j]).toBe(s);
        expect(sumsq[j]).toBe(q);
      });
    }
  });
});
