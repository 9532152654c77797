/**
 * Static checks of an expression against the function catalogue, before any data is read:
 * unknown functions (with "did you mean"), arity, argument names and kinds, and where
 * aggregations may appear.
 *
 * Contexts: 'row' (variables), 'sample' (samples, where; the same rules as row) and
 * 'aggregate' (entries under `aggregate:`, where every column must be inside exactly one
 * aggregation such as sum(x) or weighted_mean(x, w)).
 */
import { stataFunctionHint } from '../formula/stata-habits.js';
import { didYouMean } from '../diagnostics/messages/index.js';
import { grammarMessages as M } from '../diagnostics/messages/grammar.js';
import type { Arg, Call, Expr } from './ast.js';
import { grammarError, type GrammarError } from './errors.js';
import { FUNCTIONS, type FunctionSpec, type ParamSpec } from './functions.js';

export type ExprContext = 'row' | 'sample' | 'aggregate';

export interface CheckOptions {
  readonly context?: ExprContext;
}

interface State {
  readonly context: ExprContext;
  /** Inside the arguments of an aggregation (aggregate context only). */
  readonly inAggregate: boolean;
  readonly out: GrammarError[];
}

export function checkExpr(e: Expr, opts: CheckOptions = {}): GrammarError[] {
  const st: State = { context: opts.context ?? 'row', inAggregate: false, out: [] };
  walk(e, st);
  return st.out;
}

/** A literal, allowing a sign on numbers (`-1` parses as unary minus of 1). */
export function literalValue(e: Expr): number | string | boolean | null | undefined {
  switch (e.kind) {
    case 'num': return e.value;
    case 'str': return e.value;
    case 'bool': return e.value;
    case 'na': return null;
    case 'unary':
      if ((e.op === '-' || e.op === '+') && e.arg.kind === 'num') return e.op === '-' ? -e.arg.value : e.arg.value;
      return undefined;
    default:
      return undefined;
  }
}

function walk(e: Expr, st: State): void {
  switch (e.kind) {
    case 'ident':
      if (st.context === 'aggregate' && !st.inAggregate) st.out.push(grammarError(M.notAggregated(e.name), e.span));
      return;
    case 'unary':
      walk(e.arg, st);
      return;
    case 'binary':
      walk(e.left, st);
      walk(e.right, st);
      return;
    case 'in':
      walk(e.arg, st);
      for (const v of e.values) if (literalValue(v) === undefined) st.out.push(grammarError(M.inListValue(), v.span));
      return;
    case 'list':
      st.out.push(grammarError(M.misplacedList(), e.span));
      return;
    case 'range':
      st.out.push(grammarError(M.misplacedRange(), e.span));
      return;
    case 'call':
      checkCall(e, st);
      return;
    default:
      return;
  }
}

function isAggregation(spec: FunctionSpec, call: Call, st: State): boolean {
  if (spec.kind === 'aggregate') return true;
  return !!spec.aggregate && st.context === 'aggregate' && !call.args.some((a) => a.name === 'by');
}

function checkCall(call: Call, st: State): void {
  const spec = FUNCTIONS.get(call.name);
  if (!spec) {
    st.out.push(stataFunctionHint(call.name, call.nameSpan) ?? grammarError(M.unknownFunction(call.name), call.nameSpan, didYouMean(call.name, FUNCTIONS.keys())));
    for (const a of call.args) walkLoose(a.value, st);
    return;
  }
  const aggregation = isAggregation(spec, call, st);
  if (aggregation && st.context !== 'aggregate') {
    st.out.push(grammarError(M.aggregateOutsideAggregation(call.name), call.nameSpan));
  } else if (aggregation && st.inAggregate) {
    st.out.push(grammarError(M.nestedAggregate(call.name), call.nameSpan));
  }
  const bound = bindArgs(call, spec, st);
  const inner: State = aggregation ? { ...st, inAggregate: true } : st;
  for (const [param, args] of bound) for (const a of args) checkArg(call, param, a, inner);
  for (const p of spec.params) {
    const needsBy = p.name === 'by' && spec.kind === 'group' && !aggregation;
    if ((!p.optional || needsBy) && !bound.has(p)) {
      st.out.push(grammarError(M.missingArg(call.name, p.name), call.span));
    }
  }
  if (call.name === 'winsorize') checkWinsorBounds(call, bound, st);
}

/** Positional arguments fill parameters in order (the last one repeats if variadic); names match. */
function bindArgs(call: Call, spec: FunctionSpec, st: State): Map<ParamSpec, Arg[]> {
  const bound = new Map<ParamSpec, Arg[]>();
  const names = spec.params.map((p) => p.name);
  let pos = 0;
  for (const a of call.args) {
    let p: ParamSpec | undefined;
    if (a.name !== undefined) {
      p = spec.params.find((q) => q.name === a.name);
      if (!p) {
        st.out.push(grammarError(M.unknownArgName(call.name, a.name, names), a.span, didYouMean(a.name, names)));
        walkLoose(a.value, st);
        continue;
      }
    } else {
      while (pos < spec.params.length && bound.has(spec.params[pos]!) && !(spec.variadic && pos === spec.params.length - 1)) pos++;
      p = spec.params[pos] ?? (spec.variadic ? spec.params[spec.params.length - 1] : undefined);
      if (!p) {
        st.out.push(grammarError(M.tooManyArgs(call.name, spec.params.length), a.span));
        walkLoose(a.value, st);
        continue;
      }
    }
    const prev = bound.get(p);
    if (prev && !(spec.variadic && p === spec.params[spec.params.length - 1] && a.name === undefined)) {
      st.out.push(grammarError(M.duplicateArg(call.name, p.name), a.span));
      continue;
    }
    bound.set(p, [...(prev ?? []), a]);
  }
  return bound;
}

/** Arguments that match no parameter are still checked for unknown functions inside them. */
function walkLoose(e: Expr, st: State): void {
  if (e.kind === 'list') for (const i of e.items) walkLoose(i, st);
  else if (e.kind === 'range') return;
  else walk(e, st);
}

function checkArg(call: Call, p: ParamSpec, a: Arg, st: State): void {
  const v = a.value;
  const bad = (expected: string): void => {
    st.out.push(grammarError(M.badArgKind(call.name, p.name, expected), v.span));
  };
  switch (p.type) {
    case 'expr':
      walk(v, st);
      return;
    case 'number': {
      const lit = literalValue(v);
      if (typeof lit !== 'number') return bad('a number');
      if ((p.min !== undefined && lit < p.min) || (p.max !== undefined && lit > p.max)) {
        st.out.push(grammarError(M.argOutOfRange(call.name, p.name, `between ${p.min ?? '-∞'} and ${p.max ?? '∞'}`), v.span));
      }
      if (p.oneOf && !p.oneOf.includes(lit)) {
        st.out.push(grammarError(M.argOutOfRange(call.name, p.name, `one of ${p.oneOf.join(', ')}`), v.span));
      }
      return;
    }
    case 'string': {
      const lit = literalValue(v);
      if (typeof lit !== 'string') return bad('a string in quotes');
      if (p.oneOf && !p.oneOf.includes(lit)) {
        st.out.push(grammarError(M.argOutOfRange(call.name, p.name, `one of ${p.oneOf.map((o) => `"${o}"`).join(', ')}`), v.span));
      }
      return;
    }
    case 'bool':
      if (typeof literalValue(v) !== 'boolean') bad('TRUE or FALSE');
      return;
    case 'columns':
      if (!(v.kind === 'ident' || (v.kind === 'list' && v.items.length > 0 && v.items.every((i) => i.kind === 'ident')))) {
        bad('a column name or a list of column names such as [industry, year]');
      }
      return;
    case 'model':
      if (v.kind !== 'ident') bad('the name of a model');
      return;
    case 'values': {
      const ok = (i: Expr): boolean =>
        literalValue(i) !== undefined || (i.kind === 'range' && typeof literalValue(i.from) === 'number' && typeof literalValue(i.to) === 'number');
      if (!(ok(v) || (v.kind === 'list' && v.items.every(ok)))) bad('a literal value or a list of literals such as [0, 1, 2]');
      return;
    }
  }
}

function checkWinsorBounds(call: Call, bound: Map<ParamSpec, Arg[]>, st: State): void {
  const get = (name: string): number | undefined => {
    const p = [...bound.keys()].find((q) => q.name === name);
    const lit = p ? literalValue(bound.get(p)![0]!.value) : undefined;
    return typeof lit === 'number' ? lit : undefined;
  };
  const lo = get('lo');
  const hi = get('hi');
  if (lo !== undefined && hi !== undefined && lo >= hi) {
    st.out.push(grammarError(M.argOutOfRange(call.name, 'lo', 'below hi'), call.span));
  }
}
