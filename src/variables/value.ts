/**
 * Values flowing through expression evaluation. Columns are the Frame's own column types;
 * literals stay scalars until an operation needs them as a column, so that `x * 2` never
 * materialises a column of twos and `region == "east"` can be decided once per level.
 */
import { factorColumn, numColumn, type Column, type FactorColumn, type NumColumn } from '../data/frame.js';

/** A number literal, `NA` (NaN) or a boolean (0/1). */
export interface ScalarVal {
  readonly kind: 'scalar';
  readonly value: number;
}

/** A string literal. */
export interface TextVal {
  readonly kind: 'text';
  readonly value: string;
}

export type Val = NumColumn | FactorColumn | ScalarVal | TextVal;

export const scalar = (value: number): ScalarVal => ({ kind: 'scalar', value });
export const text = (value: string): TextVal => ({ kind: 'text', value });

export function isTextual(v: Val): v is FactorColumn | TextVal {
  return v.kind === 'factor' || v.kind === 'text';
}

/** Infinite results (x/0, exp overflow) are missing, as in Stata. */
export function clean(v: number): number {
  return v === Infinity || v === -Infinity ? NaN : v;
}

/** Numeric view of a numeric value, broadcasting scalars to n rows. Caller checks the kind. */
export function numValues(v: NumColumn | ScalarVal, n: number): Float64Array {
  if (v.kind === 'num') return v.values;
  return new Float64Array(n).fill(v.value);
}

/** A text value as a factor column (a literal becomes a one-level column). */
export function asFactor(v: FactorColumn | TextVal, n: number): FactorColumn {
  if (v.kind === 'factor') return v;
  return factorColumn(new Int32Array(n), [v.value]);
}

/** The Column a finished expression yields. */
export function toColumn(v: Val, n: number): Column {
  switch (v.kind) {
    case 'num':
    case 'factor':
      return v;
    case 'scalar':
      return numColumn(numValues(v, n));
    case 'text':
      return asFactor(v, n);
  }
}

/**
 * Apply `f` to every level of a factor and spread the per-level result over rows: the way
 * text predicates cost O(levels) string work plus one O(n) integer pass.
 */
export function perLevel(c: FactorColumn, f: (level: string) => number): Float64Array {
  const byLevel = new Float64Array(c.levels.length);
  for (let k = 0; k < c.levels.length; k++) byLevel[k] = f(c.levels[k]!);
  const out = new Float64Array(c.codes.length);
  for (let i = 0; i < out.length; i++) {
    const k = c.codes[i]!;
    out[i] = k < 0 ? NaN : byLevel[k]!;
  }
  return out;
}

/** Map levels through `f`, merging levels that become equal (e.g. after lower()). */
export function mapLevels(c: FactorColumn, f: (level: string) => string): FactorColumn {
  const index = new Map<string, number>();
  const levels: string[] = [];
  const remap = new Int32Array(c.levels.length);
  for (let k = 0; k < c.levels.length; k++) {
    const s = f(c.levels[k]!);
    let j = index.get(s);
    if (j === undefined) {
      j = levels.length;
      index.set(s, j);
      levels.push(s);
    }
    remap[k] = j;
  }
  const codes = new Int32Array(c.codes.length);
  for (let i = 0; i < codes.length; i++) {
    const k = c.codes[i]!;
    codes[i] = k < 0 ? -1 : remap[k]!;
  }
  return factorColumn(codes, levels);
}

/**
 * Put several text values on one shared level set (for ifelse/coalesce of text, or
 * factor-vs-factor comparison): returns each value's codes re-expressed in `levels`.
 */
export function unifyText(vals: readonly (FactorColumn | TextVal)[], n: number): { levels: string[]; codes: Int32Array[] } {
  const index = new Map<string, number>();
  const levels: string[] = [];
  const codes: Int32Array[] = [];
  for (const v of vals) {
    const f = asFactor(v, n);
    const remap = new Int32Array(f.levels.length);
    for (let k = 0; k < f.levels.length; k++) {
      const s = f.levels[k]!;
      let j = index.get(s);
      if (j === undefined) {
        j = levels.length;
        index.set(s, j);
        levels.push(s);
      }
      remap[k] = j;
    }
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const k = f.codes[i]!;
      out[i] = k < 0 ? -1 : remap[k]!;
    }
    codes.push(out);
  }
  return { levels, codes };
}
