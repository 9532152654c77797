import { describe, expect, it } from 'vitest';
import { errorCode, expectClose, frame, run } from './helpers.js';

describe('winsorize', () => {
  const f = frame({ x: [1, 2, 3, 4, 5, 6, 7, 8, 9, 100, null], g: ['a', 'a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'b', 'b'] });
  it('type 2 (default) clamps at _pctile cut points: n·p = 1 is an integer → average of x[1], x[2]', () => {
    // n = 10, p = 0.1 → P = 1 → (1 + 2)/2; p = 0.9 → P = 9 → (9 + 100)/2
    expect(run('winsorize(x, 0.1, 0.9)', f)).toEqual([1.5, 2, 3, 4, 5, 6, 7, 8, 9, 54.5, null]);
  });
  it('type 7 interpolates as R does', () => {
    // h = 9·0.1 + 1 = 1.9 → 1 + 0.9·1; h = 9·0.9 + 1 = 9.1 → 9 + 0.1·91
    expectClose(run('winsorize(x, 0.1, 0.9, type = 7)', f), [1.9, 2, 3, 4, 5, 6, 7, 8, 9, 18.1, null]);
  });
  it('works within groups', () => {
    // group a: 1..5, P = 0.5 → x[1] = 1 low, P = 4.5 → x[5] = 5 high: unchanged; b: 6,7,8,9,100 → high cut 100
    expect(run('winsorize(x, 0.1, 0.9, by = g)', f)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 100, null]);
    expect(run('winsorize(x, 0.2, 0.8, by = g)', f)).toEqual([1.5, 2, 3, 4, 4.5, 6.5, 7, 8, 9, 54.5, null]);
  });
  it('rejects cut points outside [0, 1] and unknown types', () => {
    expect(errorCode('winsorize(x, 5, 95)', f)).toBe('SS469');
    expect(errorCode('winsorize(x, 0.1, 0.9, type = 3)', f)).toBe('SS459');
  });
});

describe('standardize, center, rank', () => {
  const f = frame({ x: [1, 2, 2, 3, null], g: [1, 1, 2, 2, 2] });
  it('standardize uses sd with n − 1; center subtracts the mean', () => {
    const sd = Math.sqrt(2 / 3);
    expectClose(run('standardize(x)', f), [-1 / sd, 0, 0, 1 / sd, null]);
    expect(run('center(x)', f)).toEqual([-1, 0, 0, 1, null]);
    expect(run('center(x, by = g)', f)).toEqual([-0.5, 0.5, -0.5, 0.5, null]);
  });
  it('rank gives ties their average rank', () => {
    expect(run('rank(x)', f)).toEqual([1, 2.5, 2.5, 4, null]);
    expect(run('rank(x, by = g)', f)).toEqual([1, 2, 1, 2, null]);
  });
});

describe('cut, recode, dummy (M8)', () => {
  const f = frame({ q: [0, 1, 2, 3, 6, 7, 9, 10, null], s: ['lo', 'mid', 'hi', 'mid', 'lo', 'hi', 'x', 'lo', null] });
  it('cut with breaks: [b_j, b_j+1) intervals numbered from 1; outside → missing', () => {
    expect(run('cut(q, [0, 1, 3, 7, 10])', f)).toEqual([1, 2, 2, 3, 3, 4, 4, null, null]);
    expect(run('cut(q, [0, 1, 3, 7, 10], labels = ["none", "L", "M", "H"])', f)).toEqual(['none', 'L', 'L', 'M', 'M', 'H', 'H', null, null]);
    expect(run('cut(q, [0, 1, 3, 7, 10], labels = [0, 10, 20, 30])', f)).toEqual([0, 10, 10, 20, 20, 30, 30, null, null]);
  });
  it('cut with a number: equal-count bins as Stata xtile', () => {
    // 8 values; type-2 quartile cut points: P = 2 → (1+2)/2 = 1.5, P = 4 → (3+6)/2 = 4.5, P = 6 → (7+9)/2 = 8
    expect(run('cut(q, 4)', f)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, null]);
  });
  it('cut rejects breaks that do not increase', () => {
    expect(errorCode('cut(q, [0, 3, 3])', f)).toBe('SS467');
  });
  it('recode maps values and ranges; unmatched values stay', () => {
    expect(run('recode(q, from = [1:2, 3:6, 7:9], to = [1, 2, 3])', f)).toEqual([0, 1, 1, 2, 2, 3, 3, 10, null]);
    expect(run('recode(s, from = ["lo", "hi"], to = ["low", "high"])', f)).toEqual(['low', 'mid', 'high', 'mid', 'low', 'high', 'x', 'low', null]);
    expect(run('recode(s, from = ["lo", "mid", "hi"], to = [1, 2, 3])', f)).toEqual([1, 2, 3, 2, 1, 3, null, 1, null]);
    expect(errorCode('recode(q, from = [1, 2], to = [1])', f)).toBe('SS466');
  });
  it('dummy is 1 at the level, 0 elsewhere, missing stays missing', () => {
    expect(run('dummy(q, 7)', f)).toEqual([0, 0, 0, 0, 0, 1, 0, 0, null]);
    expect(run('dummy(s, "mid")', f)).toEqual([0, 1, 0, 1, 0, 0, 0, 0, null]);
  });
});
