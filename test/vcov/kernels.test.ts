/**
 * The inference menu's meats against identities they must satisfy (the numbers against R and
 * fixest are in test/e2e/inference.test.ts): a lag-0 Newey–West is HC0, Driscoll–Kraay with
 * lag 0 is clustering by period, Conley with a tiny cutoff is HC0 and with a huge one the
 * outer product of the total score, a∩b clusters by inclusion–exclusion, HC2/HC3 leverages.
 */
import { describe, expect, it } from 'vitest';
import { meatCluster, meatClusterMultiway, meatHC0 } from '../../src/vcov/meat.js';
import { meatDriscollKraay, meatNeweyWest } from '../../src/vcov/hac.js';
import { haversineKm, meatConley } from '../../src/vcov/conley.js';
import { leverage } from '../../src/vcov/hc.js';
import { smallSample } from '../../src/vcov/ssc.js';

const n = 40;
const unit = Int32Array.from({ length: n }, (_, i) => Math.floor(i / 5));
const period = Int32Array.from({ length: n }, (_, i) => i % 5);
const x1 = Float64Array.from({ length: n }, (_, i) => Math.sin(i) + i / 10);
const x2 = Float64Array.from({ length: n }, (_, i) => Math.cos(3 * i));
const u = Float64Array.from({ length: n }, (_, i) => Math.sin(7 * i + 1));
const X = [x1, x2];
const lat = Float64Array.from({ length: n }, (_, i) => 40 + (i % 7) / 3);
const lon = Float64Array.from({ length: n }, (_, i) => -90 + Math.floor(i / 7) / 2);

function expectClose(a: Float64Array, b: Float64Array, tol = 1e-12): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(b[i]!)));
}

describe('HAC meats', () => {
  it('Newey–West with lag 0 is HC0 (with and without a constant)', () => {
    for (const constant of [false, true]) {
      const nw = meatNeweyWest({ X, u, constant, period, unit, lag: 0 });
      expect(nw.duplicate).toBe(-1);
      expectClose(nw.meat, meatHC0(X, u, constant));
    }
  });
  it('Driscoll–Kraay with lag 0 is the cluster meat by period', () => {
    expectClose(meatDriscollKraay({ X, u, constant: true, period, lag: 0 }, 5), meatCluster(X, u, period, 5, true));
  });
  it('Newey–West with lag ≥ T−1 and Bartlett weight 1 everywhere would be clustering by unit; with weights it lies between', () => {
    const full = meatNeweyWest({ X, u, constant: false, period, unit, lag: 4 }).meat;
    // Lag 1 by hand: Γ0 + ½(Γ1 + Γ1').
    const one = meatNeweyWest({ X, u, constant: false, period, unit, lag: 1 }).meat;
    const hc0 = meatHC0(X, u);
    const g1 = new Float64Array(4);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      if (unit[i] !== unit[j] || period[i]! - period[j]! !== 1) continue;
      const si = [x1[i]! * u[i]!, x2[i]! * u[i]!];
      const sj = [x1[j]! * u[j]!, x2[j]! * u[j]!];
      for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) g1[a * 2 + b]! += si[a]! * sj[b]! + sj[a]! * si[b]!;
    }
    expectClose(one, hc0.map((v, j) => v + 0.5 * g1[j]!));
    expect(full.every((v) => Number.isFinite(v))).toBe(true);
  });
  it('a repeated (unit, period) is reported', () => {
    const p = Int32Array.from(period);
    p[1] = p[0]!;
    expect(meatNeweyWest({ X, u, constant: false, period: p, unit, lag: 1 }).duplicate).toBeGreaterThanOrEqual(0);
  });
});

describe('Conley', () => {
  it('a cutoff below every distance gives HC0; one above every distance gives (Σs)(Σs)\'', () => {
    expectClose(meatConley({ X, u, constant: true, lat, lon, cutoffKm: 1e-6 }), meatHC0(X, u, true));
    const all = meatConley({ X, u, constant: true, lat, lon, cutoffKm: 20000 });
    expectClose(all, meatCluster(X, u, new Int32Array(n), 1, true), 1e-10);
  });
  it('pairs only within a period when periods are given', () => {
    expectClose(meatConley({ X, u, constant: false, lat, lon, cutoffKm: 20000, period }), meatCluster(X, u, period, 5), 1e-10);
  });
  it('haversine on the fixest radius: one degree of latitude is 6376·π/180 km', () => {
    expect(haversineKm(40, -90, 41, -90)).toBeCloseTo((6376 * Math.PI) / 180, 9);
  });
});

describe('multiway clusters', () => {
  it('three ways by inclusion–exclusion over all seven subsets', () => {
    const g = (codes: Int32Array, nlevels: number, name: string) => ({ name, codes, nlevels });
    const c3 = Int32Array.from({ length: n }, (_, i) => i % 3);
    const a = g(unit, 8, 'a');
    const b = g(period, 5, 'b');
    const c = g(c3, 3, 'c');
    const key = (...cs: Int32Array[]) => {
      const m = new Map<string, number>();
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const k = cs.map((z) => z[i]).join(',');
        if (!m.has(k)) m.set(k, m.size);
        out[i] = m.get(k)!;
      }
      return { codes: out, G: m.size };
    };
    const M = (...cs: Int32Array[]) => {
      const k = key(...cs);
      return meatCluster(X, u, k.codes, k.G);
    };
    const parts = [[M(unit), 1], [M(period), 1], [M(c3), 1], [M(unit, period), -1], [M(unit, c3), -1], [M(period, c3), -1], [M(unit, period, c3), 1]] as const;
    const want = new Float64Array(4);
    for (const [m, s] of parts) for (let j = 0; j < 4; j++) want[j]! += s * m[j]!;
    expectClose(meatClusterMultiway(X, u, [a, b, c]), want);
  });
});

describe('leverages and factors', () => {
  it('leverages sum to the number of columns (with the constant)', () => {
    // bread of [x1 − x̄1, x2 − x̄2, 1] is blockdiag((X̃'X̃)⁻¹, 1/n)
    const m1 = x1.reduce((s, v) => s + v, 0) / n;
    const m2 = x2.reduce((s, v) => s + v, 0) / n;
    const c1 = x1.map((v) => v - m1);
    const c2 = x2.map((v) => v - m2);
    const a = c1.reduce((s, v) => s + v * v, 0);
    const b = c1.reduce((s, v, i) => s + v * c2[i]!, 0);
    const d = c2.reduce((s, v) => s + v * v, 0);
    const det = a * d - b * b;
    const bread = Float64Array.from([d / det, -b / det, 0, -b / det, a / det, 0, 0, 0, 1 / n]);
    const h = leverage([c1, c2], bread, true, n);
    expect(h.reduce((s, v) => s + v, 0)).toBeCloseTo(3, 12);
  });
  it('per-profile factors: newey vs fixest NW, DK, Conley, large-sample', () => {
    const base = { n: 100, k: 5, feDof: 0, nestedLevels: 0, anyNested: false, periods: 10 };
    expect(smallSample('stata', 'nw', base)).toMatchObject({ factor: 100 / 95, dfT: 95 });
    expect(smallSample('fixest', 'nw', base)).toMatchObject({ factor: (10 / 9) * (99 / 95), dfT: 9 });
    expect(smallSample('stata', 'dk', base)).toMatchObject({ factor: (10 / 9) * (99 / 95), dfT: 9 });
    expect(smallSample('stata', 'conley', base)).toMatchObject({ factor: 99 / 95, dfT: 95 });
    expect(smallSample('stata', 'hc3', base).factor).toBe(1);
    expect(smallSample('stata', 'iid', { ...base, large: true }).factor).toBe(1 / 100);
    expect(smallSample('stata', 'cluster', { ...base, clusters: [20], large: true }).factor).toBe(1);
  });
});
