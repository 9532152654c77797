/**
 * Table and figure specs as the render stage reads them. These mirror the `tables:` and
 * `figures:` entries of docs/spec-language.md; the spec stage's schema types are meant to be
 * structurally identical, so a validated spec entry can be passed here unchanged.
 *
 * Every option is optional except what identifies the content (models, variables, of…);
 * defaults are stated on each field and applied in one place (table-model.ts / summary.ts).
 */

/** Output formats of a table. */
export type TableFormat = 'latex' | 'markdown' | 'html' | 'docx' | 'xlsx' | 'csv';

/** LaTeX font size commands a table may use. */
export type FontSize = 'tiny' | 'scriptsize' | 'footnotesize' | 'small' | 'normalsize' | 'large';

/** A row added under the statistics: one value per column. */
export interface ExtraRow {
  readonly label: string;
  readonly values: readonly (string | number | null)[];
}

/** What is printed under each coefficient. */
export type BelowKind = 'se' | 't' | 'p' | 'ci' | 'none';

/** Language of built-in words (statistic labels, Yes/No, notes). */
export type Lang = 'en' | 'zh';

/** Passed in by the caller and written as a comment into every generated file. */
export interface Provenance {
  readonly spec_sha256: string;
  readonly data_sha256: string;
  readonly tool_version: string;
}

/** One panel of a multi-panel regression table (Panel A, Panel B …). */
export interface PanelSpec {
  readonly title: string;
  readonly models: readonly string[];
  /** Statistic rows for this panel; default: the table's `stats`. */
  readonly stats?: readonly string[];
}

/** A regression table (kind: regression, the default). */
export interface RegressionTableSpec {
  readonly kind?: 'regression';
  readonly title?: string;
  /** Model ids in column order (also the keys of the results map, e.g. `steps/3`). */
  readonly models?: readonly string[];
  /** Grouped headers: group label → models it spans (must be adjacent columns). */
  readonly columns?: Readonly<Record<string, readonly string[]>>;
  /** Per-model column title printed above the model number, e.g. {rect: "冲击到恢复"}. */
  readonly titles?: Readonly<Record<string, string>>;
  /**
   * Term selection. Entries are exact term names, `{name}` term lists (expanded with
   * RenderOptions.terms), or regexes written `/pattern/` (JavaScript syntax, matched against
   * the term name). keep: only these (in this order unless `order` is given); drop: remove.
   */
  readonly keep?: readonly string[];
  readonly drop?: readonly string[];
  /** Terms matched first, in this order; the rest follow in their first-seen order. */
  readonly order?: readonly string[];
  /** Term (or model-level key such as a FE variable) → display label. */
  readonly labels?: Readonly<Record<string, string>>;
  /** default 'se' */
  readonly below?: BelowKind;
  /** Star symbol → p threshold; default {"*": 0.10, "**": 0.05, "***": 0.01}; `{}` = no stars. */
  readonly stars?: Readonly<Record<string, number>>;
  /** Statistic keys from the stats registry (src/stats); default [nobs, r2]. */
  readonly stats?: readonly string[];
  /**
   * Indicator rows (yes/no). Key = fixed-effect variable (yes when the model absorbs it or
   * has i(var) terms), or `{name}` term list / regex (yes when the model has any of those
   * terms). Value = row label. Example: {firm: 企业效应, Controls: "{controls}"} is also
   * accepted in the reverse form label → `{name}` (value starts with `{`).
   */
  readonly indicators?: Readonly<Record<string, string>> | 'auto';
  /** "Dependent variable" row with the label of each column's outcome; default true. */
  readonly depvar?: boolean;
  /** Rows under the statistics, one value per column (numbers print as written). */
  readonly extra_rows?: readonly ExtraRow[];
  /** LaTeX: `\label{…}` after the caption. */
  readonly label?: string;
  /** LaTeX: the tabular only (no table float, caption or notes); default false. */
  readonly fragment?: boolean;
  /** LaTeX: font size of the table body (`small`, `footnotesize` …). */
  readonly font_size?: FontSize;
  /** LaTeX: scale the table to the text width (`\resizebox`, needs graphicx); default false. */
  readonly resize?: boolean;
  /**
   * Controls rows: label → `{name}` term list or `/regex/`; Yes when the model has any of those
   * terms. Printed before the `indicators` rows. Example: {Controls: "{controls}"}.
   */
  readonly controls?: Readonly<Record<string, string>>;
  /** Words for yes/no (default by language: Yes/No, 是/否) and for a cell a model lacks (`na`, default empty). */
  readonly words?: { readonly yes?: string; readonly no?: string; readonly na?: string };
  /** default ['latex', 'markdown'] */
  readonly format?: readonly TableFormat[];
  /** Path to the user's own handlebars template (one format: by its extension .tex/.md/.html before .hbs). */
  readonly template?: string;
  readonly panels?: readonly PanelSpec[];
  /** Extra note lines appended after the generated ones. */
  readonly notes?: readonly string[];
  /** Generated notes (SE type, clusters, drops, star legend); default true. */
  readonly auto_notes?: boolean;
  /** Decimals of coefficients and below-rows; default 3. */
  readonly decimals?: number;
  /** Model numbers (1) (2) … row; default true. */
  readonly numbers?: boolean;
  /** Show the intercept row; default true. */
  readonly intercept?: boolean;
  /** LaTeX: siunitx S columns for decimal alignment (formats computed from the numbers); default true. */
  readonly siunitx?: boolean;
  /** Language of built-in words; default RenderOptions.lang or 'en'. */
  readonly lang?: Lang;
}

/** Descriptive statistics (T2). */
export interface SummaryTableSpec {
  readonly kind: 'summary';
  readonly title?: string;
  readonly variables: readonly string[];
  /** n, mean, sd, min, max, median, p1 … p99; default [n, mean, sd, min, max]. */
  readonly stats?: readonly string[];
  /** Grouping variable: one block of stat columns per group value. */
  readonly by?: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** Variable → definition text; adds a definitions column when given. */
  readonly definitions?: Readonly<Record<string, string>>;
  readonly format?: readonly TableFormat[];
  readonly template?: string;
  readonly notes?: readonly string[];
  readonly decimals?: number;
  readonly lang?: Lang;
}

/** Mean (or another statistic) of a variable by one or two groups (T3). */
export interface GroupSummaryTableSpec {
  readonly kind: 'group-summary';
  readonly title?: string;
  readonly variable: string;
  /** One grouping variable (rows) or two (rows × columns). */
  readonly by: readonly string[];
  /** default 'mean' */
  readonly stat?: string;
  /** Add a total row/column; default true. */
  readonly total?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
  readonly format?: readonly TableFormat[];
  readonly template?: string;
  readonly notes?: readonly string[];
  readonly decimals?: number;
  readonly lang?: Lang;
}

export type TableSpec = RegressionTableSpec | SummaryTableSpec | GroupSummaryTableSpec;

/** Figures (F1, F2, coefficient plots, MTE curves). */
export interface FigureCommon {
  readonly title?: string;
  readonly x_label?: string;
  readonly y_label?: string;
  /** Pixels of the SVG; PNG is rendered at `scale` times this. Defaults 480 × 300, scale 2. */
  readonly width?: number;
  readonly height?: number;
  readonly scale?: number;
  /** default ['svg', 'png'] */
  readonly format?: readonly ('svg' | 'png' | 'pdf')[];
  /** Labels of terms, variables and groups (over the study's labels). */
  readonly labels?: Readonly<Record<string, string>>;
}

export interface DensityFigureSpec extends FigureCommon {
  readonly kind: 'density';
  /** The placebo model whose draws are plotted. */
  readonly of: string;
  /** 'observed' marks the observed coefficient with a vertical line; default 'observed'. */
  readonly mark?: 'observed' | 'none';
  /** Kernel bandwidth; default Silverman's rule of thumb (see figures/density.ts). */
  readonly bandwidth?: number;
}

export interface CoefplotFigureSpec extends FigureCommon {
  readonly kind: 'coefplot';
  readonly models: readonly string[];
  readonly keep?: readonly string[];
  readonly drop?: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
  /** Confidence level; default 0.95. */
  readonly level?: number;
}

export interface TrendFigureSpec extends FigureCommon {
  readonly kind: 'trend';
  readonly variable: string;
  readonly time: string;
  /** Group variable: one line per group; omitted = one line for all rows. */
  readonly by?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface MteFigureSpec extends FigureCommon {
  readonly kind: 'mte';
  readonly of: string;
}

/** Event study: coefficients of `i(time, …, ref = r)` against time, the reference period at 0. */
export interface EventFigureSpec extends FigureCommon {
  readonly kind: 'event';
  readonly models: readonly string[];
  /** Confidence level; default 0.95. */
  readonly level?: number;
}

export type FigureSpec = DensityFigureSpec | CoefplotFigureSpec | TrendFigureSpec | MteFigureSpec | EventFigureSpec;

/** Options every render entry point takes. */
export interface RenderOptions {
  /** Output root; tables go to <outDir>/tables, figures to <outDir>/figures. */
  readonly outDir: string;
  readonly provenance: Provenance;
  readonly lang?: Lang;
  /** `terms:` entries of the spec, used to expand `{name}` in keep/drop/order/indicators. */
  readonly terms?: Readonly<Record<string, readonly string[]>>;
  /** Folder that relative `template:` paths are resolved against (the spec's folder). */
  readonly specDir?: string;
  /** The study's top-level `labels:` (under a table's or figure's own labels). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Variable labels read from the data (e.g. Stata .dta), under the study's labels. */
  readonly dataLabels?: Readonly<Record<string, string>>;
}
