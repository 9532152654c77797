// Small-sample factors per profile (docs/conventions.md).
import { describe, expect, it } from 'vitest';
import { smallSample } from '../../src/vcov/ssc.js';
import { meatCluster, meatClusterMultiway } from '../../src/vcov/meat.js';

const base = { n: 816, k: 4, feDof: 64, nestedLevels: 48, anyNested: true };

describe('smallSample', () => {
  it('iid: 1/(n − k − FE dof), both profiles', () => {
    expect(smallSample('stata', 'iid', base).factor).toBe(1 / 748);
    expect(smallSample('fixest', 'iid', base).dfT).toBe(748);
  });
  it('hc1: n/(n−K) under both profiles (fixest 0.12 as Stata)', () => {
    expect(smallSample('stata', 'hc1', base).factor).toBe(816 / 748);
    expect(smallSample('fixest', 'hc1', base).factor).toBe(816 / 748);
  });
  it('cluster with a nested FE: Kadj = slopes + 1 + non-nested FE dof; df = G − 1', () => {
    const s = smallSample('stata', 'cluster', { ...base, clusters: [48] });
    expect(s.kAdj).toBe(4 + 1 + 64 - 48);
    expect(s.dfT).toBe(47);
    expect(s.factor).toBeCloseTo((48 / 47) * (815 / (816 - 21)), 15);
  });
  it('two-way cluster uses the smaller G (cluster.df = "min")', () => {
    const s = smallSample('fixest', 'cluster', { ...base, anyNested: false, nestedLevels: 0, feDof: 0, clusters: [48, 17] });
    expect(s.dfT).toBe(16);
    expect(s.factor).toBeCloseTo((17 / 16) * (815 / 812), 15);
  });
  it('noadjust removes G/(G−1)', () => {
    const s = smallSample('stata', 'cluster', { ...base, feDof: 0, anyNested: false, nestedLevels: 0, clusters: [10], noadjust: true });
    expect(s.factor).toBeCloseTo(815 / 812, 15);
  });
});

describe('cluster meat', () => {
  it('two-way meat = A + B − A∩B; with B = rows it is A + HC0 − HC0 = A', () => {
    const x = [Float64Array.from([1, 2, 3, 4]), Float64Array.from([1, 1, 1, 1])];
    const u = Float64Array.from([0.5, -1, 2, -0.3]);
    const a = { name: 'a', codes: Int32Array.from([0, 0, 1, 1]), nlevels: 2 };
    const rowsG = { name: 'r', codes: Int32Array.from([0, 1, 2, 3]), nlevels: 4 };
    const two = meatClusterMultiway(x, u, [a, rowsG]);
    const one = meatCluster(x, u, a.codes, 2);
    for (let j = 0; j < 4; j++) expect(two[j]).toBeCloseTo(one[j]!, 12);
  });
});

describe('cluster meat against its definition', () => {
  // Σ_g s_g s_g' with s_g = Σ_{i∈g} u_i x_i, written out; k = 3 and 7 use the generated
  // kernel, k = 20 the plain loops. Rows are not grouped by cluster here.
  for (const k of [3, 7, 20]) {
    it(`k = ${k}`, () => {
      let seed = 11 + k;
      const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5);
      const n = 300;
      const G = 23;
      const X = Array.from({ length: k }, () => Float64Array.from({ length: n }, rnd));
      const u = Float64Array.from({ length: n }, rnd);
      const codes = Int32Array.from({ length: n }, (_, i) => (i * 7) % G);
      const s = Array.from({ length: G }, () => new Float64Array(k));
      for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) s[codes[i]!]![j]! += u[i]! * X[j]![i]!;
      const M = meatCluster(X, u, codes, G);
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < k; b++) {
          let ref = 0;
          for (let g = 0; g < G; g++) ref += s[g]![a]! * s[g]![b]!;
          expect(Math.abs(M[a * k + b]! - ref)).toBeLessThan(1e-12 * (1 + Math.abs(ref)));
        }
      }
    });
  }
});
