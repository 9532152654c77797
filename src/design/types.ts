/**
 * Design: what an estimator receives. Built by design/build.ts from a SingleFormula and a
 * Frame (after the estimation sample is applied and rows with missing model variables are
 * dropped). Plain typed arrays, so every estimator can be tested on fixture columns
 * without the compiler in front of it.
 */

/** Integer codes 0..nlevels-1 of a grouping (fixed effect, cluster, stratum). */
export interface Grouping {
  readonly name: string;
  readonly codes: Int32Array;
  readonly nlevels: number;
  /** Level labels, index = code (for `fe(m, "firm")` and tables). */
  readonly levels?: readonly string[];
}

export interface Design {
  readonly n: number;
  /** Outcome (for survival: the exit time). */
  readonly y: Float64Array;
  readonly yName: string;
  /** Exogenous regressor columns, without the intercept. */
  readonly X: readonly Float64Array[];
  readonly names: readonly string[];
  readonly intercept: boolean;
  /** Absorbed fixed effects (empty when none). */
  readonly fe: readonly Grouping[];
  /** IV: endogenous regressors and excluded instruments. */
  readonly endog?: { readonly X: readonly Float64Array[]; readonly names: readonly string[] };
  readonly instruments?: { readonly Z: readonly Float64Array[]; readonly names: readonly string[] };
  /** Survival outcome pieces (Surv(time, event) or Surv(start, stop, event)). */
  readonly surv?: { readonly time: Float64Array; readonly event: Float64Array; readonly start?: Float64Array };
  /** Poisson offset (sum of offset() terms and log of exposure() terms), coefficient fixed at 1. */
  readonly offset?: Float64Array;
  /** Cox strata. */
  readonly strata?: Grouping;
  /** Cluster variables for the vcov (any number of ways; a way may be `a^b`). */
  readonly clusters: readonly Grouping[];
  /** Observation weights on the estimation rows (rows with missing or zero weight are dropped). */
  readonly weights?: Float64Array;
  /** Further columns the inference reads (panel time, coordinates), on the estimation rows. */
  readonly inference?: {
    readonly numeric: Readonly<Record<string, Float64Array>>;
    readonly groupings: Readonly<Record<string, Grouping>>;
  };
  /** Row indices into the source frame of the estimation sample (for resid()/fitted() columns). */
  readonly rows: Int32Array;
  readonly dropped: DesignDrops;
}

export interface DesignDrops {
  /** Rows dropped because a model variable was missing, by variable. */
  readonly missing: number;
  readonly missingBy: Readonly<Record<string, number>>;
  /** Singleton groups of the fixed effects removed (reghdfe rule, iterated). */
  readonly singletons: number;
  /** Rows with a zero weight (Stata drops them from the estimation sample). */
  readonly zeroWeight?: number;
  /** Regressors dropped as collinear, with the reason. */
  readonly collinear: readonly { readonly name: string; readonly reason: 'fixed_effects' | 'regressors' }[];
}
