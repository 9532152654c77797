// The demeaned-column cache keys on content fingerprints: a change of any one value, at any
// position (each of the four word lanes and the tail), must change the key; equal content in
// different arrays must give the same key.
import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../../src/estimators/linear/cache.js';

describe('fingerprint', () => {
  it('changes with any single value and with a swap of neighbours; equal content, equal key', () => {
    const base = Float64Array.from({ length: 37 }, (_, i) => i * 0.5 - 3);
    const key = fingerprint(base);
    expect(fingerprint(base.slice())).toBe(key);
    for (let i = 0; i < base.length; i++) {
      const v = base.slice();
      v[i] = v[i]! + 2 ** -40;
      expect(fingerprint(v), `value ${i}`).not.toBe(key);
    }
    for (let i = 0; i + 1 < base.length; i++) {
      const v = base.slice();
      [v[i], v[i + 1]] = [v[i + 1]!, v[i]!];
      expect(fingerprint(v), `swap ${i}`).not.toBe(key);
    }
    // Same bytes as another type or length are different arrays to the cache.
    expect(fingerprint(Int32Array.from([1, 2, 3]))).not.toBe(fingerprint(Int32Array.from([1, 2, 3, 0])));
  });
});
