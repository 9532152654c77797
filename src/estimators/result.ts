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

/** What every result record has, whatever its family. */
export interface ResultCommon {
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
   * rmse, f, f_p, loglik, loglik_0, chi2, chi2_p, chi2_df, pseudo_r2, ... (the keys tables
   * ask for are the StatKey union).
   */
  readonly stats: Readonly<Record<string, number | null>>;
  readonly dropped: ModelDrops;
  /** Multiple estimation: the step or group label this model came from. */
  readonly step?: string;
}

/**
 * The result record of each family, tagged by `family` (the registry entry's family), so a
 * consumer narrows on the tag instead of probing the shape of `extra`. The tag is not part
 * of results.json (run/results-json.ts leaves it out): the record there is unchanged.
 */

/** Variables dropped as collinear, with why (linear and panel models). */
export interface CollinearDrop {
  readonly name: string;
  readonly reason: string;
}

/** Test records by name (first-stage F, KP, Hansen J, Hausman …): {chi2|F|z|stat, df…, p}. */
export type TestBlock = Readonly<Record<string, unknown>>;

/**
 * A record derived from a fitted model (`<iv>/first`, `<model>/margins`) keeps its parent's
 * family; these fields say what it shows.
 */
export interface DerivedExtra {
  readonly depvar?: string;
  readonly parent?: string;
  /** `<model>/margins`: what the effects are (src/margins). */
  readonly margins?: {
    readonly at: 'average' | 'means';
    readonly dydx: 'all' | readonly string[];
    readonly prediction: string;
    readonly rows: number;
    readonly kinds: Readonly<Record<string, string>>;
  };
}

export interface LinearExtra extends DerivedExtra {
  readonly collinear?: readonly CollinearDrop[];
  /** IV: 2sls, liml or gmm; LIML's κ. */
  readonly method?: '2sls' | 'liml' | 'gmm';
  readonly kappa?: number;
  /** The weight kind, when the model is weighted. */
  readonly weights?: 'analytic' | 'probability' | 'frequency';
  readonly fe_levels?: Readonly<Record<string, number>>;
  readonly fe_dof?: number;
  readonly demean?: { readonly solver?: string; readonly iterations: number; readonly converged: boolean };
  /** `engine: sql`: the model was fitted inside the data engine (src/sqlfe/). */
  readonly engine?: { readonly name: 'sql'; readonly statements: number };
  /** reghdfe's reported constant ȳ − x̄'b with its SE (absorbed FE). */
  readonly cons?: Coefficient;
  /** 2SLS: per endogenous variable, its first stage (coefficients, F, partial R²). */
  readonly first_stage?: Readonly<Record<string, unknown>>;
  readonly tests?: TestBlock;
  /** Derived columns (`<iv>/first`): the stage (depvar and parent: DerivedExtra). */
  readonly stage?: 'first';
}

export interface PanelExtra {
  readonly tests?: TestBlock;
  readonly collinear?: readonly CollinearDrop[];
  readonly theta?: number | { readonly min: number; readonly max: number };
  readonly panel_unit?: string;
}

export interface PersonPeriodSummary {
  readonly width?: number;
  readonly units: number;
  readonly rows: number;
  readonly events: number | null;
  readonly periods?: number;
  readonly zero_time_units?: number;
  readonly events_by_period?: readonly number[];
  readonly at_risk_by_period?: readonly number[];
}

export interface BinaryExtra extends DerivedExtra {
  /** cloglog with `period:`: the person-period expansion. */
  readonly person_period?: PersonPeriodSummary;
  /** Frame rows used when rows were dropped inside the fit (FE separation). */
  readonly rows_used?: Int32Array;
}

export interface GlmExtra extends DerivedExtra {
  readonly rows_used?: Int32Array;
}

export interface SurvivalExtra {
  /** exponential/Weibull: the distribution and metric. */
  readonly distribution?: 'exponential' | 'weibull';
  readonly metric?: 'ph' | 'aft';
  readonly hazard_ratios?: Readonly<Record<string, number>>;
  readonly time_ratios?: Readonly<Record<string, number>>;
  readonly coefficients_ph?: Readonly<Record<string, Coefficient>>;
  readonly coefficients_aft?: Readonly<Record<string, Coefficient>>;
  /** Weibull's shape parameter in its several forms. */
  readonly ancillary?: Readonly<Record<string, { readonly estimate: number; readonly se: number; readonly stat?: number; readonly p?: number }>>;
  readonly vcov_full?: { readonly terms: readonly string[]; readonly matrix: readonly (readonly number[])[] };
  /** cox: ties, strata, counting-process data, the model-based variance. */
  readonly ties?: string;
  readonly strata?: string | null;
  readonly counting_process?: boolean;
  readonly vcov_model?: readonly (readonly number[])[];
  /** Which χ² the header reports. */
  readonly chi2_type?: 'wald' | 'lr';
}

/** An equation estimated on the side (Heckman's selection probit, MTE's propensity). */
export interface SideEquation {
  readonly yName?: string;
  readonly terms: readonly string[];
  readonly coefficients: Readonly<Record<string, Coefficient>>;
  readonly vcov_matrix?: readonly (readonly number[])[];
  readonly loglik: number;
  readonly nobs?: number;
}

export interface SelectionExtra {
  readonly selection: SideEquation;
}

export interface TreatmentExtra {
  readonly approach: string;
  readonly interact: string;
  /** The MTE on the grid u, with the local-IV and separate-approach curves. */
  readonly mte: { readonly u: readonly number[]; readonly mte: readonly number[]; readonly liv: readonly number[]; readonly separate: readonly number[] };
  readonly liv: Readonly<Record<string, unknown>>;
  readonly separate: Readonly<Record<string, unknown>>;
  readonly propensity: SideEquation;
  readonly x_names: readonly string[];
}

export interface PlaceboExtra {
  readonly model: string;
  readonly permute: string;
  readonly within: readonly string[];
  readonly seed: number;
  readonly observed: number;
  readonly mean: number;
  readonly sd: number;
  readonly p_value: number;
  readonly failed: number;
  readonly threads: number;
  readonly draws: readonly number[];
}

/** OLS, HDFE and 2SLS (`linear/`). */
export interface LinearResult extends ResultCommon {
  readonly family: 'linear';
  readonly estimator: 'ols' | 'iv';
  readonly extra?: LinearExtra;
}
/** Random effects and between (`panel/`). */
export interface PanelResult extends ResultCommon {
  readonly family: 'panel';
  readonly estimator: 're' | 'between';
  readonly extra?: PanelExtra;
}
/** Probit, logit, cloglog, with or without absorbed FE (`binary/`, `glm/binary-fe.ts`). */
export interface BinaryResult extends ResultCommon {
  readonly family: 'binary';
  readonly estimator: 'probit' | 'logit' | 'cloglog';
  readonly extra?: BinaryExtra;
}
/** Poisson pseudo-maximum likelihood (`glm/`). */
export interface GlmResult extends ResultCommon {
  readonly family: 'glm';
  readonly estimator: 'poisson';
  readonly extra?: GlmExtra;
}
/** Cox, exponential, Weibull (`survival/`). */
export interface SurvivalResult extends ResultCommon {
  readonly family: 'survival';
  readonly estimator: 'cox' | 'exponential' | 'weibull';
  readonly extra?: SurvivalExtra;
}
/** Heckman two-step (`selection/`). */
export interface SelectionResult extends ResultCommon {
  readonly family: 'selection';
  readonly estimator: 'heckman';
  readonly extra: SelectionExtra;
}
/** Marginal treatment effects (`treatment/`). */
export interface TreatmentResult extends ResultCommon {
  readonly family: 'treatment';
  readonly estimator: 'mte';
  readonly extra: TreatmentExtra;
}
/** A placebo (permutation) test over a fitted model (`resampling/`, run/placebo.ts). */
export interface ResamplingResult extends ResultCommon {
  readonly family: 'resampling';
  readonly estimator: 'placebo';
  readonly extra: PlaceboExtra;
}

/**
 * The record every estimator returns and results.json stores (without `family`): one
 * variant per family, discriminated by `family`.
 */
export type ModelResult = LinearResult | PanelResult | BinaryResult | GlmResult | SurvivalResult | SelectionResult | TreatmentResult | ResamplingResult;

/** Estimator families: one folder each under src/estimators/. */
export type Family = ModelResult['family'];


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
