/**
 * The expression parser: lexes and parses one expression string into a CST.
 *
 * One parser instance is reused for every expression (chevrotain resets it when `input` is
 * set), because building a parser runs a grammar analysis that costs milliseconds.
 */
import type { CstNode } from 'chevrotain';
import type { GrammarError } from './errors.js';
import { ExprRules } from './rules.js';
import { lexErrors, parseErrors } from './syntax-errors.js';
import { exprLexer, exprTokens } from './tokens.js';

export class ExprParser extends ExprRules {
  constructor() {
    super(exprTokens as never);
    this.performSelfAnalysis();
  }

  /** Entry rule: a whole expression (the parser itself reports any text left over). */
  public expression = this.RULE('expression', () => {
    this.SUBRULE(this.orExpr, { LABEL: 'body' });
  });
}

const parser = new ExprParser();

export interface CstResult {
  readonly cst?: CstNode;
  readonly errors: readonly GrammarError[];
}

export function parseExprCst(text: string): CstResult {
  const lexed = exprLexer.tokenize(text);
  const lexErrs = lexErrors(text, lexed.errors, lexed.tokens);
  if (lexErrs.length) return { errors: lexErrs };
  parser.input = lexed.tokens;
  const cst = parser.expression();
  const errs = parseErrors(text, parser.errors);
  return errs.length ? { errors: errs } : { cst, errors: [] };
}
