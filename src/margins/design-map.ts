/**
 * Each design column as the product of its parts, read back from the formula: a numeric
 * part is an expression (`x`, `I(x^2)`, the slope of `i(f, x)`), a factor part an indicator
 * of one level. This is what lets margins recompute a column with a variable moved (its
 * derivative) or a factor set to another level (a discrete change), as Stata's
 * factor-variable notation does for `c.x#c.x` or `i.f#c.x`.
 *
 * Column names are rebuilt with design/terms.ts's naming rules (`f::level`, `a:b`,
 * `f::level:x`) and matched against the design's names; a design column with no match
 * would be an internal inconsistency (SS730), never silently skipped.
 */
import type { Column } from '../data/frame.js';
import { rawCodes, type RawCodes } from '../design/groups.js';
import { StudyError } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/messages/index.js';
import { marginsMessages as M } from '../diagnostics/messages/margins.js';
import type { Expr } from '../expr/ast.js';
import type { FactorTerm, NumericTerm, SingleFormula, Term } from '../formula/ast.js';
import { formulaVariables } from './variables.js';

export type Part =
  | { readonly kind: 'num'; readonly expr: Expr }
  | { readonly kind: 'factor'; readonly variable: string; readonly code: number };

export interface FactorInfo {
  readonly variable: string;
  readonly raw: RawCodes;
  /** Reference levels written in `i(f, ref = …)` (the first is the base of discrete changes). */
  readonly refs: readonly (string | number)[];
}

export interface DesignMap {
  /** Parts of each design column, by the design's column index. */
  readonly parts: readonly (readonly Part[])[];
  readonly factors: ReadonlyMap<string, FactorInfo>;
  /** Variables that enter numerically (text columns written as plain terms are factors). */
  readonly continuous: readonly string[];
}

/** Whole-table columns of expressions and variables (the run state's evaluator). */
export interface ColumnLookup {
  expr(e: Expr): Column;
  variable(name: string): Column;
}

interface Piece {
  readonly name: string;
  readonly parts: readonly Part[];
}

const OFFSETS = new Set(['offset', 'exposure', 'strata']);

class Builder {
  readonly factors = new Map<string, FactorInfo>();

  constructor(private readonly cols: ColumnLookup) {}

  factor(variable: string, col: Column, refs: readonly (string | number)[]): FactorInfo {
    const known = this.factors.get(variable);
    if (known) {
      const more = refs.filter((r) => !known.refs.includes(r));
      if (!more.length) return known;
      const merged = { ...known, refs: [...known.refs, ...more] };
      this.factors.set(variable, merged);
      return merged;
    }
    const info = { variable, raw: rawCodes(col), refs };
    this.factors.set(variable, info);
    return info;
  }

  levels(info: FactorInfo, suffix: string, extra: readonly Part[]): Piece[] {
    return info.raw.labels.map((label, code) => ({
      name: `${info.variable}::${label}${suffix}`,
      parts: [{ kind: 'factor', variable: info.variable, code }, ...extra],
    }));
  }

  numeric(t: NumericTerm): Piece[] {
    const col = this.cols.expr(t.expr);
    if (col.kind === 'num') return [{ name: t.name, parts: [{ kind: 'num', expr: t.expr }] }];
    return this.levels(this.factor(t.name, col, []), '', []);
  }

  factorTerm(t: FactorTerm): Piece[] {
    const refs = t.refs ?? (t.ref !== undefined ? [t.ref] : []);
    const info = this.factor(t.variable, this.cols.variable(t.variable), refs);
    if (!t.slope) return this.levels(info, '', []);
    return this.levels(info, `:${t.slope.name}`, [{ kind: 'num', expr: t.slope.expr }]);
  }

  term(t: Term): Piece[] {
    if (t.kind === 'numeric') return t.expr.kind === 'call' && OFFSETS.has(t.expr.name) ? [] : this.numeric(t);
    if (t.kind === 'factor') return this.factorTerm(t);
    let acc: Piece[] = [{ name: '', parts: [] }];
    for (const p of t.parts) {
      const next = p.kind === 'numeric' ? this.numeric(p) : this.factorTerm(p);
      acc = acc.flatMap((a) => next.map((b) => ({ name: a.name ? `${a.name}:${b.name}` : b.name, parts: [...a.parts, ...b.parts] })));
    }
    // A purely numeric product keeps the formula's canonical name (`x:z`).
    if (acc.length === 1 && acc[0]!.parts.every((p) => p.kind === 'num')) return [{ name: t.name, parts: acc[0]!.parts }];
    return acc;
  }
}

/** The parts of every design column of `formula` (design column names in `names`). */
export function designMap(model: string, formula: SingleFormula, names: readonly string[], cols: ColumnLookup): DesignMap {
  const b = new Builder(cols);
  const byName = new Map<string, readonly Part[]>();
  for (const t of formula.rhs) for (const p of b.term(t)) if (!byName.has(p.name)) byName.set(p.name, p.parts);
  const parts = names.map((n) => {
    const p = byName.get(n);
    if (!p) throw new StudyError(diag(M.marginsUnknownColumn(model, n)));
    return p;
  });
  const continuous = formulaVariables(formula).continuous.filter((v) => !b.factors.has(v));
  return { parts, factors: b.factors, continuous };
}
