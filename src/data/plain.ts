/**
 * The plain read of a CSV table: no DuckDB at all. A table that is only its file (see
 * `directEligible`) and whose file is of the plainest kind (csv-fast.ts) is parsed straight
 * into the frame; the run tries this before it opens DuckDB, so a study on such a file never
 * loads the database. Anything else returns undefined, and the data layer's DuckDB paths
 * (direct.ts: streamed from read_csv; engine.ts: through a table) read the file.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { StudyError } from '../diagnostics/diagnostic.js';
import { diag, didYouMean } from '../diagnostics/messages/index.js';
import { dataMessages as messages } from '../diagnostics/messages/data.js';
import { plainColumns, type ColumnAllocator } from './alloc.js';
import { readPlainCsv, type FastCsv } from './csv-fast.js';
import { globOf } from './formats.js';
import { factorColumn, makeFrame, numColumn, type Column, type Frame, type PanelIndex } from './frame.js';
import { FactsAccumulator, rememberFacts } from './missing.js';
import { checkPanelColumns } from './panel.js';
import { formatOf, resolveSource } from './resolve.js';
import type { ColumnInfo } from './sql.js';
import type { DataContext, DataTableSpec } from './types.js';
import { mark } from '../run/timings.js';

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

/** One CSV file behind a table: its path and line count (counted once, for both readers). */
export interface CsvSource {
  readonly abs: string;
  readonly lines: number;
}

/** The table's CSV file, or undefined when its source is not one CSV file (or cannot be counted). */
export function csvSource(name: string, spec: DataTableSpec, ctx: DataContext): CsvSource | undefined {
  const srcPath = ['data', name, 'source'];
  const abs = resolveSource(spec.source!, ctx, srcPath);
  if (formatOf(spec.source!, abs, spec.format, srcPath) !== 'csv' || globOf(spec.source!, abs, 'csv')) return undefined;
  const lines = countLines(abs);
  return lines === undefined ? undefined : { abs, lines };
}

/**
 * Table `name` by the plain reader, or undefined (not a plain CSV file, or a panel that is not
 * sorted). Errors are the general path's (an unknown column, a panel key that is not a column).
 */
export function readPlainTable(name: string, spec: DataTableSpec, ctx: DataContext, known?: CsvSource): DirectTable | undefined {
  if (spec.options?.encoding) return undefined;
  const src = known ?? csvSource(name, spec, ctx);
  if (!src) return undefined;
  const { abs, lines } = src;
  const wanted = ctx.columnsNeeded?.[name];
  const alloc = ctx.alloc ?? plainColumns;
  const keep = wanted ? new Set([...wanted, ...(spec.panel ? [spec.panel.id, spec.panel.time] : [])]) : undefined;
  const plain = readPlainCsv(abs, Math.max(0, lines - 1), keep, alloc);
  mark('plain csv parsed');
  return plain ? fromPlain(name, spec, plain, wanted, alloc) : undefined;
}

export function checkWanted(name: string, wanted: readonly string[], names: readonly string[]): void {
  for (const w of wanted) {
    if (!names.includes(w)) throw new StudyError(diag(messages.unknownColumn(name, w, 'the study'), { path: ['data', name], notes: didYouMean(w, names) }));
  }
}

/** The frame of a file the plain reader parsed (csv-fast.ts); undefined for an unsorted panel. */
function fromPlain(name: string, spec: DataTableSpec, plain: FastCsv, wanted: readonly string[] | undefined, alloc: ColumnAllocator): DirectTable | undefined {
  if (spec.panel) checkPanelColumns(name, spec.panel, plain.names.map((n, j) => ({ name: n, type: plain.kinds[j] === 'num' ? 'DOUBLE' : 'VARCHAR' })));
  if (wanted) checkWanted(name, wanted, plain.names);
  const out: [string, Column][] = [];
  const columns: ColumnInfo[] = [];
  for (const [j, n] of plain.names.entries()) {
    const c = plain.columns[j];
    let type = plain.kinds[j] === 'num' ? 'DOUBLE' : 'VARCHAR';
    if (c?.kind === 'num') {
      const acc = new FactsAccumulator();
      acc.add(c.values, 0, c.values.length);
      rememberFacts(c.values, acc.done());
      out.push([n, numColumn(c.values)]);
    } else if (c) {
      const logical = logicalOf(c.codes, c.levels, alloc.f64);
      if (logical) type = 'BOOLEAN';
      out.push([n, logical ?? factorColumn(c.codes, c.levels)]);
    }
    columns.push({ name: n, type });
  }
  const frame = out.length ? makeFrame(out, spec.panel) : { nrows: plain.rows, columns: new Map<string, Column>(), ...(spec.panel ? { panel: spec.panel } : {}) };
  if (spec.panel && !sortedPanel(frame, spec.panel)) return undefined;
  return { frame, columns };
}

/**
 * A text column is logical when it has a value and every value is true or false (any case),
 * as the general path decides in SQL: 1 for true, 0 for false.
 */
export function logicalOf(codes: Int32Array, levels: readonly string[], f64: (n: number) => Float64Array): Column | undefined {
  if (levels.length === 0 || levels.length > 8) return undefined;
  const value = levels.map((l) => (l.toLowerCase() === 'true' ? 1 : l.toLowerCase() === 'false' ? 0 : -1));
  if (value.some((v) => v < 0)) return undefined;
  const out = f64(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = codes[i]! < 0 ? NaN : value[codes[i]!]!;
  return numColumn(out);
}

/** Keys complete, (id, time) pairs strictly increasing in row order. */
export function sortedPanel(frame: Frame, panel: PanelIndex): boolean {
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
