// Demeaning and FE degrees of freedom: exactness on balanced panels, convergence to the
// LSDV projection on an unbalanced two-way panel, and connected components.
import { describe, expect, it } from 'vitest';
import { demean } from '../../src/linalg/demean.js';
import { directPlan } from '../../src/linalg/demean-exact.js';
import { connectedComponents, feDof, isNestedIn } from '../../src/linalg/fe-dof.js';
import { columnMoments, crossprod, crossprodVec, dot, residuals } from '../../src/linalg/kernels.js';
import { cholSolve, choleskySkip, psdFix, symEigen } from '../../src/linalg/dense.js';

/** Deterministic pseudo-random numbers (LCG) so the test data is fixed. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function unbalancedPanel(units: number, periods: number, keepProb: number) {
  const rnd = lcg(7);
  const a: number[] = [];
  const b: number[] = [];
  const x: number[] = [];
  for (let i = 0; i < units; i++) for (let t = 0; t < periods; t++) {
    if (rnd() < keepProb || t === i % periods) {
      a.push(i);
      b.push(t);
      x.push(i * 0.3 + t * 0.7 + rnd());
    }
  }
  return { a: Int32Array.from(a), b: Int32Array.from(b), x: Float64Array.from(x) };
}

describe('demean', () => {
  it('one FE: subtracts group means exactly', () => {
    const r = demean([Float64Array.from([1, 2, 3, 10])], [{ codes: Int32Array.from([0, 0, 1, 1]), nlevels: 2 }]);
    expect(Array.from(r.columns[0]!)).toEqual([-0.5, 0.5, -3.5, 3.5]);
  });
  /** Residual of x on explicit dummies of every FE (LSDV), the reference of every method. */
  function lsdv(x: Float64Array, fes: readonly { codes: Int32Array; nlevels: number }[]): Float64Array {
    const D: Float64Array[] = [];
    fes.forEach((f, q) => {
      for (let g = q === 0 ? 0 : 1; g < f.nlevels; g++) D.push(Float64Array.from(f.codes, (c) => (c === g ? 1 : 0)));
    });
    const ch = choleskySkip(crossprod(D), D.length, 1e-12);
    const kept = ch.kept.map((j) => D[j]!);
    return residuals(x, kept, cholSolve(ch.L, kept.length, crossprodVec(kept, x)));
  }
  function maxErr(u: Float64Array, r: Float64Array): number {
    let m = 0;
    for (let i = 0; i < u.length; i++) m = Math.max(m, Math.abs(u[i]! - r[i]!));
    return m;
  }
  it('two FE, unbalanced: both methods equal the residual of x on explicit dummies (LSDV)', () => {
    const p = unbalancedPanel(30, 12, 0.7);
    const fes = [{ codes: p.a, nlevels: 30 }, { codes: p.b, nlevels: 12 }];
    const u = lsdv(p.x, fes);
    const scale = Math.sqrt(dot(u, u) / u.length);
    const it = demean([p.x], fes, { tol: 1e-10, method: 'iterative' });
    expect(it.converged).toBe(true);
    expect(it.iterations).toBeGreaterThan(0);
    expect(maxErr(u, it.columns[0]!)).toBeLessThan(1e-9 * scale + 1e-12);
    // The direct solve is the projection itself: exact to rounding.
    const direct = demean([p.x], fes);
    expect(direct.iterations).toBe(0);
    expect(maxErr(u, direct.columns[0]!)).toBeLessThan(1e-12 * scale);
    // Rows not grouped by the largest FE (here reversed) take the permuted path.
    const rev = <T extends Int32Array | Float64Array>(v: T): T => v.slice().reverse() as T;
    const shuffled = demean([rev(p.x)], fes.map((f) => ({ codes: rev(f.codes), nlevels: f.nlevels })));
    expect(maxErr(rev(u), shuffled.columns[0]!)).toBeLessThan(1e-12 * scale);
  });
  it('direct solve = LSDV when some units meet a period twice, and with more than 30 periods', () => {
    // D'M_B D is pooled by each unit's 0/1 pattern of periods when there is one small FE with
    // ≤ 30 levels; a unit with a repeated period, and a small FE with 40 levels, take the
    // level-by-level path. Both must give the same projection.
    for (const periods of [12, 40]) {
      const p = unbalancedPanel(60, periods, 0.6);
      const a = Array.from(p.a);
      const b = Array.from(p.b);
      const x = Array.from(p.x);
      // Every third unit gets its first period again, as a second row (grouped by unit).
      const a2: number[] = [];
      const b2: number[] = [];
      const x2: number[] = [];
      for (let i = 0; i < a.length; i++) {
        a2.push(a[i]!);
        b2.push(b[i]!);
        x2.push(x[i]!);
        if (a[i]! % 3 === 0 && (i === 0 || a[i - 1] !== a[i])) {
          a2.push(a[i]!);
          b2.push(b[i]!);
          x2.push(x[i]! + 0.37);
        }
      }
      const fes = [{ codes: Int32Array.from(a2), nlevels: 60 }, { codes: Int32Array.from(b2), nlevels: periods }];
      const xv = Float64Array.from(x2);
      const u = lsdv(xv, fes);
      const scale = Math.sqrt(dot(u, u) / u.length);
      const direct = demean([xv], fes);
      expect(direct.iterations).toBe(0);
      expect(maxErr(u, direct.columns[0]!)).toBeLessThan(1e-12 * scale);
    }
  });
  it('on rows grouped by the largest FE the direct solve also returns each column\'s Σx and Σx²', () => {
    const p = unbalancedPanel(40, 10, 0.8);
    const fes = [{ codes: p.a, nlevels: 40 }, { codes: p.b, nlevels: 10 }];
    const x2 = Float64Array.from(p.x, (v, i) => v * v - i * 0.01);
    const r = demean([p.x, x2], fes);
    const ref = columnMoments([p.x, x2]);
    expect(r.moments).toBeDefined();
    for (let k = 0; k < 2; k++) {
      expect(Math.abs(r.moments!.sums[k]! - ref.sums[k]!)).toBeLessThan(1e-12 * Math.abs(ref.sums[k]!));
      expect(Math.abs(r.moments!.sumsq[k]! - ref.sumsq[k]!)).toBeLessThan(1e-12 * ref.sumsq[k]!);
    }
    // Rows not grouped: the row-order passes, which do not read the columns that way.
    const rev = <T extends Int32Array | Float64Array>(v: T): T => v.slice().reverse() as T;
    expect(demean([rev(p.x)], fes.map((f) => ({ codes: rev(f.codes), nlevels: f.nlevels }))).moments).toBeUndefined();
  });
  it('three FE with one nested in another (year within industry^year): direct solve = LSDV', () => {
    const p = unbalancedPanel(40, 8, 0.6);
    // industry of a unit: unit mod 5; industry^year coded as industry·8 + year.
    const iy = Int32Array.from(p.a, (a, i) => (a % 5) * 8 + p.b[i]!);
    const fes = [{ codes: p.a, nlevels: 40 }, { codes: p.b, nlevels: 8 }, { codes: iy, nlevels: 40 }];
    const u = lsdv(p.x, fes);
    const scale = Math.sqrt(dot(u, u) / u.length);
    const x2 = p.x.map((v) => v * v);
    const u2 = lsdv(x2, fes);
    const direct = demean([p.x, x2], fes);
    expect(maxErr(u, direct.columns[0]!)).toBeLessThan(1e-11 * scale);
    expect(maxErr(u2, direct.columns[1]!)).toBeLessThan(1e-11 * Math.sqrt(dot(u2, u2) / u2.length));
    const it = demean([p.x], fes, { tol: 1e-12, method: 'iterative' });
    expect(maxErr(u, it.columns[0]!)).toBeLessThan(1e-8 * scale);
    // industry is constant within unit: no dummy is left, the unit means do it all.
    const ind = Int32Array.from(p.a, (a) => a % 5);
    const nested = [{ codes: p.a, nlevels: 40 }, { codes: ind, nlevels: 5 }];
    expect(maxErr(lsdv(p.x, nested), demean([p.x], nested).columns[0]!)).toBeLessThan(1e-12 * scale);
  });
  it('reports non-convergence when the iteration cap is hit', () => {
    const p = unbalancedPanel(30, 12, 0.5);
    const r = demean([p.x], [{ codes: p.a, nlevels: 30 }, { codes: p.b, nlevels: 12 }], { tol: 1e-14, maxIter: 1, method: 'iterative' });
    expect(r.converged).toBe(false);
  });
});

describe('FE degrees of freedom', () => {
  it('connected components equal a breadth-first count on random sparse bipartite graphs', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const rnd = lcg(seed);
      const na = 80;
      const nb = 60;
      const rows = 70;
      const a = Int32Array.from({ length: rows }, () => Math.floor(rnd() * na));
      const b = Int32Array.from({ length: rows }, () => Math.floor(rnd() * nb));
      const adj: number[][] = Array.from({ length: na + nb }, () => []);
      for (let i = 0; i < rows; i++) {
        adj[a[i]!]!.push(na + b[i]!);
        adj[na + b[i]!]!.push(a[i]!);
      }
      const seen = new Uint8Array(na + nb);
      let comps = 0;
      for (let v = 0; v < na + nb; v++) {
        if (seen[v]) continue;
        comps++;
        const queue = [v];
        seen[v] = 1;
        while (queue.length) for (const w of adj[queue.pop()!]!) if (!seen[w]) (seen[w] = 1), queue.push(w);
      }
      expect(connectedComponents({ codes: a, nlevels: na }, { codes: b, nlevels: nb })).toBe(comps);
      // Either argument order (the union–find runs over the FE with fewer levels).
      expect(connectedComponents({ codes: b, nlevels: nb }, { codes: a, nlevels: na })).toBe(comps);
    }
  });
  it('components when the periods are all joined early (the rest of the rows only mark units)', () => {
    // Units 0..499 each see periods u % 5 and (u + 1) % 5: the five periods are joined after
    // a few units; unit 500 never occurs (nlevels 501), and unit 499 is last.
    const a: number[] = [];
    const b: number[] = [];
    for (let u = 0; u < 500; u++) a.push(u, u), b.push(u % 5, (u + 1) % 5);
    const units = { codes: Int32Array.from(a), nlevels: 501 };
    const periods = { codes: Int32Array.from(b), nlevels: 5 };
    expect(connectedComponents(units, periods)).toBe(2);
    expect(connectedComponents(periods, units)).toBe(2);
  });
  it('two FE: levels minus connected components', () => {
    // Two disconnected blocks: units {0,1} × periods {0,1}, units {2} × periods {2}.
    const a = { codes: Int32Array.from([0, 0, 1, 1, 2]), nlevels: 3 };
    const b = { codes: Int32Array.from([0, 1, 0, 1, 2]), nlevels: 3 };
    expect(connectedComponents(a, b)).toBe(2);
    expect(feDof([a, b]).total).toBe(4);
  });
  it('nesting: a FE whose levels each lie in one cluster', () => {
    const fe = { codes: Int32Array.from([0, 0, 1, 2]), nlevels: 3 };
    expect(isNestedIn(fe, { codes: Int32Array.from([0, 0, 0, 1]), nlevels: 2 })).toBe(true);
    expect(isNestedIn(fe, { codes: Int32Array.from([0, 1, 0, 1]), nlevels: 2 })).toBe(false);
  });
});

describe('symmetric helpers', () => {
  it('Cholesky skips a linearly dependent column in order', () => {
    const x1 = Float64Array.from([1, 2, 3, 4]);
    const x2 = Float64Array.from([0, 1, 0, 1]);
    const x3 = Float64Array.from([2, 5, 6, 9]); // 2·x1 + x2
    const ch = choleskySkip(crossprod([x1, x2, x3]), 3);
    expect(ch.kept).toEqual([0, 1]);
    expect(ch.dropped).toEqual([2]);
  });
  it('Jacobi eigenvalues and the PSD fix-up', () => {
    const A = Float64Array.from([2, 1, 1, 2]);
    const ev = Array.from(symEigen(A, 2).values).sort();
    expect(ev[0]).toBeCloseTo(1, 12);
    expect(ev[1]).toBeCloseTo(3, 12);
    const fixed = psdFix(Float64Array.from([1, 2, 2, 1]), 2);
    expect(fixed.fixed).toBe(true);
    expect(Array.from(symEigen(fixed.V, 2).values).every((x) => x > -1e-12)).toBe(true);
  });
});

describe('choice of demeaning method', () => {
  it('direct for a large FE with small ones; iterative for one FE, many small levels or long crossed panels', () => {
    const firm = Int32Array.from({ length: 2000 }, (_, i) => Math.floor(i / 10));
    const year = Int32Array.from({ length: 2000 }, (_, i) => i % 10);
    expect(directPlan([{ codes: year, nlevels: 10 }, { codes: firm, nlevels: 200 }])).toMatchObject({ big: 1, small: [0] });
    // year is a function of industry^year, industry of firm: neither adds a dummy.
    const iy = Int32Array.from(firm, (f, i) => (f % 7) * 10 + year[i]!);
    const ind = Int32Array.from(firm, (f) => f % 7);
    expect(
      directPlan([{ codes: firm, nlevels: 200 }, { codes: year, nlevels: 10 }, { codes: iy, nlevels: 70 }, { codes: ind, nlevels: 7 }]),
    ).toMatchObject({ big: 0, small: [2] });
    expect(directPlan([{ codes: firm, nlevels: 200 }])).toBeNull();
    // The FE other than the largest have 600 + 601 > 1000 levels.
    const id = Int32Array.from({ length: 3000 }, (_, i) => i % 1500);
    const s1 = Int32Array.from({ length: 3000 }, (_, i) => i % 600);
    const s2 = Int32Array.from({ length: 3000 }, (_, i) => i % 601);
    expect(directPlan([{ codes: s1, nlevels: 600 }, { codes: id, nlevels: 1500 }, { codes: s2, nlevels: 601 }])).toBeNull();
    // 300 units × 100 rows crossed with two 300-level FE: up to (100·2)²/2 products per unit, 200 per row.
    const n = 30_000;
    const unit = Int32Array.from({ length: n }, (_, i) => Math.floor(i / 100));
    const a = Int32Array.from({ length: n }, (_, i) => (i * 7) % 300);
    const b = Int32Array.from({ length: n }, (_, i) => (i * 13 + 5) % 299);
    expect(directPlan([{ codes: unit, nlevels: 300 }, { codes: a, nlevels: 300 }, { codes: b, nlevels: 299 }])).toBeNull();
  });
});
