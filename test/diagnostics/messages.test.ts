import { describe, expect, it } from 'vitest';
import { suggest, didYouMean } from '../../src/diagnostics/messages/index.js';

describe('suggest', () => {
  it('finds close names by edit distance', () => {
    expect(suggest('lnasets', ['lnassets', 'lnage', 'leverage'])).toEqual(['lnassets']);
    expect(didYouMean('estimater', ['estimator', 'formula'])).toEqual(["did you mean 'estimator'?"]);
  });
  it('suggests nothing for unrelated names', () => {
    expect(suggest('zzz', ['lnassets', 'formula'])).toEqual([]);
  });
});
