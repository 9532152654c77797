/**
 * Grouping codes for fixed effects, clusters, strata and factor dummies: dense integer
 * codes from a Frame column (numbers or text), combined groupings (`a^b`), and the
 * iterated removal of singleton groups.
 */
import type { Column } from '../data/frame.js';
import type { Grouping } from './types.js';

/** Codes of a column over the whole frame (−1 = missing) with their labels. */
export interface RawCodes {
  readonly codes: Int32Array;
  readonly labels: readonly string[];
  /** Numeric source: labels order numerically. */
  readonly numeric: boolean;
  /** Labels are already in their display order (combined groupings). */
  readonly ordered?: boolean;
}

export function rawCodes(col: Column): RawCodes {
  if (col.kind === 'factor') return { codes: col.codes, labels: col.levels, numeric: false };
  const v = col.values;
  const uniq = Array.from(new Set(Array.from(v).filter((x) => !Number.isNaN(x)))).sort((a, b) => a - b);
  const index = new Map<number, number>();
  uniq.forEach((u, j) => index.set(u, j));
  const codes = new Int32Array(v.length);
  for (let i = 0; i < v.length; i++) codes[i] = Number.isNaN(v[i]!) ? -1 : index.get(v[i]!)!;
  return { codes, labels: uniq.map((u) => String(u)), numeric: true };
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
export function denseGrouping(name: string, raw: RawCodes, rows: Int32Array): Grouping {
  const present = new Uint8Array(raw.labels.length);
  for (let i = 0; i < rows.length; i++) present[raw.codes[rows[i]!]!] = 1;
  const order: number[] = [];
  for (let j = 0; j < present.length; j++) if (present[j]) order.push(j);
  order.sort(compareLabels(raw.labels, raw.numeric, raw.ordered));
  const map = new Int32Array(raw.labels.length).fill(-1);
  order.forEach((j, pos) => (map[j] = pos));
  const codes = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) codes[i] = map[raw.codes[rows[i]!]!]!;
  return { name, codes, nlevels: order.length, levels: order.map((j) => raw.labels[j]!) };
}

/** Interaction of several codings (`industry^year`), over the whole frame; −1 if any part is missing. */
export function combineRaw(parts: readonly RawCodes[]): RawCodes {
  if (parts.length === 1) return parts[0]!;
  const n = parts[0]!.codes.length;
  const keyOf = new Map<string, number>();
  const labels: string[] = [];
  const codes = new Int32Array(n);
  // Sorting the combined labels part by part keeps a^b ordered like a, then b.
  const ranks = parts.map((p) => {
    const order = p.labels.map((_, j) => j).sort(compareLabels(p.labels, p.numeric, p.ordered));
    const r = new Int32Array(p.labels.length);
    order.forEach((j, pos) => (r[j] = pos));
    return r;
  });
  const rankKeys: number[][] = [];
  for (let i = 0; i < n; i++) {
    let miss = false;
    let key = '';
    for (const p of parts) {
      const c = p.codes[i]!;
      if (c < 0) {
        miss = true;
        break;
      }
      key += `${c},`;
    }
    if (miss) {
      codes[i] = -1;
      continue;
    }
    let id = keyOf.get(key);
    if (id === undefined) {
      id = labels.length;
      keyOf.set(key, id);
      labels.push(parts.map((p) => p.labels[p.codes[i]!]!).join('^'));
      rankKeys.push(parts.map((p, q) => ranks[q]![p.codes[i]!]!));
    }
    codes[i] = id;
  }
  // Re-number by the part ranks so the order does not depend on row order.
  const order = labels.map((_, j) => j).sort((a, b) => {
    const ka = rankKeys[a]!;
    const kb = rankKeys[b]!;
    for (let q = 0; q < ka.length; q++) if (ka[q] !== kb[q]) return ka[q]! - kb[q]!;
    return 0;
  });
  const map = new Int32Array(labels.length);
  order.forEach((j, pos) => (map[j] = pos));
  for (let i = 0; i < n; i++) if (codes[i]! >= 0) codes[i] = map[codes[i]!]!;
  const sortedLabels = order.map((j) => labels[j]!);
  return { codes, labels: sortedLabels, numeric: false, ordered: true };
}

/**
 * Iteratively drop rows whose level of any grouping has one observation (reghdfe's rule:
 * a removal can create new singletons in another grouping, so repeat until none is left).
 * `keep` is updated in place; returns the number of rows removed.
 */
export function dropSingletons(groupings: readonly RawCodes[], keep: Uint8Array): number {
  let removed = 0;
  const counts = groupings.map((g) => new Int32Array(g.labels.length));
  for (;;) {
    for (const c of counts) c.fill(0);
    for (let i = 0; i < keep.length; i++) {
      if (!keep[i]) continue;
      for (let q = 0; q < groupings.length; q++) counts[q]![groupings[q]!.codes[i]!]!++;
    }
    let changed = 0;
    for (let i = 0; i < keep.length; i++) {
      if (!keep[i]) continue;
      for (let q = 0; q < groupings.length; q++) {
        if (counts[q]![groupings[q]!.codes[i]!] === 1) {
          keep[i] = 0;
          changed++;
          break;
        }
      }
    }
    removed += changed;
    if (changed === 0) return removed;
  }
}
