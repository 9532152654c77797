/**
 * A Stata .dta file → a DuckDB table, streamed block by block through the table writer.
 *
 * Value-labelled numeric columns become ENUM columns whose members are in code order, so the
 * lowest code is the first level (the reference level of `i()`), as Stata's `ib(first)` and R
 * haven's `as_factor(levels = "labels")` order them. A code without a label in its set keeps
 * its number as the level text (Stata shows the number too), with one warning per column.
 * With `labels: codes` the numbers stay numbers. Variable labels are returned for the tables
 * and figures.
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { TableWriter } from '../ingest.js';
import { qid, qstr } from '../sql.js';
import { DtaError, FileBytes, readMeta, type DtaMeta } from './meta.js';
import { kindOf, readStrls, readValueLabels, streamRecords } from './read.js';

export interface DtaLoadResult {
  /** Variable labels by column (only non-empty ones). */
  readonly variableLabels: ReadonlyMap<string, string>;
  /** Per value-labelled column whose set misses some codes: the set's name and those codes. */
  readonly uncovered: readonly { column: string; set: string; codes: number[] }[];
  readonly meta: DtaMeta;
}

export { DtaError };

/** Codes of a labelled column past which it is treated as numbers (a label set on a continuous variable). */
const MAX_LEVELS = 100_000;

export async function loadDta(conn: DuckDBConnection, sqlName: string, file: string, opts: { labels: 'text' | 'codes'; blockBytes?: number }): Promise<DtaLoadResult> {
  const fd = openSync(file, 'r');
  try {
    const bytes = new FileBytes(fd, fstatSync(fd).size);
    const meta = readMeta(bytes);
    const sets = opts.labels === 'text' ? readValueLabels(bytes, meta) : new Map<string, Map<number, string>>();
    const strls = readStrls(bytes, meta);
    const vars = meta.variables;
    const writer = await TableWriter.create(conn, sqlName, vars.map((v) => ({ name: v.name, kind: kindOf(v) })));
    // Distinct codes of each value-labelled numeric column, gathered while streaming.
    const labelled = vars.map((v) => (kindOf(v) === 'num' && v.valueLabel !== '' && sets.has(v.valueLabel) ? new Set<number>() : undefined));
    try {
      streamRecords(
        bytes,
        meta,
        strls,
        (batch) => {
          for (let j = 0; j < labelled.length; j++) {
            const seen = labelled[j];
            if (!seen || seen.size > MAX_LEVELS) continue;
            const x = batch.columns[j] as Float64Array;
            for (let i = 0; i < batch.n; i++) if (x[i] === x[i]) seen.add(x[i]!);
          }
          writer.append(batch);
        },
        opts.blockBytes,
      );
    } finally {
      writer.close();
    }
    const uncovered: DtaLoadResult['uncovered'][number][] = [];
    for (const [j, seen] of labelled.entries()) {
      if (!seen || seen.size > MAX_LEVELS) continue;
      const v = vars[j]!;
      const set = sets.get(v.valueLabel)!;
      const codes = [...seen].sort((a, b) => a - b);
      const missingCodes = codes.filter((c) => !set.has(c));
      if (missingCodes.length > 0) uncovered.push({ column: v.name, set: v.valueLabel, codes: missingCodes });
      await toEnum(conn, sqlName, v.name, codes.map((c) => [c, set.get(c) ?? String(c)] as const));
    }
    const variableLabels = new Map(vars.filter((v) => v.label !== '').map((v) => [v.name, v.label] as const));
    return { variableLabels, uncovered, meta };
  } finally {
    closeSync(fd);
  }
}

/**
 * Column `col` (codes) → ENUM of its level texts in code order. Two codes with the same label
 * text share one level, since a level is what a table shows.
 */
async function toEnum(conn: DuckDBConnection, sqlName: string, col: string, levels: readonly (readonly [number, string])[]): Promise<void> {
  const members = [...new Set(levels.map(([, t]) => t))];
  const c = qid(col);
  if (members.length === 0) {
    await conn.run(`ALTER TABLE ${qid(sqlName)} ALTER ${c} TYPE VARCHAR USING NULL`);
    return;
  }
  const cases = levels.map(([code, text]) => `WHEN ${String(code)} THEN ${qstr(text)}`).join(' ');
  await conn.run(`ALTER TABLE ${qid(sqlName)} ALTER ${c} TYPE ENUM(${members.map(qstr).join(', ')}) USING (CASE ${c} ${cases} END)`);
}
