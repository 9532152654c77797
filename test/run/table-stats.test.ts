import { describe, expect, it } from 'vitest';
import { factorColumn, numColumn } from '../../src/data/frame.js';
import { countDistinct, meanSd } from '../../src/run/table-stats.js';

describe('table-side statistics of the estimation sample', () => {
  it('mean and sd (n − 1) skip missing values, as Stata summarize', () => {
    const { mean, sd } = meanSd(Float64Array.from([1, 2, NaN, 3, 6]));
    expect(mean).toBe(3);
    expect(sd).toBeCloseTo(Math.sqrt(((1 - 3) ** 2 + (2 - 3) ** 2 + 0 + (6 - 3) ** 2) / 3), 14);
    expect(meanSd(Float64Array.from([NaN]))).toEqual({ mean: null, sd: null });
    expect(meanSd(Float64Array.from([4]))).toEqual({ mean: 4, sd: null });
  });

  it('groups = distinct ids among the rows used, missing ids not counted', () => {
    expect(countDistinct(numColumn(Float64Array.from([7, 7, 8, NaN, 9])), [0, 1, 2, 3])).toBe(2);
    expect(countDistinct(factorColumn(Int32Array.from([0, 1, -1, 1]), ['a', 'b']), [0, 1, 2, 3])).toBe(2);
  });
});
