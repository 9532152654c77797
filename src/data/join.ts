/**
 * `join:` entries in SQL. Keys are checked before joining: each must exist on its side, and
 * both sides must be of the same kind (numbers with numbers, text with text) — a VARCHAR id
 * against a BIGINT id would match nothing and silently leave the joined columns missing.
 *
 * Multiplicity is measured, not assumed: the right table is grouped by its keys, and if any
 * key value that the left table actually uses repeats on the right, the join multiplies rows
 * and a warning gives the number of such key values and the row counts before and after. If
 * those key values also repeat on the left, it is called many-to-many. Missing keys never
 * match (SQL semantics; Stata's merge would match missing to missing).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Reporter } from '../diagnostics/diagnostic.js';
import { StudyError } from '../diagnostics/diagnostic.js';
import { diag, didYouMean } from '../diagnostics/messages/index.js';
import { dataMessages as messages } from '../diagnostics/messages/data.js';
import { kindOfType, num, qid, queryRow, typeWord, type ColumnInfo } from './sql.js';
import type { JoinSpec } from './types.js';

export interface JoinSide {
  /** Spec name (for messages). */
  readonly name: string;
  /** DuckDB table. */
  readonly sqlName: string;
  readonly columns: readonly ColumnInfo[];
}

export function keyPairs(on: JoinSpec['on']): [string, string][] {
  return Array.isArray(on) ? (on as readonly string[]).map((k) => [k, k]) : Object.entries(on as Record<string, string>);
}

/** Joins `right` onto `left` into table `outSql`; returns the output columns. */
export async function applyJoin(
  conn: DuckDBConnection,
  tableName: string,
  index: number,
  left: JoinSide,
  right: JoinSide,
  spec: JoinSpec,
  outSql: string,
  reporter: Reporter,
): Promise<ColumnInfo[]> {
  const path = ['data', tableName, 'join', index, 'on'];
  const pairs = keyPairs(spec.on);
  const ltypes = new Map(left.columns.map((c) => [c.name, c.type]));
  const rtypes = new Map(right.columns.map((c) => [c.name, c.type]));
  for (const [lk, rk] of pairs) {
    if (!ltypes.has(lk)) throw new StudyError(diag(messages.unknownColumn(left.name, lk, 'a join key'), { path, notes: didYouMean(lk, ltypes.keys()) }));
    if (!rtypes.has(rk)) throw new StudyError(diag(messages.unknownColumn(right.name, rk, 'a join key'), { path, notes: didYouMean(rk, rtypes.keys()) }));
    const lt = ltypes.get(lk)!;
    const rt = rtypes.get(rk)!;
    if (kindOfType(lt) !== kindOfType(rt)) {
      throw new StudyError(diag(messages.joinTypeMismatch(left.name, lk, typeWord(lt), right.name, rk, typeWord(rt)), { path }));
    }
  }
  const how = spec.how ?? 'left';
  const on = pairs.map(([lk, rk]) => `l.${qid(lk)} = r.${qid(rk)}`).join(' AND ');
  await warnIfMultiplies(conn, tableName, index, left, right, pairs, on, how, reporter);

  const rightKeys = new Set(pairs.map(([, rk]) => rk));
  const taken = new Set(left.columns.map((c) => c.name));
  const picks: string[] = [];
  const out: ColumnInfo[] = [...left.columns];
  for (const c of right.columns) {
    if (rightKeys.has(c.name)) continue;
    let alias = c.name;
    if (taken.has(alias)) {
      alias = `${c.name}_${right.name}`;
      for (let k = 2; taken.has(alias); k++) alias = `${c.name}_${right.name}${k}`;
      reporter.add(diag(messages.joinColumnRenamed(c.name, right.name, alias), { severity: 'warning', path: ['data', tableName, 'join', index] }));
    }
    taken.add(alias);
    picks.push(`r.${qid(c.name)} AS ${qid(alias)}`);
    out.push({ name: alias, type: c.type });
  }
  const select = ['l.*', ...picks].join(', ');
  // Keep the left table's row order (and the right's within a left row).
  await conn.run(
    `CREATE OR REPLACE TABLE ${qid(outSql)} AS SELECT ${select} FROM ${qid(left.sqlName)} l ${how === 'inner' ? 'INNER' : 'LEFT'} JOIN ${qid(right.sqlName)} r ON ${on} ORDER BY l.rowid, r.rowid`,
  );
  return out;
}

async function warnIfMultiplies(
  conn: DuckDBConnection,
  tableName: string,
  index: number,
  left: JoinSide,
  right: JoinSide,
  pairs: [string, string][],
  on: string,
  how: string,
  reporter: Reporter,
): Promise<void> {
  const rkeys = pairs.map(([, rk], i) => `${qid(rk)} AS k${i}`).join(', ');
  const grouped = `(SELECT ${rkeys}, count(*) AS n FROM ${qid(right.sqlName)} GROUP BY ALL)`;
  const onGrouped = pairs.map(([lk], i) => `l.${qid(lk)} = r.k${i}`).join(' AND ');
  const counts = await queryRow(
    conn,
    `SELECT count(*) AS before, sum(coalesce(r.n, ${how === 'inner' ? 0 : 1})) AS after,
            count(*) FILTER (WHERE r.n > 1) AS lrows
     FROM ${qid(left.sqlName)} l LEFT JOIN ${grouped} r ON ${onGrouped}`,
  );
  if (num(counts['lrows']) === 0) return;
  const lkeys = pairs.map(([lk], i) => `${qid(lk)} AS k${i}`).join(', ');
  const dupOn = pairs.map((_, i) => `d.k${i} = r.k${i}`).join(' AND ');
  const dups = `(SELECT * FROM ${grouped} WHERE n > 1)`;
  const facts = await queryRow(
    conn,
    `SELECT (SELECT count(*) FROM ${dups} r SEMI JOIN ${qid(left.sqlName)} l ON ${onGrouped}) AS dupkeys,
            (SELECT count(*) FROM (SELECT ${lkeys}, count(*) AS n FROM ${qid(left.sqlName)} GROUP BY ALL HAVING count(*) > 1) d
               SEMI JOIN ${dups} r ON ${dupOn}) AS manyleft`,
  );
  void on;
  const keys = pairs.map(([lk, rk]) => (lk === rk ? lk : `${lk} = ${rk}`)).join(', ');
  reporter.add(
    diag(
      messages.joinMultiplies(how, right.name, `[${keys}]`, num(facts['dupkeys']), num(counts['before']), num(counts['after']), num(facts['manyleft']) > 0),
      { severity: 'warning', path: ['data', tableName, 'join', index] },
    ),
  );
}
