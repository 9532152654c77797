// Grouping codes: iterated singleton removal against a round-by-round reference on random
// sparse data, and dense codes of numeric columns in value order (they skip the label sort).
import { describe, expect, it } from 'vitest';
import { numColumn } from '../../src/data/frame.js';
import { combineRaw, denseGrouping, dropSingletons, rawCodes, type RawCodes } from '../../src/design/groups.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** reghdfe's rule as written: recount every round, drop every row of a one-row level, repeat. */
function reference(groupings: readonly RawCodes[], keep: Uint8Array): number {
  let removed = 0;
  for (;;) {
    const counts = groupings.map((g) => new Int32Array(g.labels.length));
    for (let i = 0; i < keep.length; i++) if (keep[i]) groupings.forEach((g, q) => counts[q]![g.codes[i]!]!++);
    const drop: number[] = [];
    for (let i = 0; i < keep.length; i++) if (keep[i] && groupings.some((g, q) => counts[q]![g.codes[i]!] === 1)) drop.push(i);
    if (drop.length === 0) return removed;
    for (const i of drop) keep[i] = 0;
    removed += drop.length;
  }
}

describe('dropSingletons', () => {
  it('removes the same rows as the round-by-round rule (random sparse three-way data)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rnd = lcg(seed);
      const n = 400;
      const g = [60, 25, 90].map((levels) => rawCodes(numColumn(Float64Array.from({ length: n }, () => Math.floor(rnd() ** 2 * levels)))));
      const keepA = Uint8Array.from({ length: n }, () => (rnd() < 0.9 ? 1 : 0));
      const keepB = keepA.slice();
      const a = dropSingletons(g, keepA);
      const b = reference(g, keepB);
      expect(a).toBe(b);
      expect(Array.from(keepA)).toEqual(Array.from(keepB));
      // With every row kept so far the remembered level counts may skip the pass, but only
      // when no level has a single row.
      const keepC = new Uint8Array(n).fill(1);
      const keepD = keepC.slice();
      expect(dropSingletons(g, keepC, true)).toBe(reference(g, keepD));
      expect(Array.from(keepC)).toEqual(Array.from(keepD));
    }
  });

  it('no level with one row: nothing dropped, with or without the remembered counts', () => {
    const g = [rawCodes(numColumn(Float64Array.from([1, 1, 2, 2, 3, 3]))), rawCodes(numColumn(Float64Array.from([7, 8, 7, 8, 7, 8])))];
    for (const allKept of [true, false]) {
      const keep = new Uint8Array(6).fill(1);
      expect(dropSingletons(g, keep, allKept)).toBe(0);
      expect(Array.from(keep)).toEqual([1, 1, 1, 1, 1, 1]);
    }
  });
});

describe('denseGrouping of numeric columns', () => {
  it('orders levels by value (negative, fractional and integer ids) and renumbers on a subset', () => {
    const raw = rawCodes(numColumn(Float64Array.from([3.5, -2, 10, 3.5, Number.NaN, -2.25, 10])));
    const all = denseGrouping('v', raw, Int32Array.from([0, 1, 2, 3, 5, 6]));
    expect(all.levels).toEqual(['-2.25', '-2', '3.5', '10']);
    expect(Array.from(all.codes)).toEqual([2, 1, 3, 2, 0, 3]);
    const sub = denseGrouping('v', raw, Int32Array.from([2, 3]));
    expect(sub.levels).toEqual(['3.5', '10']);
    expect(Array.from(sub.codes)).toEqual([1, 0]);
    // Integer ids with gaps (1, 5, 1000) are renumbered densely; NaN is −1.
    const sparse = rawCodes(numColumn(Float64Array.from([1000, 1, Number.NaN, 5, 1])));
    expect(Array.from(sparse.codes)).toEqual([2, 0, -1, 1, 0]);
    expect(sparse.labels).toEqual(['1', '5', '1000']);
    expect(sparse.missing).toBe(1);
    const ids = rawCodes(numColumn(Float64Array.from([2011, 2009, 2010, 2009])));
    const g = denseGrouping('year', ids, Int32Array.from([0, 1, 2, 3]));
    expect(g.levels).toEqual(['2009', '2010', '2011']);
    expect(Array.from(g.codes)).toEqual([2, 0, 1, 0]);
  });
});

describe('codings reused without work', () => {
  it('every row and nothing missing: the coding is the grouping (no pass, same array)', () => {
    const ids = rawCodes(numColumn(Float64Array.from([7, 3, 3, 9, 7])));
    expect(ids.missing).toBe(0);
    const g = denseGrouping('id', ids, Int32Array.from([0, 1, 2, 3, 4]));
    expect(g.codes).toBe(ids.codes);
    expect(Array.from(g.codes)).toEqual([1, 0, 0, 2, 1]);
    expect(g.nlevels).toBe(3);
    expect(g.levels).toEqual(['3', '7', '9']);
    // With a missing value the grouping is built from the rows (the -1 row is not among them).
    const gap = rawCodes(numColumn(Float64Array.from([7, Number.NaN, 3])));
    expect(gap.missing).toBe(1);
    const h = denseGrouping('id', gap, Int32Array.from([0, 2]));
    expect(h.codes).not.toBe(gap.codes);
    expect(Array.from(h.codes)).toEqual([1, 0]);
  });

  it('a combined coding (a^b) is built once per pair of columns and dense on every row', () => {
    const a = rawCodes(numColumn(Float64Array.from([1, 1, 2, 2])));
    const b = rawCodes(numColumn(Float64Array.from([5, 6, 5, 5])));
    const ab = combineRaw([a, b]);
    expect(combineRaw([a, b])).toBe(ab);
    expect(ab.labels).toEqual(['1^5', '1^6', '2^5']);
    const g = denseGrouping('a^b', ab, Int32Array.from([0, 1, 2, 3]));
    expect(g.codes).toBe(ab.codes);
    expect(Array.from(g.codes)).toEqual([0, 1, 2, 2]);
  });
});
