// The fit's row passes shared with the helper thread (cross-products by tile, residuals by
// rows, cluster scores by rows cut at a cluster boundary): the same values as plain loops,
// and not one bit different when the helper is switched off.
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { disableHelper, helperPartitions } from '../../src/linalg/demean-pool.js';
import { crossprod, residuals } from '../../src/linalg/kernels.js';
import { meatCluster } from '../../src/vcov/meat.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const n = 150_000;
const rnd = lcg(3);
const shared = (f: (i: number) => number): Float64Array => {
  const a = new Float64Array(new SharedArrayBuffer(8 * n));
  for (let i = 0; i < n; i++) a[i] = f(i);
  return a;
};
const X = Array.from({ length: 7 }, (_, j) => shared(() => rnd() * (j + 1) - 0.5));
const y = shared((i) => X[0]![i]! - 2 * X[3]![i]! + rnd());
// Clusters grouped (non-decreasing codes), as panels clustered by their id are.
const codes = new Int32Array(new SharedArrayBuffer(4 * n));
for (let i = 0; i < n; i++) codes[i] = Math.floor(i / 7);
const G = Math.ceil(n / 7);
const b = [0.5, 0, -1.25, 2, 0.1, -0.3, 1];

function all() {
  return { xx: crossprod(X), xy: crossprod(X, [y]), u: residuals(y, X, b), m: meatCluster(X.slice(0, 5), y, codes, G, true) };
}

const bits = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('row passes with the helper thread', () => {
  it('match plain loops and are bit-identical without the helper', async () => {
    const before = helperPartitions();
    let withHelper = all();
    for (let t = 0; t < 40 && helperPartitions() === before; t++) {
      await new Promise((r) => setTimeout(r, 50));
      withHelper = all();
    }
    if (availableParallelism() >= 2 && process.env.STUDYSPEC_THREADS !== '1') expect(helperPartitions()).toBeGreaterThan(before);
    // Plain references.
    for (let p = 0; p < 7; p++) {
      for (let q = 0; q < 7; q++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += X[p]![i]! * X[q]![i]!;
        expect(withHelper.xx[p * 7 + q]).toBeCloseTo(s, 8);
      }
    }
    for (let i = 0; i < n; i += 997) {
      let v = y[i]!;
      for (let j = 0; j < 7; j++) if (b[j] !== 0) v -= b[j]! * X[j]![i]!;
      expect(withHelper.u[i]).toBe(v);
    }
    const S = new Float64Array(G * 6);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < 5; j++) S[codes[i]! * 6 + j] += X[j]![i]! * y[i]!;
      S[codes[i]! * 6 + 5] += y[i]!;
    }
    let m00 = 0;
    let m55 = 0;
    for (let g = 0; g < G; g++) {
      m00 += S[g * 6]! ** 2;
      m55 += S[g * 6 + 5]! ** 2;
    }
    expect(withHelper.m[0]).toBe(m00);
    expect(withHelper.m[35]).toBe(m55);
    disableHelper();
    const alone = all();
    for (const key of ['xx', 'xy', 'u', 'm'] as const) expect(bits(alone[key]).equals(bits(withHelper[key]))).toBe(true);
  });
});
