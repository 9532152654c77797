/**
 * Checked conversion of a column to a type, in SQL: count the cells that do not convert and
 * locate the first one, so a user sees "3 cells are not numbers; the first is data row 25013:
 * 'n/a'" instead of a silent missing value or a crash. The row number is the table's rowid + 1,
 * which for a table read from a file is the 1-based data row (the header is not counted).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { StudyError } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/messages/index.js';
import { dataMessages as messages } from '../diagnostics/messages/data.js';
import { cellString, num, qid, queryRow } from './sql.js';
import type { DeclaredType } from './types.js';

export function duckTypeFor(t: DeclaredType): string {
  switch (t) {
    case 'number':
      return 'DOUBLE';
    case 'integer':
      return 'BIGINT';
    case 'string':
      return 'VARCHAR';
    case 'bool':
      return 'BOOLEAN';
    case 'date':
      return 'DATE';
  }
}

const TYPE_WORD: Record<string, string> = {
  DOUBLE: 'numeric',
  BIGINT: 'integer',
  VARCHAR: 'text',
  BOOLEAN: 'logical (true/false, 1/0)',
  DATE: 'a date (YYYY-MM-DD)',
};

/** SQL condition true for a non-missing cell of `col` that does not convert to `target`. */
export function badCellCondition(col: string, target: string): string {
  const c = qid(col);
  if (target === 'VARCHAR') return 'FALSE';
  if (target === 'BIGINT') {
    // Through DOUBLE: a direct TRY_CAST('1.5' AS BIGINT) rounds instead of failing.
    const d = `TRY_CAST(${c}::VARCHAR AS DOUBLE)`;
    return `(${c} IS NOT NULL AND (${d} IS NULL OR ${d} <> trunc(${d})))`;
  }
  return `(${c} IS NOT NULL AND TRY_CAST(${c}::VARCHAR AS ${target}) IS NULL)`;
}

/**
 * Throws SS406 when some cell of `col` does not convert to `target`; otherwise returns quietly.
 * `path` points at the spec entry that asked for the type (a `types:` key or the source).
 */
export async function checkConvertible(
  conn: DuckDBConnection,
  sqlName: string,
  tableName: string,
  col: string,
  target: string,
  path: readonly (string | number)[],
  declared?: DeclaredType,
  span?: { start: number; end: number },
): Promise<void> {
  const bad = badCellCondition(col, target);
  const row = await queryRow(
    conn,
    `SELECT count(*) AS n, arg_min(${qid(col)}::VARCHAR, rowid) AS cell, min(rowid) AS r FROM ${qid(sqlName)} WHERE ${bad}`,
  );
  const n = num(row['n']);
  if (n === 0) return;
  const word = declared ? (TYPE_WORD[duckTypeFor(declared)] ?? declared) : (TYPE_WORD[target] ?? target);
  throw new StudyError(
    diag(messages.nonNumeric(tableName, col, word, n, num(row['r']) + 1, cellString(row['cell'])), {
      path,
      ...(span ? { span } : {}),
    }),
  );
}
