/**
 * Typed arrays → a DuckDB table, for sources DuckDB cannot read itself (Stata .dta, Excel
 * .xlsx). Rows arrive in batches as a reader streams its file; each batch is cut into
 * DuckDB vectors of `vector_size()` rows whose memory is filled with one copy per column
 * (copy_data_to_vector), so no value object is made per cell except for text.
 *
 * Numbers are Float64Array with NaN as missing; text is an array of strings with null as
 * missing. The table holds the rows in the order they were appended.
 */
import duckdb from '@duckdb/node-bindings';
import type { DuckDBConnection } from '@duckdb/node-api';
import { qid } from './sql.js';

export type IngestKind = 'num' | 'text';

export interface IngestColumn {
  readonly name: string;
  readonly kind: IngestKind;
}

/** One batch of rows: per column a Float64Array (num) or an array of strings (text). */
export interface IngestBatch {
  readonly n: number;
  readonly columns: readonly (Float64Array | readonly (string | null)[])[];
}

/** The appender's handle, as the bindings export it (kept opaque here). */
type Appender = ReturnType<typeof duckdb.appender_create>;

export class TableWriter {
  private readonly size = duckdb.vector_size();
  private readonly validity: Uint8Array;
  rows = 0;
  private pending = 0;
  private chunk: ReturnType<typeof duckdb.create_data_chunk> | undefined;

  private constructor(
    private readonly appender: Appender,
    private readonly types: ReturnType<typeof duckdb.appender_column_type>[],
    private readonly columns: readonly IngestColumn[],
  ) {
    this.validity = new Uint8Array(Math.ceil(this.size / 64) * 8);
  }

  /** Creates table `sqlName` with one DOUBLE or VARCHAR column per entry. */
  static async create(conn: DuckDBConnection, sqlName: string, columns: readonly IngestColumn[]): Promise<TableWriter> {
    const defs = columns.map((c) => `${qid(c.name)} ${c.kind === 'num' ? 'DOUBLE' : 'VARCHAR'}`).join(', ');
    await conn.run(`CREATE OR REPLACE TABLE ${qid(sqlName)} (${defs})`);
    // The bindings' connection handle: the appender writes into the same connection.
    const raw = (conn as unknown as { connection: Parameters<typeof duckdb.appender_create>[0] }).connection;
    const appender = duckdb.appender_create(raw, null, sqlName);
    const types = columns.map((_, j) => duckdb.appender_column_type(appender, j));
    return new TableWriter(appender, types, columns);
  }

  append(batch: IngestBatch): void {
    for (let start = 0; start < batch.n; start += this.size) {
      const n = Math.min(this.size, batch.n - start);
      // One chunk, reset for every vector: a chunk per vector would be freed only when the
      // JS garbage collector runs, which a small JS heap rarely makes it do (its native
      // memory piled up to the size of the file).
      const chunk = (this.chunk ??= duckdb.create_data_chunk(this.types));
      duckdb.data_chunk_reset(chunk);
      duckdb.data_chunk_set_size(chunk, n);
      for (let j = 0; j < this.columns.length; j++) {
        const vector = duckdb.data_chunk_get_vector(chunk, j);
        const src = batch.columns[j]!;
        if (src instanceof Float64Array) this.fillNumbers(vector, src, start, n);
        else this.fillText(vector, src, start, n);
      }
      duckdb.append_data_chunk(this.appender, chunk);
      this.rows += n;
      // The appender buffers rows until a flush; flushing every ~130k rows hands them to the
      // table (which a memory_limit can spill), so a long file does not pile up in the buffer.
      if (++this.pending >= 64) {
        duckdb.appender_flush_sync(this.appender);
        this.pending = 0;
      }
    }
  }

  /** Flushes the rows into the table and releases the appender. */
  close(): void {
    duckdb.appender_flush_sync(this.appender);
    duckdb.appender_close_sync(this.appender);
  }

  private fillNumbers(vector: ReturnType<typeof duckdb.data_chunk_get_vector>, src: Float64Array, start: number, n: number): void {
    duckdb.copy_data_to_vector(vector, 0, src.buffer as ArrayBuffer, src.byteOffset + start * 8, n * 8);
    let missing = false;
    for (let i = 0; i < n; i++) {
      if (src[start + i] !== src[start + i]) {
        missing = true;
        break;
      }
    }
    if (!missing) return;
    const v = this.validity.fill(0xff);
    for (let i = 0; i < n; i++) if (src[start + i] !== src[start + i]) v[i >> 3] &= ~(1 << (i & 7));
    this.writeValidity(vector, n);
  }

  private fillText(vector: ReturnType<typeof duckdb.data_chunk_get_vector>, src: readonly (string | null)[], start: number, n: number): void {
    const v = this.validity.fill(0xff);
    let missing = false;
    for (let i = 0; i < n; i++) {
      const s = src[start + i];
      if (s === null || s === undefined) {
        v[i >> 3] &= ~(1 << (i & 7));
        missing = true;
      } else duckdb.vector_assign_string_element(vector, i, s);
    }
    if (missing) this.writeValidity(vector, n);
  }

  private writeValidity(vector: ReturnType<typeof duckdb.data_chunk_get_vector>, n: number): void {
    duckdb.vector_ensure_validity_writable(vector);
    const bytes = Math.ceil(n / 64) * 8;
    duckdb.copy_data_to_vector_validity(vector, 0, this.validity.buffer as ArrayBuffer, this.validity.byteOffset, bytes);
  }
}
