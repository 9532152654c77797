/**
 * How a function implementation sees its call: arguments bound to parameter names
 * (positional in order, or `name = value`), evaluated on demand. Constant arguments
 * (k in lag, cut points in winsorize) are checked to be scalars here, so implementations
 * only handle data.
 */
import type { Column, Frame, FactorColumn } from '../data/frame.js';
import type { Arg, Call, Expr, Span } from '../expr/ast.js';
import { ExprError } from '../expr/errors.js';
import { variablesMessages as M } from '../diagnostics/messages/variables.js';
import type { FrameCache } from './frame-cache.js';
import { buildGroupIndex, type GroupIndex } from './group-index.js';
import { numValues, scalar, text, type Val } from './value.js';
import type { FunctionSpec, ParamSpec } from '../expr/functions.js';

export type ModelFn = 'resid' | 'fitted' | 'predict' | 'mills' | 'fe';

/** What the evaluator lends to function implementations. */
export interface EvalEnv {
  readonly frame: Frame;
  readonly n: number;
  readonly cache: FrameCache;
  ev(e: Expr): Val;
  /** Count values a function had to set to missing (one warning per kind per expression). */
  domain(fn: string, what: string, count: number, span: Span): void;
  readonly modelColumn?: (fn: ModelFn, model: string, args: Record<string, unknown>) => Column;
}

/** Implementation of one catalogue function (src/expr/functions.ts). */
export type FnImpl = (a: CallArgs) => Val;

export class CallArgs {
  private readonly bound = new Map<string, Arg[]>();
  private readonly params: readonly ParamSpec[];

  constructor(
    readonly fn: string,
    readonly call: Call,
    spec: FunctionSpec,
    readonly env: EvalEnv,
  ) {
    // Same binding rule as the static check: positional fill in order, the last
    // parameter of a variadic function repeats, names match parameter names.
    this.params = spec.params;
    const names = spec.params.map((p) => p.name);
    const last = names.length - 1;
    let next = 0;
    for (const a of call.args) {
      let name: string;
      if (a.name !== undefined) {
        if (!names.includes(a.name)) throw new ExprError(M.varUnknownArgument(fn, a.name, names), a.span);
        name = a.name;
      } else {
        while (next < names.length && this.bound.has(names[next]!) && !(spec.variadic && next === last)) next++;
        if (next >= names.length) throw new ExprError(M.varTooManyArguments(fn, names.length), a.span);
        name = names[next]!;
      }
      this.bound.set(name, [...(this.bound.get(name) ?? []), a]);
    }
    for (const p of spec.params) {
      if (!p.optional && !this.bound.has(p.name)) throw new ExprError(M.varMissingArgument(fn, p.name), call.span);
    }
  }

  /** Every argument value in call order (variadic functions). */
  allValues(): Val[] {
    return this.call.args.map((arg) => this.env.ev(arg.value));
  }

  private param(name: string): ParamSpec | undefined {
    return this.params.find((p) => p.name === name);
  }

  /** The catalogue default of an absent argument, as an expression value. */
  private defaultValue(name: string): Val | undefined {
    const p = this.param(name);
    const d = p?.default;
    if (d === undefined) return undefined;
    if (typeof d === 'number') return scalar(d);
    if (typeof d === 'boolean') return scalar(d ? 1 : 0);
    if (typeof d === 'string') {
      // A default column name (spatial_lag lat/lon) reads that column.
      if (p!.type === 'columns') return this.env.ev({ kind: 'ident', name: d, span: this.call.span });
      return text(d);
    }
    return undefined;
  }

  get n(): number {
    return this.env.n;
  }

  has(name: string): boolean {
    return this.bound.has(name);
  }

  span(name: string): Span {
    return this.bound.get(name)?.[0]?.span ?? this.call.span;
  }

  expr(name: string): Expr {
    const a = this.bound.get(name)?.[0];
    if (!a) throw new ExprError(M.varMissingArgument(this.fn, name), this.call.span);
    return a.value;
  }

  /** The argument's value, or its catalogue default when absent. */
  value(name: string): Val {
    if (!this.has(name)) {
      const d = this.defaultValue(name);
      if (d) return d;
    }
    return this.env.ev(this.expr(name));
  }

  /** A numeric argument as a column of n rows (literals are broadcast). */
  num(name: string): Float64Array {
    const v = this.value(name);
    if (v.kind === 'factor' || v.kind === 'text') {
      throw new ExprError(M.varExpectedNumber(`argument '${name}' of ${this.fn}()`), this.span(name));
    }
    return numValues(v, this.n);
  }

  /** A text argument as a factor column. */
  factor(name: string): FactorColumn {
    const v = this.value(name);
    if (v.kind !== 'factor') throw new ExprError(M.varExpectedText(`argument '${name}' of ${this.fn}()`), this.span(name));
    return v;
  }

  /** A constant number (a literal or a constant expression such as -1 or 1/2). */
  constNum(name: string, dflt?: number): number {
    if (!this.has(name)) {
      const d = this.param(name)?.default;
      if (typeof d === 'number') return d;
      if (dflt === undefined) throw new ExprError(M.varMissingArgument(this.fn, name), this.call.span);
      return dflt;
    }
    const v = this.value(name);
    if (v.kind !== 'scalar' || Number.isNaN(v.value)) {
      throw new ExprError(M.varBadArgument(this.fn, name, 'a number'), this.span(name));
    }
    return v.value;
  }

  constInt(name: string, dflt?: number): number {
    const v = this.constNum(name, dflt);
    if (!Number.isInteger(v)) throw new ExprError(M.varNotInteger(this.fn, name), this.span(name));
    return v;
  }

  constBool(name: string, dflt: boolean): boolean {
    if (!this.has(name)) {
      const d = this.param(name)?.default;
      return typeof d === 'boolean' ? d : dflt;
    }
    const v = this.value(name);
    if (v.kind !== 'scalar' || (v.value !== 0 && v.value !== 1)) {
      throw new ExprError(M.varBadArgument(this.fn, name, 'true or false'), this.span(name));
    }
    return v.value === 1;
  }

  constStr(name: string, dflt?: string): string {
    if (!this.has(name)) {
      const d = this.param(name)?.default;
      if (typeof d === 'string') return d;
      if (dflt === undefined) throw new ExprError(M.varMissingArgument(this.fn, name), this.call.span);
      return dflt;
    }
    const e = this.expr(name);
    if (e.kind === 'str') return e.value;
    // A bare name is accepted where a word is expected: fe(m, firm) as well as fe(m, "firm").
    if (e.kind === 'ident') return e.name;
    throw new ExprError(M.varBadArgument(this.fn, name, 'a text literal'), this.span(name));
  }

  /** Items of a list argument (`[a, b]`); a single value is a one-item list. */
  items(name: string): readonly Expr[] {
    const e = this.expr(name);
    return e.kind === 'list' ? e.items : [e];
  }

  /** Group ids from `by = g` or `by = [g1, g2]`; undefined when the argument is absent. */
  groups(name = 'by'): GroupIndex | undefined {
    if (!this.has(name)) return undefined;
    const items = this.items(name);
    const keys: Column[] = [];
    const names: string[] = [];
    for (const it of items) {
      if (it.kind === 'list' || it.kind === 'range') throw new ExprError(M.varBadGroupKey(), it.span);
      const v = this.env.ev(it);
      if (v.kind !== 'num' && v.kind !== 'factor') throw new ExprError(M.varBadGroupKey(), it.span);
      keys.push(v);
      if (it.kind === 'ident' && this.env.frame.columns.get(it.name) === v) names.push(it.name);
    }
    const build = (): GroupIndex => buildGroupIndex(keys, this.n);
    // Only keys that are plain frame columns are cached: their identity is their name.
    if (names.length !== items.length) return build();
    return this.env.cache.groups(this.env.frame, JSON.stringify(names), build);
  }
}
