/**
 * The formula and expression parsers as one injectable record. normalize and plan take
 * it as a parameter so that their own tests can run on hand-built ASTs, independent of
 * the grammar, and so that nothing here holds module-level state.
 */
import type { Expr } from '../expr/ast.js';
import type { GrammarError, ParseResult } from '../expr/errors.js';
import type { Formula, SingleFormula } from '../formula/ast.js';
import { parseFormula, expandFormula, formulaColumns, formatFormula } from '../formula/index.js';
import { parseExpr, checkExpr, FUNCTIONS } from '../expr/index.js';

export type ExprContext = 'row' | 'sample' | 'aggregate';

export interface Parsers {
  parseFormula(text: string, opts?: { terms?: Record<string, string> }): ParseResult<Formula>;
  expandFormula(f: Formula): SingleFormula[];
  formulaColumns(f: Formula | SingleFormula): Set<string>;
  /** Canonical text of one expanded formula (for plans and results). */
  formatFormula(f: SingleFormula): string;
  parseExpr(text: string): ParseResult<Expr>;
  checkExpr(e: Expr, opts?: { context?: ExprContext }): GrammarError[];
  /** Names of functions whose first argument names a model (resid, fitted, predict, mills, fe). */
  modelFunctions: ReadonlySet<string>;
}

function modelFunctionNames(): ReadonlySet<string> {
  const out = new Set<string>(['resid', 'fitted', 'predict', 'mills', 'fe']);
  for (const [name, spec] of FUNCTIONS) if ((spec as { kind?: string }).kind === 'model') out.add(name);
  return out;
}

export function defaultParsers(): Parsers {
  return {
    parseFormula,
    expandFormula,
    formulaColumns,
    formatFormula,
    parseExpr,
    checkExpr: (e, opts) => checkExpr(e, opts),
    modelFunctions: modelFunctionNames(),
  };
}
