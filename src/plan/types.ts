/**
 * The plan: a DAG of typed steps with stable ids, compiled from the NormalizedSpec.
 * The runner executes `steps` in the given (topological) order; every step lists the ids
 * it needs in `deps`, so independent steps may run in any order or in parallel.
 *
 * Step ids:
 *   data.<table>                 a table (file, or built from/joined/aggregated)
 *   var.<name>@<table>           a spec variable evaluated on a table
 *   sample.<name>@<table>        a sample's row mask on a table
 *   model.<name>                 one model
 *   model.<name>/<step>          one step of a multiple-estimation model (sw/csw/c())
 *   table.<name>, figure.<name>
 * A `split` model is one step of kind 'split' (per multiple-estimation step): its groups
 * are known only once the data are read, so the runner fits one model per group and stores
 * each result under `<resultKey>/<group>` (e.g. `by_region/east`).
 */
import type { Expr } from '../expr/ast.js';
import type { SingleFormula } from '../formula/ast.js';
import type { NormData, NormExpr, NormFigure, NormModel, NormTable, NormalizedSpec, SpecPath } from '../spec/normalized.js';

export type StepKind = 'data' | 'variable' | 'sample' | 'model' | 'split' | 'placebo' | 'table' | 'figure';

interface StepBase {
  readonly id: string;
  readonly kind: StepKind;
  /** Ids of the steps this one reads; all appear earlier in Plan.steps. */
  readonly deps: readonly string[];
  /** Where in the spec the step is defined (for diagnostics at run time). */
  readonly path: SpecPath;
}

export interface DataStep extends StepBase {
  readonly kind: 'data';
  readonly table: string;
  readonly spec: NormData;
  /** Columns the finished table has (file header, joins, variables, aggregates). */
  readonly columns: readonly string[];
  /**
   * Spec variables used by this table's own expressions (where/variables/aggregate); they
   * are evaluated on the `from` table first (steps `var.<name>@<from>` among deps).
   */
  readonly uses: readonly string[];
}

export interface VariableStep extends StepBase {
  readonly kind: 'variable';
  readonly name: string;
  readonly table: string;
  readonly expr: NormExpr;
  /** Result keys of the models whose resid/fitted/predict/mills/fe this variable reads. */
  readonly models: readonly string[];
}

export interface SampleStep extends StepBase {
  readonly kind: 'sample';
  readonly name: string;
  readonly table: string;
  readonly expr: NormExpr;
}

/** Options handed to the estimator, as normalized (defaults filled). */
export type ModelOptions = Omit<NormModel, 'name' | 'path' | 'formula' | 'selection' | 'data' | 'sample' | 'split'>;

export interface ModelStep extends StepBase {
  readonly kind: 'model' | 'split';
  readonly name: string;
  /** Key in results.json: `<name>` or `<name>/<step>` (split adds `/<group>` at run time). */
  readonly resultKey: string;
  readonly step?: string;
  readonly estimator: NormModel['estimator'];
  readonly formula: SingleFormula;
  /** Canonical text of this step's formula (after sw/csw/c() expansion). */
  readonly formulaText: string;
  readonly selection?: SingleFormula;
  readonly options: ModelOptions;
  readonly table: string;
  readonly sample?: string;
  /** Sample step id, when a sample is used. */
  readonly sampleStep?: string;
  /** Only for kind 'split': the column whose groups get one model each. */
  readonly split?: string;
  /**
   * Steps with equal keys share data rows and absorbed fixed effects, so demeaned columns
   * can be reused between them: `<table>|<sample>|<split>|<fe1+fe2^fe3>`.
   */
  readonly cacheKey: string;
  /** Spec variables (names) the formula reads, evaluated on `table`. */
  readonly variables: readonly string[];
}

export interface PlaceboStep extends StepBase {
  readonly kind: 'placebo';
  readonly name: string;
  readonly resultKey: string;
  /** Step id of the model whose focal coefficient is re-estimated. */
  readonly target: string;
  readonly permute: string;
  readonly within: readonly string[];
  readonly draws: number;
  readonly seed: number;
}

export interface TableStep extends StepBase {
  readonly kind: 'table';
  readonly name: string;
  readonly spec: NormTable;
  /** Result keys shown, in column order (multiple-estimation models expanded to their steps). */
  readonly results: readonly string[];
  /** summary / group-summary: the table described and the variables evaluated on it. */
  readonly table?: string;
}

export interface FigureStep extends StepBase {
  readonly kind: 'figure';
  readonly name: string;
  readonly spec: NormFigure;
  readonly results: readonly string[];
  readonly table?: string;
}

export type Step = DataStep | VariableStep | SampleStep | ModelStep | PlaceboStep | TableStep | FigureStep;

export interface Plan {
  readonly spec: NormalizedSpec;
  /** Topologically sorted: every step after all of its deps. */
  readonly steps: readonly Step[];
}

/** Names of spec variables and model references read by an expression. */
export interface ExprRefs {
  readonly names: ReadonlySet<string>;
  readonly models: readonly { readonly name: string; readonly span: Expr['span'] }[];
}
