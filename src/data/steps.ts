/**
 * The expression steps of a table build — `where`, in-table `variables`, `group_by` +
 * `aggregate` — each turning the current DuckDB table into a new one. Expressions are
 * translated to SQL when possible and otherwise evaluated in memory (see fallback.ts).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { StudyError } from '../diagnostics/diagnostic.js';
import { diag, didYouMean } from '../diagnostics/messages/index.js';
import { dataMessages as messages } from '../diagnostics/messages/data.js';
import type { Expr } from '../expr/ast.js';
import { referencedNames } from '../expr/ast.js';
import { ExprError } from '../expr/errors.js';
import { evaluate as evaluateExpr } from '../expr/evaluate.js';
import { parseExpr } from '../expr/index.js';
import { checkConvertible } from './convert.js';
import { asBool, asValue, newState, translate, Untranslatable, type TranslateEnv, type TranslateState } from './expr-sql.js';
import { attachColumn, evaluateInMemory } from './fallback.js';
import { describe, num, qid, queryRow, type ColumnInfo } from './sql.js';
import type { DataContext } from './types.js';

export interface Current {
  readonly sqlName: string;
  readonly columns: readonly ColumnInfo[];
}

export interface StepKit {
  readonly conn: DuckDBConnection;
  readonly ctx: DataContext;
  readonly table: string;
  /** A fresh DuckDB table name for the next step. */
  readonly fresh: () => string;
  /** Marks a step's input as no longer needed (dropped unless it is another table's result). */
  readonly done: (sqlName: string) => Promise<void>;
  readonly panel?: { id: string; time: string };
}

type Path = readonly (string | number)[];

/** Parses spec text with the context's parser; grammar errors become diagnostics at `path`. */
export function parseAt(kit: StepKit, text: string, path: Path): Expr {
  const r = (kit.ctx.parseExpr ?? parseExpr)(text);
  if (r.errors.length > 0 || !r.value) {
    throw new StudyError(r.errors.map((g) => diag({ code: g.code, message: g.message, ...(g.notes ? { notes: g.notes } : {}) }, { path, span: g.span })));
  }
  return r.value;
}

/** Runs `fn`, turning expression errors into located diagnostics. */
export async function located<T>(path: Path, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ExprError) {
      throw new StudyError(diag({ code: e.code, message: e.message, notes: e.notes }, { path, span: e.span }));
    }
    throw e;
  }
}

function env(kit: StepKit, cur: Current, mode: 'row' | 'aggregate', groupKeys?: ReadonlySet<string>): TranslateEnv {
  return {
    columns: new Map(cur.columns.map((c) => [c.name, c.type])),
    mode,
    table: kit.table,
    ...(kit.panel ? { panel: kit.panel } : {}),
    ...(groupKeys ? { groupKeys } : {}),
  };
}

/** Checks text columns used as numbers, and reports log() of non-positive values (all counts in one scan). */
async function sideChecks(kit: StepKit, cur: Current, items: readonly { st: TranslateState; path: Path; text: string }[]): Promise<void> {
  for (const { st, path } of items) {
    for (const t of st.textAsNumber) await checkConvertible(kit.conn, cur.sqlName, kit.table, t.column, 'DOUBLE', path, undefined, t.span);
  }
  const logs = items.flatMap(({ st, path, text }) => st.logArgs.map((l) => ({ ...l, path, text })));
  if (logs.length === 0) return;
  const row = await queryRow(kit.conn, `SELECT ${logs.map((l, i) => `count(*) FILTER (WHERE ${l.sql} <= 0) AS n${i}`).join(', ')} FROM ${qid(cur.sqlName)}`);
  logs.forEach((l, i) => {
    const n = num(row[`n${i}`]);
    if (n > 0) {
      kit.ctx.reporter.add(diag(messages.logNonPositive(n, `'${l.text.slice(l.span.start, l.span.end)}'`), { severity: 'warning', path: l.path, span: l.span }));
    }
  });
}

export async function applyWhere(kit: StepKit, cur: Current, text: string, tableVars: ReadonlySet<string>): Promise<Current> {
  const path = ['data', kit.table, 'where'];
  const expr = parseAt(kit, text, path);
  const have = new Set(cur.columns.map((c) => c.name));
  for (const n of referencedNames(expr)) {
    if (!have.has(n) && tableVars.has(n)) throw new StudyError(diag(messages.whereUsesVariable(n), { path }));
  }
  const out = kit.fresh();
  const st = newState();
  let cond: string | undefined;
  await located(path, () => {
    try {
      cond = asBool(translate(expr, env(kit, cur, 'row'), st), expr.span);
    } catch (e) {
      if (!(e instanceof Untranslatable)) throw e;
    }
  });
  if (cond !== undefined) {
    await sideChecks(kit, cur, [{ st, path, text }]);
    const sql = st.usesWindow
      ? `SELECT * FROM ${qid(cur.sqlName)} QUALIFY ${cond} ORDER BY rowid`
      : `SELECT * FROM ${qid(cur.sqlName)} WHERE ${cond}`;
    await kit.conn.run(`CREATE OR REPLACE TABLE ${qid(out)} AS ${sql}`);
    await kit.done(cur.sqlName);
    return { sqlName: out, columns: cur.columns };
  }
  const keep = '__ss_keep';
  const withKeep = await inMemory(kit, cur, keep, expr, path);
  await kit.conn.run(
    `CREATE OR REPLACE TABLE ${qid(out)} AS SELECT * EXCLUDE (${qid(keep)}) FROM ${qid(withKeep.sqlName)} WHERE ${qid(keep)} <> 0`,
  );
  await kit.done(withKeep.sqlName);
  return { sqlName: out, columns: cur.columns };
}

async function inMemory(kit: StepKit, cur: Current, name: string, expr: Expr, path: Path): Promise<Current> {
  const reporter = kit.ctx.reporter;
  const evaluate = kit.ctx.evaluate ?? ((e, frame, p) => evaluateExpr(e, { frame, reporter, path: p }));
  const col = await located(path, () =>
    evaluateInMemory(kit.conn, cur.sqlName, cur.columns, expr, (e, f) => evaluate(e, f, path), kit.panel),
  );
  const out = kit.fresh();
  const has = cur.columns.some((c) => c.name === name);
  await attachColumn(kit.conn, cur.sqlName, name, col, out, has);
  await kit.done(cur.sqlName);
  return { sqlName: out, columns: await describe(kit.conn, qid(out)) };
}

/**
 * In-table variables in dependency order; independent ones share one SELECT. With `orderBy`
 * (the panel's id, time) every level writes its rows in that order, which saves a separate sort.
 */
export async function applyVariables(kit: StepKit, start: Current, vars: Readonly<Record<string, string>>, orderBy?: string): Promise<Current> {
  const parsed = new Map<string, Expr>();
  for (const [name, text] of Object.entries(vars)) parsed.set(name, parseAt(kit, text, ['data', kit.table, 'variables', name]));
  const levels = dependencyLevels(kit.table, parsed);
  let cur = start;
  let ordered = false;
  for (const level of levels) {
    const sqlParts: { name: string; sql: string }[] = [];
    const checks: { st: TranslateState; path: Path; text: string }[] = [];
    const fallback: string[] = [];
    let window = false;
    for (const name of level) {
      const path = ['data', kit.table, 'variables', name];
      const st = newState();
      const expr = parsed.get(name)!;
      let sql: string | undefined;
      await located(path, () => {
        try {
          sql = asValue(translate(expr, env(kit, cur, 'row'), st));
        } catch (e) {
          if (!(e instanceof Untranslatable)) throw e;
        }
      });
      if (sql === undefined) {
        fallback.push(name);
        continue;
      }
      checks.push({ st, path, text: vars[name]! });
      window ||= st.usesWindow;
      sqlParts.push({ name, sql });
    }
    if (sqlParts.length > 0) {
      await sideChecks(kit, cur, checks);
      const have = new Set(cur.columns.map((c) => c.name));
      const replaced = sqlParts.filter((p) => have.has(p.name));
      const added = sqlParts.filter((p) => !have.has(p.name));
      const star = replaced.length ? `* REPLACE (${replaced.map((p) => `${p.sql} AS ${qid(p.name)}`).join(', ')})` : '*';
      const select = [star, ...added.map((p) => `${p.sql} AS ${qid(p.name)}`)].join(', ');
      const out = kit.fresh();
      // Window functions return rows grouped by partition; put them back in table order.
      const order = orderBy ? ` ORDER BY ${orderBy}` : window ? ' ORDER BY rowid' : '';
      ordered ||= orderBy !== undefined;
      await kit.conn.run(`CREATE OR REPLACE TABLE ${qid(out)} AS SELECT ${select} FROM ${qid(cur.sqlName)}${order}`);
      await kit.done(cur.sqlName);
      cur = { sqlName: out, columns: await describe(kit.conn, qid(out)) };
    }
    for (const name of fallback) cur = await inMemory(kit, cur, name, parsed.get(name)!, ['data', kit.table, 'variables', name]);
  }
  if (orderBy && !ordered) {
    // Every variable ran in memory (positional joins keep order): sort once here.
    const out = kit.fresh();
    await kit.conn.run(`CREATE OR REPLACE TABLE ${qid(out)} AS SELECT * FROM ${qid(cur.sqlName)} ORDER BY ${orderBy}`);
    await kit.done(cur.sqlName);
    cur = { sqlName: out, columns: cur.columns };
  }
  return cur;
}

/** Kahn levels over references between the table's own variables; a self-reference means the existing column. */
function dependencyLevels(table: string, parsed: ReadonlyMap<string, Expr>): string[][] {
  const deps = new Map<string, Set<string>>();
  for (const [name, e] of parsed) {
    deps.set(name, new Set([...referencedNames(e)].filter((n) => n !== name && parsed.has(n))));
  }
  const done = new Set<string>();
  const levels: string[][] = [];
  while (done.size < parsed.size) {
    const level = [...parsed.keys()].filter((n) => !done.has(n) && [...deps.get(n)!].every((d) => done.has(d)));
    if (level.length === 0) {
      const left = [...parsed.keys()].filter((n) => !done.has(n));
      throw new StudyError(diag(messages.tableCycle(`${left.join(' → ')} → ${left[0]}`), { path: ['data', table, 'variables', left[0]!] }));
    }
    for (const n of level) done.add(n);
    levels.push(level);
  }
  return levels;
}

/** `group_by` + `aggregate`: one row per group, sorted by the keys. */
export async function applyAggregate(kit: StepKit, cur: Current, keys: readonly string[], aggs: Readonly<Record<string, string>>): Promise<Current> {
  const names = cur.columns.map((c) => c.name);
  keys.forEach((k, i) => {
    if (!names.includes(k)) {
      throw new StudyError(diag(messages.unknownColumn(kit.table, k, 'group_by'), { path: ['data', kit.table, 'group_by', i], notes: didYouMean(k, names) }));
    }
  });
  const groupKeys = new Set(keys);
  const parts: string[] = keys.map(qid);
  for (const [name, text] of Object.entries(aggs)) {
    const path = ['data', kit.table, 'aggregate', name];
    const expr = parseAt(kit, text, path);
    const st = newState();
    const sql = await located(path, () => {
      try {
        return asValue(translate(expr, env(kit, cur, 'aggregate', groupKeys), st));
      } catch (e) {
        if (e instanceof Untranslatable) throw new ExprError(messages.needsEvaluator(e.fn), e.span);
        throw e;
      }
    });
    for (const t of st.textAsNumber) await checkConvertible(kit.conn, cur.sqlName, kit.table, t.column, 'DOUBLE', path, undefined, t.span);
    parts.push(`${sql} AS ${qid(name)}`);
  }
  const out = kit.fresh();
  const by = keys.map(qid).join(', ');
  await kit.conn.run(
    `CREATE OR REPLACE TABLE ${qid(out)} AS SELECT ${parts.join(', ')} FROM ${qid(cur.sqlName)}${by ? ` GROUP BY ${by} ORDER BY ${by}` : ''}`,
  );
  await kit.done(cur.sqlName);
  return { sqlName: out, columns: await describe(kit.conn, qid(out)) };
}
