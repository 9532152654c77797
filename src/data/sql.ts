/**
 * Small SQL helpers: quoting and the mapping between DuckDB column types and the three kinds
 * the expression language knows (number, text, logical).
 */
import type { DuckDBConnection } from '@duckdb/node-api';

/** Double-quoted identifier; any character is allowed inside (CJK names, spaces). */
export function qid(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Single-quoted SQL string literal. */
export function qstr(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** A number as a SQL DOUBLE literal (NaN/Inf never reach SQL: callers map them to NULL). */
export function qnum(x: number): string {
  if (!Number.isFinite(x)) return 'NULL::DOUBLE';
  return `${String(x)}::DOUBLE`;
}

export type ValueKind = 'num' | 'str' | 'bool' | 'date' | 'other';

const NUMERIC = new Set([
  'TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT',
  'UHUGEINT', 'FLOAT', 'DOUBLE',
]);

export function kindOfType(duckType: string): ValueKind {
  const t = duckType.toUpperCase();
  if (NUMERIC.has(t) || t.startsWith('DECIMAL')) return 'num';
  if (t === 'VARCHAR' || t.startsWith('ENUM')) return 'str';
  if (t === 'BOOLEAN') return 'bool';
  if (t === 'DATE' || t.startsWith('TIMESTAMP')) return 'date';
  return 'other';
}

/** User-facing name of a DuckDB type in messages. */
export function typeWord(duckType: string): string {
  const k = kindOfType(duckType);
  if (k === 'num') return `numeric (${duckType})`;
  if (k === 'str') return `text (${duckType})`;
  if (k === 'bool') return 'logical (BOOLEAN)';
  return duckType;
}

export interface ColumnInfo {
  readonly name: string;
  readonly type: string;
}

/** Columns of a table or of any SELECT, in order. */
export async function describe(conn: DuckDBConnection, relation: string): Promise<ColumnInfo[]> {
  const r = await conn.runAndReadAll(`DESCRIBE ${relation}`);
  return r.getRowObjectsJS().map((row) => ({ name: String(row['column_name']), type: String(row['column_type']) }));
}

/** First row of a query as plain JS values (for small summary queries only). */
export async function queryRow(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>> {
  const r = await conn.runAndReadAll(sql);
  return r.getRowObjectsJS()[0] ?? {};
}

/** Every row of a small query as plain JS values. */
export async function queryRows(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  const r = await conn.runAndReadAll(sql);
  return r.getRowObjectsJS() as Record<string, unknown>[];
}

/** bigint counts from DuckDB as numbers (counts here stay far below 2^53). */
export function num(x: unknown): number {
  if (typeof x === 'bigint') return Number(x);
  if (typeof x === 'number') return x;
  if (x === null || x === undefined) return NaN;
  return Number(x);
}

/** SQL rendering a column as text for messages: whole numbers without DuckDB's trailing '.0'. */
export function sqlText(col: string, type: string): string {
  const c = qid(col);
  if (kindOfType(type) !== 'num') return `CAST(${c} AS VARCHAR)`;
  return `CASE WHEN ${c} = trunc(${c}) AND abs(${c}) < 1e15 THEN CAST(CAST(${c} AS BIGINT) AS VARCHAR) ELSE CAST(${c} AS VARCHAR) END`;
}

/** A cell value as text for messages. */
export function cellString(x: unknown): string {
  if (x === null || x === undefined) return 'NA';
  if (typeof x === 'bigint') return x.toString();
  return String(x);
}
