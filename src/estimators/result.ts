/**
 * ModelResult: the immutable record every estimator returns and results.json stores.
 * Field names follow the results.json contract in docs (snake_case on purpose: the
 * record is written as-is).
 */

export interface Coefficient {
  readonly estimate: number;
  readonly se: number;
  /** t or z statistic (see ModelResult.inference.dist). */
  readonly stat: number;
  readonly p: number;
}

export type EstimatorName =
  | 'ols' | 're' | 'iv' | 'probit' | 'logit' | 'cloglog' | 'heckman'
  | 'cox' | 'exponential' | 'weibull' | 'mte' | 'placebo' | 'poisson' | 'between';

/**
 * Statistics a table can ask for by key (stats/registry.ts says how each is found and
 * printed; each registry entry lists the ones its results define).
 */
export type StatKey =
  | 'nobs' | 'r2' | 'adj_r2' | 'r2_within' | 'pseudo_r2' | 'rmse' | 'f' | 'f_p' | 'chi2' | 'chi2_p'
  | 'aic' | 'bic' | 'n_clusters' | 'first_stage_f' | 'kp_lm' | 'kp_f' | 'hansen_j' | 'kappa' | 'hausman'
  | 'rho' | 'sigma' | 'lambda' | 'n_singletons' | 'loglik' | 'ymean' | 'ysd' | 'n_groups';

export interface Inference {
  /** Distribution of `stat`: Student t with `df`, or standard normal. */
  readonly dist: 't' | 'normal';
  readonly df?: number;
  /** Number of clusters per cluster dimension, when clustered. */
  readonly n_clusters?: readonly number[];
}

export interface ModelDrops {
  readonly singletons: number;
  readonly missing: number;
  readonly collinear: readonly string[];
  /** Rows dropped for a missing value, by model variable (a row can count for several). */
  readonly missing_by?: Readonly<Record<string, number>>;
  /** Rows of the table outside the model's `sample:` (or split group). */
  readonly sample?: number;
  /** Any estimator-specific drops (e.g. perfect predictors in probit). */
  readonly [other: string]: number | readonly string[] | Readonly<Record<string, number>> | undefined;
}

export interface ModelResult {
  readonly id: string;
  readonly estimator: EstimatorName;
  readonly formula: string;
  readonly nobs: number;
  readonly fixed_effects: readonly string[];
  /** Canonical vcov text: iid | hc1 | cluster(a) | cluster(a, b) | oim | opg ... */
  readonly vcov: string;
  readonly conventions: string;
  /** Coefficient names in display order. */
  readonly terms: readonly string[];
  readonly coefficients: Readonly<Record<string, Coefficient>>;
  /** Full variance matrix, rows/cols in `terms` order. */
  readonly vcov_matrix: readonly (readonly number[])[];
  readonly inference: Inference;
  /**
   * Fit statistics, null when not defined for this estimator: r2, adj_r2, r2_within,
   * rmse, f, f_p, loglik, loglik_0, chi2, chi2_p, chi2_df, pseudo_r2, ...
   */
  readonly stats: Readonly<Record<string, number | null>>;
  readonly dropped: ModelDrops;
  /**
   * Estimator-specific blocks: first_stage (IV), tests (Hausman, KP), ancillary
   * (Weibull p, sigma), selection (Heckman), mte (grid), draws (placebo), ...
   */
  readonly extra?: Readonly<Record<string, unknown>>;
  /** Multiple estimation: the step or group label this model came from. */
  readonly step?: string;
}

/**
 * Per-row vectors of a fitted model, kept beside (not inside) the result record: they feed
 * model-derived variables (resid(m), fitted(m), …) and are never written to results.json.
 * Index i belongs to row Design.rows[i].
 */
export interface ModelColumns {
  readonly rows: Int32Array;
  /** Linear index x'b (without absorbed fixed effects). */
  readonly xb?: Float64Array;
  readonly fitted?: Float64Array;
  readonly resid?: Float64Array;
  /**
   * Heckman's inverse Mills ratio λ of the selection probit, on the selection equation's
   * rows (its own row set: the selection sample is larger than the outcome sample).
   */
  readonly mills?: { readonly rows: Int32Array; readonly values: Float64Array };
}

/** Deep-freeze a result so no later stage mutates it by accident. */
export function freezeResult<T extends object>(r: T): Readonly<T> {
  const seen = new WeakSet<object>();
  const walk = (o: unknown): void => {
    if (o === null || typeof o !== 'object' || seen.has(o as object) || ArrayBuffer.isView(o)) return;
    seen.add(o as object);
    Object.freeze(o);
    for (const v of Object.values(o as object)) walk(v);
  };
  walk(r);
  return r;
}
