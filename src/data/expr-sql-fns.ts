/**
 * Function calls of the expression language in SQL: scalar functions, group functions as
 * window functions, panel lags as RANGE frames, and the aggregations of `aggregate:`.
 *
 * Conventions (docs/data-layer.md): aggregations ignore missing values (Stata `collapse`);
 * `sum` of an all-missing group is 0 as in Stata, other aggregations are NA; sums use
 * DuckDB's compensated `fsum`, so results do not depend on the order rows arrive in. Group
 * functions (`mean_by` …) give NA on rows whose group key is missing.
 */
import type { Call, Expr, Span } from '../expr/ast.js';
import { ExprError } from '../expr/errors.js';
import { didYouMean } from '../diagnostics/messages/index.js';
import { dataMessages as messages } from '../diagnostics/messages/data.js';
import { FUNCTIONS } from '../expr/functions.js';
import { qid } from './sql.js';
import { Untranslatable, asBool, asNum, asValue, finite, translate, type Sql, type SqlKind, type TranslateEnv, type TranslateState } from './expr-sql.js';

const AGGREGATES = new Set(['sum', 'mean', 'weighted_mean', 'min', 'max', 'sd', 'count', 'count_distinct', 'first', 'last', 'share', 'hhi']);

export function isAggregateName(name: string): boolean {
  return AGGREGATES.has(name);
}

function positional(c: Call): Expr[] {
  return c.args.filter((a) => a.name === undefined).map((a) => a.value);
}

function named(c: Call, name: string): Expr | undefined {
  return c.args.find((a) => a.name === name)?.value;
}

function arity(c: Call, min: number, max: number, text: string): Expr[] {
  const p = positional(c);
  if (p.length < min || p.length > max) throw new ExprError(messages.badArguments(c.name, text), c.span);
  return p;
}

function intLiteral(e: Expr | undefined, dflt: number, c: Call): number {
  if (e === undefined) return dflt;
  const v = e.kind === 'num' ? e.value : e.kind === 'unary' && e.op === '-' && e.arg.kind === 'num' ? -e.arg.value : NaN;
  if (!Number.isInteger(v)) throw new ExprError(messages.badArguments(c.name, 'an integer lag as its second argument'), e.span);
  return v;
}

export function translateCall(c: Call, env: TranslateEnv, st: TranslateState): Sql {
  const name = c.name;
  if (AGGREGATES.has(name) && env.mode === 'aggregate' && !st.inAggregate) return aggregate(c, env, st);
  if (AGGREGATES.has(name) && (name === 'share' || name === 'hhi') && named(c, 'by') !== undefined) return group(c, env, st);
  if (AGGREGATES.has(name) && st.inAggregate) throw new ExprError(messages.nestedAggregate(name), c.nameSpan);
  if (AGGREGATES.has(name)) throw new ExprError(messages.aggregateOutsideAggregate(name), c.nameSpan);
  const num1 = (): string => {
    const [a] = arity(c, 1, 1, 'one argument');
    return asNum(translate(a!, env, st), a!, st);
  };
  switch (name) {
    case 'log': {
      const x = num1();
      st.logArgs.push({ sql: x, span: c.args[0]!.span });
      return { sql: `CASE WHEN ${x} > 0 THEN ln(${x}) END`, kind: 'num' };
    }
    case 'exp':
      return { sql: finite(`exp(${num1()})`), kind: 'num' };
    case 'sqrt': {
      const x = num1();
      return { sql: `CASE WHEN ${x} >= 0 THEN sqrt(${x}) END`, kind: 'num' };
    }
    case 'abs':
    case 'floor':
    case 'ceil':
      return { sql: `${name}(${num1()})`, kind: 'num' };
    case 'lower':
    case 'upper': {
      const [a] = arity(c, 1, 1, 'one argument');
      return { sql: `${name}(${text(a!, env, st)})`, kind: 'str' };
    }
    case 'isna': {
      const [a] = arity(c, 1, 1, 'one argument');
      return { sql: `(${translate(a!, env, st).sql} IS NULL)`, kind: 'bool' };
    }
    case 'ifelse': {
      const [cond, yes, no] = arity(c, 3, 3, 'three arguments (condition, value if true, value if false)');
      const k = asBool(translate(cond!, env, st), cond!.span);
      const [a, b] = unify([yes!, no!], env, st, c);
      return { sql: `CASE WHEN ${k} THEN ${a!.sql} WHEN NOT ${k} THEN ${b!.sql} END`, kind: a!.kind };
    }
    case 'coalesce': {
      const args = arity(c, 1, Infinity, 'one or more arguments');
      const ts = unify(args, env, st, c);
      return { sql: `coalesce(${ts.map((t) => t.sql).join(', ')})`, kind: ts[0]!.kind };
    }
    case 'contains':
    case 'startswith':
    case 'endswith': {
      const [s, p] = arity(c, 2, 2, 'two text arguments');
      const a = text(s!, env, st);
      const b = text(p!, env, st);
      const fn = name === 'contains' ? 'contains' : name === 'startswith' ? 'starts_with' : 'ends_with';
      return { sql: `${fn}(${a}, ${b})`, kind: 'bool' };
    }
    case 'mean_by':
    case 'sum_by':
    case 'min_by':
    case 'max_by':
    case 'count_by':
    case 'sd_by':
      return group(c, env, st);
    case 'lag':
    case 'lead':
    case 'diff':
      return panelShift(c, env, st);
    default:
      // Functions of the language without a SQL form here run in the in-memory evaluator.
      if (FUNCTIONS.has(name)) throw new Untranslatable(name, c.nameSpan);
      throw new ExprError(messages.unknownFunction(name), c.nameSpan, didYouMean(name, FUNCTIONS.keys()));
  }
}

function text(e: Expr, env: TranslateEnv, st: TranslateState): string {
  const t = translate(e, env, st);
  if (t.kind === 'na') return 'CAST(NULL AS VARCHAR)';
  if (t.kind !== 'str') throw new ExprError(messages.exprType('this argument', 'text', t.kind === 'num' ? 'a number' : t.kind), e.span);
  return t.sql;
}

/** Branches of ifelse/coalesce share one kind: text with text, otherwise numbers (logicals as 0/1). */
function unify(args: readonly Expr[], env: TranslateEnv, st: TranslateState, c: Call): Sql[] {
  const ts = args.map((a) => translate(a, env, st));
  const kinds = new Set<SqlKind>(ts.map((t) => t.kind));
  kinds.delete('na');
  if (kinds.size === 0) return ts.map(() => ({ sql: 'CAST(NULL AS DOUBLE)', kind: 'num' }));
  if (kinds.size === 1) {
    const k = [...kinds][0]!;
    const cast = k === 'str' ? 'VARCHAR' : k === 'bool' ? 'BOOLEAN' : k === 'date' ? 'DATE' : 'DOUBLE';
    return ts.map((t) => (t.kind === 'na' ? { sql: `CAST(NULL AS ${cast})`, kind: k } : t));
  }
  if (kinds.has('str')) throw new ExprError(messages.exprType(`the values of ${c.name}()`, 'all text or all numbers', 'mixed'), c.span);
  return ts.map((t, i) => ({ sql: asNum(t, args[i]!, st), kind: 'num' as const }));
}

/** `by = [a, b]` or `by = a` → column names. */
function byColumns(c: Call, env: TranslateEnv, required: boolean): string[] {
  const by = named(c, 'by');
  if (by === undefined) {
    if (required) throw new ExprError(messages.badArguments(c.name, 'a `by = [...]` argument'), c.span);
    return [];
  }
  const items = by.kind === 'list' ? by.items : [by];
  return items.map((it) => {
    if (it.kind !== 'ident') throw new ExprError(messages.badArguments(c.name, 'column names in `by`'), it.span);
    if (!env.columns.has(it.name)) throw new ExprError(messages.unknownColumn(env.table, it.name, `${c.name}(by = …)`), it.span, didYouMean(it.name, env.columns.keys()));
    return it.name;
  });
}

function group(c: Call, env: TranslateEnv, st: TranslateState): Sql {
  if (env.mode === 'aggregate') throw new ExprError(messages.aggregateOutsideAggregate(c.name), c.nameSpan);
  const [a] = arity(c, 1, 1, 'one column and `by = [...]`');
  const x = asNum(translate(a!, env, st), a!, st);
  const by = byColumns(c, env, c.name !== 'share' && c.name !== 'hhi');
  st.usesWindow = true;
  const w = `OVER (${by.length ? `PARTITION BY ${by.map(qid).join(', ')}` : ''})`;
  let sql: string;
  switch (c.name) {
    case 'mean_by':
      sql = `(fsum(${x}) ${w} / nullif(count(${x}) ${w}, 0))`;
      break;
    case 'sum_by':
      sql = `coalesce(fsum(${x}) ${w}, 0)`;
      break;
    case 'min_by':
      sql = `min(${x}) ${w}`;
      break;
    case 'max_by':
      sql = `max(${x}) ${w}`;
      break;
    case 'count_by':
      sql = `CAST(count(${x}) ${w} AS DOUBLE)`;
      break;
    case 'sd_by':
      sql = `stddev_samp(${x}) ${w}`;
      break;
    case 'share':
      sql = `(${x} / nullif(fsum(${x}) ${w}, 0))`;
      break;
    default: // hhi
      sql = `(fsum(${x} * ${x}) ${w} / nullif(pow(fsum(${x}) ${w}, 2), 0))`;
  }
  const missingKey = by.map((b) => `${qid(b)} IS NULL`).join(' OR ');
  return { sql: missingKey ? `CASE WHEN ${missingKey} THEN NULL ELSE ${sql} END` : sql, kind: 'num' };
}

/** lag/lead/diff on the table's panel: the value at exactly time − k of the same id, else NA (gaps respected). */
function panelShift(c: Call, env: TranslateEnv, st: TranslateState): Sql {
  if (!env.panel || env.mode === 'aggregate') throw new ExprError(messages.needsPanel(c.name), c.nameSpan);
  const [a, kExpr] = arity(c, 1, 2, 'a column and an optional integer lag');
  const k0 = intLiteral(kExpr, 1, c);
  const k = c.name === 'lead' ? -k0 : k0;
  const x = asNum(translate(a!, env, st), a!, st);
  st.usesWindow = true;
  const bound = k >= 0 ? `${k} PRECEDING` : `${-k} FOLLOWING`;
  const shifted = `max(${x}) OVER (PARTITION BY ${qid(env.panel.id)} ORDER BY ${qid(env.panel.time)} RANGE BETWEEN ${bound} AND ${bound})`;
  return { sql: c.name === 'diff' ? `(${x} - ${shifted})` : shifted, kind: 'num' };
}

function aggregate(c: Call, env: TranslateEnv, st: TranslateState): Sql {
  st.inAggregate = true;
  try {
    if (c.name === 'count' && positional(c).length === 0) return { sql: 'CAST(count(*) AS DOUBLE)', kind: 'num' };
    const args = arity(c, 1, c.name === 'weighted_mean' ? 2 : 1, c.name === 'weighted_mean' ? 'a value and a weight' : 'one argument');
    const t = translate(args[0]!, env, st);
    const raw = asValue(t);
    const numArg = (): string => asNum(t, args[0]!, st);
    switch (c.name) {
      case 'sum':
        return { sql: `coalesce(fsum(${numArg()}), 0)`, kind: 'num' };
      case 'mean': {
        const x = numArg();
        return { sql: `(fsum(${x}) / nullif(count(${x}), 0))`, kind: 'num' };
      }
      case 'weighted_mean': {
        const x = numArg();
        const w = asNum(translate(args[1]!, env, st), args[1]!, st);
        const both = `FILTER (WHERE ${x} IS NOT NULL AND ${w} IS NOT NULL)`;
        return { sql: `(fsum(${x} * ${w}) ${both} / nullif(fsum(${w}) ${both}, 0))`, kind: 'num' };
      }
      case 'min':
      case 'max':
        return { sql: `${c.name}(${raw})`, kind: t.kind === 'na' ? 'num' : t.kind };
      case 'sd':
        return { sql: `stddev_samp(${numArg()})`, kind: 'num' };
      case 'count':
        return { sql: `CAST(count(${raw}) AS DOUBLE)`, kind: 'num' };
      case 'count_distinct':
        return { sql: `CAST(count(DISTINCT ${raw}) AS DOUBLE)`, kind: 'num' };
      case 'first':
      case 'last':
        return { sql: `${c.name}(${raw} ORDER BY rowid)`, kind: t.kind === 'na' ? 'num' : t.kind };
      case 'share': {
        const x = numArg();
        return { sql: `(coalesce(fsum(${x}), 0) / nullif(sum(coalesce(fsum(${x}), 0)) OVER (), 0))`, kind: 'num' };
      }
      default: {
        // hhi: Σ (x / Σx)² within the group = Σx² / (Σx)²
        const x = numArg();
        return { sql: `(fsum(${x} * ${x}) / nullif(pow(fsum(${x}), 2), 0))`, kind: 'num' };
      }
    }
  } finally {
    st.inAggregate = false;
  }
}

export type { Span };
