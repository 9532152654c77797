/**
 * In-memory fallback: an expression with a function that has no SQL form is evaluated by the
 * expression evaluator on the extracted columns it reads, and the resulting column is sent
 * back into DuckDB and attached to the table by position (POSITIONAL JOIN), so the rest of the
 * table's pipeline (where, group_by, joins downstream) stays in SQL.
 */
import { DuckDBDataChunk, DOUBLE, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import type { Expr } from '../expr/ast.js';
import { referencedNames } from '../expr/ast.js';
import type { Column, Frame, PanelIndex } from './frame.js';
import { extractFrame } from './extract.js';
import { qid, type ColumnInfo } from './sql.js';

const CHUNK = 2048;

/** Evaluates `expr` in memory on the columns of `sqlName` it reads. */
export async function evaluateInMemory(
  conn: DuckDBConnection,
  sqlName: string,
  columns: readonly ColumnInfo[],
  expr: Expr,
  evaluate: (expr: Expr, frame: Frame) => Column,
  panel?: PanelIndex,
): Promise<Column> {
  const needed = referencedNames(expr);
  // Panel functions need the unit and period columns even when the expression does not name them.
  if (panel) needed.add(panel.id).add(panel.time);
  const cols = columns.filter((c) => needed.has(c.name));
  const frame = await extractFrame(conn, sqlName, cols, panel ? { panel } : {});
  return evaluate(expr, frame);
}

/** Creates `outSql` = every column of `sqlName` (minus `name`) plus `column` as `name`, row by row. */
export async function attachColumn(conn: DuckDBConnection, sqlName: string, name: string, column: Column, outSql: string, hasName: boolean): Promise<string> {
  const tmp = `${outSql}__upload`;
  const isNum = column.kind === 'num';
  await conn.run(`CREATE OR REPLACE TABLE ${qid(tmp)} (v ${isNum ? 'DOUBLE' : 'VARCHAR'})`);
  const appender = await conn.createAppender(tmp);
  try {
    const n = isNum ? column.values.length : column.codes.length;
    for (let start = 0; start < n; start += CHUNK) {
      const m = Math.min(CHUNK, n - start);
      const chunk = DuckDBDataChunk.create([isNum ? DOUBLE : VARCHAR], m);
      if (column.kind === 'num') {
        const vec = chunk.getColumnVector(0);
        for (let i = 0; i < m; i++) {
          const x = column.values[start + i]!;
          vec.setItem(i, Number.isNaN(x) ? null : x);
        }
        vec.flush();
      } else {
        const vals: (string | null)[] = new Array(m);
        for (let i = 0; i < m; i++) {
          const k = column.codes[start + i]!;
          vals[i] = k < 0 ? null : column.levels[k]!;
        }
        chunk.setColumnValues(0, vals);
      }
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  const keep = hasName ? `t.* EXCLUDE (${qid(name)})` : 't.*';
  await conn.run(`CREATE OR REPLACE TABLE ${qid(outSql)} AS SELECT ${keep}, u.v AS ${qid(name)} FROM ${qid(sqlName)} t POSITIONAL JOIN ${qid(tmp)} u`);
  await conn.run(`DROP TABLE ${qid(tmp)}`);
  return outSql;
}
