/**
 * Evaluates an expression AST (variables, samples, where) on a Frame.
 *
 *   Expr ──(walk: literals stay scalars, identifiers resolve to columns)──▶ Val
 *        ──(calls dispatch to src/variables/registry by name)──▶ Val
 *        ──(toColumn / mask)──▶ Column | Uint8Array
 *
 * Data problems (unknown column, text where a number is needed, duplicate panel rows)
 * throw ExprError with the offending node's span; values a function must set to missing
 * (log of non-positive) are counted and reported once per expression as a warning.
 */
import type { Column, Frame } from '../data/frame.js';
import type { Reporter } from '../diagnostics/diagnostic.js';
import { diag, didYouMean } from '../diagnostics/messages/index.js';
import { variablesMessages as M } from '../diagnostics/messages/variables.js';
import type { Expr, Span } from './ast.js';
import { ExprError } from './errors.js';
import { CallArgs, type EvalEnv, type ModelFn } from '../variables/call.js';
import { FrameCache } from '../variables/frame-cache.js';
import { binary, inList, unary } from '../variables/ops.js';
import { IMPLEMENTATIONS } from '../variables/registry.js';
import { FUNCTIONS } from './functions.js';
import { isTextual, scalar, text, toColumn, type Val } from '../variables/value.js';

export { describe, type DescribeOptions, type DescribeResult } from '../variables/describe.js';
export { FrameCache } from '../variables/frame-cache.js';

export interface EvalContext {
  /** frame.panel is set when the table has a panel index. */
  readonly frame: Frame;
  /** Top-level variables that are not frame columns (computed on demand by the run stage). */
  readonly resolve?: (name: string) => Column | undefined;
  readonly modelColumn?: (fn: ModelFn, model: string, args: Record<string, unknown>) => Column;
  /** Receives counted warnings (log of non-positive values, …) with `path`. */
  readonly reporter?: Reporter;
  /** Spec path of the expression, for diagnostics. */
  readonly path?: readonly (string | number)[];
  /**
   * Shared panel/group indexes. Optional: without it each evaluate call builds its own;
   * the run stage should pass one per stage run so a frame's panel is sorted once.
   */
  readonly cache?: FrameCache;
}

interface DomainCount {
  fn: string;
  what: string;
  count: number;
  span: Span;
}

class Evaluation implements EvalEnv {
  readonly frame: Frame;
  readonly n: number;
  readonly cache: FrameCache;
  readonly modelColumn?: EvalEnv['modelColumn'];
  private readonly counts = new Map<string, DomainCount>();

  constructor(private readonly ctx: EvalContext) {
    this.frame = ctx.frame;
    this.n = ctx.frame.nrows;
    this.cache = ctx.cache ?? new FrameCache();
    if (ctx.modelColumn) this.modelColumn = ctx.modelColumn;
  }

  domain(fn: string, what: string, count: number, span: Span): void {
    const key = `${fn}\u0000${what}`;
    const c = this.counts.get(key);
    if (c) c.count += count;
    else this.counts.set(key, { fn, what, count, span });
  }

  /** One warning per function and kind for the whole expression. */
  flush(): void {
    const r = this.ctx.reporter;
    if (!r) return;
    for (const c of this.counts.values()) {
      r.add(
        diag(M.varDomainWarning(c.fn, c.count, c.what), {
          severity: 'warning',
          span: c.span,
          ...(this.ctx.path ? { path: this.ctx.path } : {}),
        }),
      );
    }
  }

  ev(e: Expr): Val {
    switch (e.kind) {
      case 'num':
        return scalar(e.value);
      case 'bool':
        return scalar(e.value ? 1 : 0);
      case 'na':
        return scalar(NaN);
      case 'str':
        return text(e.value);
      case 'ident':
        return this.ident(e.name, e.span);
      case 'unary':
        return unary(e.op, this.ev(e.arg), e.span);
      case 'binary':
        return binary(e.op, this.ev(e.left), this.ev(e.right), this.n, e.span);
      case 'in':
        return inList(this.ev(e.arg), e.values, (x) => this.ev(x), e.span);
      case 'list':
      case 'range':
        throw new ExprError(M.varListNotValue(), e.span);
      case 'call': {
        const spec = FUNCTIONS.get(e.name);
        const impl = IMPLEMENTATIONS[e.name];
        if (!spec || !impl) {
          throw new ExprError(M.varUnknownFunction(e.name), e.nameSpan, didYouMean(e.name, Object.keys(IMPLEMENTATIONS)));
        }
        return impl(new CallArgs(e.name, e, spec, this));
      }
    }
  }

  private ident(name: string, span: Span): Val {
    const c = this.frame.columns.get(name) ?? this.ctx.resolve?.(name);
    if (!c) throw new ExprError(M.varUnknownColumn(name), span, didYouMean(name, this.frame.columns.keys()));
    return c;
  }
}

/** Value of `expr` on every row of ctx.frame (a literal is broadcast). */
export function evaluate(expr: Expr, ctx: EvalContext): Column {
  const run = new Evaluation(ctx);
  const v = run.ev(expr);
  run.flush();
  return toColumn(v, run.n);
}

/** Sample/where mask: 1 = keep. Missing and zero drop the row. */
export function evaluateMask(expr: Expr, ctx: EvalContext): Uint8Array {
  const run = new Evaluation(ctx);
  const v = run.ev(expr);
  if (isTextual(v)) throw new ExprError(M.varNotACondition(), expr.span);
  run.flush();
  const mask = new Uint8Array(run.n);
  if (v.kind === 'scalar') {
    if (!Number.isNaN(v.value) && v.value !== 0) mask.fill(1);
    return mask;
  }
  const x = v.values;
  for (let i = 0; i < mask.length; i++) mask[i] = x[i]! !== 0 && !Number.isNaN(x[i]!) ? 1 : 0;
  return mask;
}
