/**
 * Grouping codes for fixed effects, clusters, strata and factor dummies: dense integer
 * codes from a Frame column (numbers or text), combined groupings (`a^b`), and the
 * iterated removal of singleton groups.
 */
import type { Column } from '../data/frame.js';
import type { Grouping } from './types.js';
import { plainColumns, type ColumnAllocator } from '../data/alloc.js';
import { knownFacts, scanFacts } from '../data/missing.js';

/** Codes of a column over the whole frame (−1 = missing) with their labels. */
export interface RawCodes {
  readonly codes: Int32Array;
  /** Number of levels (= labels.length, without building the labels). */
  readonly count: number;
  /** Level labels by code; for numeric codes built on first use (500k firm ids cost ~0.2 s). */
  readonly labels: readonly string[];
  /** Numeric source: labels order numerically. */
  readonly numeric: boolean;
  /** Labels are already in their display order (combined groupings). */
  readonly ordered?: boolean;
  /** How many codes are −1 (missing). */
  readonly missing: number;
}

/*
 * The passes below are separate small functions on purpose: V8 optimizes a long function loop
 * by loop and deoptimizes it whenever execution reaches a loop without type feedback.
 */
/**
 * Codes of a frame column, remembered per column: the models of a study (csw steps, sw
 * alternatives, tables of several models) code the same firm and year columns again and
 * again, which costs ~0.1 s per 1M-row column. Columns are never written after they are
 * built, so the codes stay valid while the column lives.
 */
const codedColumns = new WeakMap<Float64Array, RawCodes>();
const codedFactors = new WeakMap<Int32Array, RawCodes>();

export function rawCodes(col: Column, alloc: ColumnAllocator = plainColumns): RawCodes {
  if (col.kind === 'factor') {
    let raw = codedFactors.get(col.codes);
    if (!raw) {
      raw = { codes: col.codes, count: col.levels.length, labels: col.levels, numeric: false, ...(col.ordered ? { ordered: true } : {}), missing: countNegative(col.codes) };
      codedFactors.set(col.codes, raw);
    }
    return raw;
  }
  let raw = codedColumns.get(col.values);
  if (!raw) {
    raw = numericCodes(col.values, alloc);
    codedColumns.set(col.values, raw);
  }
  return raw;
}

function countNegative(codes: Int32Array): number {
  let c = 0;
  for (let i = 0; i < codes.length; i++) if (codes[i]! < 0) c++;
  return c;
}

function numericCodes(v: Float64Array, alloc: ColumnAllocator): RawCodes {
  const n = v.length;
  const r = knownFacts(v) ?? scanFacts(v);
  if (r.lo > r.hi) return { codes: new Int32Array(n).fill(-1), count: 0, labels: [], numeric: true, missing: n };
  // Integer ids (firms, years): presence table in value order, no sort and no hashing.
  if (r.integers && r.hi - r.lo < 4 * n + 1024) return integerCodes(v, r.lo, r.hi, r.missing, alloc);
  return sortedCodes(v, alloc);
}

function integerCodes(v: Float64Array, lo: number, hi: number, missing: number, alloc: ColumnAllocator): RawCodes {
  // Offsets v − lo are written as codes while the present values are marked; when every
  // value in [lo, hi] occurs (ids 1..G, years) those offsets already are the dense codes.
  const present = new Uint8Array(hi - lo + 1);
  const codes = offsetCodes(v, present, lo, alloc);
  const values: number[] = [];
  const table = new Int32Array(present.length);
  for (let j = 0; j < present.length; j++) {
    table[j] = present[j] ? values.length : -1;
    if (present[j]) values.push(j + lo);
  }
  if (values.length < present.length) renumber(codes, table);
  return numericRaw(codes, values, missing);
}

/** Numeric codes in value order, with labels made from `values` only when asked for. */
function numericRaw(codes: Int32Array, values: ArrayLike<number>, missing: number): RawCodes {
  let labels: string[] | undefined;
  return {
    codes,
    count: values.length,
    missing,
    get labels(): readonly string[] {
      return (labels ??= Array.from(values, (x) => String(x)));
    },
    numeric: true,
  };
}

function offsetCodes(v: Float64Array, present: Uint8Array, lo: number, alloc: ColumnAllocator): Int32Array {
  // From the caller's allocator: with every row in a model these are its FE codes (denseGrouping).
  const codes = alloc.i32(v.length);
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (x !== x) codes[i] = -1;
    else {
      const o = x - lo;
      codes[i] = o;
      present[o] = 1;
    }
  }
  return codes;
}

function renumber(codes: Int32Array, table: Int32Array): void {
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c >= 0) codes[i] = table[c]!;
  }
}

function sortedCodes(v: Float64Array, alloc: ColumnAllocator): RawCodes {
  const n = v.length;
  // Plain loops: TypedArray.filter/from with a callback are an order of magnitude slower on V8.
  const sorted = new Float64Array(n);
  let nn = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(v[i]!)) sorted[nn++] = v[i]!;
  sorted.subarray(0, nn).sort();
  let m = 0;
  for (let i = 0; i < nn; i++) if (i === 0 || sorted[i] !== sorted[m - 1]) sorted[m++] = sorted[i]!;
  const index = new Map<number, number>();
  for (let j = 0; j < m; j++) index.set(sorted[j]!, j);
  const codes = alloc.i32(n);
  for (let i = 0; i < n; i++) codes[i] = Number.isNaN(v[i]!) ? -1 : index.get(v[i]!)!;
  return numericRaw(codes, sorted.slice(0, m), n - nn);
}

/** Sort order of labels: numeric when every label reads as a number, else code point. */
export function compareLabels(labels: readonly string[], numeric: boolean, ordered = false): (a: number, b: number) => number {
  if (ordered) return (a, b) => a - b;
  const allNum = numeric || labels.every((l) => l.trim() !== '' && Number.isFinite(Number(l)));
  if (allNum) return (a, b) => Number(labels[a]) - Number(labels[b]);
  return (a, b) => (labels[a]! < labels[b]! ? -1 : labels[a]! > labels[b]! ? 1 : 0);
}

/**
 * Dense codes 0..g−1 of `raw` restricted to `rows`, levels in label order.
 * Levels absent from `rows` disappear, so nlevels always counts observed levels.
 */
export function denseGrouping(name: string, raw: RawCodes, rows: Int32Array, alloc: ColumnAllocator = plainColumns): Grouping {
  // Every row, none missing, and codes already in label order with every level observed
  // (numeric and combined codings are built from the values present): the codes are dense.
  if ((raw.numeric || raw.ordered) && raw.missing === 0 && rows.length === raw.codes.length) {
    return {
      name,
      codes: raw.codes,
      nlevels: raw.count,
      get levels(): readonly string[] {
        return raw.labels;
      },
    };
  }
  const present = presentLevels(raw.codes, rows, raw.count);
  const order: number[] = [];
  for (let j = 0; j < present.length; j++) if (present[j]) order.push(j);
  // Numeric codes are assigned in value order (rawCodes), so they need no sort; a comparator
  // sort over 100k firm ids costs more than the rest of this function.
  if (!raw.numeric) order.sort(compareLabels(raw.labels, raw.numeric, raw.ordered));
  const map = new Int32Array(raw.count).fill(-1);
  for (let pos = 0; pos < order.length; pos++) map[order[pos]!] = pos;
  let levels: string[] | undefined;
  return {
    name,
    codes: mapCodes(raw.codes, rows, map, alloc),
    nlevels: order.length,
    // Built on first use: most models never print a FE's level labels.
    get levels(): readonly string[] {
      return (levels ??= order.map((j) => raw.labels[j]!));
    },
  };
}

function presentLevels(src: Int32Array, rows: Int32Array, nlevels: number): Uint8Array {
  const present = new Uint8Array(nlevels);
  if (rows.length === src.length) for (let i = 0; i < src.length; i++) present[src[i]!] = 1;
  else for (let i = 0; i < rows.length; i++) present[src[rows[i]!]!] = 1;
  return present;
}

function mapCodes(src: Int32Array, rows: Int32Array, map: Int32Array, alloc: ColumnAllocator): Int32Array {
  const codes = alloc.i32(rows.length);
  if (rows.length === src.length) for (let i = 0; i < codes.length; i++) codes[i] = map[src[i]!]!;
  else for (let i = 0; i < codes.length; i++) codes[i] = map[src[rows[i]!]!]!;
  return codes;
}

/** Codes renumbered so that code order = label display order. */
function ranked(p: RawCodes): { codes: Int32Array; labels: readonly string[] } {
  // Numeric codes already are in value order.
  if (p.numeric) return { codes: p.codes, labels: p.labels };
  const order = p.labels.map((_, j) => j).sort(compareLabels(p.labels, p.numeric, p.ordered));
  const rank = new Int32Array(p.labels.length);
  order.forEach((j, pos) => (rank[j] = pos));
  const codes = new Int32Array(p.codes.length);
  const pc = p.codes;
  for (let i = 0; i < codes.length; i++) codes[i] = pc[i]! < 0 ? -1 : rank[pc[i]!]!;
  return { codes, labels: order.map((j) => p.labels[j]!) };
}

/**
 * Interaction of several codings (`industry^year`), over the whole frame; −1 if any part is
 * missing. Keys rank_a·n_b + rank_b are monotone in (a, b), so sorting the keys orders the
 * combined levels like a, then b, independently of row order.
 */
const combinedPairs = new WeakMap<Int32Array, WeakMap<Int32Array, RawCodes>>();

export function combineRaw(parts: readonly RawCodes[], alloc: ColumnAllocator = plainColumns): RawCodes {
  if (parts.length === 1) return parts[0]!;
  // Pairs (industry^year) are remembered like single columns: every model of a study
  // that absorbs them would otherwise combine them again.
  if (parts.length === 2) {
    const inner = combinedPairs.get(parts[0]!.codes) ?? new WeakMap<Int32Array, RawCodes>();
    combinedPairs.set(parts[0]!.codes, inner);
    let hit = inner.get(parts[1]!.codes);
    if (!hit) {
      hit = combineParts(parts, alloc);
      inner.set(parts[1]!.codes, hit);
    }
    return hit;
  }
  return combineParts(parts, alloc);
}

function combineParts(parts: readonly RawCodes[], alloc: ColumnAllocator): RawCodes {
  let acc = ranked(parts[0]!);
  const n = acc.codes.length;
  for (const part of parts.slice(1)) {
    const r = ranked(part);
    const nb = r.labels.length;
    const size = acc.labels.length * nb;
    const codes = alloc.i32(n);
    let uniq: Float64Array;
    if (size <= 4 * n + 1024) {
      // Keys a·n_b + b go to the codes array first, then are renumbered in place: no
      // separate key column (36 MB at 4.5M rows).
      const table = new Int32Array(size).fill(-1);
      pairKeys(acc.codes, r.codes, nb, codes, table);
      let m = 0;
      const u: number[] = [];
      for (let key = 0; key < size; key++) if (table[key] === 0) {
        table[key] = m++;
        u.push(key);
      }
      renumber(codes, table);
      uniq = Float64Array.from(u);
    } else {
      const keys = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const a = acc.codes[i]!;
        const b = r.codes[i]!;
        keys[i] = a < 0 || b < 0 ? -1 : a * nb + b;
      }
      const sorted = keys.filter((k) => k >= 0).sort();
      let m = 0;
      for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[m - 1]) sorted[m++] = sorted[i]!;
      uniq = sorted.slice(0, m);
      const index = new Map<number, number>();
      uniq.forEach((k, j) => index.set(k, j));
      for (let i = 0; i < n; i++) codes[i] = keys[i]! < 0 ? -1 : index.get(keys[i]!)!;
    }
    const labels = Array.from(uniq, (k) => `${acc.labels[Math.floor(k / nb)]}^${r.labels[k % nb]}`);
    acc = { codes, labels };
  }
  return { codes: acc.codes, count: acc.labels.length, labels: acc.labels, numeric: false, ordered: true, missing: countNegative(acc.codes) };
}

const smallestLevel = new WeakMap<Int32Array, number>();

/** Rows in the smallest level of a coding over the whole frame (remembered per codes array). */
function minLevelCount(g: RawCodes): number {
  let m = smallestLevel.get(g.codes);
  if (m === undefined) {
    const counts = new Int32Array(g.count);
    countLevels(g.codes, counts);
    m = g.count ? smallestOf(counts) : 0;
    smallestLevel.set(g.codes, m);
  }
  return m;
}

function countLevels(codes: Int32Array, counts: Int32Array): void {
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c >= 0) counts[c]!++;
  }
}

function smallestOf(counts: Int32Array): number {
  let m = Number.POSITIVE_INFINITY;
  for (let j = 0; j < counts.length; j++) if (counts[j]! < m) m = counts[j]!;
  return m;
}

/** codes[i] = a·nb + b (−1 if either is missing), marking the keys that occur in `table`. */
function pairKeys(ac: Int32Array, bc: Int32Array, nb: number, codes: Int32Array, table: Int32Array): void {
  for (let i = 0; i < codes.length; i++) {
    const a = ac[i]!;
    const b = bc[i]!;
    if (a < 0 || b < 0) codes[i] = -1;
    else {
      const key = a * nb + b;
      codes[i] = key;
      table[key] = 0;
    }
  }
}

/**
 * Iteratively drop rows whose level of any grouping has one observation (reghdfe's rule:
 * a removal can create new singletons in another grouping, so repeat until none is left).
 * `keep` is updated in place; returns the number of rows removed.
 */
export function dropSingletons(groupings: readonly RawCodes[], keep: Uint8Array, allKept = false): number {
  // Nothing dropped yet and no level of any grouping with a single row over the whole frame
  // (counts remembered per coding): no singletons, no pass.
  if (allKept && groupings.every((g) => g.missing === 0 && minLevelCount(g) >= 2)) return 0;
  const Q = groupings.length;
  const codes = groupings.map((g) => g.codes);
  const counts = groupings.map((g) => new Int32Array(g.count));
  for (let q = 0; q < Q; q++) {
    const c = counts[q]!;
    const k = codes[q]!;
    for (let i = 0; i < keep.length; i++) if (keep[i]) c[k[i]!]!++;
  }
  // Counts are decremented as rows go, so each further pass only rescans rows, never recounts;
  // a pass is needed at all only while some level has exactly one row.
  const anySingle = (): boolean => counts.some((c) => c.includes(1));
  let removed = 0;
  while (anySingle()) {
    let changed = 0;
    for (let i = 0; i < keep.length; i++) {
      if (!keep[i]) continue;
      let single = false;
      for (let q = 0; q < Q; q++) if (counts[q]![codes[q]![i]!] === 1) single = true;
      if (!single) continue;
      keep[i] = 0;
      changed++;
      for (let q = 0; q < Q; q++) counts[q]![codes[q]![i]!]!--;
    }
    removed += changed;
    if (changed === 0) break;
  }
  return removed;
}
