/**
 * The normalized spec: every default filled, every formula and expression parsed, names
 * canonical. Plain JSON (ASTs are plain objects), so `studyspec plan --json` can print it
 * and tests can compare it. Paths point back into the YAML for diagnostics.
 */
import type { Expr } from '../expr/ast.js';
import type { Formula, SingleFormula } from '../formula/ast.js';
import type { SourceFormat, SourceOptions } from '../data/formats.js';
import type { Estimator } from './types.js';
import type { EstimationMethod } from '../estimators/registry.js';

export type SpecPath = readonly (string | number)[];

/** An expression as written, parsed. */
export interface NormExpr {
  readonly text: string;
  readonly expr: Expr;
  readonly path: SpecPath;
}

export interface NormJoin {
  readonly table: string;
  readonly on: readonly { readonly left: string; readonly right: string; readonly path: SpecPath }[];
  readonly how: 'left' | 'inner';
  readonly path: SpecPath;
}

export interface NormData {
  readonly name: string;
  readonly path: SpecPath;
  /** Path as written (relative to the spec) and resolved to an absolute path. */
  readonly source?: { readonly written: string; readonly resolved: string; readonly format: SourceFormat; readonly options: SourceOptions };
  readonly types: Readonly<Record<string, 'number' | 'integer' | 'string' | 'bool' | 'date'>>;
  readonly from?: string;
  readonly join: readonly NormJoin[];
  readonly where?: NormExpr;
  readonly panel?: { readonly id: string; readonly time: string };
  readonly variables: Readonly<Record<string, NormExpr>>;
  readonly groupBy?: readonly string[];
  readonly aggregate?: Readonly<Record<string, NormExpr>>;
}

export type VcovType = 'iid' | 'hc1' | 'hc2' | 'hc3' | 'cluster' | 'nw' | 'dk' | 'conley';

export interface Vcov {
  readonly type: VcovType;
  /** Cluster variables, each `a` or `a^b` (one cluster per combination). */
  readonly clusters: readonly string[];
  /** nw/dk: the number of lags L (Bartlett weights 1 − l/(L+1)). */
  readonly lag?: number;
  /** conley: cutoff in km and the latitude/longitude columns (degrees). */
  readonly conley?: { readonly cutoff: number; readonly lat: string; readonly lon: string };
  /** Canonical text, e.g. `cluster(firm, year)`. */
  readonly text: string;
}

export interface Weights {
  readonly column: string;
  readonly kind: 'analytic' | 'probability' | 'frequency';
}

export interface NormFormula {
  readonly text: string;
  readonly ast: Formula;
  /** After sw/csw/c() expansion; one entry (without step) for a plain formula. */
  readonly singles: readonly SingleFormula[];
  readonly path: SpecPath;
}

export interface NormModel {
  readonly name: string;
  readonly path: SpecPath;
  readonly estimator: Estimator;
  readonly data: string;
  readonly sample?: string;
  readonly formula?: NormFormula;
  readonly selection?: NormFormula;
  readonly vcov: Vcov;
  /** True when `vcov` was written in the spec (probability weights default to hc1 otherwise). */
  readonly vcovGiven: boolean;
  readonly weights?: Weights;
  /** Singleton FE groups; undefined = the profile's default (see run/models.ts). */
  readonly singletons?: 'drop' | 'keep';
  /** IV small-sample output (Stata `small`); false = large-sample z inference. */
  readonly small: boolean;
  readonly conventions: 'stata' | 'fixest';
  readonly ties: 'breslow' | 'efron';
  readonly noadjust: boolean;
  readonly metric: 'ph' | 'aft';
  /** The estimator's method: its entry's first `methods` value unless written (IV: 2sls, Heckman: twostep). */
  readonly method: EstimationMethod;
  readonly information: 'observed' | 'expected';
  readonly period?: number;
  readonly split?: string;
  readonly focal: readonly string[];
  readonly tol?: number;
  /** Fixed-effect solver request (linear FE models) and its iteration cap. */
  readonly solver?: 'auto' | 'direct' | 'ap' | 'cg';
  readonly maxIter?: number;
  /** Where a linear model is fitted: in memory (default) or inside the data engine (src/sqlfe/). */
  readonly engine: 'memory' | 'sql';
  readonly placebo?: {
    readonly model: string;
    readonly permute: string;
    readonly within: readonly string[];
    readonly draws: number;
    readonly seed: number;
  };
  readonly mte?: { readonly grid: number; readonly interact: 'controls' | 'all' };
  /** Marginal effects after the fit (src/margins/), stored as "<model>/margins". */
  readonly margins?: MarginsOptions;
}

export interface MarginsOptions {
  /** Variables, or every regressor variable. */
  readonly dydx: readonly string[] | 'all';
  readonly at: 'average' | 'means';
  /** 'model': the model's t (OLS, Stata margins with e(df_r)) or z; 'normal': always z. */
  readonly dist: 'model' | 'normal';
}

export interface NormTable {
  readonly name: string;
  readonly path: SpecPath;
  readonly kind: 'regression' | 'summary' | 'group-summary';
  readonly title?: string;
  /** Models (names or name/step keys) in column order, from `models`, `columns` and `panels`. */
  readonly models: readonly string[];
  /** Every model reference with the spec path where it is written (for unknown-model errors). */
  readonly modelRefs: readonly { readonly ref: string; readonly path: SpecPath }[];
  readonly columns?: Readonly<Record<string, readonly string[]>>;
  readonly keep?: readonly string[];
  readonly drop?: readonly string[];
  readonly order?: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly below: 'se' | 't' | 'p' | 'ci' | 'none';
  readonly stars: Readonly<Record<string, number>>;
  readonly stats?: readonly string[];
  readonly indicators?: Readonly<Record<string, string>> | 'auto';
  readonly depvar?: boolean;
  readonly extra_rows?: readonly { readonly label: string; readonly values: readonly (string | number | null)[] }[];
  readonly label?: string;
  readonly fragment?: boolean;
  readonly font_size?: 'tiny' | 'scriptsize' | 'footnotesize' | 'small' | 'normalsize' | 'large';
  readonly resize?: boolean;
  readonly words?: Readonly<Record<string, string>>;
  readonly format: readonly ('latex' | 'markdown' | 'html' | 'docx' | 'xlsx' | 'csv')[];
  readonly template?: string;
  readonly panels?: readonly { readonly title?: string; readonly models: readonly string[]; readonly stats?: readonly string[] }[];
  readonly notes: readonly string[];
  readonly decimals: number;
  readonly titles?: Readonly<Record<string, string>>;
  readonly controls?: Readonly<Record<string, string>>;
  readonly lang?: 'en' | 'zh';
  readonly numbers?: boolean;
  readonly intercept?: boolean;
  readonly auto_notes?: boolean;
  readonly siunitx?: boolean;
  /** Stata-style constant row for fixed-effects models (reghdfe's _cons). */
  readonly constant: boolean;
  readonly variables?: readonly string[];
  readonly by?: readonly string[];
  readonly data?: string;
  readonly sample?: string;
}

export interface NormFigure {
  readonly name: string;
  readonly path: SpecPath;
  readonly kind: 'density' | 'coefplot' | 'trend' | 'mte' | 'event';
  readonly of: readonly string[];
  readonly drop?: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
  readonly width?: number;
  readonly height?: number;
  readonly scale?: number;
  readonly level?: number;
  readonly x_label?: string;
  readonly y_label?: string;
  readonly mark?: string;
  readonly x?: string;
  readonly y?: string;
  readonly by?: string;
  readonly keep?: readonly string[];
  readonly data?: string;
  readonly sample?: string;
  readonly title?: string;
  readonly format: readonly ('svg' | 'png' | 'pdf')[];
}

export interface NormalizedSpec {
  readonly version: 1;
  readonly title?: string;
  /** The spec file (as given) and the folder that relative paths start from. */
  readonly file: string;
  readonly specDir: string;
  /** Table names in the order written; the last one is the default `data` of models. */
  readonly dataOrder: readonly string[];
  readonly defaultData: string;
  readonly data: Readonly<Record<string, NormData>>;
  readonly variables: Readonly<Record<string, NormExpr>>;
  readonly samples: Readonly<Record<string, NormExpr>>;
  readonly terms: Readonly<Record<string, string>>;
  readonly models: Readonly<Record<string, NormModel>>;
  readonly tables: Readonly<Record<string, NormTable>>;
  readonly figures: Readonly<Record<string, NormFigure>>;
  /** Top-level `labels:` for every table and figure (each one's own labels win). */
  readonly labels: Readonly<Record<string, string>>;
}
