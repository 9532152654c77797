import { describe, expect, it } from 'vitest';
import { Reporter } from '../../src/diagnostics/diagnostic.js';
import { EARTH_RADIUS_KM, greatCircle } from '../../src/variables/measures.js';
import { errorCode, expectClose, frame, run } from './helpers.js';

const P = { id: 'id', time: 'year' };

/** Rows of one unit per call, for building M2 panels. */
function unit(id: string, years: number[], xs: number[]): { id: string[]; year: number[]; x: number[] } {
  return { id: years.map(() => id), year: years, x: xs };
}

describe('recovery_time and recovered (M2; shock 2009, base 2008)', () => {
  const parts = [
    // A: W = 2010 (g2010 > 0, g2011 > 0), H = 2012 (first x > x_2008 = 100): RECT = 2 + 2 = 4.
    unit('A', [2007, 2008, 2009, 2010, 2011, 2012, 2013], [100, 100, 80, 85, 90, 105, 110]),
    // B: above base at once, but stabilises only in 2011 and never exceeds 100 again → censored at 2013.
    unit('B', [2008, 2009, 2010, 2011, 2012, 2013], [100, 120, 90, 95, 99, 98]),
    // C: no base-year row → missing.
    unit('C', [2009, 2010, 2011], [5, 6, 7]),
    // D: 2011 is missing, so no two consecutive positive growth rates can be observed.
    unit('D', [2008, 2009, 2010, 2012, 2013], [100, 90, 95, 120, 130]),
  ];
  const f = frame(
    {
      id: parts.flatMap((p) => p.id),
      year: parts.flatMap((p) => p.year),
      x: parts.flatMap((p) => p.x),
    },
    P,
  );
  const perUnit = (vals: (number | string | null)[]): Record<string, (number | string | null)[]> => {
    const ids = parts.flatMap((p) => p.id);
    const out: Record<string, (number | string | null)[]> = {};
    ids.forEach((id, i) => (out[id] ??= []).push(vals[i]!));
    return out;
  };

  it('with stabilisation: duration H − s + 1, censored units get T − s + 1 and event 0', () => {
    const d = perUnit(run('recovery_time(x, shock = 2009, base = 2008)', f));
    const e = perUnit(run('recovered(x, 2009, 2008)', f));
    expect(d.A).toEqual(Array(7).fill(4));
    expect(e.A).toEqual(Array(7).fill(1));
    expect(d.B).toEqual(Array(6).fill(5));
    expect(e.B).toEqual(Array(6).fill(0));
    expect(d.C).toEqual([null, null, null]);
    expect(e.C).toEqual([null, null, null]);
    expect(d.D).toEqual(Array(5).fill(5));
    expect(e.D).toEqual(Array(5).fill(0));
  });

  it('defaults are shock = 2009, base = 2008', () => {
    expect(run('recovery_time(x)', f)).toEqual(run('recovery_time(x, 2009, 2008, TRUE)', f));
  });

  it('variant without stabilisation: H is searched from the shock year', () => {
    const d = perUnit(run('recovery_time(x, stabilise = FALSE)', f));
    const e = perUnit(run('recovered(x, stabilise = FALSE)', f));
    expect(d.A![0]).toBe(4);
    expect(e.A![0]).toBe(1);
    expect(d.B![0]).toBe(1);
    expect(e.B![0]).toBe(1);
    expect(d.D![0]).toBe(4);
    expect(e.D![0]).toBe(1);
  });
});

describe('resilience_index (M3)', () => {
  it('is the unit log change minus the national log change', () => {
    const f = frame({ id: [1, 1, 1, 2, 2, 2], year: [1, 2, 3, 1, 2, 3], e: [10, 20, 30, 30, 60, 10] }, P);
    // totals 40, 80, 40
    expectClose(run('resilience_index(e)', f), [
      null,
      Math.log(2) - Math.log(2),
      Math.log(1.5) - Math.log(0.5),
      null,
      Math.log(2) - Math.log(2),
      Math.log(1 / 6) - Math.log(0.5),
    ]);
    expectClose(run('resilience_index(e, k = 2)', f), [null, null, Math.log(3), null, null, Math.log(1 / 3)]);
  });
  it('is missing across a time gap and counts non-positive values in the log warning', () => {
    const f = frame({ id: [1, 1, 2, 2, 2], year: [1, 3, 1, 2, 3], e: [10, 30, 5, 0, 10] }, P);
    const reporter = new Reporter();
    const out = run('resilience_index(e)', f, { reporter });
    expect(out[1]).toBeNull();
    expect(out[3]).toBeNull();
    expect(out[4]).toBeNull();
    expect(reporter.warnings.map((w) => w.code)).toEqual(['SS450']);
  });
});

describe('spatial_lag (M4)', () => {
  const R = EARTH_RADIUS_KM;
  it('great-circle distances of three points on the equator', () => {
    expect(greatCircle(0, 0, 0, 90, R)).toBeCloseTo((Math.PI * R) / 2, 9);
    expect(greatCircle(0, 0, 0, 180, R)).toBeCloseTo(Math.PI * R, 9);
    expect(greatCircle(0, 0, 90, 0, R)).toBeCloseTo((Math.PI * R) / 2, 9);
  });
  it('sums x_jt / d_ij with w_ii = 1, per period; a period with a missing value is missing', () => {
    const f = frame(
      {
        id: [1, 2, 3, 1, 2, 3],
        year: [1, 1, 1, 2, 2, 2],
        v: [1, 2, 3, 4, null, 6],
        lat: [0, 0, 0, 0, 0, 0],
        lon: [0, 90, 180, 0, 90, 180],
      },
      P,
    );
    const q = (Math.PI * R) / 2;
    expectClose(
      run('spatial_lag(v)', f),
      [1 + 2 / q + 3 / (2 * q), 2 + 1 / q + 3 / q, 3 + 1 / (2 * q) + 2 / q, null, null, null],
      1e-14,
    );
    expect(run('spatial_lag(v, lat = lat, lon = lon)', f)).toEqual(run('spatial_lag(v)', f));
  });
  it('rejects two units at the same coordinates', () => {
    const f = frame({ id: [1, 2], year: [1, 1], v: [1, 2], lat: [10, 10], lon: [20, 20] }, P);
    expect(errorCode('spatial_lag(v)', f)).toBe('SS468');
  });
});
