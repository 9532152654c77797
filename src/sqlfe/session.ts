/**
 * The SQL side of a fit inside the data engine: one DuckDB connection, scratch tables with
 * generated names (never user text), and small result sets read back as numbers.
 *
 * Every scratch table a fit creates is dropped when the fit ends, success or not, so a run
 * with several `engine: sql` models does not accumulate copies of its data. Spilled pages
 * go to the temporary folder the caller chose (see run.ts): the fit writes nowhere else.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { qid } from '../data/sql.js';

let fits = 0;

export class SqlSession {
  private readonly tables = new Set<string>();
  private counter = 0;
  private readonly prefix: string;
  /** Number of statements run (reported with the fit; each is one pass or a small step). */
  statements = 0;

  constructor(readonly conn: DuckDBConnection) {
    this.prefix = `ss_sqlfe_${process.pid}_${fits++}`;
  }

  /** A fresh scratch table name (quoted), registered for dropping. */
  fresh(tag: string): string {
    const name = `${this.prefix}_${tag}_${this.counter++}`;
    this.tables.add(name);
    return qid(name);
  }

  async run(sql: string): Promise<void> {
    this.statements++;
    const t = performance.now();
    await this.conn.run(sql);
    if (process.env['SQLFE_TRACE']) process.stderr.write(`${((performance.now() - t) / 1000).toFixed(2)}s ${sql.slice(0, 150)}\n`);
  }

  /** `CREATE TABLE name AS select`, replacing nothing: every name is fresh. */
  async create(tag: string, select: string): Promise<string> {
    const t = this.fresh(tag);
    await this.run(`CREATE TABLE ${t} AS ${select}`);
    return t;
  }

  async drop(table: string | undefined): Promise<void> {
    if (!table) return;
    await this.conn.run(`DROP TABLE IF EXISTS ${table}`);
    this.tables.delete(unquote(table));
  }

  /** First row of a query, as numbers (null and NaN as NaN). */
  async row(sql: string): Promise<number[]> {
    this.statements++;
    const t = performance.now();
    const r = await this.conn.runAndReadAll(sql);
    if (process.env['SQLFE_TRACE']) process.stderr.write(`${((performance.now() - t) / 1000).toFixed(2)}s ${sql.slice(0, 150)}\n`);
    const rows = r.getRows();
    const first = rows[0] ?? [];
    return first.map(toNumber);
  }

  /** Every row of a small query, as numbers. */
  async rows(sql: string): Promise<number[][]> {
    this.statements++;
    const r = await this.conn.runAndReadAll(sql);
    return r.getRows().map((row) => row.map(toNumber));
  }

  /** Drops every scratch table still registered. */
  async close(): Promise<void> {
    for (const t of [...this.tables]) await this.conn.run(`DROP TABLE IF EXISTS ${qid(t)}`);
    this.tables.clear();
  }
}

function unquote(t: string): string {
  return t.slice(1, -1).replaceAll('""', '"');
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v === null || v === undefined) return Number.NaN;
  if (typeof v === 'boolean') return v ? 1 : 0;
  // DECIMAL and HUGEINT values come back as objects with a numeric string form.
  return Number(String(v));
}

/** Column names of the estimation-sample table: positions only, so nothing from the spec reaches SQL unquoted. */
export const col = {
  y: 'y',
  x: (j: number): string => `x${j}`,
  fe: (q: number): string => `f${q}`,
  cluster: (c: number): string => `c${c}`,
  /** Coefficient column j (0 = outcome, 1.. = regressors) of a fixed-effect coefficient table. */
  a: (j: number): string => `a${j}`,
};

/** Columns of the sample table being demeaned: the outcome, then each regressor. */
export function valueColumns(k: number): string[] {
  return [col.y, ...Array.from({ length: k }, (_, j) => col.x(j))];
}
