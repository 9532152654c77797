/**
 * DuckDB table → Frame, on the fast path: each result chunk's vectors are copied as raw
 * memory into preallocated typed arrays (vector_get_data), and the validity bitmask marks
 * missing cells (NaN for numbers, −1 for factor codes). No per-cell value objects are made.
 *
 * Text columns are dictionary-encoded in SQL: an ENUM type over the sorted distinct values
 * (byte order, as Stata's `sort`) gives each row its code, so only the levels themselves cross
 * into JS as strings. Numbers, logicals (0/1) and dates (days since 1970-01-01) become
 * Float64Array.
 */
import duckdb from '@duckdb/node-bindings';
import type { DuckDBConnection } from '@duckdb/node-api';
import { factorColumn, makeFrame, numColumn, type Column, type Frame, type PanelIndex } from './frame.js';
import { kindOfType, num, qid, queryRow, type ColumnInfo } from './sql.js';

export interface ExtractOptions {
  readonly panel?: PanelIndex;
  /** Unique prefix for the temporary ENUM types (one engine may extract many tables). */
  readonly typePrefix: string;
}

interface Plan {
  readonly name: string;
  readonly sql: string;
  readonly factor: boolean;
  levels: readonly string[];
  enumType?: string;
}

export async function extractFrame(conn: DuckDBConnection, sqlName: string, columns: readonly ColumnInfo[], opts: ExtractOptions): Promise<Frame> {
  const table = qid(sqlName);
  const plans: Plan[] = [];
  let enumCount = 0;
  try {
    for (const c of columns) {
      const col = qid(c.name);
      const k = kindOfType(c.type);
      if (k === 'num' || k === 'bool') plans.push({ name: c.name, sql: `CAST(${col} AS DOUBLE)`, factor: false, levels: [] });
      else if (c.type === 'DATE') plans.push({ name: c.name, sql: `CAST(date_diff('day', DATE '1970-01-01', ${col}) AS DOUBLE)`, factor: false, levels: [] });
      else if (c.type.startsWith('TIMESTAMP')) plans.push({ name: c.name, sql: `CAST(epoch(${col}) AS DOUBLE)`, factor: false, levels: [] });
      else {
        const enumType = `${opts.typePrefix}_${enumCount++}`;
        const text = c.type === 'VARCHAR' ? col : `CAST(${col} AS VARCHAR)`;
        const levels = await makeEnum(conn, enumType, `SELECT DISTINCT ${text} FROM ${table} WHERE ${col} IS NOT NULL ORDER BY 1`);
        const codeSql = levels.length ? `CAST(enum_code(CAST(${text} AS ${qid(enumType)})) AS INTEGER)` : 'CAST(NULL AS INTEGER)';
        plans.push({ name: c.name, sql: codeSql, factor: true, levels, enumType });
      }
    }
    const nrows = num((await queryRow(conn, `SELECT count(*) AS n FROM ${table}`))['n']);
    const arrays = plans.map((p) => (p.factor ? new Int32Array(nrows) : new Float64Array(nrows)));
    if (plans.length > 0 && nrows > 0) await fill(conn, `SELECT ${plans.map((p) => p.sql).join(', ')} FROM ${table}`, arrays);
    const cols: [string, Column][] = plans.map((p, j) => [
      p.name,
      p.factor ? factorColumn(arrays[j] as Int32Array, p.levels) : numColumn(arrays[j] as Float64Array),
    ]);
    if (cols.length === 0) return { nrows, columns: new Map(), ...(opts.panel ? { panel: opts.panel } : {}) };
    return makeFrame(cols, opts.panel);
  } finally {
    for (const p of plans) if (p.enumType) await conn.run(`DROP TYPE IF EXISTS ${qid(p.enumType)}`);
  }
}

async function makeEnum(conn: DuckDBConnection, name: string, distinctSql: string): Promise<string[]> {
  const r = await conn.runAndReadAll(distinctSql);
  const levels = r.getColumnsJS()[0]?.map((v) => String(v)) ?? [];
  if (levels.length > 0) await conn.run(`CREATE TYPE ${qid(name)} AS ENUM (${distinctSql})`);
  return levels;
}

/** Streams the query and copies every chunk's vectors into `arrays` (Float64Array or Int32Array by column). */
async function fill(conn: DuckDBConnection, sql: string, arrays: (Float64Array | Int32Array)[]): Promise<void> {
  const result = await conn.stream(sql);
  let offset = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const n = chunk.rowCount;
    for (let j = 0; j < arrays.length; j++) {
      const out = arrays[j]!;
      const vector = duckdb.data_chunk_get_vector(chunk.chunk, j);
      const bytes = duckdb.vector_get_data(vector, n * out.BYTES_PER_ELEMENT);
      // Copy through bytes: the native buffer need not be aligned for a typed view.
      new Uint8Array(out.buffer, out.byteOffset + offset * out.BYTES_PER_ELEMENT, n * out.BYTES_PER_ELEMENT).set(bytes.subarray(0, n * out.BYTES_PER_ELEMENT));
      const validity = duckdb.vector_get_validity(vector, Math.ceil(n / 64) * 8);
      if (validity) markMissing(out, offset, n, validity);
    }
    offset += n;
  }
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
