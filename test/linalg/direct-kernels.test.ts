// The direct solve's kernels (blocks of 4/2/1 columns) against their plain twins, bit for
// bit, for 1–9 columns and 1–3 small FE on any row or level range; and the Schur complement
// pooled by pattern against the level-by-level sum (another order of additions: 1e-12).
import { describe, expect, it } from 'vitest';
import { directGbar, directResid, directRhs, directSums, type Small } from '../../src/linalg/direct-kernels.js';
import { directLevelResid } from '../../src/linalg/direct-level-resid.js';
import { directLevelSumsRhs } from '../../src/linalg/direct-level-sums.js';
import { schur, schurLevel, type SchurInput } from '../../src/linalg/direct-schur.js';
import {
  directGbarReference,
  directLevelResidReference,
  directLevelSumsRhsReference,
  directResidReference,
  directRhsReference,
  directSumsReference,
} from '../../src/linalg/reference/direct.js';
import { bits, codes, columns, lcg, ranges } from './random-inputs.js';

const n = 997;
const L = 120;

function small(rnd: () => number, S: number): Small & { m: number } {
  const sizes = [7, 31, 5].slice(0, S);
  const off = new Int32Array(S + 1);
  for (let q = 0; q < S; q++) off[q + 1] = off[q]! + sizes[q]!;
  return { sc: sizes.map((g) => codes(rnd, n, g)), off, m: off[S]! };
}

/** Level starts of n rows grouped into L levels of random sizes (some empty). */
function starts(rnd: () => number): Int32Array {
  const start = new Int32Array(L + 1);
  const c = codes(rnd, n, L, true);
  for (const v of c) start[v + 1]!++;
  start[5] = start[4]!; // level 4 empty
  for (let b = 0; b < L; b++) start[b + 1]! += start[b]!;
  start[L] = n;
  return start;
}

const same = (a: Float64Array, b: Float64Array, what: string) => expect(bits(a).equals(bits(b)), what).toBe(true);

describe('direct-solve kernels', () => {
  it('row passes equal their references bit for bit', () => {
    const rnd = lcg(7);
    for (const K of [1, 2, 3, 4, 5, 6, 7, 9]) {
      for (const S of [1, 2, 3]) {
        const s = small(rnd, S);
        const bc = codes(rnd, n, L);
        const x = columns(rnd, K, n);
        const gamma = columns(rnd, 1, s.m * K)[0]!;
        const xbar0 = columns(rnd, 1, L * K)[0]!;
        const gb = columns(rnd, 1, L * K)[0]!;
        for (const [lo, hi] of ranges(n)) {
          const tag = `K=${K} S=${S} rows ${lo}..${hi}`;
          const [a, b] = [xbar0.slice(), xbar0.slice()];
          directSums(a, bc, x, lo, hi, K);
          directSumsReference(b, bc, x, lo, hi, K);
          same(a, b, `sums ${tag}`);
          const [v1, v2] = [new Float64Array(s.m * K), new Float64Array(s.m * K)];
          directRhs(v1, bc, s, xbar0, x, lo, hi, K);
          directRhsReference(v2, bc, s, xbar0, x, lo, hi, K);
          same(v1, v2, `rhs ${tag}`);
          const [w1, w2] = [new Float64Array(L * K), new Float64Array(L * K)];
          directGbar(w1, bc, s, gamma, lo, hi, K);
          directGbarReference(w2, bc, s, gamma, lo, hi, K);
          same(w1, w2, `gbar ${tag}`);
          const o1 = x.map(() => new Float64Array(n));
          const o2 = x.map(() => new Float64Array(n));
          directResid(o1, bc, s, xbar0, gamma, gb, x, lo, hi, K);
          directResidReference(o2, bc, s, xbar0, gamma, gb, x, lo, hi, K);
          for (let k = 0; k < K; k++) same(o1[k]!, o2[k]!, `resid ${tag} column ${k}`);
        }
      }
    }
  });

  it('level passes on grouped rows equal their references bit for bit', () => {
    const rnd = lcg(8);
    for (const K of [1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 17]) {
      for (const S of [1, 2]) {
        const s = small(rnd, S);
        const start = starts(rnd);
        const x = columns(rnd, K, n);
        const gamma = columns(rnd, 1, s.m * K)[0]!;
        for (const [b0, b1] of [[0, L], [0, 0], [3, 60], [59, L]] as const) {
          const tag = `K=${K} S=${S} levels ${b0}..${b1}`;
          const [v1, v2] = [new Float64Array(s.m * K), new Float64Array(s.m * K)];
          const [x1, x2] = [new Float64Array(L * K), new Float64Array(L * K)];
          const [m1, m2] = [new Float64Array(2 * K), new Float64Array(2 * K)];
          directLevelSumsRhs(v1, start, s, x1, m1, x, b0, b1, K);
          directLevelSumsRhsReference(v2, start, s, x2, m2, x, b0, b1, K);
          same(v1, v2, `rhs ${tag}`);
          same(x1, x2, `means ${tag}`);
          same(m1, m2, `moments ${tag}`);
          const o1 = x.map(() => new Float64Array(n));
          const o2 = x.map(() => new Float64Array(n));
          directLevelResid(o1, start, s, x1, gamma, x, b0, b1, K);
          directLevelResidReference(o2, start, s, x1, gamma, x, b0, b1, K);
          for (let k = 0; k < K; k++) same(o1[k]!, o2[k]!, `resid ${tag} column ${k}`);
        }
      }
    }
  });

  it("D'M_B D pooled by pattern equals the level-by-level sum (1e-12)", () => {
    const rnd = lcg(9);
    // One small FE with ≤ 30 levels (bit masks), > 30 levels (hashed lists), levels of B that
    // meet a small level twice, two small FE (level by level), rows grouped or in any order.
    for (const [levels, repeat, S, grouped] of [
      [10, false, 1, true],
      [10, true, 1, true],
      [200, false, 1, true],
      [200, true, 1, false],
      [12, false, 2, true],
      [12, false, 1, false],
    ] as const) {
      const rows: number[][] = [];
      for (let b = 0; b < L; b++) {
        const t = 1 + Math.floor(rnd() * Math.min(levels, 9));
        const perm = Array.from({ length: levels }, (_, l) => l).sort(() => rnd() - 0.5);
        const lv = perm.slice(0, t);
        if (repeat && b % 7 === 0) lv.push(lv[0]!);
        for (const l of lv) rows.push([b, l, Math.floor(rnd() * 5)]);
      }
      if (!grouped) rows.sort(() => rnd() - 0.5);
      const N = rows.length;
      const bc = Int32Array.from(rows, (r) => r[0]!);
      const start = new Int32Array(L + 1);
      for (const b of bc) start[b + 1]!++;
      for (let b = 0; b < L; b++) start[b + 1]! += start[b]!;
      let order: Int32Array | null = null;
      if (!grouped) {
        order = new Int32Array(N);
        const fill = start.slice(0, L);
        for (let i = 0; i < N; i++) order[fill[bc[i]!]!++] = i;
      }
      const sc = [Int32Array.from(rows, (r) => r[1]!), Int32Array.from(rows, (r) => r[2]!)].slice(0, S);
      const off = Int32Array.from(S === 1 ? [0, levels] : [0, levels, levels + 5]);
      const job: SchurInput = { start, order, sc, off, m: off[S]! };
      const m = job.m;
      const pooled = new Float64Array(m * m);
      schur(job, pooled, 0, L);
      const plain = new Float64Array(m * m);
      const ws = { pos: new Int32Array(m).fill(-1), lev: new Int32Array(m), cnt: new Float64Array(m), row: new Int32Array(S) };
      for (let b = 0; b < L; b++) schurLevel(job, plain, b, ws);
      const scale = Math.max(...plain.map(Math.abs));
      let worst = 0;
      for (let j = 0; j < m * m; j++) worst = Math.max(worst, Math.abs(pooled[j]! - plain[j]!));
      expect(worst / scale, `levels=${levels} repeat=${repeat} S=${S} grouped=${grouped}`).toBeLessThanOrEqual(1e-12);
      expect(scale).toBeGreaterThan(0);
    }
  });
});
