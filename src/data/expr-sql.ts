/**
 * Expression AST → DuckDB SQL, for `where`, in-table `variables` and `aggregate`.
 *
 * Every translated expression carries a kind (number, text, logical, or a bare NA) so that
 * the SQL is typed the way the in-memory evaluator is: numbers are DOUBLE, logicals are
 * BOOLEAN used as 0/1 in arithmetic, text is VARCHAR. The missing-value rules are the ones in
 * docs/data-layer.md: NA propagates through arithmetic, comparisons and function calls;
 * `&`/`|` are three-valued (NA & FALSE = FALSE, NA | TRUE = TRUE, as R and SQL); division by
 * zero, log/sqrt outside their domain and non-finite results are NA.
 *
 * A function with no SQL form throws Untranslatable; the caller then evaluates the whole
 * expression in memory on the extracted frame.
 */
import type { Expr, Span } from '../expr/ast.js';
import { ExprError } from '../expr/errors.js';
import { didYouMean } from '../diagnostics/messages/index.js';
import { dataMessages as messages } from '../diagnostics/messages/data.js';
import { kindOfType, qid, qnum, qstr } from './sql.js';
import { translateCall } from './expr-sql-fns.js';

export type SqlKind = 'num' | 'str' | 'bool' | 'date' | 'na';

export interface Sql {
  readonly sql: string;
  readonly kind: SqlKind;
}

export interface TranslateEnv {
  /** Column name → DuckDB type, of the table the expression runs on. */
  readonly columns: ReadonlyMap<string, string>;
  readonly panel?: { readonly id: string; readonly time: string };
  /** 'aggregate' allows aggregation functions and restricts bare columns to `groupKeys`. */
  readonly mode: 'row' | 'aggregate';
  readonly groupKeys?: ReadonlySet<string>;
  /** Table name for messages. */
  readonly table: string;
}

/** Side facts the caller acts on after translation. */
export interface TranslateState {
  /** Each log() argument (SQL and span), to count non-positive values for the warning. */
  readonly logArgs: { sql: string; span: Span }[];
  /** Text columns used as numbers: checked with TRY_CAST before the query runs. */
  readonly textAsNumber: { column: string; span: Span }[];
  /** True when a window function is used (the caller restores row order). */
  usesWindow: boolean;
  /** Inside an aggregation call (bare columns are allowed there). */
  inAggregate: boolean;
}

export class Untranslatable extends Error {
  constructor(readonly fn: string, readonly span: Span) {
    super(`no SQL form for ${fn}()`);
    this.name = 'Untranslatable';
  }
}

export function newState(): TranslateState {
  return { logArgs: [], textAsNumber: [], usesWindow: false, inAggregate: false };
}

export function translate(e: Expr, env: TranslateEnv, st: TranslateState): Sql {
  switch (e.kind) {
    case 'num':
      return { sql: qnum(e.value), kind: 'num' };
    case 'str':
      return { sql: qstr(e.value), kind: 'str' };
    case 'bool':
      return { sql: e.value ? 'TRUE' : 'FALSE', kind: 'bool' };
    case 'na':
      return { sql: 'NULL', kind: 'na' };
    case 'ident':
      return ident(e.name, e.span, env, st);
    case 'unary': {
      const a = translate(e.arg, env, st);
      if (e.op === '!') return { sql: `(NOT ${asBool(a, e.arg.span)})`, kind: 'bool' };
      const n = asNum(a, e.arg, st);
      return { sql: e.op === '-' ? `(- ${n})` : n, kind: 'num' };
    }
    case 'binary':
      return binary(e.op, e.left, e.right, env, st);
    case 'in':
      return inList(e.arg, e.values, e.span, env, st);
    case 'call':
      return translateCall(e, env, st);
    case 'list':
    case 'range':
      throw new ExprError(messages.exprType('a list or range', 'a function argument', 'a value'), e.span);
  }
}

function ident(name: string, span: Span, env: TranslateEnv, st: TranslateState): Sql {
  const type = env.columns.get(name);
  if (type === undefined) {
    throw new ExprError(messages.unknownColumn(env.table, name, 'an expression'), span, didYouMean(name, env.columns.keys()));
  }
  if (env.mode === 'aggregate' && !st.inAggregate && !env.groupKeys?.has(name)) {
    throw new ExprError(messages.notAggregated(name), span);
  }
  const k = kindOfType(type);
  if (k === 'num') return { sql: type === 'DOUBLE' ? qid(name) : `CAST(${qid(name)} AS DOUBLE)`, kind: 'num' };
  if (k === 'str') return { sql: qid(name), kind: 'str' };
  if (k === 'bool') return { sql: qid(name), kind: 'bool' };
  if (k === 'date') return { sql: qid(name), kind: 'date' };
  throw new ExprError(messages.exprType(`column '${name}'`, 'a number, text, logical or date', type), span);
}

/** The expression as a DOUBLE: logicals count as 0/1, dates as days since 1970-01-01, numeric text after a check. */
export function asNum(t: Sql, e: Expr, st: TranslateState): string {
  switch (t.kind) {
    case 'num':
      return t.sql;
    case 'bool':
      return `CAST(${t.sql} AS DOUBLE)`;
    case 'na':
      return 'CAST(NULL AS DOUBLE)';
    case 'date':
      return `CAST(date_diff('day', DATE '1970-01-01', ${t.sql}) AS DOUBLE)`;
    case 'str':
      if (e.kind === 'ident') {
        st.textAsNumber.push({ column: e.name, span: e.span });
        return `TRY_CAST(${t.sql} AS DOUBLE)`;
      }
      throw new ExprError(messages.exprType('this', 'a number', 'text'), e.span);
  }
}

/** The expression as a BOOLEAN: numbers are true when non-zero (as R and Stata). */
export function asBool(t: Sql, span: Span): string {
  switch (t.kind) {
    case 'bool':
      return t.sql;
    case 'num':
      return `(${t.sql} <> 0)`;
    case 'na':
      return 'CAST(NULL AS BOOLEAN)';
    default:
      throw new ExprError(messages.exprType('a condition', 'logical or numeric', t.kind === 'str' ? 'text' : 'a date'), span);
  }
}

const CMP: Record<string, string> = { '==': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

function binary(op: string, l: Expr, r: Expr, env: TranslateEnv, st: TranslateState): Sql {
  const a = translate(l, env, st);
  const b = translate(r, env, st);
  if (op === '&' || op === '|') {
    return { sql: `(${asBool(a, l.span)} ${op === '&' ? 'AND' : 'OR'} ${asBool(b, r.span)})`, kind: 'bool' };
  }
  const cmp = CMP[op];
  if (cmp) {
    const kinds = new Set([a.kind, b.kind]);
    kinds.delete('na');
    if (kinds.size === 1 && !kinds.has('num')) {
      // text vs text, date vs date, logical vs logical
      return { sql: `(${a.sql} ${cmp} ${b.sql})`, kind: 'bool' };
    }
    if (kinds.has('date') && kinds.has('str')) {
      const x = a.kind === 'str' ? `TRY_CAST(${a.sql} AS DATE)` : a.sql;
      const y = b.kind === 'str' ? `TRY_CAST(${b.sql} AS DATE)` : b.sql;
      return { sql: `(${x} ${cmp} ${y})`, kind: 'bool' };
    }
    if (kinds.size === 0) return { sql: 'CAST(NULL AS BOOLEAN)', kind: 'bool' };
    return { sql: `(${asNum(a, l, st)} ${cmp} ${asNum(b, r, st)})`, kind: 'bool' };
  }
  const x = asNum(a, l, st);
  const y = asNum(b, r, st);
  switch (op) {
    case '+':
    case '-':
    case '*':
      return { sql: `(${x} ${op} ${y})`, kind: 'num' };
    case '/':
      return { sql: `(${x} / nullif(${y}, 0))`, kind: 'num' };
    case '^':
      return { sql: finite(`pow(${x}, ${y})`), kind: 'num' };
    default:
      throw new ExprError(messages.unknownFunction(op), l.span);
  }
}

/** Non-finite results (overflow, 0^-1, (-8)^(1/3)) are NA, as in the in-memory evaluator. */
export function finite(sql: string): string {
  return `ss_finite(${sql})`;
}

/** Macros the translated SQL relies on; created once per connection. */
export const SQL_MACROS = [`CREATE OR REPLACE MACRO ss_finite(v) AS CASE WHEN isfinite(v) THEN v END`];

function inList(arg: Expr, values: readonly Expr[], span: Span, env: TranslateEnv, st: TranslateState): Sql {
  const a = translate(arg, env, st);
  const items: string[] = [];
  const ranges: string[] = [];
  for (const v of values) {
    if (v.kind === 'na') continue;
    if (v.kind === 'range') {
      if (a.kind === 'str') throw new ExprError(messages.exprType('values of `in`', 'text', 'a range'), v.span);
      const lo = asNum(translate(v.from, env, st), v.from, st);
      const hi = asNum(translate(v.to, env, st), v.to, st);
      ranges.push(`${asNum(a, arg, st)} BETWEEN ${lo} AND ${hi}`);
      continue;
    }
    const t = translate(v, env, st);
    if (a.kind === 'str' || t.kind === 'str') {
      if (a.kind !== t.kind) throw new ExprError(messages.exprType('values of `in`', a.kind === 'str' ? 'text' : 'numbers', 'mixed'), v.span);
      items.push(t.sql);
    } else items.push(asNum(t, v, st));
  }
  const lhs = a.kind === 'str' ? a.sql : asNum(a, arg, st);
  const tests = [...(items.length ? [`${lhs} IN (${items.join(', ')})`] : []), ...ranges];
  void span;
  if (tests.length === 0) return { sql: `CASE WHEN ${lhs} IS NULL THEN NULL ELSE FALSE END`, kind: 'bool' };
  return { sql: `(${tests.join(' OR ')})`, kind: 'bool' };
}

/** Result of a row expression as a stored column: logicals stay BOOLEAN (extracted as 0/1). */
export function asValue(t: Sql): string {
  return t.kind === 'na' ? 'CAST(NULL AS DOUBLE)' : t.sql;
}
