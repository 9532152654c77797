/**
 * Frame: the column store handed from the data layer to designs and estimators.
 *
 * Columns are typed arrays, never per-row objects. Numbers (and booleans, as 0/1) are
 * Float64Array with NaN as missing; text is dictionary-encoded (Int32Array codes into
 * `levels`, −1 = missing), which is what DuckDB's VARCHAR columns become. A Frame is
 * immutable by convention: derive a new one with `withColumns`/`selectRows`.
 */
import { plainColumns, type ColumnAllocator } from './alloc.js';

export interface NumColumn {
  readonly kind: 'num';
  readonly values: Float64Array;
}

export interface FactorColumn {
  readonly kind: 'factor';
  /** Index into `levels`, or −1 for missing. */
  readonly codes: Int32Array;
  readonly levels: readonly string[];
  /**
   * The levels are in a meaningful order that models keep (value labels of a .dta, in code
   * order) instead of sorting them by text.
   */
  readonly ordered?: boolean;
}

export type Column = NumColumn | FactorColumn;

export interface PanelIndex {
  readonly id: string;
  readonly time: string;
}

export interface Frame {
  readonly nrows: number;
  /** Insertion-ordered columns. */
  readonly columns: ReadonlyMap<string, Column>;
  readonly panel?: PanelIndex;
}

export function numColumn(values: Float64Array): NumColumn {
  return { kind: 'num', values };
}

export function factorColumn(codes: Int32Array, levels: readonly string[], ordered = false): FactorColumn {
  return ordered ? { kind: 'factor', codes, levels, ordered } : { kind: 'factor', codes, levels };
}

export function makeFrame(columns: Iterable<[string, Column]>, panel?: PanelIndex): Frame {
  const map = new Map(columns);
  let nrows = -1;
  for (const [name, c] of map) {
    const n = c.kind === 'num' ? c.values.length : c.codes.length;
    if (nrows === -1) nrows = n;
    else if (n !== nrows) throw new Error(`internal: column '${name}' has ${n} rows, expected ${nrows}`);
  }
  return { nrows: Math.max(nrows, 0), columns: map, ...(panel ? { panel } : {}) };
}

export function withColumns(frame: Frame, add: Iterable<[string, Column]>): Frame {
  const map = new Map(frame.columns);
  for (const [k, v] of add) map.set(k, v);
  return { nrows: frame.nrows, columns: map, ...(frame.panel ? { panel: frame.panel } : {}) };
}

/** Rows `rows` (ascending indices) of every column. */
/** The values of `c` at `rows` (plain loops: TypedArray.from with a callback is ~10× slower). */
export function takeRows(c: Column, rows: ArrayLike<number>, alloc: ColumnAllocator = plainColumns): Column {
  if (c.kind === 'num') {
    const v = alloc.f64(rows.length);
    for (let i = 0; i < rows.length; i++) v[i] = c.values[rows[i]!]!;
    return numColumn(v);
  }
  const v = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) v[i] = c.codes[rows[i]!]!;
  return factorColumn(v, c.levels, c.ordered);
}

export function selectRows(frame: Frame, rows: Int32Array, alloc: ColumnAllocator = plainColumns): Frame {
  const cols: [string, Column][] = [];
  for (const [name, c] of frame.columns) cols.push([name, takeRows(c, rows, alloc)]);
  return { nrows: rows.length, columns: new Map(cols), ...(frame.panel ? { panel: frame.panel } : {}) };
}

export function isMissing(c: Column, i: number): boolean {
  return c.kind === 'num' ? Number.isNaN(c.values[i]!) : c.codes[i]! < 0;
}

/** Text of cell i (for factors) or its number formatted; null when missing. */
export function cellText(c: Column, i: number): string | null {
  if (c.kind === 'num') {
    const v = c.values[i]!;
    return Number.isNaN(v) ? null : String(v);
  }
  const k = c.codes[i]!;
  return k < 0 ? null : c.levels[k]!;
}
