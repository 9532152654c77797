/**
 * Reading one `source:` file into a DuckDB table.
 *
 * CSV goes through DuckDB's `read_csv` (header row, type sniffing; empty cells, `NA` and `.`
 * are missing). Columns named under `types:` are read as text and converted in SQL with
 * TRY_CAST, so a bad cell is counted and located instead of aborting the read. When the
 * sniffer guessed a numeric type from its sample and a later cell is not a number, the read
 * is retried with that column as text and the same check reports it: a column that looks
 * numeric but holds text is a data error, not silently a factor.
 *
 * Stata .dta and Excel .xlsx are read in JS (dta/, xlsx.ts) and written into the table; a
 * DuckDB database is attached read-only; folders and globs of Parquet/CSV files are one
 * table (with `hive: true`, `key=value/` folders are columns). Every format then goes through
 * the same `types:` overrides and checks.
 */
import { JSON_DEPTH_LIMIT, jsonTooDeep } from './json-depth.js';
import { variablesMessages } from '../diagnostics/messages/variables.js';
import type { DuckDBConnection } from '@duckdb/node-api';
import { StudyError } from '../diagnostics/diagnostic.js';
import { diag, didYouMean } from '../diagnostics/messages/index.js';
import { dataMessages as messages } from '../diagnostics/messages/data.js';
import { sourceMessages } from '../diagnostics/messages/sources.js';
import { checkConvertible, duckTypeFor } from './convert.js';
import { findInvalidUtf8, findRaggedRow, utf16Bom } from './csv-diagnose.js';
import { DtaError, loadDta } from './dta/load.js';
import { globOf } from './formats.js';
import { readCsvHeaderLine } from './header.js';
import { formatOf, resolveSource } from './resolve.js';

export { formatOf, resolveSource };
import { loadXlsx } from './xlsx.js';
import { describe, kindOfType, qid, qstr, queryRow, queryRows, num, sqlText, type ColumnInfo } from './sql.js';
import type { DataContext, DataTableSpec, SourceFormat, SourceOptions } from './types.js';
import { mark } from '../run/timings.js';

/** Missing-value spellings in CSV files: empty cell, R's NA, Stata's `.`. */
export const CSV_NULLS = ['', 'NA', '.'];

export function readerSql(abs: string, format: SourceFormat, asText: readonly string[], dialect?: CsvDialect, opts: SourceOptions = {}, written = abs): string {
  const target = globOf(written, abs, format) ?? abs;
  const hive = opts.hive ? ', hive_partitioning = true' : '';
  if (format === 'parquet') return `read_parquet(${qstr(target)}${hive})`;
  if (format === 'json') return `read_json(${qstr(target)})`;
  const extra = `${hive}${opts.encoding && opts.encoding !== 'utf-8' ? `, encoding = ${qstr(opts.encoding)}` : ''}`;
  if (dialect) {
    // The dialect and column types sniffed once (sniffCsv): reading with auto_detect=false
    // skips a second sniff of the file (~15 % of the read at 1M rows). DuckDB's default
    // buffer is 32,000,000 bytes; 32 MiB reads the 1M-row bench file ~30 % faster. The line
    // limit is restated at its default, because a buffer size given alone lifts it.
    const cols = dialect.columns.map((c) => `${qstr(c.name)}: ${qstr(asText.includes(c.name) ? 'VARCHAR' : c.type)}`).join(', ');
    return `read_csv(${qstr(target)}, auto_detect = false, header = ${dialect.header}, delim = ${qstr(dialect.delim)}, quote = ${qstr(dialect.quote)}, escape = ${qstr(dialect.escape)}, new_line = ${qstr(dialect.newLine)}, skip = ${dialect.skip}, comment = ${qstr(dialect.comment)}, nullstr = [${CSV_NULLS.map(qstr).join(', ')}], buffer_size = ${2 ** 25}, max_line_size = 2000000, columns = {${cols}}${extra})`;
  }
  const types = asText.length ? `, types = {${asText.map((c) => `${qstr(c)}: 'VARCHAR'`).join(', ')}}` : '';
  // Only DOUBLE and VARCHAR are inferred: DuckDB would read '2.5' into a column it sniffed as
  // BIGINT by rounding it, and would take yes/no for a boolean. Integers are exact in DOUBLE
  // up to 2^53, and ids with leading zeros (postcodes, hs6) stay text.
  return `read_csv(${qstr(target)}, header = true, nullstr = [${CSV_NULLS.map(qstr).join(', ')}], auto_type_candidates = ['DOUBLE', 'VARCHAR']${types}${extra})`;
}

export interface CsvDialect {
  readonly delim: string;
  readonly quote: string;
  readonly escape: string;
  readonly newLine: string;
  readonly comment: string;
  readonly skip: number;
  readonly header: boolean;
  readonly columns: readonly ColumnInfo[];
}

/** DuckDB's sniffer, with the same type candidates as the reader; undefined when it gives no usable dialect. */
export async function sniffCsv(conn: DuckDBConnection, abs: string, opts: SourceOptions): Promise<CsvDialect | undefined> {
  // sniff_csv reads one file; a folder or glob (or an encoded file) takes the full reader's sniffer.
  if (opts.hive || opts.encoding) return undefined;
  const rows = await queryRows(
    conn,
    `SELECT * FROM sniff_csv(${qstr(abs)}, header = true, nullstr = [${CSV_NULLS.map(qstr).join(', ')}], auto_type_candidates = ['DOUBLE', 'VARCHAR'])`,
  );
  const r = rows[0];
  if (!r) return undefined;
  const text = (v: unknown): string => (v === null || v === undefined || v === '(empty)' ? '' : String(v));
  const cols = r['Columns'] as { name: string; type: string }[] | undefined;
  if (!Array.isArray(cols) || cols.length === 0 || r['DateFormat'] || r['TimestampFormat']) return undefined;
  return {
    delim: text(r['Delimiter']),
    quote: text(r['Quote']),
    escape: text(r['Escape']),
    newLine: text(r['NewLineDelimiter']),
    comment: text(r['Comment']),
    skip: num(r['SkipRows']),
    header: r['HasHeader'] === true,
    columns: cols.map((c) => ({ name: String(c.name), type: String(c.type) })),
  };
}

const CONVERT_FAIL = /converting column "((?:[^"]|"")*)"/;

/** A source read into DuckDB: its columns, and the variable labels the file carries (.dta). */
export interface LoadedSource {
  readonly columns: ColumnInfo[];
  readonly labels: ReadonlyMap<string, string>;
}

/**
 * Create table `sqlName` from the spec's `source`, with `types:` overrides applied and checked.
 * Returns the final columns.
 */
export async function loadSource(
  conn: DuckDBConnection,
  tableName: string,
  sqlName: string,
  spec: DataTableSpec,
  ctx: DataContext,
): Promise<LoadedSource> {
  const srcPath = ['data', tableName, 'source'];
  const written = spec.source!;
  const abs = resolveSource(written, ctx, srcPath);
  const format = formatOf(written, abs, spec.format, srcPath);
  const opts = spec.options ?? {};
  if (format === 'json') {
    // DuckDB crashes the process on very deeply nested JSON; refuse it first.
    const deep = await jsonTooDeep(abs).catch(() => undefined);
    if (deep) throw new StudyError(diag(variablesMessages.jsonTooDeep(written, JSON_DEPTH_LIMIT, deep.line, deep.col), { path: srcPath }));
  }
  const overrides = Object.entries(spec.types ?? {});
  const declared = new Set(overrides.map(([c]) => c));
  const checkOverrides = (names: readonly string[]): void => {
    for (const [col] of overrides) {
      if (!names.includes(col)) {
        throw new StudyError(
          diag(messages.unknownColumn(tableName, col, 'types'), { path: ['data', tableName, 'types', col], notes: didYouMean(col, names) }),
        );
      }
    }
  };

  let labels: ReadonlyMap<string, string> = new Map();
  let sniffed: ColumnInfo[];
  const sniffedNumeric: string[] = [];
  if (format === 'dta' || format === 'xlsx' || format === 'duckdb') {
    if (format === 'dta') labels = await readDtaSource(conn, tableName, sqlName, abs, written, opts, ctx);
    else if (format === 'xlsx') await loadXlsx(conn, sqlName, abs, written, opts, srcPath);
    else await readDuckdbSource(conn, sqlName, abs, written, opts, tableName);
    sniffed = await describe(conn, qid(sqlName));
    checkOverrides(sniffed.map((c) => c.name));
  } else {
    let dialect: CsvDialect | undefined;
    try {
      if (format === 'csv' && !globOf(written, abs, format)) dialect = await sniffCsv(conn, abs, opts);
      mark('csv sniffed');
      sniffed = dialect ? [...dialect.columns] : await describe(conn, `SELECT * FROM ${readerSql(abs, format, [], undefined, opts, written)}`);
    } catch (e) {
      throw await readError(e, written, abs, format, srcPath);
    }
    if (format === 'csv' && sniffed.length === 1 && !globOf(written, abs, format)) await checkRagged(written, abs, opts, srcPath);
    checkOverrides(sniffed.map((c) => c.name));

    // Columns read as text first: the declared ones (converted below) plus any column the
    // sniffer typed from its sample that later turned out to hold something else.
    const asText = format === 'csv' ? overrides.map(([c]) => c) : [];
    for (let attempt = 0; ; attempt++) {
      try {
        await conn.run(`CREATE OR REPLACE TABLE ${qid(sqlName)} AS SELECT * FROM ${readerSql(abs, format, asText, dialect, opts, written)}`);
        mark('csv read into table');
        break;
      } catch (e) {
        const m = CONVERT_FAIL.exec(String((e as Error).message));
        const col = m ? m[1]!.replaceAll('""', '"') : undefined;
        if (format !== 'csv' || !col || asText.includes(col) || declared.has(col) || attempt > sniffed.length) {
          throw await readError(e, written, abs, format, srcPath);
        }
        asText.push(col);
        sniffedNumeric.push(col);
      }
    }
  }

  for (const col of sniffedNumeric) {
    const t = sniffed.find((c) => c.name === col)!.type;
    // An integer sample followed by '2.5' is still numbers: widen to DOUBLE. Anything that is
    // not a number at all is reported with its row.
    const target = kindOfType(t) === 'num' ? 'DOUBLE' : t;
    await checkConvertible(conn, sqlName, tableName, col, target, srcPath);
    await conn.run(`ALTER TABLE ${qid(sqlName)} ALTER ${qid(col)} TYPE ${target} USING TRY_CAST(${qid(col)} AS ${target})`);
  }
  // Types as the table holds them now (a CSV's declared columns were read as text).
  const current = overrides.length > 0 ? await describe(conn, qid(sqlName)) : [];
  for (const [col, declared] of overrides) {
    const target = duckTypeFor(declared);
    await checkConvertible(conn, sqlName, tableName, col, target, ['data', tableName, 'types', col], declared);
    await conn.run(`ALTER TABLE ${qid(sqlName)} ALTER ${qid(col)} TYPE ${target} USING TRY_CAST(${castSource(col, declared, current.find((c) => c.name === col)?.type)} AS ${target})`);
  }

  // One query answers both questions: which CSV text columns are really logical, and which
  // float columns hold NaN/Inf (set to missing with a warning). A text column is logical when
  // it has a value and no value other than true/false; the EXISTS subqueries stop at the
  // first row that decides, which for ordinary text is the first row.
  const before = await describe(conn, qid(sqlName));
  const text = format === 'csv' ? before.filter((c) => c.type === 'VARCHAR' && !declared.has(c.name)) : [];
  const floats = before.filter((c) => c.type === 'DOUBLE' || c.type === 'FLOAT');
  if (text.length + floats.length > 0) {
    const t = qid(sqlName);
    const row = await queryRow(
      conn,
      `SELECT ${[
        ...text.map((c, i) => {
          const col = qid(c.name);
          return `EXISTS (SELECT 1 FROM ${t} WHERE ${col} IS NOT NULL AND lower(${col}) NOT IN ('true', 'false')) AS x${i}, EXISTS (SELECT 1 FROM ${t} WHERE ${col} IS NOT NULL) AS v${i}`;
        }),
        ...floats.map((c, i) => `count(*) FILTER (WHERE NOT isfinite(${qid(c.name)})) AS c${i}`),
      ].join(', ')}${floats.length > 0 ? ` FROM ${t}` : ''}`,
    );
    for (const [i, c] of text.entries()) {
      if (row[`x${i}`] === false && row[`v${i}`] === true) {
        await conn.run(`ALTER TABLE ${qid(sqlName)} ALTER ${qid(c.name)} TYPE BOOLEAN USING lower(${qid(c.name)}) = 'true'`);
      }
    }
    for (const [i, f] of floats.entries()) {
      const n = num(row[`c${i}`]);
      if (n === 0) continue;
      const c = qid(f.name);
      await conn.run(`UPDATE ${qid(sqlName)} SET ${c} = NULL WHERE NOT isfinite(${c})`);
      ctx.reporter.add(diag(messages.nonFiniteInData(tableName, f.name, n), { severity: 'warning', path: ['data', tableName, 'source'] }));
    }
  }
  return { columns: text.length > 0 ? await describe(conn, qid(sqlName)) : before, labels };
}

/**
 * Integers are converted through DOUBLE so that '1.5' fails the integer check instead of
 * rounding. A number read as text shows whole values without DuckDB's '.0' (a .dta year 2001
 * becomes '2001', as Stata's `tostring` gives).
 */
function castSource(col: string, declared: string, type: string | undefined): string {
  if (declared === 'integer') return `TRY_CAST(${qid(col)}::VARCHAR AS DOUBLE)`;
  return declared === 'string' && type && kindOfType(type) === 'num' ? sqlText(col, type) : `${qid(col)}::VARCHAR`;
}

export function firstLine(e: unknown): string {
  const s = e instanceof Error ? e.message : String(e);
  return s.split('\n')[0]!.trim();
}

/** A DuckDB read error in the user's terms: encodings, ragged rows, empty globs; else SS404. */
async function readError(e: unknown, written: string, abs: string, format: SourceFormat, path: readonly (string | number)[]): Promise<StudyError> {
  const text = String((e as Error).message ?? e);
  const single = !globOf(written, abs, format);
  if (/no files found that match/i.test(text)) return new StudyError(diag(sourceMessages.noFilesMatch(written), { path }));
  if (format === 'csv' && single && /invalid unicode|not utf-8 encoded/i.test(text)) {
    if (await utf16Bom(abs)) return new StudyError(diag(sourceMessages.utf16(written), { path }));
    const bad = await findInvalidUtf8(abs);
    if (bad) {
      const where = `byte 0x${bad.byte.toString(16).toUpperCase().padStart(2, '0')} at offset ${bad.offset} (line ${bad.line})`;
      return new StudyError(diag(sourceMessages.badEncoding(written, where), { path }));
    }
  }
  if (format === 'csv' && single && /expected number of columns|too many columns|not enough columns/i.test(text)) {
    const found = await raggedIn(abs);
    if (found) return new StudyError(diag(sourceMessages.raggedRow(written, found.line, found.expected, found.got, found.text), { path }));
  }
  return new StudyError(diag(messages.readFailed(written, firstLine(e)), { path }));
}

async function raggedIn(abs: string): Promise<Awaited<ReturnType<typeof findRaggedRow>>> {
  if (/\.zst$/i.test(abs)) return undefined;
  const header = await readCsvHeaderLine(abs).catch(() => undefined);
  return header ? findRaggedRow(abs, header.delim) : undefined;
}

/**
 * The sniffer found one column. When the header line splits into several fields, the sniffer
 * gave up on the delimiter because rows disagree on their number of fields: name the first.
 */
async function checkRagged(written: string, abs: string, opts: SourceOptions, path: readonly (string | number)[]): Promise<void> {
  if (/\.zst$/i.test(abs) || opts.encoding) return;
  if (await utf16Bom(abs)) throw new StudyError(diag(sourceMessages.utf16(written), { path }));
  const header = await readCsvHeaderLine(abs).catch(() => undefined);
  if (!header || header.fields.length < 2) return;
  const found = await findRaggedRow(abs, header.delim);
  if (found) throw new StudyError(diag(sourceMessages.raggedRow(written, found.line, found.expected, found.got, found.text), { path }));
}

async function readDtaSource(
  conn: DuckDBConnection,
  tableName: string,
  sqlName: string,
  abs: string,
  written: string,
  opts: SourceOptions,
  ctx: DataContext,
): Promise<ReadonlyMap<string, string>> {
  const path = ['data', tableName, 'source'];
  try {
    const r = await loadDta(conn, sqlName, abs, { labels: opts.labels ?? 'text' });
    for (const u of r.uncovered) {
      ctx.reporter.add(diag(sourceMessages.valueLabelGap(tableName, u.column, u.set, u.codes), { severity: 'warning', path }));
    }
    return r.variableLabels;
  } catch (e) {
    if (e instanceof DtaError) throw new StudyError(diag(sourceMessages.dtaInvalid(written, e.message), { path }));
    throw e;
  }
}

let attachCount = 0;

/** A table of a DuckDB database file, or a query over it; the file is attached read-only and detached after. */
async function readDuckdbSource(conn: DuckDBConnection, sqlName: string, abs: string, written: string, opts: SourceOptions, tableName: string): Promise<void> {
  const path = ['data', tableName, 'source'];
  const alias = `ss_db_${attachCount++}`;
  try {
    await conn.run(`ATTACH ${qstr(abs)} AS ${qid(alias)} (READ_ONLY)`);
  } catch (e) {
    throw new StudyError(diag(messages.readFailed(written, firstLine(e)), { path }));
  }
  try {
    if (opts.table !== undefined) {
      const tables = (await queryRows(conn, `SELECT table_name AS t FROM duckdb_tables() WHERE database_name = ${qstr(alias)} UNION SELECT view_name FROM duckdb_views() WHERE database_name = ${qstr(alias)} ORDER BY 1`)).map((r) => String(r['t']));
      if (!tables.includes(opts.table)) {
        throw new StudyError(diag(sourceMessages.duckdbTableMissing(written, opts.table, tables), { path: ['data', tableName, 'table'], notes: didYouMean(opts.table, tables) }));
      }
      await conn.run(`CREATE OR REPLACE TABLE ${qid(sqlName)} AS SELECT * FROM ${qid(alias)}.${qid(opts.table)}`);
    } else if (opts.query !== undefined) {
      // Unqualified names in the query refer to the database's tables.
      await conn.run(`USE ${qid(alias)}`);
      try {
        await conn.run(`CREATE OR REPLACE TABLE memory.main.${qid(sqlName)} AS ${opts.query}`);
      } catch (e) {
        throw new StudyError(diag(sourceMessages.queryFailed(written, firstLine(e)), { path: ['data', tableName, 'query'] }));
      } finally {
        await conn.run('USE memory');
      }
    } else {
      throw new StudyError(diag(sourceMessages.duckdbNeedsTable(written), { path }));
    }
  } finally {
    await conn.run(`DETACH ${qid(alias)}`);
  }
}
