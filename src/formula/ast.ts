/**
 * Formula AST: the fixest-like model DSL after parsing and normalization.
 *
 *   lhs ~ rhs [| fixed effects] [| endogenous ~ instruments]
 *
 * Produced by formula/to-ast.ts from the chevrotain CST. Stata spellings (`c.x#c.z`,
 * `L.x`, `L2.x`) are already rewritten to canonical nodes here; `{name}` term lists are
 * expanded before parsing (spec/normalize) but keep their origin in `span`.
 *
 * A numeric term is an expression (expr/ast) plus its canonical display name, so the
 * design-matrix builder evaluates every term the same way, via expr/evaluate.
 */
import type { Expr, Span } from '../expr/ast.js';

export type { Span };

/** A term that yields one numeric column: `x`, `log(x)`, `I(x^2)`, `l(x,1)`. */
export interface NumericTerm {
  readonly kind: 'numeric';
  /** Canonical name used in results: `x`, `log(x)`, `I(x^2)`, `l(x,1)`. */
  readonly name: string;
  readonly expr: Expr;
  readonly span: Span;
}

/** `i(g)`, `i(g, ref = "east")`, `i(g, x)` (varying slopes), `i(g, x, ref = 1)`. */
export interface FactorTerm {
  readonly kind: 'factor';
  readonly name: string;
  readonly variable: string;
  /** Reference level, as written (string or number); default = first level. */
  readonly ref?: string | number;
  /** Multiple references: `ref = [2000, 2001]`. */
  readonly refs?: readonly (string | number)[];
  /** Keep all levels (`i(g, x)` keeps all by default when a slope is given, as fixest). */
  readonly slope?: NumericTerm;
  readonly span: Span;
}

/** `x:z` or `c.x#c.z`: elementwise product of its parts (factors make one column per level). */
export interface InteractionTerm {
  readonly kind: 'interaction';
  readonly name: string;
  readonly parts: readonly (NumericTerm | FactorTerm)[];
  readonly span: Span;
}

export type Term = NumericTerm | FactorTerm | InteractionTerm;

/** Multiple-estimation marker on the RHS or LHS; expanded by formula/expand.ts. */
export interface MultiTerm {
  readonly kind: 'multi';
  /** sw: one model per alternative; csw: cumulative; sw0/csw0 add a model without any. */
  readonly op: 'sw' | 'csw' | 'sw0' | 'csw0';
  readonly alternatives: readonly (readonly Term[])[];
  readonly span: Span;
}

export type RhsItem = Term | MultiTerm;

export interface PlainLhs {
  readonly kind: 'vars';
  /** One outcome, or several with `c(y1, y2)` (one model per outcome). */
  readonly outcomes: readonly NumericTerm[];
  readonly multi: boolean;
  readonly span: Span;
}

/** `Surv(time, event)` or `Surv(start, stop, event)`. */
export interface SurvLhs {
  readonly kind: 'surv';
  readonly time: NumericTerm;
  readonly event: NumericTerm;
  readonly start?: NumericTerm;
  readonly span: Span;
}

export type Lhs = PlainLhs | SurvLhs;

/** One absorbed fixed effect: `firm`, or `industry^year` (variables.length > 1). */
export interface FixedEffect {
  readonly name: string;
  readonly variables: readonly string[];
  readonly span: Span;
}

export interface IvPart {
  readonly endogenous: readonly Term[];
  readonly instruments: readonly Term[];
  readonly span: Span;
}

export interface Formula {
  /** The formula text as parsed (after `{terms}` expansion). */
  readonly text: string;
  readonly lhs: Lhs;
  readonly rhs: readonly RhsItem[];
  /** False when `-1` or `0` appears on the RHS (ignored when fixed effects are present). */
  readonly intercept: boolean;
  readonly fixedEffects: readonly FixedEffect[];
  /** Fixed-effect part may also be multiple-estimation: `| sw(firm, firm + year)`. */
  readonly fixedEffectsMulti?: MultiFe;
  readonly iv?: IvPart;
  readonly span: Span;
}

export interface MultiFe {
  readonly op: 'sw' | 'csw' | 'sw0' | 'csw0';
  readonly alternatives: readonly (readonly FixedEffect[])[];
  readonly span: Span;
}

/** A formula after expansion: no MultiTerm, one outcome. */
export interface SingleFormula extends Omit<Formula, 'rhs' | 'fixedEffectsMulti'> {
  readonly rhs: readonly Term[];
  /** Label of this expansion step for multiple estimation (e.g. "3" or "y2"); undefined if none. */
  readonly step?: string;
}
