/**
 * `{name}` term lists, shared by the regressor part and the fixed-effects part: look the
 * name up, refuse recursion, parse the list's text, and give back its sum node with the
 * context to convert it in (spans re-pointed at `{name}` in the outer formula).
 */
import type { CstNode } from 'chevrotain';
import { didYouMean } from '../diagnostics/messages/index.js';
import { grammarMessages as M } from '../diagnostics/messages/grammar.js';
import type { Span } from '../expr/ast.js';
import { first, join, nameOf, nodes, tokens, tokenSpan, type Children } from '../expr/to-ast.js';
import { report, type BuildContext } from './context.js';
import { parseFormulaCst } from './parser.js';
import { grammarError } from '../expr/errors.js';
import { NESTING_LIMIT, nestingError } from '../expr/limits.js';

export interface OpenedTermList {
  /** The `sum` node of the list's own text. */
  readonly sum: CstNode;
  /** Context for converting it: its text, one more level on the recursion stack, the origin span. */
  readonly inner: BuildContext;
  /** Span of `{name}` in the outermost formula; every node built inside is re-spanned to it. */
  readonly origin: Span;
}

/** Undefined (with the error reported) for an unknown, recursive or unparsable list. */
export function openTermList(node: CstNode, ctx: BuildContext): OpenedTermList | undefined {
  const c = node.children as Children;
  const name = nameOf(first(tokens(c, 'name')));
  const span = join(tokenSpan(first(tokens(c, 'open'))), tokenSpan(first(tokens(c, 'close'))));
  if (ctx.stack.includes(name)) {
    report(ctx, M.recursiveTermList([...ctx.stack.slice(ctx.stack.indexOf(name)), name]), span);
    return undefined;
  }
  const text = ctx.terms?.[name];
  if (text === undefined) {
    report(ctx, M.unknownTermList(name), span, didYouMean(name, Object.keys(ctx.terms ?? {})));
    return undefined;
  }
  // Lists that include lists: each level is a parser and builder recursion.
  const nested = ctx.stack.length >= NESTING_LIMIT ? grammarError(M.nestedTooDeep(NESTING_LIMIT), span) : nestingError(text);
  const parsed = nested ? { errors: [nested] } : parseFormulaCst(text, 'termList');
  if (!parsed.cst) {
    report(ctx, M.badTermList(name), span, parsed.errors.map((e) => `${e.code} at ${e.span.start}: ${e.message}`));
    return undefined;
  }
  const origin = ctx.origin ?? span;
  const inner: BuildContext = { text, terms: ctx.terms, errors: ctx.errors, stack: [...ctx.stack, name], origin };
  return { sum: first(nodes(parsed.cst.children as Children, 'sum')), inner, origin };
}
