/**
 * State threaded through the CST → formula AST conversion: the text (for quoting the
 * user's own words in messages), the `{name}` term lists, the errors collected so far and
 * the chain of term lists being expanded (to stop recursion).
 *
 * Inside a term list every span is replaced by the span of `{name}` in the outer formula,
 * so that errors and terms point at text the user can see in the formula.
 */
import type { Message } from '../diagnostics/messages/index.js';
import type { Span } from '../expr/ast.js';
import { grammarError, type GrammarError } from '../expr/errors.js';

export interface BuildContext {
  readonly text: string;
  readonly terms: Readonly<Record<string, string>> | undefined;
  readonly errors: GrammarError[];
  readonly stack: readonly string[];
  readonly origin?: Span;
}

export function report(ctx: BuildContext, m: Message, span: Span, notes?: readonly string[]): void {
  ctx.errors.push(grammarError(m, ctx.origin ?? span, notes));
}

export function slice(ctx: BuildContext, span: Span): string {
  return ctx.text.slice(span.start, span.end);
}

/** The span to store on a node built here. */
export function at(ctx: BuildContext, span: Span): Span {
  return ctx.origin ?? span;
}

/** Deep copy of an AST value with every span (and call nameSpan) replaced. */
export function respan<T>(value: T, span: Span): T {
  if (Array.isArray(value)) return value.map((v) => respan(v, span)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = k === 'span' || k === 'nameSpan' ? span : respan(v, span);
  }
  return out as T;
}
