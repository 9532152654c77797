import { describe, expect, it } from 'vitest';
import { buildGroupIndex } from '../../src/variables/group-index.js';
import { col, errorCode, expectClose, frame, run } from './helpers.js';

const f = frame({
  ind: ['a', 'a', 'a', 'b', 'b', 'c', null],
  year: [1, 1, 2, 1, 1, 1, 1],
  x: [1, 3, 5, 2, null, 7, 9],
});

describe('group statistics broadcast to rows', () => {
  it('mean, sum, min, max, count, sd by one key', () => {
    expect(run('mean_by(x, by = ind)', f)).toEqual([3, 3, 3, 2, 2, 7, null]);
    expect(run('sum_by(x, by = ind)', f)).toEqual([9, 9, 9, 2, 2, 7, null]);
    expect(run('min_by(x, by = ind)', f)).toEqual([1, 1, 1, 2, 2, 7, null]);
    expect(run('max_by(x, by = ind)', f)).toEqual([5, 5, 5, 2, 2, 7, null]);
    expect(run('count_by(x, by = ind)', f)).toEqual([3, 3, 3, 1, 1, 1, null]);
    expect(run('sd_by(x, by = ind)', f)).toEqual([2, 2, 2, null, null, null, null]);
  });
  it('combines several keys', () => {
    expect(run('mean_by(x, by = [ind, year])', f)).toEqual([2, 2, 5, 2, 2, 7, null]);
    expect(run('count_by(x, [ind, year])', f)).toEqual([2, 2, 1, 1, 1, 1, null]);
  });
  it('sum of an all-missing group is 0 (Stata egen total)', () => {
    const g = frame({ k: [1, 1, 2], v: [null, null, 3] });
    expect(run('sum_by(v, by = k)', g)).toEqual([0, 0, 3]);
    expect(run('mean_by(v, by = k)', g)).toEqual([null, null, 3]);
  });
  it('numeric keys, including a key that is an expression', () => {
    const g = frame({ k: [2.5, 1, 2.5, 1], v: [1, 2, 3, 4] });
    expect(run('mean_by(v, by = k)', g)).toEqual([2, 3, 2, 3]);
  });
  it('rejects a by that is not a column', () => {
    expect(errorCode('mean_by(x, by = "ind")', f)).toBe('SS474');
  });
});

describe('loo_mean (M7)', () => {
  it('is (sum − x_i)/(n − 1), missing for single-member groups', () => {
    // group a: 1,3,5 → (8/2, 6/2, 4/2); b: 2 and a missing x → others: none for row 3; row 4 gets mean of b = 2
    expect(run('loo_mean(x, by = ind)', f)).toEqual([4, 3, 2, null, 2, null, null]);
  });
  it('agrees with a brute-force leave-one-out over two keys', () => {
    const ind = ['a', 'a', 'b', 'a', 'b', 'b', 'a', 'a'];
    const yr = [1, 1, 1, 2, 1, 1, 1, 2];
    const q = [0.3, 1.7, 2.2, 0.9, -1.1, 4.0, 2.5, 1.1];
    const g = frame({ ind, yr, q });
    const want = q.map((_, i) => {
      const others = q.filter((__, j) => j !== i && ind[j] === ind[i] && yr[j] === yr[i]);
      return others.length ? others.reduce((s, v) => s + v, 0) / others.length : null;
    });
    expectClose(run('loo_mean(q, by = [ind, yr])', g), want, 1e-14);
  });
});

describe('share and hhi (M6)', () => {
  const g = frame({ firm: [1, 1, 1, 2, 2], v: [1, 1, 2, 5, null] });
  it('share is x over the group total', () => {
    expect(run('share(v, by = firm)', g)).toEqual([0.25, 0.25, 0.5, 1, null]);
  });
  it('hhi is the sum of squared shares on every row', () => {
    expect(run('hhi(v, by = firm)', g)).toEqual([0.375, 0.375, 0.375, 1, 1]);
  });
  it('without by, shares are of the grand total', () => {
    expectClose(run('share(v)', g), [1 / 9, 1 / 9, 2 / 9, 5 / 9, null]);
  });
  it('a share-weighted mean composes from share and sum_by', () => {
    const h = frame({ firm: [1, 1, 2], w: [1, 3, 2], dv: [10, 20, 7] });
    expect(run('sum_by(share(w, by = firm) * dv, by = firm)', h)).toEqual([17.5, 17.5, 7]);
  });
});

describe('group index', () => {
  it('numbers groups by first appearance and marks missing keys', () => {
    const g = buildGroupIndex([col(['b', 'a', 'b', null]), col([1, 1, 1, 1])], 4);
    expect(g.ngroups).toBe(2);
    expect(Array.from(g.gid)).toEqual([0, 1, 0, -1]);
  });
  it('treats a numeric key with a large value space through a map', () => {
    const g = buildGroupIndex([col([1e12, 3, 1e12, 3]), col([7, 7, 8, 7])], 4);
    expect(Array.from(g.gid)).toEqual([0, 1, 2, 1]);
  });
  it('small integer keys, factors with unused levels, −0 and fractions all number tuples by first appearance', () => {
    // Deterministic pseudo-random keys; the reference numbers the tuples through strings.
    let seed = 7;
    const rnd = (k: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % k);
    const n = 3000;
    const a = Array.from({ length: n }, () => (rnd(20) === 0 ? null : ['x', 'y', 'z'][rnd(3)]!));
    const b = Array.from({ length: n }, () => (rnd(25) === 0 ? null : [-3, -0, 0, 1, 2006][rnd(5)]!));
    const c = Array.from({ length: n }, () => rnd(4) + 0.5 * rnd(2));
    const ka = col(a);
    // A factor whose levels include ones no row uses.
    const kaWide = ka.kind === 'factor' ? { ...ka, levels: [...ka.levels, 'unused1', 'unused2'] } : ka;
    for (const keys of [[kaWide, col(b)], [col(b), kaWide], [col(b)], [kaWide, col(b), col(c)]]) {
      const seen = new Map<string, number>();
      const want = Array.from({ length: n }, (_, i) => {
        const parts = keys.map((k) => (k.kind === 'factor' ? (k.codes[i]! < 0 ? null : k.levels[k.codes[i]!]) : Number.isNaN(k.values[i]!) ? null : String(k.values[i]! + 0)));
        if (parts.includes(null)) return -1;
        const t = parts.join('|');
        if (!seen.has(t)) seen.set(t, seen.size);
        return seen.get(t)!;
      });
      const g = buildGroupIndex(keys, n);
      expect(Array.from(g.gid)).toEqual(want);
      expect(g.ngroups).toBe(seen.size);
    }
  });
});
