import { describe, expect, it } from 'vitest';
import { suggest, didYouMean, editDistance } from '../../src/diagnostics/messages/index.js';

describe('suggest', () => {
  it('finds close names by edit distance', () => {
    expect(suggest('lnasets', ['lnassets', 'lnage', 'leverage'])).toEqual(['lnassets']);
    expect(didYouMean('estimater', ['estimator', 'formula'])).toEqual(["did you mean 'estimator'?"]);
  });
  it('counts an adjacent transposition as one edit (optimal string alignment)', () => {
    expect(editDistance('QAU', 'QUA')).toBe(1);
    expect(editDistance('frim', 'firm')).toBe(1);
    expect(editDistance('vcvo', 'vcov')).toBe(1);
    expect(editDistance('ca', 'abc')).toBe(3); // OSA, not unrestricted Damerau (which gives 2)
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(suggest('QAU', ['QUA', 'lnage'])).toEqual(['QUA']);
    expect(suggest('frim', ['firm', 'year'])).toEqual(['firm']);
    expect(didYouMean('vcvo', ['vcov', 'formula'])).toEqual(["did you mean 'vcov'?"]);
  });
  it('suggests nothing for unrelated names', () => {
    expect(suggest('zzz', ['lnassets', 'formula'])).toEqual([]);
  });
});
