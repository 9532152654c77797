/**
 * Dense group ids for `by = g` / `by = [g1, g2]`: one Int32Array of ids (−1 when any key is
 * missing), built from typed codes. Factor codes are used as they are; numeric keys are
 * densified through a Map keyed by the number itself; several keys are combined as
 * id·(levels of next key) + code and densified again. No strings are built per row.
 */
import type { Column } from '../data/frame.js';

export interface GroupIndex {
  readonly ngroups: number;
  /** Group of each row, in order of first appearance; −1 when a key is missing. */
  readonly gid: Int32Array;
}

/** Codes of one key column, densified in order of first appearance. */
function keyCodes(c: Column): { codes: Int32Array; nlevels: number } {
  const n = c.kind === 'num' ? c.values.length : c.codes.length;
  const codes = new Int32Array(n);
  if (c.kind === 'factor') {
    // Factor codes may skip unused levels; that only widens the combined key space.
    codes.set(c.codes);
    return { codes, nlevels: c.levels.length };
  }
  const v = c.values;
  const small = integerSpan(v);
  if (small) return tableCodes(v, small.min, small.span);
  const seen = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const x = v[i]!;
    if (Number.isNaN(x)) {
      codes[i] = -1;
      continue;
    }
    // +0 and −0 are one group.
    const key = x === 0 ? 0 : x;
    let k = seen.get(key);
    if (k === undefined) {
      k = seen.size;
      seen.set(key, k);
    }
    codes[i] = k;
  }
  return { codes, nlevels: seen.size };
}

/**
 * When every key is an integer in a range not much wider than the column (ids, years),
 * a lookup table replaces the Map: the common case costs two linear passes.
 */
function integerSpan(v: Float64Array): { min: number; span: number } | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (x !== x) continue;
    if (!Number.isInteger(x)) return undefined;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (min > max) return { min: 0, span: 0 };
  const span = max - min + 1;
  return span <= 4 * v.length + 1024 ? { min, span } : undefined;
}

function tableCodes(v: Float64Array, min: number, span: number): { codes: Int32Array; nlevels: number } {
  const table = new Int32Array(span).fill(-1);
  const codes = new Int32Array(v.length);
  let next = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (x !== x) {
      codes[i] = -1;
      continue;
    }
    const t = x - min;
    let k = table[t]!;
    if (k < 0) {
      k = next++;
      table[t] = k;
    }
    codes[i] = k;
  }
  return { codes, nlevels: next };
}

/** Renumber arbitrary non-negative integer keys (−1 = missing) to 0..g−1 by first appearance. */
function densify(keys: Float64Array | Int32Array, n: number, span: number): GroupIndex {
  const gid = new Int32Array(n);
  if (span <= 4 * n + 1024) {
    // Small key space: a lookup table beats a Map.
    const table = new Int32Array(span).fill(-1);
    let g = 0;
    for (let i = 0; i < n; i++) {
      const k = keys[i]!;
      if (k < 0) {
        gid[i] = -1;
        continue;
      }
      let id = table[k]!;
      if (id < 0) {
        id = g++;
        table[k] = id;
      }
      gid[i] = id;
    }
    return { ngroups: g, gid };
  }
  const seen = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    if (k < 0) {
      gid[i] = -1;
      continue;
    }
    let id = seen.get(k);
    if (id === undefined) {
      id = seen.size;
      seen.set(k, id);
    }
    gid[i] = id;
  }
  return { ngroups: seen.size, gid };
}

/**
 * When every key is a factor or an integer-valued number over a small range (industry, year,
 * province), each row's key tuple is one mixed-radix integer, renumbered once by first
 * appearance: no per-key renumbering, no Float64 intermediate. Same ids as the general path,
 * since both number the distinct tuples in order of first appearance.
 */
function mixedRadix(keys: readonly Column[], n: number): GroupIndex | undefined {
  const parts: { column: Column; min: number; size: number }[] = [];
  let span = 1;
  for (const c of keys) {
    const s = c.kind === 'factor' ? { min: 0, span: c.levels.length } : integerSpan(c.values);
    if (!s) return undefined;
    span *= s.span;
    if (span > 4 * n + 1024) return undefined;
    parts.push({ column: c, min: s.min, size: s.span });
  }
  // key = k0 + s0·(k1 + s1·(k2 + …)): distinct tuples get distinct keys below `span`.
  const key = new Int32Array(n);
  let radix = 1;
  for (const { column: c, min, size } of parts) {
    if (c.kind === 'factor') {
      const codes = c.codes;
      for (let i = 0; i < n; i++) {
        const k = key[i]!;
        const code = codes[i]!;
        key[i] = k < 0 || code < 0 ? -1 : k + code * radix;
      }
    } else {
      const v = c.values;
      for (let i = 0; i < n; i++) {
        const k = key[i]!;
        const x = v[i]!;
        key[i] = k < 0 || x !== x ? -1 : k + (x - min) * radix;
      }
    }
    radix *= size;
  }
  return densify(key, n, span);
}

export function buildGroupIndex(keys: readonly Column[], n: number): GroupIndex {
  if (keys.length === 0) return { ngroups: n > 0 ? 1 : 0, gid: new Int32Array(n) };
  const direct = mixedRadix(keys, n);
  if (direct) return direct;
  const first = keyCodes(keys[0]!);
  // Numeric codes are already dense in first-appearance order; factor codes may skip levels.
  let current: GroupIndex =
    keys[0]!.kind === 'num' ? { ngroups: first.nlevels, gid: first.codes } : densify(first.codes, n, first.nlevels);
  for (let j = 1; j < keys.length; j++) {
    const next = keyCodes(keys[j]!);
    // ngroups·nlevels < 2^53 always holds for realistic tables, so the product is exact.
    const combined = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const a = current.gid[i]!;
      const b = next.codes[i]!;
      combined[i] = a < 0 || b < 0 ? -1 : a * next.nlevels + b;
    }
    current = densify(combined, n, current.ngroups * next.nlevels);
  }
  return current;
}

/** Number of rows per group (rows with a missing key are not counted). */
export function groupSizes(g: GroupIndex): Int32Array {
  const size = new Int32Array(g.ngroups);
  for (let i = 0; i < g.gid.length; i++) {
    const k = g.gid[i]!;
    if (k >= 0) size[k]!++;
  }
  return size;
}

/** Rows of each group, contiguous: rows[start[g] .. start[g+1]) in row order. */
export function groupRows(g: GroupIndex): { start: Int32Array; rows: Int32Array } {
  const size = groupSizes(g);
  const start = new Int32Array(g.ngroups + 1);
  for (let k = 0; k < g.ngroups; k++) start[k + 1] = start[k]! + size[k]!;
  const fill = start.slice(0, g.ngroups);
  const rows = new Int32Array(start[g.ngroups]!);
  for (let i = 0; i < g.gid.length; i++) {
    const k = g.gid[i]!;
    if (k >= 0) rows[fill[k]!++] = i;
  }
  return { start, rows };
}
