/**
 * DuckDB table → Frame, on the fast path: each result chunk's vectors are copied as raw
 * memory into preallocated typed arrays (vector_get_data), and the validity bitmask marks
 * missing cells (NaN for numbers, −1 for factor codes). No per-cell value objects are made.
 *
 * Text columns are dictionary-coded in the same scan (text-codes.ts): the strings' bytes are
 * hashed in JS as they stream past, so only the distinct values become JS strings, and the
 * levels end up sorted by bytes (as Stata's `sort`). Numbers, logicals (0/1) and dates (days
 * since 1970-01-01) become Float64Array.
 */
import duckdb from '@duckdb/node-bindings';
import type { DuckDBConnection } from '@duckdb/node-api';
import { factorColumn, makeFrame, numColumn, type Column, type Frame, type PanelIndex } from './frame.js';
import { plainColumns, type ColumnAllocator } from './alloc.js';
import { FactsAccumulator, rememberFacts, type ColumnFacts } from './missing.js';
import { kindOfType, num, qid, queryRow, type ColumnInfo } from './sql.js';
import { STRING_T, TextCoder } from './text-codes.js';

export interface ExtractOptions {
  readonly panel?: PanelIndex;
  /** Where the numeric columns go (default: plain arrays). */
  readonly alloc?: ColumnAllocator;
}

interface Plan {
  readonly name: string;
  readonly sql: string;
  readonly factor: boolean;
  /** ENUM column (value-labelled .dta): its members in order; the codes come straight from DuckDB. */
  readonly levels?: readonly string[];
}

/** Members of a DuckDB `ENUM('a', 'b''c')` type, in order. */
export function enumMembers(type: string): string[] | undefined {
  if (!type.startsWith('ENUM(')) return undefined;
  return [...type.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replaceAll("''", "'"));
}

export async function extractFrame(conn: DuckDBConnection, sqlName: string, columns: readonly ColumnInfo[], opts: ExtractOptions = {}): Promise<Frame> {
  const table = qid(sqlName);
  const plans: Plan[] = columns.map((c) => {
    const col = qid(c.name);
    const k = kindOfType(c.type);
    if (k === 'num' || k === 'bool') return { name: c.name, sql: `CAST(${col} AS DOUBLE)`, factor: false };
    if (c.type === 'DATE') return { name: c.name, sql: `CAST(date_diff('day', DATE '1970-01-01', ${col}) AS DOUBLE)`, factor: false };
    if (c.type.startsWith('TIMESTAMP')) return { name: c.name, sql: `CAST(epoch(${col}) AS DOUBLE)`, factor: false };
    const levels = enumMembers(c.type);
    if (levels) return { name: c.name, sql: `CAST(enum_code(${col}) AS INTEGER)`, factor: false, levels };
    return { name: c.name, sql: c.type === 'VARCHAR' ? col : `CAST(${col} AS VARCHAR)`, factor: true };
  });
  const nrows = num((await queryRow(conn, `SELECT count(*) AS n FROM ${table}`))['n']);
  // Numbers go where the caller's allocator puts them (the run stage: shared memory when long,
  // so a model using every row hands the frame's own arrays to the fit's helper thread).
  const alloc = opts.alloc ?? plainColumns;
  const arrays = plans.map((p) => (p.factor || p.levels ? new Int32Array(nrows) : alloc.f64(nrows)));
  const coders = plans.map((p) => (p.factor ? new TextCoder() : undefined));
  if (plans.length > 0 && nrows > 0) {
    const filled = await fill(conn, `SELECT ${plans.map((p) => p.sql).join(', ')} FROM ${table}`, arrays, coders);
    filled.facts.forEach((f, j) => f && rememberFacts(arrays[j] as Float64Array, f));
  }
  const cols: [string, Column][] = plans.map((p, j) => {
    const coder = coders[j];
    if (p.levels) return [p.name, presentLevels(arrays[j] as Int32Array, p.levels)];
    return [p.name, coder ? factorColumn(arrays[j] as Int32Array, coder.finish(arrays[j] as Int32Array)) : numColumn(arrays[j] as Float64Array)];
  });
  if (cols.length === 0) return { nrows, columns: new Map(), ...(opts.panel ? { panel: opts.panel } : {}) };
  return makeFrame(cols, opts.panel);
}

/**
 * A factor over the ENUM members that occur, keeping their order (code order for a .dta value
 * label, so the lowest code is the first level); members no row has are dropped, as for text.
 */
function presentLevels(codes: Int32Array, members: readonly string[]): Column {
  const seen = new Uint8Array(members.length);
  for (let i = 0; i < codes.length; i++) if (codes[i]! >= 0) seen[codes[i]!] = 1;
  const remap = new Int32Array(members.length);
  const levels: string[] = [];
  for (let k = 0; k < members.length; k++) {
    remap[k] = seen[k] ? levels.length : -1;
    if (seen[k]) levels.push(members[k]!);
  }
  if (levels.length < members.length) for (let i = 0; i < codes.length; i++) if (codes[i]! >= 0) codes[i] = remap[codes[i]!]!;
  return factorColumn(codes, levels, true);
}

/** What `fill` found: rows copied, and per numeric column its facts and (when asked) its NaN/Inf cells. */
export interface Filled {
  readonly rows: number;
  readonly facts: readonly (ColumnFacts | undefined)[];
  readonly nonFinite: readonly number[];
}

/** The query returned more rows than the arrays hold (a caller's row count was not an upper bound). */
export class FillOverflow extends Error {}

/**
 * Streams the query and copies every chunk's vectors into `arrays` (Float64Array or Int32Array
 * by column, at least as long as the result); a column with a coder is text and gets its codes
 * from it. With `nonFinite`, NaN and ±Inf cells of numeric columns are counted and become
 * missing (NaN), as the data layer treats them (SS424).
 */
export async function fill(
  conn: DuckDBConnection,
  sql: string,
  arrays: (Float64Array | Int32Array)[],
  coders: (TextCoder | undefined)[],
  opts: { readonly nonFinite?: boolean } = {},
): Promise<Filled> {
  const result = await conn.stream(sql);
  const nonFinite = arrays.map(() => 0);
  const capacity = arrays.length > 0 ? (arrays[0] instanceof Float64Array ? arrays[0].length : arrays[0]!.length) : 0;
  // Missing cells, range and integrality per numeric column, taken while each chunk is
  // still in cache (missing.ts).
  const facts = arrays.map((a) => (a instanceof Float64Array ? new FactsAccumulator() : undefined));
  const structs = new Int32Array((duckdb.vector_size() * STRING_T) / 4);
  let offset = 0;
  // The next chunk is requested before this one is copied, so DuckDB produces it meanwhile:
  // each fetch waits ~0.4 ms on the thread pool, about as long as copying a chunk takes.
  let next = result.fetchChunk();
  try {
    for (;;) {
      const chunk = await next;
      if (!chunk || chunk.rowCount === 0) break;
      next = result.fetchChunk();
      const n = chunk.rowCount;
      if (offset + n > capacity) throw new FillOverflow(`internal: more than ${capacity} rows`);
      for (let j = 0; j < arrays.length; j++) {
        const out = arrays[j]!;
        const vector = duckdb.data_chunk_get_vector(chunk.chunk, j);
        const validity = duckdb.vector_get_validity(vector, Math.ceil(n / 64) * 8);
        const coder = coders[j];
        if (coder) {
          const data = duckdb.vector_get_data(vector, n * STRING_T);
          copyVector(data, structs, 0, n * 4);
          coder.add(data, structs, validity, n, out as Int32Array, offset);
          continue;
        }
        copyVector(duckdb.vector_get_data(vector, n * out.BYTES_PER_ELEMENT), out, offset, n);
        if (opts.nonFinite && out instanceof Float64Array) nonFinite[j]! += clearNonFinite(out, offset, n, validity);
        if (validity) markMissing(out, offset, n, validity);
        facts[j]?.add(out as Float64Array, offset, offset + n);
      }
      offset += n;
    }
    return { rows: offset, facts: facts.map((f) => f?.done()), nonFinite };
  } finally {
    // A copy that threw leaves one fetch in flight; its outcome no longer matters.
    next.catch(() => undefined);
  }
}

/**
 * Copies n values of a vector's memory into out[offset..]. A typed view of the same element
 * type copies ~5× faster than bytes; the bytes path is for a buffer at an unaligned offset.
 */
export function copyVector(bytes: Uint8Array, out: Float64Array | Int32Array, offset: number, n: number): void {
  const size = out.BYTES_PER_ELEMENT;
  if (bytes.byteOffset % size === 0) {
    const view = out instanceof Float64Array ? new Float64Array(bytes.buffer, bytes.byteOffset, n) : new Int32Array(bytes.buffer, bytes.byteOffset, n);
    out.set(view, offset);
  } else {
    new Uint8Array(out.buffer, out.byteOffset + offset * size, n * size).set(bytes.subarray(0, n * size));
  }
}

/** Sets the NaN/±Inf cells among the valid ones of out[offset..offset+n) to NaN; returns how many. */
function clearNonFinite(out: Float64Array, offset: number, n: number, mask: Uint8Array | null): number {
  let count = 0;
  for (let i = 0; i < n; i++) {
    const x = out[offset + i]!;
    // x − x is 0 for every finite x and NaN for NaN and ±Inf.
    if (x - x !== 0 && (!mask || (mask[i >> 3]! & (1 << (i & 7))) !== 0)) {
      out[offset + i] = NaN;
      count++;
    }
  }
  return count;
}

/** Bit i of the mask is 0 when row i is NULL. */
function markMissing(out: Float64Array | Int32Array, offset: number, n: number, mask: Uint8Array): void {
  const missing = out instanceof Float64Array ? NaN : -1;
  for (let byte = 0; byte * 8 < n; byte++) {
    const b = mask[byte]!;
    if (b === 0xff) continue;
    const end = Math.min(8, n - byte * 8);
    for (let bit = 0; bit < end; bit++) if ((b & (1 << bit)) === 0) out[offset + byte * 8 + bit] = missing;
  }
}
