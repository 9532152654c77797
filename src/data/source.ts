/**
 * Reading one `source:` file into a DuckDB table.
 *
 * CSV goes through DuckDB's `read_csv` (header row, type sniffing; empty cells, `NA` and `.`
 * are missing). Columns named under `types:` are read as text and converted in SQL with
 * TRY_CAST, so a bad cell is counted and located instead of aborting the read. When the
 * sniffer guessed a numeric type from its sample and a later cell is not a number, the read
 * is retried with that column as text and the same check reports it: a column that looks
 * numeric but holds text is a data error, not silently a factor.
 */
import { JSON_DEPTH_LIMIT, jsonTooDeep } from './json-depth.js';
import { variablesMessages } from '../diagnostics/messages/variables.js';
import { existsSync, realpathSync } from 'node:fs';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { StudyError } from '../diagnostics/diagnostic.js';
import { diag, didYouMean } from '../diagnostics/messages/index.js';
import { dataMessages as messages } from '../diagnostics/messages/data.js';
import { checkConvertible, duckTypeFor } from './convert.js';
import { describe, kindOfType, qid, qstr, queryRow, queryRows, num, type ColumnInfo } from './sql.js';
import type { DataContext, DataTableSpec, SourceFormat } from './types.js';

/** Missing-value spellings in CSV files: empty cell, R's NA, Stata's `.`. */
export const CSV_NULLS = ['', 'NA', '.'];

/** Absolute path of a source, refusing paths outside the spec's folder unless allowed. */
export function resolveSource(source: string, ctx: Pick<DataContext, 'specDir' | 'allowOutside'>, path: readonly (string | number)[]): string {
  const abs = resolve(ctx.specDir, source);
  if (!ctx.allowOutside) {
    // Compare real paths so that a symlink inside the folder cannot point outside it.
    const root = existsSync(ctx.specDir) ? realpathSync(ctx.specDir) : resolve(ctx.specDir);
    const real = existsSync(abs) ? realpathSync(abs) : abs;
    const rel = relative(root, real);
    if (rel.startsWith('..') || isAbsolute(rel)) {
      throw new StudyError(diag(messages.sourceOutside(source, ctx.specDir), { path }));
    }
  }
  if (!existsSync(abs)) throw new StudyError(diag(messages.sourceNotFound(source), { path }));
  return abs;
}

export function formatOf(file: string, declared: SourceFormat | undefined, path: readonly (string | number)[]): SourceFormat {
  if (declared) return declared;
  const lower = file.toLowerCase().replace(/\.(gz|zst)$/, '');
  const ext = extname(lower);
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv';
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  if (ext === '.json' || ext === '.ndjson' || ext === '.jsonl') return 'json';
  throw new StudyError(diag(messages.unknownFormat(file), { path }));
}

function readerSql(abs: string, format: SourceFormat, asText: readonly string[], dialect?: CsvDialect): string {
  if (format === 'parquet') return `read_parquet(${qstr(abs)})`;
  if (format === 'json') return `read_json(${qstr(abs)})`;
  if (dialect) {
    // The dialect and column types sniffed once (sniffCsv): reading with auto_detect=false
    // skips a second sniff of the file (~15 % of the read at 1M rows). DuckDB's default
    // buffer is 32,000,000 bytes; 32 MiB reads the 1M-row bench file ~30 % faster. The line
    // limit is restated at its default, because a buffer size given alone lifts it.
    const cols = dialect.columns.map((c) => `${qstr(c.name)}: ${qstr(asText.includes(c.name) ? 'VARCHAR' : c.type)}`).join(', ');
    return `read_csv(${qstr(abs)}, auto_detect = false, header = ${dialect.header}, delim = ${qstr(dialect.delim)}, quote = ${qstr(dialect.quote)}, escape = ${qstr(dialect.escape)}, new_line = ${qstr(dialect.newLine)}, skip = ${dialect.skip}, comment = ${qstr(dialect.comment)}, nullstr = [${CSV_NULLS.map(qstr).join(', ')}], buffer_size = ${2 ** 25}, max_line_size = 2000000, columns = {${cols}})`;
  }
  const types = asText.length ? `, types = {${asText.map((c) => `${qstr(c)}: 'VARCHAR'`).join(', ')}}` : '';
  // Only DOUBLE and VARCHAR are inferred: DuckDB would read '2.5' into a column it sniffed as
  // BIGINT by rounding it, and would take yes/no for a boolean. Integers are exact in DOUBLE
  // up to 2^53, and ids with leading zeros (postcodes, hs6) stay text.
  return `read_csv(${qstr(abs)}, header = true, nullstr = [${CSV_NULLS.map(qstr).join(', ')}], auto_type_candidates = ['DOUBLE', 'VARCHAR']${types})`;
}

interface CsvDialect {
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
async function sniffCsv(conn: DuckDBConnection, abs: string): Promise<CsvDialect | undefined> {
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
): Promise<ColumnInfo[]> {
  const srcPath = ['data', tableName, 'source'];
  const abs = resolveSource(spec.source!, ctx, srcPath);
  const format = formatOf(abs, spec.format, srcPath);

  if (format === 'json') {
    const deep = await jsonTooDeep(abs).catch(() => undefined);
    if (deep) throw new StudyError(diag(variablesMessages.jsonTooDeep(spec.source!, JSON_DEPTH_LIMIT, deep.line, deep.col), { path: srcPath }));
  }
  let sniffed: ColumnInfo[];
  let dialect: CsvDialect | undefined;
  try {
    if (format === 'csv') dialect = await sniffCsv(conn, abs);
    sniffed = dialect ? [...dialect.columns] : await describe(conn, `SELECT * FROM ${readerSql(abs, format, [])}`);
  } catch (e) {
    throw new StudyError(diag(messages.readFailed(spec.source!, firstLine(e)), { path: srcPath }));
  }
  const names = sniffed.map((c) => c.name);
  const overrides = Object.entries(spec.types ?? {});
  for (const [col] of overrides) {
    if (!names.includes(col)) {
      throw new StudyError(
        diag(messages.unknownColumn(tableName, col, 'types'), { path: ['data', tableName, 'types', col], notes: didYouMean(col, names) }),
      );
    }
  }

  // Columns read as text first: the declared ones (converted below) plus any column the
  // sniffer typed from its sample that later turned out to hold something else.
  const asText = format === 'csv' ? overrides.map(([c]) => c) : [];
  const sniffedNumeric: string[] = [];
  const declared = new Set(overrides.map(([c]) => c));
  for (let attempt = 0; ; attempt++) {
    try {
      await conn.run(`CREATE OR REPLACE TABLE ${qid(sqlName)} AS SELECT * FROM ${readerSql(abs, format, asText, dialect)}`);
      break;
    } catch (e) {
      const m = CONVERT_FAIL.exec(String((e as Error).message));
      const col = m ? m[1]!.replaceAll('""', '"') : undefined;
      if (format !== 'csv' || !col || asText.includes(col) || declared.has(col) || attempt > sniffed.length) {
        throw new StudyError(diag(messages.readFailed(spec.source!, firstLine(e)), { path: srcPath }));
      }
      asText.push(col);
      sniffedNumeric.push(col);
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
  for (const [col, declared] of overrides) {
    const target = duckTypeFor(declared);
    await checkConvertible(conn, sqlName, tableName, col, target, ['data', tableName, 'types', col], declared);
    await conn.run(`ALTER TABLE ${qid(sqlName)} ALTER ${qid(col)} TYPE ${target} USING TRY_CAST(${castSource(col, declared)} AS ${target})`);
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
  return text.length > 0 ? await describe(conn, qid(sqlName)) : before;
}

/** Integers are converted through DOUBLE so that '1.5' fails the integer check instead of rounding. */
function castSource(col: string, declared: string): string {
  return declared === 'integer' ? `TRY_CAST(${qid(col)}::VARCHAR AS DOUBLE)` : `${qid(col)}::VARCHAR`;
}

export function firstLine(e: unknown): string {
  const s = e instanceof Error ? e.message : String(e);
  return s.split('\n')[0]!.trim();
}
