/**
 * Errors found inside one formula or expression string. Offsets are relative to the
 * string; the spec stage shifts them to file:line:col (spec/locate). Parsers collect
 * these instead of throwing; evaluators throw ExprError for data-dependent problems.
 */
import type { Message } from '../diagnostics/messages/index.js';
import type { Span } from './ast.js';

export interface GrammarError {
  readonly code: string;
  readonly message: string;
  readonly span: Span;
  readonly notes?: readonly string[];
}

export interface ParseResult<T> {
  /** Present when parsing succeeded (possibly with recoverable errors). */
  readonly value?: T;
  readonly errors: readonly GrammarError[];
}

export function grammarError(m: Message, span: Span, notes?: readonly string[]): GrammarError {
  const all = [...(m.notes ?? []), ...(notes ?? [])];
  return { code: m.code, message: m.message, span, ...(all.length ? { notes: all } : {}) };
}

/** Thrown by evaluation when data make an expression impossible (unknown column, bad type). */
export class ExprError extends Error {
  readonly code: string;
  readonly span: Span;
  readonly notes: readonly string[];
  constructor(m: Message, span: Span, notes: readonly string[] = []) {
    super(m.message);
    this.name = 'ExprError';
    this.code = m.code;
    this.span = span;
    this.notes = [...(m.notes ?? []), ...notes];
  }
}
