/** The tiled cluster outer-product sums equal the plain nested loops bit for bit, for every k. */
import { describe, expect, it } from 'vitest';
import { outerSums, outerSumsReference } from '../../src/vcov/meat.js';

describe('outerSums', () => {
  it('matches the reference for k = 1 … 13', () => {
    let seed = 3;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 1e3;
    for (let k = 1; k <= 13; k++) {
      const G = 257;
      const S = Float64Array.from({ length: G * k }, rnd);
      const got = outerSums(S, G, k);
      const want = outerSumsReference(S, G, k);
      expect(Array.from(got)).toEqual(Array.from(want));
    }
    expect(outerSums(new Float64Array(0), 0, 0).length).toBe(0);
  });
});
