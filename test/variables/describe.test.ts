import { describe as group, expect, it } from 'vitest';
import { StudyError } from '../../src/diagnostics/diagnostic.js';
import { describe } from '../../src/variables/describe.js';
import { frame } from './helpers.js';

const f = frame({
  x: [4, 1, 3, 2, null, 10],
  ofdi: [1, 0, 1, 0, 0, 1],
  region: ['w', 'e', 'w', 'e', 'e', null],
});

group('describe', () => {
  it('counts non-missing values and uses n − 1 for sd', () => {
    const r = describe(f, ['x'], ['n', 'mean', 'sd', 'min', 'max', 'sum', 'median']);
    expect(r.values.x).toEqual({ n: 5, mean: 4, sd: Math.sqrt(50 / 4), min: 1, max: 10, sum: 20, median: 3 });
  });
  it('percentiles are type 2 by default and type 7 on request', () => {
    // sorted 1 2 3 4 10; p25: P = 1.25 → x[2] = 2; type 7: h = 2 → 2; p75: P = 3.75 → x[4] = 4; p10: P = 0.5 → x[1]
    expect(describe(f, ['x'], ['p10', 'p25', 'p75', 'p90']).values.x).toEqual({ p10: 1, p25: 2, p75: 4, p90: 10 });
    // type 7: p10: h = 1.4 → 1.4; p90: h = 4.6 → 4 + 0.6·6
    const t7 = describe(f, ['x'], ['p10', 'p90'], { type: 7 }).values.x!;
    expect(t7.p10).toBeCloseTo(1.4, 14);
    expect(t7.p90).toBeCloseTo(7.6, 14);
  });
  it('splits by a group, in level order', () => {
    const r = describe(f, ['x'], ['n', 'mean'], { by: 'ofdi' });
    expect(r.groups).toEqual([
      { key: '0', values: { x: { n: 2, mean: 1.5 } } },
      { key: '1', values: { x: { n: 3, mean: 17 / 3 } } },
    ]);
    const byRegion = describe(f, ['x'], ['n'], { by: 'region' });
    expect(byRegion.groups!.map((g) => [g.key, g.values.x!.n])).toEqual([['e', 2], ['w', 2]]);
  });
  it('rejects unknown statistics, unknown and text variables', () => {
    const code = (fn: () => unknown): string => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(StudyError);
        return (e as StudyError).diagnostics[0]!.code;
      }
      throw new Error('expected an error');
    };
    expect(code(() => describe(f, ['x'], ['kurtosis']))).toBe('SS470');
    expect(code(() => describe(f, ['xx'], ['n']))).toBe('SS451');
    expect(code(() => describe(f, ['region'], ['n']))).toBe('SS457');
  });
});
