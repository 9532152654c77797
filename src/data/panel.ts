/**
 * `panel: {id, time}`: the table's unit and period. Checked in SQL — rows with a missing id or
 * time are dropped with a warning, and a repeated (id, time) pair is an error naming the count
 * and the first repeated pair in row order — then the table is sorted by (id, time), which is
 * the order panel functions and estimators expect.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Reporter } from '../diagnostics/diagnostic.js';
import { StudyError } from '../diagnostics/diagnostic.js';
import { diag, didYouMean } from '../diagnostics/messages/index.js';
import { dataMessages as messages } from '../diagnostics/messages/data.js';
import { cellString, kindOfType, num, qid, queryRow, sqlText, type ColumnInfo } from './sql.js';

export function checkPanelColumns(tableName: string, panel: { id: string; time: string }, columns: readonly ColumnInfo[]): void {
  const types = new Map(columns.map((c) => [c.name, c.type]));
  for (const role of ['id', 'time'] as const) {
    const col = panel[role];
    if (!types.has(col)) {
      throw new StudyError(
        diag(messages.unknownColumn(tableName, col, `panel ${role}`), { path: ['data', tableName, 'panel', role], notes: didYouMean(col, types.keys()) }),
      );
    }
  }
  const tt = types.get(panel.time)!;
  if (kindOfType(tt) !== 'num') throw new StudyError(diag(messages.panelTimeNotNumeric(tableName, panel.time, tt), { path: ['data', tableName, 'panel', 'time'] }));
}

/** SQL ORDER BY list of a panel. */
export function panelOrder(panel: { id: string; time: string }): string {
  return `${qid(panel.id)}, ${qid(panel.time)}`;
}

/**
 * Drops rows with missing keys (warning), rejects duplicate pairs, and writes `outSql` sorted
 * by (id, time) — or, with `sort: false`, leaves sorting to a later step. Returns false when
 * no table was written because `sqlName` already is what `outSql` would be (keys complete,
 * unique and in order).
 */
export async function applyPanel(
  conn: DuckDBConnection,
  tableName: string,
  sqlName: string,
  panel: { id: string; time: string },
  columns: readonly ColumnInfo[],
  outSql: string,
  reporter: Reporter,
  sort = true,
): Promise<boolean> {
  checkPanelColumns(tableName, panel, columns);
  const id = qid(panel.id);
  const time = qid(panel.time);
  const t = qid(sqlName);
  const missing = num((await queryRow(conn, `SELECT count(*) AS n FROM ${t} WHERE ${id} IS NULL OR ${time} IS NULL`))['n']);
  if (missing > 0) reporter.add(diag(messages.panelMissingKeys(tableName, missing), { severity: 'warning', path: ['data', tableName, 'panel'] }));

  // Fast path: sources are usually stored sorted by unit and period. One pass comparing each
  // row with the previous one (in storage order) tells whether the table is sorted, and then
  // duplicates are adjacent; this replaces a GROUP BY and a full sort (~4× faster at 1M rows).
  // Row i meets row i + 1 through a POSITIONAL JOIN of the keys with themselves shifted by one
  // (storage order, as in attachColumn), half the cost of lag() OVER (ORDER BY rowid), which sorts.
  const keys = `SELECT ${id}, ${time} FROM ${t} WHERE ${id} IS NOT NULL AND ${time} IS NOT NULL`;
  const order = await queryRow(
    conn,
    `SELECT count(*) FILTER (WHERE b.${id} < a.${id} OR (b.${id} = a.${id} AND b.${time} < a.${time})) AS unsorted,
            count(*) FILTER (WHERE b.${id} = a.${id} AND b.${time} = a.${time}) AS dups
     FROM (${keys}) a POSITIONAL JOIN (${keys} OFFSET 1) b`,
  );
  if (num(order['unsorted']) === 0 && num(order['dups']) === 0) {
    if (missing === 0) return false;
    await conn.run(`CREATE OR REPLACE TABLE ${qid(outSql)} AS SELECT * FROM ${t} WHERE ${id} IS NOT NULL AND ${time} IS NOT NULL`);
    return true;
  }

  const types = new Map(columns.map((c) => [c.name, c.type]));
  const dup = await queryRow(
    conn,
    `SELECT count(*) AS pairs, arg_min(i, r) AS id, arg_min(tm, r) AS tm FROM (
       SELECT ${sqlText(panel.id, types.get(panel.id)!)} AS i, ${sqlText(panel.time, types.get(panel.time)!)} AS tm, min(rowid) AS r FROM ${t}
       WHERE ${id} IS NOT NULL AND ${time} IS NOT NULL GROUP BY ${id}, ${time} HAVING count(*) > 1)`,
  );
  const pairs = num(dup['pairs']);
  if (pairs > 0) {
    throw new StudyError(
      diag(messages.duplicatePanelKeys(tableName, pairs, cellString(dup['id']), cellString(dup['tm'])), { path: ['data', tableName, 'panel'] }),
    );
  }
  if (!sort && missing === 0) return false;
  await conn.run(
    `CREATE OR REPLACE TABLE ${qid(outSql)} AS SELECT * FROM ${t} WHERE ${id} IS NOT NULL AND ${time} IS NOT NULL${sort ? ` ORDER BY ${id}, ${time}` : ''}`,
  );
  return true;
}
