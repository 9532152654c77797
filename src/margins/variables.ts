/**
 * Which variables a formula's regressors are made of, read from the formula alone (check
 * and run use the same reading).
 *
 * A variable is a name the regressors are computed from: `x` in `x`, `I(x^2)`, `log(x)`,
 * `x:z`, the slope of `i(f, x)`; a factor in `i(f)` or `f:x`. Margins differentiate through
 * arithmetic and the smooth row functions below (a variable inside `I(x^2)` counts as Stata's
 * `c.x#c.x` does). Any other function — lags, group statistics, conditions — is a term of its
 * own, held fixed, as Stata holds `L.x` or a generated variable fixed: its variables are
 * recorded as `opaque` so that naming one gets a precise message.
 */
import type { Expr } from '../expr/ast.js';
import type { NumericTerm, SingleFormula, Term } from '../formula/ast.js';

/** Row functions margins differentiate through (derivatives in margins/derivative.ts). */
export const SMOOTH_FUNCTIONS: ReadonlySet<string> = new Set(['log', 'exp', 'sqrt', 'abs']);

/** Formula-only calls that are not regressors (Poisson offsets, Cox strata). */
const NOT_REGRESSORS: ReadonlySet<string> = new Set(['offset', 'exposure', 'strata']);

export interface FormulaVariables {
  /** Variables that enter numerically, in formula order. */
  readonly continuous: readonly string[];
  /** Variables that enter as factors (`i(f)`, `f:x`), in formula order. */
  readonly factors: readonly string[];
  /** Variables seen only inside functions margins hold fixed, with the function's name. */
  readonly opaque: ReadonlyMap<string, string>;
}

class Collector {
  readonly continuous: string[] = [];
  readonly factors: string[] = [];
  readonly opaque = new Map<string, string>();

  numeric(t: NumericTerm): void {
    if (t.expr.kind === 'call' && NOT_REGRESSORS.has(t.expr.name)) return;
    this.expr(t.expr);
  }

  expr(e: Expr): void {
    switch (e.kind) {
      case 'ident':
        if (!this.continuous.includes(e.name)) this.continuous.push(e.name);
        return;
      case 'unary':
        if (e.op === '!') this.hold(e, '!');
        else this.expr(e.arg);
        return;
      case 'binary':
        if (e.op === '+' || e.op === '-' || e.op === '*' || e.op === '/' || e.op === '^') {
          this.expr(e.left);
          this.expr(e.right);
        } else this.hold(e, e.op);
        return;
      case 'call':
        if (SMOOTH_FUNCTIONS.has(e.name) && e.args.length === 1 && e.args[0]!.name === undefined) this.expr(e.args[0]!.value);
        else this.hold(e, e.name);
        return;
      case 'num':
        return;
      default:
        this.hold(e, e.kind);
    }
  }

  /** Every identifier below `e` is held fixed through `fn`. */
  hold(e: Expr, fn: string): void {
    for (const name of identifiers(e)) if (!this.opaque.has(name)) this.opaque.set(name, fn);
  }

  term(t: Term): void {
    if (t.kind === 'numeric') this.numeric(t);
    else if (t.kind === 'factor') {
      if (!this.factors.includes(t.variable)) this.factors.push(t.variable);
      if (t.slope) this.numeric(t.slope);
    } else for (const p of t.parts) this.term(p);
  }
}

function identifiers(e: Expr, out: string[] = []): string[] {
  switch (e.kind) {
    case 'ident':
      out.push(e.name);
      break;
    case 'unary':
      identifiers(e.arg, out);
      break;
    case 'binary':
      identifiers(e.left, out);
      identifiers(e.right, out);
      break;
    case 'call':
      for (const a of e.args) identifiers(a.value, out);
      break;
    case 'in':
      identifiers(e.arg, out);
      break;
    case 'list':
      for (const v of e.items) identifiers(v, out);
      break;
    default:
      break;
  }
  return out;
}

/** The variables of one fitted formula's regressors (exogenous part). */
export function formulaVariables(f: SingleFormula): FormulaVariables {
  const c = new Collector();
  for (const t of f.rhs) c.term(t);
  for (const v of c.continuous) c.opaque.delete(v);
  for (const v of c.factors) c.opaque.delete(v);
  return { continuous: c.continuous, factors: c.factors, opaque: c.opaque };
}

/** Whether the formula has an offset() or exposure() term. */
export function hasOffset(f: SingleFormula): boolean {
  return f.rhs.some((t) => t.kind === 'numeric' && t.expr.kind === 'call' && (t.expr.name === 'offset' || t.expr.name === 'exposure'));
}
