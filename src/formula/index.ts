/**
 * The formula DSL (spec-language.md "Formula DSL"):
 *
 *   text ──parseFormulaCst──▶ CST ──buildFormula──▶ Formula ──expandFormula──▶ SingleFormula[]
 *                                      │                                      │
 *                              rules + {name} lists                     formatFormula (results.json)
 *
 * Errors are collected, never thrown; spans are offsets into `text` (a term from a `{name}`
 * list carries the span of `{name}`).
 */
import type { GrammarError, ParseResult } from '../expr/errors.js';
import { stataHabits } from './stata-habits.js';
import type { Formula } from './ast.js';
import type { BuildContext } from './context.js';
import { parseFormulaCst } from './parser.js';
import { buildFormula } from './to-ast.js';
import { withNestingLimits } from '../expr/limits.js';

export { expandFormula } from './expand.js';
export { formulaColumns } from './columns.js';
export { formatFormula, formatLhs, formatRhs } from './format.js';
export { FORMULA_FUNCTIONS } from './terms.js';

export interface ParseFormulaOptions {
  /** Named term lists (`terms:` of the spec), used as `{name}` in formulas. */
  readonly terms?: Readonly<Record<string, string>>;
}

export function parseFormula(text: string, opts: ParseFormulaOptions = {}): ParseResult<Formula> {
  return withNestingLimits(text, () => {
    const parsed = parseFormulaCst(text);
    // A formula that does not parse may be written the Stata way: say so, in its own words.
    if (!parsed.cst) return { errors: orHabits(text, parsed.errors) };
    const ctx: BuildContext = { text, terms: opts.terms, errors: [], stack: [] };
    const value = buildFormula(text, parsed.cst, ctx);
    return value && ctx.errors.length === 0 ? { value, errors: [] } : { errors: orHabits(text, ctx.errors) };
  });
}

function orHabits(text: string, errors: readonly GrammarError[]): readonly GrammarError[] {
  const habits = stataHabits(text, { factor: false });
  return habits.length ? habits : errors;
}
