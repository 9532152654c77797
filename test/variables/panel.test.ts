import { describe, expect, it } from 'vitest';
import { FrameCache } from '../../src/variables/frame-cache.js';
import { errorCode, expectClose, frame, run } from './helpers.js';

const P = { id: 'id', time: 'year' };
// Unit a has a gap at 2002; unit b's rows are out of time order; unit c has one row.
const f = frame(
  {
    id: ['a', 'a', 'a', 'b', 'b', 'b', 'c'],
    year: [2000, 2001, 2003, 2002, 2000, 2001, 2001],
    x: [1, 2, 4, 30, 10, null, 5],
    g: ['u', 'v', 'w', 'p', 'q', 'r', 's'],
  },
  P,
);

describe('lag, lead, diff, growth', () => {
  it('match on the time value, so a lag across a gap is missing', () => {
    expect(run('lag(x)', f)).toEqual([null, 1, null, null, null, 10, null]);
    expect(run('lag(x, 2)', f)).toEqual([null, null, 2, 10, null, null, null]);
    expect(run('lead(x)', f)).toEqual([2, null, null, null, null, 30, null]);
    expect(run('lag(x, -1)', f)).toEqual(run('lead(x, 1)', f));
  });
  it('diff and growth use the same gap-aware lag', () => {
    expect(run('diff(x)', f)).toEqual([null, 1, null, null, null, null, null]);
    expect(run('growth(x)', f)).toEqual([null, 1, null, null, null, null, null]);
    expect(run('diff(x, 2)', f)).toEqual([null, null, 2, 20, null, null, null]);
  });
  it('lags text columns by code', () => {
    expect(run('lag(g)', f)).toEqual([null, 'u', null, 'r', null, 'q', null]);
  });
  it('lags an expression, not only a column', () => {
    expectClose(run('lag(log(x))', f), [null, 0, null, null, null, Math.log(10), null]);
  });
  it('a frame already sorted by (id, time), as the data layer delivers it, gives the same lags as any other order', () => {
    // Sorted rows of the frame above (unit a's gap kept), with text and numeric ids.
    const rows = [0, 1, 2, 4, 5, 3, 6];
    const pick = <T,>(v: readonly T[]): T[] => rows.map((r) => v[r]!);
    const ids = ['a', 'a', 'a', 'b', 'b', 'b', 'c'];
    const years = [2000, 2001, 2003, 2002, 2000, 2001, 2001];
    const xs = [1, 2, 4, 30, 10, null, 5];
    for (const id of [pick(ids), pick(ids.map((c) => c.charCodeAt(0) - 100))]) {
      const sorted = frame({ id, year: pick(years), x: pick(xs) }, P);
      for (const e of ['lag(x)', 'lag(x, 2)', 'lead(x)', 'diff(x)']) expect(run(e, sorted)).toEqual(pick(run(e, f)));
    }
    // Sorted but with a repeated (id, time) pair: still the duplicate error.
    expect(errorCode('lag(x)', frame({ id: ['a', 'a', 'b'], year: [1, 1, 1], x: [1, 2, 3] }, P))).toBe('SS455');
  });
  it('gives missing on rows whose id or time is missing', () => {
    const g = frame({ id: ['a', 'a', null, 'a'], year: [1, 2, 3, null], x: [1, 2, 3, 4] }, P);
    expect(run('lag(x)', g)).toEqual([null, 1, null, null]);
  });
});

describe('panel errors', () => {
  it('needs a panel index', () => {
    const g = frame({ x: [1, 2] });
    expect(errorCode('lag(x)', g)).toBe('SS453');
    expect(errorCode('cummax(x)', g)).toBe('SS453');
  });
  it('names the first duplicate (id, time)', () => {
    const g = frame({ id: ['a', 'b', 'b', 'a'], year: [1, 5, 5, 1], x: [1, 2, 3, 4] }, P);
    try {
      run('lag(x)', g);
      expect.unreachable();
    } catch (e) {
      expect((e as { code: string }).code).toBe('SS455');
      expect((e as Error).message).toContain('(a, 1)');
    }
  });
  it('requires a numeric time column that exists', () => {
    expect(errorCode('lag(x)', frame({ id: [1], year: ['y'], x: [1] }, P))).toBe('SS456');
    expect(errorCode('lag(x)', frame({ id: [1], t: [1], x: [1] }, P))).toBe('SS454');
  });
  it('rejects a fractional lag order', () => {
    expect(errorCode('lag(x, 1.5)', f)).toBe('SS475');
  });
});

describe('base, cummax, cumsum, first_year, absorbing', () => {
  it('base broadcasts the base-period value to the unit; missing when absent', () => {
    expect(run('base(x, year == 2000)', f)).toEqual([1, 1, 1, 10, 10, 10, null]);
    expectClose(run('(x - base(x, year == 2000)) / base(x, year == 2000)', f), [0, 1, 3, 2, 0, null, null]);
  });
  it('base is an error when the condition holds on several rows of a unit', () => {
    expect(errorCode('base(x, year >= 2000)', f)).toBe('SS463');
  });
  it('cummax and cumsum run in time order; a missing row is missing and skipped', () => {
    const g = frame({ id: [1, 1, 1, 1, 2, 2], year: [4, 1, 2, 3, 1, 2], x: [0, 3, null, 1, -1, -2] }, P);
    expect(run('cummax(x)', g)).toEqual([3, 3, null, 3, -1, -1]);
    expect(run('cumsum(x)', g)).toEqual([4, 3, null, 4, -1, -3]);
  });
  it('first_year is the first period where the condition holds, broadcast; missing if never', () => {
    const g = frame({ id: [1, 1, 1, 2, 2], year: [2012, 2010, 2011, 2010, 2011], inv: [5, 0, 2, 0, null] }, P);
    expect(run('first_year(inv > 0)', g)).toEqual([2011, 2011, 2011, null, null]);
  });
  it('absorbing = cummax(x > 0) within unit (M10)', () => {
    const g = frame({ id: [1, 1, 1, 1, 2, 2], year: [1, 2, 3, 4, 1, 2], inv: [0, 3, 0, 0, 0, 0] }, P);
    expect(run('absorbing(inv)', g)).toEqual([0, 1, 1, 1, 0, 0]);
    expect(run('absorbing(inv)', g)).toEqual(run('cummax(inv > 0)', g));
  });
});

describe('panel index cache', () => {
  it('is built once per frame and shared across expressions', () => {
    const cache = new FrameCache();
    run('lag(x)', f, { cache });
    const first = cache.panel(f, 'lag', { start: 0, end: 0 });
    run('lead(x) + cummax(x)', f, { cache });
    expect(cache.panel(f, 'lag', { start: 0, end: 0 })).toBe(first);
  });
});
