/**
 * Table columns that are parts of another model's result rather than models of their own:
 *
 *   "<iv model>/first"          the first stage of an IV model (one column per endogenous
 *                               regressor; "<iv model>/first/<endog>" picks one), built from
 *                               `extra.first_stage` as ivreg2's `first` / fixest's `stage = 1`
 *   "<model>/margins"           marginal effects, stored by the estimator under that key
 *
 * A first-stage column reads like a regression of the endogenous variable on the
 * instruments and exogenous regressors: its coefficients are those of extra.first_stage,
 * with the parent's sample size, fixed effects, vcov and inference; `first_stage_f` is that
 * regression's F on the excluded instruments (robust when the parent is robust) and
 * `partial_r2` its partial R².
 */
import type { Coefficient, ModelResult } from '../estimators/result.js';

const FIRST = /^(.*)\/first(?:\/(.+))?$/;

interface FirstStageEntry {
  readonly coefficients?: Readonly<Record<string, Coefficient>>;
  readonly f_iid?: { readonly F?: number; readonly p?: number };
  readonly f_robust?: { readonly F?: number; readonly p?: number };
  readonly partial_r2?: number;
}

/** Endogenous variables that have a first stage in `r`, in the order the estimator wrote them. */
export function firstStageNames(r: ModelResult): string[] {
  const fs = r.family === 'linear' ? r.extra?.first_stage : undefined;
  if (!fs || typeof fs !== 'object' || Array.isArray(fs)) return [];
  return Object.entries(fs as Record<string, unknown>)
    .filter(([, v]) => v && typeof v === 'object' && (v as FirstStageEntry).coefficients)
    .map(([k]) => k);
}

/** The first stage of `parent` for endogenous variable `endog` as a result record. */
export function firstStageResult(parent: ModelResult, endog: string, key: string): ModelResult | undefined {
  if (parent.family !== 'linear') return undefined;
  const e = parent.extra?.first_stage?.[endog] as FirstStageEntry | undefined;
  if (!e?.coefficients) return undefined;
  const terms = Object.keys(e.coefficients);
  const f = e.f_robust?.F ?? e.f_iid?.F;
  const fp = e.f_robust?.p ?? e.f_iid?.p;
  return {
    ...parent,
    id: key,
    formula: `${endog} ~ first stage of ${parent.id}`,
    terms,
    coefficients: e.coefficients,
    vcov_matrix: [],
    stats: {
      first_stage_f: typeof f === 'number' ? f : null,
      f: typeof f === 'number' ? f : null,
      f_p: typeof fp === 'number' ? fp : null,
      partial_r2: typeof e.partial_r2 === 'number' ? e.partial_r2 : null,
      ...pick(parent.stats, ['n_groups']),
      ...(typeof parent.stats[`ymean:${endog}`] === 'number' ? { ymean: parent.stats[`ymean:${endog}`]!, ysd: parent.stats[`ysd:${endog}`] ?? null } : {}),
    },
    dropped: { ...parent.dropped, collinear: [] },
    extra: { depvar: endog, parent: parent.id, stage: 'first' },
  };
}

function pick(o: Readonly<Record<string, number | null>>, keys: readonly string[]): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k]!;
  return out;
}

/**
 * Expand table column keys: "iv/first" becomes one key per endogenous regressor when the IV
 * model has several ("iv/first/x1", "iv/first/x2"); other keys are kept as written.
 */
export function expandDerivedKeys(keys: readonly string[], results: ReadonlyMap<string, ModelResult>): string[] {
  return keys.flatMap((k) => {
    const m = FIRST.exec(k);
    if (!m || m[2] !== undefined || results.has(k)) return [k];
    const parent = results.get(m[1]!);
    const names = parent ? firstStageNames(parent) : [];
    return names.length > 1 ? names.map((n) => `${k}/${n}`) : [k];
  });
}

/** A result for a table column key: a fitted model, or a part of one (first stage, margins). */
export function resolveResult(key: string, results: ReadonlyMap<string, ModelResult>): ModelResult | undefined {
  const direct = results.get(key);
  if (direct) return direct;
  const m = FIRST.exec(key);
  if (!m) return undefined;
  const parent = results.get(m[1]!);
  if (!parent) return undefined;
  const endog = m[2] ?? firstStageNames(parent)[0];
  return endog === undefined ? undefined : firstStageResult(parent, endog, key);
}

/** The outcome a column explains: `extra.depvar` when an estimator (or a derived column) says so, else the formula's left side. */
export function depvarOf(r: ModelResult): string {
  const d = r.family === 'linear' ? r.extra?.depvar : undefined;
  if (typeof d === 'string' && d) return d;
  const tilde = r.formula.indexOf('~');
  return tilde > 0 ? r.formula.slice(0, tilde).trim() : '';
}
