/**
 * The direct read: a plain CSV table streamed from `read_csv` into typed arrays, without a
 * DuckDB table in between.
 *
 * A table that is only its file (no `types:`, `join:`, `where:`, `variables:` or aggregation,
 * and no other table built `from` or joined to it) needs nothing of DuckDB but its parser. The
 * general path writes the file into a DuckDB table and then extracts the table, so the data
 * is in memory twice and every cell is written and read once more; here each parsed chunk goes
 * straight into the frame's arrays, and only the columns the study uses are parsed at all.
 *
 * The arrays are allocated once, for an upper bound of the row count: the file's line count
 * (one pass, ~25 ms per 64 MB, no value parsing). Blank lines or quoted line breaks make the
 * bound loose, and the columns are then cut to the rows read.
 *
 * What the general path checks in SQL after its read is done here on the arrays: NaN/Inf
 * cells become missing with warning SS424; a text column whose values are all true/false is
 * logical (0/1); `panel:` keys must be complete, unique and sorted (the usual layout of a
 * panel file). Anything else (a missing key, an unsorted file, a cell the sniffer's types do
 * not fit, a compressed file) returns undefined and the caller takes the general path, which
 * reports or repairs it exactly as before.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { StudyError } from '../diagnostics/diagnostic.js';
import { diag, didYouMean } from '../diagnostics/messages/index.js';
import { dataMessages as messages } from '../diagnostics/messages/data.js';
import { plainColumns } from './alloc.js';
import { fill } from './extract.js';
import { factorColumn, makeFrame, numColumn, type Column, type Frame, type PanelIndex } from './frame.js';
import { rememberFacts } from './missing.js';
import { checkPanelColumns } from './panel.js';
import { formatOf, readerSql, resolveSource, sniffCsv } from './source.js';
import { globOf } from './formats.js';
import { qid, type ColumnInfo } from './sql.js';
import { TextCoder } from './text-codes.js';
import type { DataContext, DataTableSpec } from './types.js';

/** A table read directly: its frame and the columns it has (as the general path would describe them). */
export interface DirectTable {
  readonly frame: Frame;
  readonly columns: readonly ColumnInfo[];
}

/** Whether table `name` may take the direct read (see the module comment). */
export function directEligible(name: string, ctx: DataContext): boolean {
  const spec = ctx.tables[name];
  if (!spec || spec.source === undefined || spec.from !== undefined) return false;
  if (spec.types && Object.keys(spec.types).length > 0) return false;
  if (spec.join?.length || spec.where !== undefined || spec.group_by !== undefined || spec.aggregate !== undefined) return false;
  if (spec.variables && Object.keys(spec.variables).length > 0) return false;
  const opts = spec.options ?? {};
  if (opts.hive || opts.encoding || opts.table !== undefined || opts.query !== undefined || opts.sheet !== undefined) return false;
  // Another table that reads this one needs it in DuckDB.
  for (const [other, t] of Object.entries(ctx.tables)) {
    if (other !== name && (t.from === name || t.join?.some((j) => j.table === name))) return false;
  }
  return true;
}

/**
 * Reads table `name` directly, or returns undefined when the general path must (see above).
 * Errors it throws are the same the general path would throw (unknown column).
 */
export async function readDirect(conn: DuckDBConnection, name: string, spec: DataTableSpec, ctx: DataContext): Promise<DirectTable | undefined> {
  const srcPath = ['data', name, 'source'];
  const abs = resolveSource(spec.source!, ctx, srcPath);
  if (formatOf(spec.source!, abs, spec.format, srcPath) !== 'csv' || globOf(spec.source!, abs, 'csv')) return undefined;
  const lines = countLines(abs);
  if (lines === undefined) return undefined;
  let dialect;
  try {
    dialect = await sniffCsv(conn, abs, spec.options ?? {});
  } catch {
    return undefined;
  }
  // One column: perhaps a ragged file the sniffer gave up on; the general path says which row.
  if (!dialect || dialect.columns.length < 2) return undefined;
  const all = dialect.columns;
  const names = all.map((c) => c.name);
  if (spec.panel) checkPanelColumns(name, spec.panel, all);
  let cols: readonly ColumnInfo[] = all;
  const wanted = ctx.columnsNeeded?.[name];
  if (wanted) {
    for (const w of wanted) {
      if (!names.includes(w)) throw new StudyError(diag(messages.unknownColumn(name, w, 'the study'), { path: ['data', name], notes: didYouMean(w, names) }));
    }
    const keep = new Set([...wanted, ...(spec.panel ? [spec.panel.id, spec.panel.time] : [])]);
    cols = all.filter((c) => keep.has(c.name));
  }
  const capacity = Math.max(0, lines - (dialect.header ? 1 : 0) - dialect.skip);
  const alloc = ctx.alloc ?? plainColumns;
  const text = cols.map((c) => c.type === 'VARCHAR');
  let arrays: (Float64Array | Int32Array)[] = cols.map((c, j) => (text[j] ? new Int32Array(capacity) : alloc.f64(capacity)));
  const coders = cols.map((_, j) => (text[j] ? new TextCoder() : undefined));
  const select = cols.map((c) => (c.type === 'DOUBLE' || c.type === 'VARCHAR' ? qid(c.name) : `CAST(${qid(c.name)} AS ${c.type === 'BOOLEAN' ? 'DOUBLE' : 'VARCHAR'})`));
  const reader = readerSql(abs, 'csv', [], dialect, spec.options ?? {}, spec.source!);
  let filled;
  try {
    filled = await fill(conn, `SELECT ${select.join(', ')} FROM ${reader}`, arrays, coders, { nonFinite: true });
  } catch {
    // A cell the sniffed types do not fit, a ragged row, bytes that are not UTF-8, more rows
    // than lines: the general path reads the file again and reports or repairs it.
    return undefined;
  }
  const n = filled.rows;
  // A streamed result that fails part-way (a ragged row or an overlong line past the sniffer's
  // sample) ends early without an error the bindings pass on. As many rows as data lines
  // proves the read complete; fewer (blank lines, quoted line breaks, or such a failure) are
  // checked against DuckDB's own count, which does raise the error.
  if (n < capacity) {
    try {
      const counted = await conn.runAndReadAll(`SELECT count(*)::DOUBLE AS n FROM ${reader}`);
      if (Number(counted.getRowObjectsJS()[0]?.['n']) !== n) return undefined;
    } catch {
      return undefined;
    }
  }
  if (n < capacity) arrays = arrays.map((a) => (a instanceof Float64Array ? copyF64(a, n, alloc.f64(n)) : a.slice(0, n)));
  const out: [string, Column][] = [];
  const columns: ColumnInfo[] = [];
  for (const [j, c] of cols.entries()) {
    const a = arrays[j]!;
    const coder = coders[j];
    if (coder) {
      const codes = a as Int32Array;
      const levels = coder.finish(codes);
      const logical = logicalOf(codes, levels, alloc.f64);
      out.push([c.name, logical ?? factorColumn(codes, levels)]);
      columns.push({ name: c.name, type: logical ? 'BOOLEAN' : c.type });
      continue;
    }
    const f = filled.facts[j];
    if (f) rememberFacts(a as Float64Array, f);
    if (filled.nonFinite[j]! > 0) {
      ctx.reporter.add(diag(messages.nonFiniteInData(name, c.name, filled.nonFinite[j]!), { severity: 'warning', path: srcPath }));
    }
    out.push([c.name, numColumn(a as Float64Array)]);
    columns.push(c);
  }
  const frame = out.length ? makeFrame(out, spec.panel) : { nrows: n, columns: new Map<string, Column>(), ...(spec.panel ? { panel: spec.panel } : {}) };
  if (spec.panel && !sortedPanel(frame, spec.panel)) return undefined;
  // Columns not extracted keep their sniffed types (columnsOf lists the whole table).
  const described = all.map((c) => columns.find((d) => d.name === c.name) ?? c);
  return { frame, columns: described };
}

function copyF64(a: Float64Array, n: number, to: Float64Array): Float64Array {
  to.set(a.subarray(0, n));
  return to;
}

/**
 * A text column is logical when it has a value and every value is true or false (any case),
 * as the general path decides in SQL: 1 for true, 0 for false.
 */
function logicalOf(codes: Int32Array, levels: readonly string[], f64: (n: number) => Float64Array): Column | undefined {
  if (levels.length === 0 || levels.length > 8) return undefined;
  const value = levels.map((l) => (l.toLowerCase() === 'true' ? 1 : l.toLowerCase() === 'false' ? 0 : -1));
  if (value.some((v) => v < 0)) return undefined;
  const out = f64(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = codes[i]! < 0 ? NaN : value[codes[i]!]!;
  return numColumn(out);
}

/** Keys complete, (id, time) pairs strictly increasing in row order. */
function sortedPanel(frame: Frame, panel: PanelIndex): boolean {
  const id = frame.columns.get(panel.id);
  const time = frame.columns.get(panel.time);
  if (!id || !time || time.kind !== 'num') return false;
  const t = time.values;
  // Factor codes follow the byte order of the text (text-codes.ts), as DuckDB's VARCHAR order.
  const key = id.kind === 'num' ? id.values : id.codes;
  const missingId = id.kind === 'num' ? (x: number) => x !== x : (x: number) => x < 0;
  for (let i = 0; i < frame.nrows; i++) {
    if (missingId(key[i]!) || t[i] !== t[i]) return false;
    if (i > 0 && (key[i]! < key[i - 1]! || (key[i] === key[i - 1] && t[i]! <= t[i - 1]!))) return false;
  }
  return true;
}

/**
 * Lines in an uncompressed file (newlines, plus a last line without one), or undefined for a
 * compressed file (gzip, zstd), whose bytes say nothing about its rows.
 */
export function countLines(path: string): number | undefined {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 22);
    let lf = 0;
    let cr = 0;
    let last = -1;
    let first = true;
    for (;;) {
      const got = readSync(fd, buf, 0, buf.length, null);
      if (got === 0) break;
      if (first) {
        if ((got >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) || (got >= 4 && buf.readUInt32LE(0) === 0xfd2fb528)) return undefined;
        first = false;
      }
      const b = got < buf.length ? buf.subarray(0, got) : buf;
      for (let p = b.indexOf(10, 0); p !== -1; p = b.indexOf(10, p + 1)) lf++;
      // Carriage returns count only in a file without line feeds (old Mac line ends).
      if (lf === 0) for (let p = b.indexOf(13, 0); p !== -1; p = b.indexOf(13, p + 1)) cr++;
      last = b[got - 1]!;
    }
    const lines = lf > 0 ? lf : cr;
    return last === 10 || last === 13 || last === -1 ? lines : lines + 1;
  } finally {
    closeSync(fd);
  }
}
