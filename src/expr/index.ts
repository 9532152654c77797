/**
 * The expression language: parse (text → AST with spans), check (against the function
 * catalogue), format (AST → canonical text). Evaluation lives in ./evaluate.ts.
 *
 *   text ──parseExprCst──▶ CST ──toExpr──▶ Expr ──checkExpr──▶ GrammarError[]
 */
import type { Expr } from './ast.js';
import type { ParseResult } from './errors.js';
import { parseExprCst } from './parser.js';
import { toExpr } from './to-ast.js';
import { withNestingLimits } from './limits.js';
import { stataHabits } from '../formula/stata-habits.js';

export { checkExpr, literalValue, type CheckOptions, type ExprContext } from './check.js';
export { formatExpr } from './format.js';
export { FUNCTIONS, type FunctionKind, type FunctionSpec, type ParamSpec, type ParamType } from './functions.js';

/** Parse one expression. Errors are collected (never thrown); spans are offsets into `text`. */
export function parseExpr(text: string): ParseResult<Expr> {
  return withNestingLimits(text, () => {
    const r = parseExprCst(text);
    if (!r.cst) {
      const habits = stataHabits(text, { factor: true });
      return { errors: habits.length ? habits : r.errors };
    }
    return { value: toExpr(r.cst), errors: [] };
  });
}
