/**
 * The direct read: a plain CSV table streamed from `read_csv` into typed arrays, without a
 * DuckDB table in between. A file of the plainest kind is first offered to the JS reader
 * (plain.ts, csv-fast.ts), unless the run already tried it; this is the way for the rest.
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
import type { DuckDBConnection } from '@duckdb/node-api';
import { plainColumns } from './alloc.js';
import { fill } from './extract.js';
import { factorColumn, makeFrame, numColumn, type Column } from './frame.js';
import { rememberFacts } from './missing.js';
import { checkPanelColumns } from './panel.js';
import { checkWanted, csvSource, logicalOf, readPlainTable, sortedPanel, type DirectTable } from './plain.js';
import { readerSql, sniffCsv } from './source.js';
import { qid, type ColumnInfo } from './sql.js';
import { TextCoder } from './text-codes.js';
import type { DataContext, DataTableSpec } from './types.js';
import { diag } from '../diagnostics/messages/index.js';
import { dataMessages as messages } from '../diagnostics/messages/data.js';

export { directEligible, type DirectTable } from './plain.js';

/**
 * Reads table `name` directly, or returns undefined when the general path must (see above).
 * Errors it throws are the same the general path would throw (unknown column).
 */
export async function readDirect(conn: DuckDBConnection, name: string, spec: DataTableSpec, ctx: DataContext): Promise<DirectTable | undefined> {
  const src = csvSource(name, spec, ctx);
  if (!src) return undefined;
  const { abs, lines } = src;
  const wanted = ctx.columnsNeeded?.[name];
  const alloc = ctx.alloc ?? plainColumns;
  if (!ctx.plainTried?.has(name)) {
    const plain = readPlainTable(name, spec, ctx, src);
    if (plain) return plain;
  }
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
  if (wanted) {
    checkWanted(name, wanted, names);
    const keep = new Set([...wanted, ...(spec.panel ? [spec.panel.id, spec.panel.time] : [])]);
    cols = all.filter((c) => keep.has(c.name));
  }
  const capacity = Math.max(0, lines - (dialect.header ? 1 : 0) - dialect.skip);
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
      ctx.reporter.add(diag(messages.nonFiniteInData(name, c.name, filled.nonFinite[j]!), { severity: 'warning', path: ['data', name, 'source'] }));
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

