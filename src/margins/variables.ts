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
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diag, didYouMean } from '../diagnostics/messages/index.js';
import { marginsMessages as M } from '../diagnostics/messages/margins.js';
import type { EstimatorEntry } from '../estimators/registry.js';
import type { ModelSpec } from '../spec/types.js';
import type { MarginsOptions, NormFormula, SpecPath } from '../spec/normalized.js';

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

/**
 * `check`: `margins:` of a model, checked against the estimator and the formula before any data is
 * read, so that `check` reports what `run` would otherwise find only after the fit:
 *
 *   estimator without marginal effects     SS720 (the registry entry declares `margins`)
 *   absorbed FE where margins are not kept SS723; at: means with them  SS734
 *   instruments, person-period rows        SS724, SS725
 *   a dydx name that is no regressor       SS721 (did you mean …), SS727 (held-fixed term)
 *   no variable at all                     SS722
 *   at: means with an offset               SS728
 */
export interface MarginsCheck {
  readonly name: string;
  readonly path: SpecPath;
  readonly estimator: string;
  readonly entry: EstimatorEntry | undefined;
  /** Estimators that have margins (for the note of SS720). */
  readonly supported: readonly string[];
  readonly formula: NormFormula | undefined;
  readonly conventions: 'stata' | 'fixest';
  readonly period: boolean;
  readonly diagnostics: Diagnostic[];
}

/** The normalized `margins:` of a model, or undefined (absent, or refused with a diagnostic). */
export function normalizeMargins(spec: ModelSpec['margins'], c: MarginsCheck): MarginsOptions | undefined {
  if (spec === undefined) return undefined;
  const at = spec.at ?? 'average';
  const dydx = spec.dydx ?? 'all';
  const out: MarginsOptions = { dydx, at, dist: spec.dist ?? (c.conventions === 'fixest' ? 'normal' : 'model') };
  const here = [...c.path, 'margins'];
  const error = (d: Diagnostic): undefined => {
    c.diagnostics.push(d);
    return undefined;
  };
  const support = c.entry?.margins;
  if (!support) return error(diag(M.marginsNotForEstimator(c.estimator, c.supported), { path: [...c.path, 'estimator'] }));
  const f = c.formula;
  if (!f) return undefined; // the missing formula has its own error
  if (f.ast.iv) return error(diag(M.marginsIv(c.name), { path: here }));
  if (c.period) return error(diag(M.marginsPersonPeriod(c.name), { path: here }));
  const hasFe = f.ast.fixedEffects.length > 0 || (f.ast.fixedEffectsMulti?.alternatives.some((a) => a.length > 0) ?? false);
  if (hasFe && !support.absorbedFe) return error(diag(M.marginsAbsorbedFe(c.estimator), { path: here }));
  if (hasFe && at === 'means' && support.prediction.kind !== 'linear') return error(diag(M.marginsMeansFe(c.name), { path: [...here, 'at'] }));
  if (at === 'means' && f.singles.some(hasOffset)) return error(diag(M.marginsMeansOffset(c.name), { path: [...here, 'at'] }));

  const vars = f.singles.map(formulaVariables);
  const continuous = new Set(vars.flatMap((v) => v.continuous));
  const factors = new Set(vars.flatMap((v) => v.factors));
  const opaque = new Map(vars.flatMap((v) => [...v.opaque]));
  let ok = true;
  for (const v of continuous) {
    if (factors.has(v)) {
      ok = false;
      c.diagnostics.push(diag(M.marginsBothKinds(v), { path: [...c.path, 'formula'] }));
    }
  }
  const known = [...continuous, ...factors];
  if (dydx === 'all') {
    if (known.length === 0) return error(diag(M.marginsNoVariables(c.name), { path: here }));
  } else {
    const seen = new Set<string>();
    dydx.forEach((name, i) => {
      const at = [...here, 'dydx', i];
      if (seen.has(name)) {
        ok = false;
        c.diagnostics.push(diag(M.marginsDuplicate(name), { path: at }));
      }
      seen.add(name);
      if (continuous.has(name) || factors.has(name)) return;
      ok = false;
      const fn = opaque.get(name);
      if (fn !== undefined) c.diagnostics.push(diag(M.marginsNotDifferentiable(name, fn), { path: at }));
      else c.diagnostics.push(diag(M.marginsUnknownVariable(name, c.name, known), { path: at, notes: didYouMean(name, known) }));
    });
  }
  return ok ? out : undefined;
}
