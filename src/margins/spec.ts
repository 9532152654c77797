/**
 * `margins:` of a model, checked against the estimator and the formula before any data is
 * read, so that `check` reports what `run` would otherwise find only after the fit:
 *
 *   estimator without marginal effects     SS720 (the registry entry declares `margins`)
 *   absorbed FE where margins are not kept SS723; at: means with them  SS734
 *   instruments, person-period rows        SS724, SS725
 *   a dydx name that is no regressor       SS721 (did you mean …), SS727 (held-fixed term)
 *   no variable at all                     SS722
 *   at: means with an offset               SS728
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diag, didYouMean } from '../diagnostics/messages/index.js';
import { marginsMessages as M } from '../diagnostics/messages/margins.js';
import type { EstimatorEntry } from '../estimators/registry.js';
import type { ModelSpec } from '../spec/types.js';
import type { MarginsOptions, NormFormula, SpecPath } from '../spec/normalized.js';
import { formulaVariables, hasOffset } from './variables.js';

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
