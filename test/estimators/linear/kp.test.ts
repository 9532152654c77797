// Properties of the rank statistic that hold whatever the data: invariance to the order of
// the endogenous regressors and to an invertible recombination of the instruments, and
// the homoskedastic special cases (Anderson LM and Cragg–Donald) that ranktest reduces
// to. Values against Stata's algorithm are checked in linear/iv-kp.test.ts.
import { describe, expect, it } from 'vitest';
import { kpRankTest, type MeatFn } from '../../../src/estimators/linear/kp.js';
import { meatCluster, meatHC0 } from '../../../src/vcov/meat.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

function centred(c: Float64Array): Float64Array {
  const m = c.reduce((a, b) => a + b, 0) / c.length;
  return c.map((x) => x - m);
}

/** n rows, L instruments, K endogenous regressors that load on the instruments, heteroskedastic noise. */
function data(n: number, L: number, K: number, seed: number) {
  const r = lcg(seed);
  const Z = Array.from({ length: L }, () => Float64Array.from({ length: n }, r));
  const Y = Array.from({ length: K }, (_, k) =>
    Float64Array.from({ length: n }, (_, i) => {
      let s = 0;
      for (let l = 0; l < L; l++) s += ((k + 1) * (l + 2) % 5 - 1.5) * 0.3 * Z[l]![i]!;
      return s + (1 + Math.abs(Z[0]![i]!)) * r();
    }),
  );
  return { Z: Z.map(centred), Y: Y.map(centred) };
}

const hc0: MeatFn = (X, u) => meatHC0(X, u);
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('kpRankTest', () => {
  const { Z, Y } = data(400, 3, 2, 7);

  it('does not depend on the order of the endogenous regressors', () => {
    const a = kpRankTest(Y, Z, hc0)!;
    const b = kpRankTest([Y[1]!, Y[0]!], Z, hc0)!;
    expect(rel(b.lm, a.lm)).toBeLessThan(1e-10);
    expect(rel(b.wald, a.wald)).toBeLessThan(1e-10);
    expect(a.df).toBe(2);
  });

  it('does not depend on an invertible recombination of the instruments', () => {
    const A = [[1, 0.5, -2], [0.3, 2, 1], [-1, 0.2, 0.7]];
    const Z2 = A.map((row) => Float64Array.from(Z[0]!, (_, i) => row.reduce((s, w, l) => s + w * Z[l]![i]!, 0)));
    const a = kpRankTest(Y, Z, hc0)!;
    const b = kpRankTest(Y, Z2, hc0)!;
    expect(rel(b.lm, a.lm)).toBeLessThan(1e-9);
    expect(rel(b.wald, a.wald)).toBeLessThan(1e-9);
    expect(rel(b.canonical[1]!, a.canonical[1]!)).toBeLessThan(1e-10);
  });

  it('reduces to Anderson LM and Cragg–Donald under a homoskedastic meat', () => {
    const n = Y[0]!.length;
    // Homoskedastic meat with σ² = u'u/n: Σ_i u_i² x_i x_i' replaced by (u'u/n) X'X.
    const homo: MeatFn = (X, u) => {
      const s2 = u.reduce((s, x) => s + x * x, 0) / n;
      const M = meatHC0(X, new Float64Array(n).fill(1));
      return M.map((x) => x * s2);
    };
    const rk = kpRankTest(Y, Z, homo)!;
    const cc = rk.canonical[1]! ** 2;
    // LM: e = Ỹ has b̃'e with unit variance by construction, so the statistic is n·ρ²_K.
    expect(rel(rk.lm, n * cc)).toBeLessThan(1e-9);
    expect(rel(rk.wald, (n * cc) / (1 - cc))).toBeLessThan(1e-9);
  });

  it('uses the cluster meat it is given', () => {
    const n = Y[0]!.length;
    const codes = Int32Array.from({ length: n }, (_, i) => i % 40);
    const cl: MeatFn = (X, u) => meatCluster(X, u, codes, 40);
    const a = kpRankTest(Y, Z, cl)!;
    const b = kpRankTest(Y, Z, hc0)!;
    expect(Number.isFinite(a.lm)).toBe(true);
    expect(Math.abs(a.lm - b.lm)).toBeGreaterThan(1e-6);
  });

  it('returns null without enough instruments or with collinear instruments', () => {
    expect(kpRankTest(Y, [Z[0]!], hc0)).toBeNull();
    expect(kpRankTest(Y, [Z[0]!, Z[1]!, Z[0]!.map((x) => 2 * x)], hc0)).toBeNull();
  });
});
