/**
 * Estimator registry: everything the other stages need to know about an estimator, declared
 * once in the estimator's own folder and asked for by name.
 *
 *   <family>/entry.ts  --one line in estimators/index.ts-->  EstimatorRegistry
 *                                                              |  spec/normalize: options it accepts, requires
 *                                                              |  run/models: design policy, fit
 *                                                              |  run/model-columns: columns it can produce
 *                                                              |  run/placebo: whether and how a placebo refits it
 *                                                              |  run/results-json: its results.json record
 *                                                              v  plan, stats, render: family, statistics
 *
 * The registry is an ordinary value built by createEstimatorRegistry() (estimators/index.ts)
 * and handed to the stages that need it; nothing registers itself on import, so a test can
 * build a registry with exactly the entries it exercises.
 */
import type { Design } from '../design/types.js';
import type { VcovData, VcovKind } from '../vcov/index.js';
import type { Reporter } from '../diagnostics/diagnostic.js';
import type { BinaryExtra, EstimatorName, Family, ModelColumns, ModelResult, StatKey } from './result.js';
import type { DemeanCache } from './linear/cache.js';
import type { MarginsSupport } from '../margins/prediction.js';

/** Model options from the spec, already validated (see docs/spec-language.md, "Model options"). */
export interface FitOptions {
  /** iid | hc1 | cluster; cluster variables are in Design.clusters. */
  readonly vcov: VcovKind | 'default';
  /** The data nw/dk/conley read (run/inference.ts builds them on the estimation rows). */
  readonly vcovData?: Omit<VcovData, 'clusters'>;
  /** Canonical vcov text for results (`nw(2)`, `cluster(a, b^c)`). */
  readonly vcovText?: string;
  /** IV: false = Stata's large-sample output (no small-sample factors, z statistics). */
  readonly small?: boolean;
  /** Small-sample / df profile; default 'stata'. */
  readonly conventions: 'stata' | 'fixest';
  /** Cox ties; default 'breslow'. */
  readonly ties?: 'breslow' | 'efron';
  /** Clustered SE without G/(G−1) (Stata noadjust). */
  readonly noadjust?: boolean;
  /** exponential/Weibull parameterisation; default 'ph'. */
  readonly metric?: 'ph' | 'aft';
  /** Heckman: 'twostep'; IV: '2sls' (default), 'liml', 'gmm' (ivreg2 gmm2s). */
  readonly method?: EstimationMethod;
  /** Probit/logit information matrix; default 'observed' (Stata). */
  readonly information?: 'observed' | 'expected';
  /** Fail instead of dropping when one of these regressors is collinear. */
  readonly focal?: readonly string[];
  /** Demeaning tolerance (default 1e-8) and iteration cap. */
  readonly tol?: number;
  readonly maxIter?: number;
  /** Fixed-effect solver of linear models (linalg/fe-solve/choose.ts); default 'auto'. */
  readonly solver?: 'auto' | 'direct' | 'ap' | 'cg';
  /** Any further estimator-specific options, passed through from the spec. */
  readonly [key: string]: unknown;
}

export interface FitInput {
  readonly id: string;
  /** The formula text as written (after {terms} expansion), for results.json. */
  readonly formula: string;
  readonly design: Design;
  /** Heckman: the selection equation's design (on the full selection sample). */
  readonly selection?: Design;
  readonly options: FitOptions;
  readonly reporter: Reporter;
  /**
   * Optional demeaned-column cache shared by models of one run (same sample and FE set
   * → each column demeaned once). Create one per run with `new DemeanCache()`.
   */
  readonly cache?: DemeanCache;
}

/** Values of a model's `method` (each estimator declares the ones it takes). */
export type EstimationMethod = 'twostep' | '2sls' | 'liml' | 'gmm';

/** Observation weight kinds (Stata aw, pw, fw). */
export type WeightKind = 'analytic' | 'probability' | 'frequency';

/** Estimator families: one folder each under src/estimators/ (the tag of ModelResult). */
export type { Family };

/** Per-row columns a fitted model can give model-derived variables (resid(m), fitted(m), …). */
export type ModelColumnKind = 'xb' | 'fitted' | 'resid' | 'mills' | 'fe';

/** Spec keys of a model that only some estimators accept (the rest are common to all). */
export type EstimatorOptionKey = 'ties' | 'metric' | 'method' | 'selection' | 'period' | 'model' | 'permute' | 'within' | 'draws' | 'seed' | 'grid' | 'interact' | 'formula';

/** What a fitted model hands to its column builder. */
export interface ColumnsInput {
  readonly result: ModelResult;
  readonly design: Design;
  /** The selection equation's design (Heckman). */
  readonly selection?: Design;
}

/** A design rewritten before the fit (e.g. person-period rows), and what to record about it. */
export interface DesignExpansion {
  readonly design: Design;
  /** Merged into the result's `extra` (only binary models expand their rows today). */
  readonly extra: BinaryExtra;
}

export interface DesignPolicy {
  /** Drop singleton groups of absorbed fixed effects (reghdfe); false keeps them (xtreg, re). */
  readonly dropSingletons: boolean;
  /** Takes offset()/exposure() formula terms (Poisson); any other estimator refuses them. */
  readonly offset?: boolean;
  /** Rewrite the design before fitting (cloglog with `period:` → person-period rows). */
  expand?(design: Design, options: { readonly period?: number }): DesignExpansion | undefined;
}

export interface ColumnPolicy {
  readonly kinds: readonly ModelColumnKind[];
  /** What predict(m) returns without `type =`: the linear index or the probability. */
  readonly predictDefault: 'xb' | 'prob';
  compute(m: ColumnsInput): ModelColumns;
}

export interface EstimatorEntry {
  readonly name: EstimatorName;
  readonly family: Family;
  readonly options: {
    /** Estimator-specific spec keys it accepts (a warning names any other it is given). */
    readonly accepts: readonly EstimatorOptionKey[];
    /** Keys it cannot run without (an error when absent). */
    readonly requires: readonly EstimatorOptionKey[];
    /** Values `method` takes when accepted; the first is the default. */
    readonly methods?: readonly EstimationMethod[];
    /** `method` applies only to models with instruments (IV): SS521 on other formulas. */
    readonly methodNeedsInstruments?: boolean;
  };
  readonly design: DesignPolicy;
  readonly columns: ColumnPolicy;
  /** Variance kinds it honours; any other is refused on the spec's `vcov:` line (run/inference.ts). */
  readonly vcov: readonly VcovKind[];
  /** Most cluster ways it takes (default: any number). */
  readonly vcovWays?: number;
  /** Weight kinds it takes (default: none). */
  readonly weights?: readonly WeightKind[];
  /**
   * Weight kinds under one convention profile when they differ from `weights` (binary
   * models: analytic weights are fixest feglm's prior weights, refused under `stata` as
   * Stata's probit refuses aweights).
   */
  readonly weightsUnder?: Partial<Record<'stata' | 'fixest', readonly WeightKind[]>>;
  /**
   * Under `stata`, probability weights refuse the model-based variance (`vcov: iid`), as
   * Stata's ML commands refuse vce(oim) with pweights.
   */
  readonly probabilityNeedsRobust?: boolean;
  /** Statistics its results define (tables may ask for any; others print empty). */
  readonly stats: readonly StatKey[];
  /**
   * How a placebo step re-estimates it on a permuted regressor: 'fwl' (linear models
   * without instruments: only the permuted column is demeaned per draw, draws may run on
   * worker threads), 'refit' (a full fit per draw) or 'none'.
   */
  readonly placebo: 'fwl' | 'refit' | 'none';
  /**
   * Marginal effects (`margins:`): the prediction they differentiate and whether absorbed
   * fixed effects are allowed. Absent: the estimator refuses `margins:` (SS720).
   */
  readonly margins?: MarginsSupport;
  /** The results.json record of one result (default: the result as returned). */
  record?(r: ModelResult): Record<string, unknown>;
  /**
   * The fit. Absent for estimators run as their own plan step rather than on a design
   * (placebo: run/placebo.ts).
   */
  readonly fit?: (input: FitInput) => ModelResult;
}

export class EstimatorRegistry {
  private readonly entries = new Map<string, EstimatorEntry>();

  constructor(entries: readonly EstimatorEntry[]) {
    for (const e of entries) {
      if (this.entries.has(e.name)) throw new Error(`internal: estimator '${e.name}' registered twice`);
      this.entries.set(e.name, e);
    }
  }

  get(name: string): EstimatorEntry | undefined {
    return this.entries.get(name);
  }

  /** Estimators that declare marginal effects. */
  withMargins(): EstimatorName[] {
    return [...this.entries.values()].filter((e) => e.margins !== undefined).map((e) => e.name);
  }

  names(): EstimatorName[] {
    return [...this.entries.keys()] as EstimatorName[];
  }

  /** Estimators that accept an estimator-specific option key. */
  accepting(key: EstimatorOptionKey): EstimatorName[] {
    return [...this.entries.values()].filter((e) => e.options.accepts.includes(key)).map((e) => e.name);
  }

  /** Every estimator-specific option key some estimator accepts. */
  optionKeys(): EstimatorOptionKey[] {
    const keys = new Set<EstimatorOptionKey>();
    for (const e of this.entries.values()) for (const k of e.options.accepts) keys.add(k);
    return [...keys];
  }
}
