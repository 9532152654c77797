/**
 * Formula terms → numeric columns: plain numeric terms, `i()` dummies (with reference
 * levels and varying slopes), and interactions (products of numeric parts, one column per
 * level of factor parts). Resolution (over the whole frame, for missing-value accounting)
 * is separate from expansion (on the final estimation rows), so that levels and dummies
 * reflect exactly the rows that are used.
 */
import type { Column } from '../data/frame.js';
import { knownMissing, rememberMissing } from '../data/missing.js';
import { StudyError } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/messages/index.js';
import { linearMessages as M } from '../diagnostics/messages/linear.js';
import type { Expr, Span } from '../expr/ast.js';
import { variablesMessages as V } from '../diagnostics/messages/variables.js';
import type { FactorTerm, NumericTerm, Term } from '../formula/ast.js';
import { compareLabels, rawCodes, type RawCodes } from './groups.js';
import type { ColumnAllocator } from '../data/alloc.js';

export interface NumSource {
  readonly kind: 'num';
  readonly name: string;
  readonly values: Float64Array;
}

export interface FactorSource {
  readonly kind: 'factor';
  readonly name: string;
  readonly variable: string;
  readonly raw: RawCodes;
  readonly refs: readonly (string | number)[] | undefined;
  /** Keep every level (varying slopes or a factor interacted with a number). */
  readonly keepAll: boolean;
  readonly slope?: NumSource;
}

export interface InteractionSource {
  readonly kind: 'interaction';
  readonly name: string;
  readonly parts: readonly (NumSource | FactorSource)[];
}

export type Source = NumSource | FactorSource | InteractionSource;

export interface Resolver {
  evaluate(e: Expr): Column;
  /** Column of a bare variable name (factor variables, FE, clusters). */
  variable(name: string): Column;
  /** Where the design's long columns and codes go (the caller's allocator). */
  readonly alloc: ColumnAllocator;
}

/**
 * Levels one factor term may have (one dummy column each). A continuous variable put in
 * i() would otherwise build thousands of dummy columns for minutes before a singular fit;
 * absorb high-dimensional groups as fixed effects (`| g`) instead.
 */
export const FACTOR_LEVEL_LIMIT = 1000;

function limitLevels(raw: RawCodes, name: string, span: Span): RawCodes {
  if (raw.count > FACTOR_LEVEL_LIMIT) throw new StudyError(diag(V.tooManyLevels(name, raw.count, FACTOR_LEVEL_LIMIT, raw.numeric), { span }));
  return raw;
}

function numericOrFactor(t: NumericTerm, r: Resolver): NumSource | FactorSource {
  const col = r.evaluate(t.expr);
  if (col.kind === 'num') return { kind: 'num', name: t.name, values: col.values };
  return { kind: 'factor', name: t.name, variable: t.name, raw: limitLevels(rawCodes(col, r.alloc), t.name, t.span), refs: undefined, keepAll: false };
}

function factorSource(t: FactorTerm, r: Resolver, inInteraction: boolean): FactorSource {
  const raw = limitLevels(rawCodes(r.variable(t.variable), r.alloc), t.variable, t.span);
  const refs = t.refs ?? (t.ref !== undefined ? [t.ref] : undefined);
  const slope = t.slope ? numericOrFactor(t.slope, r) : undefined;
  if (slope && slope.kind !== 'num') throw new StudyError(diag(M.linNotNumeric(t.slope!.name), { span: t.slope!.span }));
  return {
    kind: 'factor',
    name: t.name,
    variable: t.variable,
    raw,
    refs,
    keepAll: refs === undefined && (slope !== undefined || inInteraction),
    ...(slope ? { slope } : {}),
  };
}

export function resolveTerm(t: Term, r: Resolver): Source {
  switch (t.kind) {
    case 'numeric':
      return numericOrFactor(t, r);
    case 'factor':
      return factorSource(t, r, false);
    case 'interaction': {
      const hasNumeric = t.parts.some((p) => p.kind === 'numeric');
      const parts = t.parts.map((p) => (p.kind === 'numeric' ? numericOrFactor(p, r) : factorSource(p, r, hasNumeric)));
      return { kind: 'interaction', name: t.name, parts };
    }
  }
}

/** A variable whose missing rows remove observations: NaN in `values`, or a code < 0. */
export type MissingCheck =
  | { readonly name: string; readonly values: Float64Array }
  /** `missing`: how many codes are −1, when known (0 skips the scan). */
  | { readonly name: string; readonly codes: Int32Array; readonly missing?: number };

/** The variables of a source, for the missing-row accounting. */
export function sourceMissing(s: Source): MissingCheck[] {
  if (s.kind === 'num') return [{ name: s.name, values: s.values }];
  if (s.kind === 'factor') {
    const out: MissingCheck[] = [{ name: s.variable, codes: s.raw.codes, ...(s.raw.missing !== undefined ? { missing: s.raw.missing } : {}) }];
    if (s.slope) out.push(...sourceMissing(s.slope));
    return out;
  }
  return s.parts.flatMap((p) => sourceMissing(p));
}

/**
 * Clears keep[i] where the check's variable is missing; returns how many rows it has
 * missing (counted even when another variable already dropped the row). Two typed loops
 * rather than a per-row callback: this runs once per model variable over every row.
 */
export function markMissing(c: MissingCheck, keep: Uint8Array): number {
  if ('values' in c) {
    const v = c.values;
    // A column counted before (by the data layer or an earlier design) with nothing missing
    // needs no scan; otherwise scan it and remember the count.
    if (knownMissing(v) === 0) return 0;
    const count = markNaN(v, keep);
    rememberMissing(v, count);
    return count;
  }
  if (c.missing === 0) return 0;
  let count = 0;
  const k = c.codes;
  for (let i = 0; i < keep.length; i++) {
    if (k[i]! < 0) {
      count++;
      keep[i] = 0;
    }
  }
  return count;
}

function markNaN(v: Float64Array, keep: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < keep.length; i++) {
    if (v[i] !== v[i]) {
      count++;
      keep[i] = 0;
    }
  }
  return count;
}

export interface Expanded {
  readonly names: string[];
  readonly cols: Float64Array[];
}

/**
 * values[rows] (rows ascending and distinct). With every row that is the column itself,
 * not a copy: designs and frames are never written after they are built, and in a run the
 * data layer allocates long columns in shared memory, so the fit's helper thread reads them
 * in place. A subset goes where `alloc` puts it (the run stage: shared memory too).
 */
export function take(values: Float64Array, rows: Int32Array, alloc: ColumnAllocator): Float64Array {
  if (rows.length === values.length) return values;
  const out = alloc.f64(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]!]!;
  return out;
}

function levelMatches(label: string, ref: string | number): boolean {
  return typeof ref === 'number' ? Number(label) === ref : label === ref;
}

function expandFactor(s: FactorSource, rows: Int32Array, alloc: ColumnAllocator): Expanded {
  const present = new Uint8Array(s.raw.count);
  const codes = s.raw.codes;
  for (let i = 0; i < rows.length; i++) present[codes[rows[i]!]!] = 1;
  const order: number[] = [];
  for (let j = 0; j < present.length; j++) if (present[j]) order.push(j);
  order.sort(compareLabels(s.raw.labels, s.raw.numeric, s.raw.ordered));
  let kept = order;
  if (s.refs !== undefined) {
    for (const ref of s.refs) {
      if (!order.some((j) => levelMatches(s.raw.labels[j]!, ref))) {
        throw new StudyError(diag(M.linUnknownLevel(s.variable, String(ref))));
      }
    }
    kept = order.filter((j) => !s.refs!.some((ref) => levelMatches(s.raw.labels[j]!, ref)));
  } else if (!s.keepAll) {
    kept = order.slice(1);
  }
  const slope = s.slope ? take(s.slope.values, rows, alloc) : undefined;
  const cols = kept.map((j) => {
    const c = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      if (codes[rows[i]!] === j) c[i] = slope ? slope[i]! : 1;
    }
    return c;
  });
  const names = kept.map((j) => `${s.variable}::${s.raw.labels[j]}${s.slope ? `:${s.slope.name}` : ''}`);
  return { names, cols };
}

/** Columns of a source on the estimation rows. */
export function expandSource(s: Source, rows: Int32Array, alloc: ColumnAllocator): Expanded {
  if (s.kind === 'num') return { names: [s.name], cols: [take(s.values, rows, alloc)] };
  if (s.kind === 'factor') return expandFactor(s, rows, alloc);
  let acc: Expanded = { names: [''], cols: [new Float64Array(rows.length).fill(1)] };
  for (const p of s.parts) {
    const e = expandSource(p, rows, alloc);
    const names: string[] = [];
    const cols: Float64Array[] = [];
    for (let a = 0; a < acc.cols.length; a++) {
      for (let b = 0; b < e.cols.length; b++) {
        const x = acc.cols[a]!;
        const y = e.cols[b]!;
        const c = new Float64Array(rows.length);
        for (let i = 0; i < c.length; i++) c[i] = x[i]! * y[i]!;
        cols.push(c);
        names.push(acc.names[a] ? `${acc.names[a]}:${e.names[b]}` : e.names[b]!);
      }
    }
    acc = { names, cols };
  }
  // A purely numeric product keeps the formula's canonical name (`x:z`).
  if (s.parts.every((p) => p.kind === 'num')) return { names: [s.name], cols: acc.cols };
  return acc;
}
