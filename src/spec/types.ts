/**
 * The study spec as written by the user: the one source of truth for both the TypeScript
 * types (Type.Static) and the published JSON Schema (scripts/gen-schema.ts writes
 * studyspec.schema.json). Every field carries a description so editors show hover docs.
 *
 * Editor completion: put this first line in a spec file (VS Code + the YAML extension):
 *   # yaml-language-server: $schema=<path or URL of studyspec.schema.json>
 *
 * Kind-specific requirements (a summary table needs `variables`, a placebo model needs
 * `model`) are checked in normalize, not here: a schema union would give ajv many noisy
 * errors for one mistake, while one object with optional fields gives one clear error.
 */
import { Type } from 'typebox';
import { FILE_NAME_PATTERN, NAME_MAX } from './names.js';

const Str = (description: string) => Type.String({ description });
const StrList = (description: string) => Type.Array(Type.String(), { description });
const StrMap = (description: string) => Type.Record(Type.String(), Type.String(), { description });

export const ESTIMATORS = [
  'ols', 're', 'probit', 'logit', 'cloglog', 'heckman', 'cox', 'exponential', 'weibull', 'mte', 'placebo', 'poisson', 'between',
] as const;
export const DATA_FORMATS = ['csv', 'parquet', 'json', 'dta', 'xlsx', 'duckdb'] as const;
export const COLUMN_TYPES = ['number', 'integer', 'string', 'bool', 'date'] as const;
export const TABLE_FORMATS = ['latex', 'markdown', 'html', 'docx', 'xlsx', 'csv'] as const;
export const FIGURE_FORMATS = ['svg', 'png', 'pdf'] as const;
export const FONT_SIZES = ['tiny', 'scriptsize', 'footnotesize', 'small', 'normalsize', 'large'] as const;
export const TABLE_KINDS = ['regression', 'summary', 'group-summary'] as const;
export const FIGURE_KINDS = ['density', 'coefplot', 'trend', 'mte', 'event'] as const;
export const BELOW = ['se', 't', 'p', 'ci', 'none'] as const;

/** Names that become file names (spec/names.ts has the same rule in code, with reasons). */
const FILE_NAME = {
  type: 'string',
  pattern: FILE_NAME_PATTERN,
  maxLength: NAME_MAX,
  description:
    'Letters, digits, _, - and . (not first), at most 100 characters; no path separators, no .., not a Windows device name (CON, NUL, COM1 …).',
};

export const LatexOptions = Type.Object(
  {
    raw: Type.Optional(
      Type.Boolean({
        description:
          'Pass LaTeX in labels, titles and notes through even when it uses commands that read or write files or change catcodes (\\input, \\include, \\write, \\openin, \\openout, \\read, \\catcode, \\immediate, \\def …). Only for text you trust. __Default:__ false.',
        default: false,
      }),
    ),
  },
  { additionalProperties: false, description: 'How LaTeX in labels, titles and notes is treated.' },
);

export const JoinSpec = Type.Object(
  {
    table: Str('Name of the table (under `data`) to join onto this one.'),
    on: Type.Union(
      [
        StrList('Key columns with the same name in both tables.'),
        StrMap('Key columns as {left_column: right_column} when the names differ.'),
      ],
      { description: 'Join keys: a list of shared column names, or a {left: right} map.' },
    ),
    how: Type.Optional(
      Type.Enum(['left', 'inner'], { description: 'Join type. __Default:__ `left` (keep every row of this table).' }),
    ),
  },
  { additionalProperties: false, description: 'One join of another table onto this one.' },
);

export const PanelSpec = Type.Object(
  {
    id: Str('Column identifying the unit (firm, person, country).'),
    time: Str('Column holding the time period (integer, e.g. year).'),
  },
  { additionalProperties: false, description: 'Panel structure used by lag/lead/diff and panel functions.' },
);

export const DataTable = Type.Object(
  {
    source: Type.Optional(
      Type.String({
        description:
          'Data file, folder or glob, relative to the spec file: csv/tsv (also .gz, .zst), parquet, json, Stata .dta (formats 113–119), Excel .xlsx, a DuckDB database (.duckdb, with `table` or `query`), or a folder/glob of parquet or csv files read as one table.',
        examples: ['data/firms.csv', 'data/survey.dta', 'data/customs/', 'data/parts/*.parquet'],
      }),
    ),
    format: Type.Optional(
      Type.Enum(DATA_FORMATS, {
        description: 'File format. __Default:__ taken from the file extension (for a folder or glob: from the files in it).',
      }),
    ),
    sheet: Type.Optional(Str('xlsx: name of the worksheet to read. __Default:__ the first sheet.')),
    range: Type.Optional(
      Type.String({
        description: 'xlsx: cell range to read, as in Stata `import excel, cellrange()`; its first row is the header. __Default:__ the used range of the sheet.',
        examples: ['A1:F200', 'B3:H'],
      }),
    ),
    table: Type.Optional(Str('duckdb: table or view of the database file to read (give `table` or `query`).')),
    query: Type.Optional(
      Type.String({
        description: 'duckdb: a SELECT over the tables of the database file (read only); its result is the table.',
        examples: ['select * from firms where year >= 2000'],
      }),
    ),
    hive: Type.Optional(
      Type.Boolean({
        description: 'Folder or glob of parquet/csv files: read `key=value/` folder names as columns (hive partitioning). __Default:__ false.',
        default: false,
      }),
    ),
    labels: Type.Optional(
      Type.Enum(['text', 'codes'], {
        description:
          'dta: value-labelled columns become text levels in code order (`text`; the lowest code is the reference level of `i()`) or keep their numeric codes (`codes`). __Default:__ `text`.',
        default: 'text',
      }),
    ),
    encoding: Type.Optional(
      Type.Enum(['utf-8', 'utf-16', 'latin-1'], {
        description: 'csv: character encoding of the file. __Default:__ `utf-8` (a byte-order mark is skipped).',
        default: 'utf-8',
      }),
    ),
    types: Type.Optional(
      Type.Record(Type.String(), Type.Enum(COLUMN_TYPES), {
        description: 'Column type overrides, e.g. {hs6: string} to keep leading zeros.',
      }),
    ),
    from: Type.Optional(Str('Build this table from another table under `data` instead of a file.')),
    join: Type.Optional(Type.Array(JoinSpec, { description: 'Tables joined onto this one, in order.' })),
    where: Type.Optional(Str('Row filter (expression language), applied after joins.')),
    panel: Type.Optional(PanelSpec),
    variables: Type.Optional(StrMap('Columns computed on this table before `group_by` (name: expression).')),
    group_by: Type.Optional(StrList('Aggregate to one row per combination of these columns.')),
    aggregate: Type.Optional(
      StrMap('Aggregated columns (name: aggregation), e.g. {exports: sum(value)}. Needs `group_by`.'),
    ),
  },
  { additionalProperties: false, description: 'A named table: a file (`source`) or built from another (`from`).' },
);

export const ModelSpec = Type.Object(
  {
    formula: Type.Optional(
      Str('Model formula: `y ~ x + z | fe1 + fe2 | endog ~ instruments`; sw()/csw()/c() give several models.'),
    ),
    estimator: Type.Optional(Type.Enum(ESTIMATORS, { description: 'What is fitted. __Default:__ `ols`.' })),
    data: Type.Optional(Str('Table (under `data`) the model is fitted on. __Default:__ the last table under `data`.')),
    sample: Type.Optional(Str('Name of a sample (under `samples`) restricting the estimation rows.')),
    vcov: Type.Optional(
      Type.String({
        description:
          'Inference: `iid`, `hc1` (alias `robust`), `hc2`, `hc3`, `cluster(a)`, `cluster(a, b, …)` (any number of ways, ' +
          'Cameron–Gelbach–Miller), `cluster(a^b)` (one cluster per combination), `nw(L)` (Newey–West on the panel\'s time), ' +
          '`dk(L)` (Driscoll–Kraay), `conley(cutoff_km, lat = la, lon = lo)`. __Default:__ `iid` (`hc1` with probability weights); ' +
          '`poisson`: `hc1` under `conventions: stata` (ppmlhdfe), and under `conventions: fixest` `cluster(<first FE>)` with FE, `iid` without (fepois).',
        examples: ['iid', 'hc1', 'hc2', 'hc3', 'cluster(firm)', 'cluster(firm, year)', 'cluster(state^year)', 'nw(2)', 'dk(3)', 'conley(100, lat = lat, lon = lon)'],
      }),
    ),
    weights: Type.Optional(
      Type.Union(
        [
          Type.String({ description: 'Column of analytic weights (Stata `[aw=]`, fixest `weights =`).' }),
          Type.Object(
            {
              column: Str('Column holding the weights.'),
              kind: Type.Optional(
                Type.Enum(['analytic', 'probability', 'frequency'], {
                  description:
                    'analytic: Stata `[aw=]` / fixest `weights =`; probability: `[pw=]` (robust inference unless clustered); ' +
                    'frequency: `[fw=]` (`nobs` reports Σw). __Default:__ `analytic`.',
                }),
              ),
            },
            { additionalProperties: false },
          ),
        ],
        { description: 'Observation weights (OLS, fixed effects, IV, random effects, probit, logit).', examples: ['pop', { column: 'pop', kind: 'frequency' }] },
      ),
    ),
    singletons: Type.Optional(
      Type.Enum(['drop', 'keep'], {
        description:
          'Fixed-effect groups of one row: `drop` (reghdfe) or `keep` (fixest, `xtreg, fe`). __Default:__ `drop` under `stata`, `keep` under `fixest` and for random effects.',
      }),
    ),
    small: Type.Optional(
      Type.Boolean({
        description:
          'IV: `false` gives Stata\'s large-sample output (`ivregress`/`ivreg2` without `small`): no (N−1)/(N−K) or G/(G−1), z statistics. __Default:__ `true`.',
      }),
    ),
    conventions: Type.Optional(
      Type.Enum(['stata', 'fixest'], { description: 'Small-sample and df profile. __Default:__ `stata`.' }),
    ),
    ties: Type.Optional(Type.Enum(['breslow', 'efron'], { description: 'Cox ties. __Default:__ `breslow` (Stata).' })),
    noadjust: Type.Optional(
      Type.Boolean({ description: 'Clustered Cox/GLM SE without the G/(G−1) factor (Stata `noadjust`). __Default:__ false.' }),
    ),
    metric: Type.Optional(
      Type.Enum(['ph', 'aft'], { description: 'Exponential/Weibull parameterisation. __Default:__ `ph`.' }),
    ),
    method: Type.Optional(
      Type.Enum(['2sls', 'liml', 'gmm', 'twostep'], {
        description:
          'Estimation method. IV models (with instruments): `2sls` (default), `liml` (limited-information maximum likelihood, κ = smallest eigenvalue, ivreg2 `liml`), `gmm` (two-step efficient GMM, ivreg2 `gmm2s`: weighting matrix from the 2SLS residuals under the model\'s `vcov`). Heckman: `twostep` (default).',
        examples: ['liml', 'gmm'],
      }),
    ),
    selection: Type.Optional(Str('Heckman selection equation (a formula), e.g. `works ~ educ + age + kids`.')),
    period: Type.Optional(
      Type.Number({ description: 'cloglog: expand Surv(time, event) into person-period rows of this width.' }),
    ),
    split: Type.Optional(Str('Column: one model per group of this column.')),
    information: Type.Optional(
      Type.Enum(['observed', 'expected'], { description: 'Information matrix for ML SEs. __Default:__ `observed`.' }),
    ),
    focal: Type.Optional(StrList('Variables that must not be dropped as collinear (an error if they are).')),
    tol: Type.Optional(Type.Number({ description: 'Convergence tolerance (demeaning, Newton steps).' })),
    solver: Type.Optional(
      Type.Enum(['auto', 'direct', 'ap', 'cg'], {
        description:
          'Fixed-effect solver of linear models with absorbed FE: `direct` (exact dense solve; only when every FE but the largest is small), `ap` (accelerated alternating projections, as fixest), `cg` (largest FE eliminated exactly, conjugate gradients on the others with a sparse-Cholesky or Jacobi preconditioner, for low-mobility graphs), `auto` (chosen from the FE graph). The solver that ran is in results.json under `demean.solver`. __Default:__ `auto`.',
        default: 'auto',
      }),
    ),
    maxIter: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Iteration cap of the fixed-effect solver (`ap`: accelerated steps; `cg`: CG steps). __Default:__ 10000.', examples: [100000] }),
    ),
    engine: Type.Optional(
      Type.Enum(['memory', 'sql'], {
        description:
          'Where a linear model is fitted: `memory` (the table is loaded, as fixest and reghdfe do) or `sql` (the rows stay in the ' +
          'data engine: fixed effects are removed by alternating group-by passes and the cross-products and cluster sums are ' +
          'SQL aggregates, so tables larger than memory fit; same estimates and standard errors). `sql` takes `estimator: ols` ' +
          'with numeric terms, any number of fixed effects, and `iid`, `hc1` or `cluster(…)` inference. See docs/scale.md. __Default:__ `memory`.',
        default: 'memory',
        examples: ['sql'],
      }),
    ),
    model: Type.Optional(Str('placebo: the model whose coefficient is re-estimated on permuted data.')),
    permute: Type.Optional(Str('placebo: the variable shuffled across units.')),
    within: Type.Optional(
      Type.Union([Type.String(), Type.Array(Type.String())], {
        description: 'placebo: shuffle only within groups of this column (or columns).',
      }),
    ),
    draws: Type.Optional(Type.Integer({ minimum: 1, description: 'placebo: number of permutations.' })),
    seed: Type.Optional(Type.Integer({ description: 'placebo: random seed (results are reproducible).' })),
    grid: Type.Optional(
      Type.Integer({ minimum: 2, description: 'mte: number of evaluation points of the MTE curve on (0, 1).' }),
    ),
    interact: Type.Optional(
      Type.Enum(['controls', 'all'], {
        description: 'mte: which regressors the local-IV regression interacts with the propensity. __Default:__ `controls` (the non-factor regressors, as mtefe); `all` also interacts factor dummies.',
      }),
    ),
    margins: Type.Optional(
      Type.Object(
        {
          dydx: Type.Optional(
            Type.Union([Type.Literal('all'), Type.Array(Type.String(), { minItems: 1 })], {
              description:
                'Variables whose marginal effect is taken (Stata `margins, dydx(varlist)`): continuous variables as derivatives through every term they enter (`x`, `I(x^2)`, `x:z`, `i(f, x)`), factor variables (`i(f)`) as discrete changes from the base level, one row per level (`f::level`). __Default:__ `all`.',
              examples: ['all', ['educ', 'exper']],
              default: 'all',
            }),
          ),
          at: Type.Optional(
            Type.Enum(['average', 'means'], {
              description:
                '`average`: average marginal effects over the estimation sample (Stata `margins, dydx()`); `means`: effects at the sample means of the variables (Stata `atmeans`). __Default:__ `average`.',
              default: 'average',
            }),
          ),
          dist: Type.Optional(
            Type.Enum(['model', 'normal'], {
              description:
                'Distribution of the margins\' statistics: `model` uses the model\'s own (t with the residual degrees of freedom after OLS, as Stata\'s `margins` with `e(df_r)`; z after ML models); `normal` always z (R marginaleffects). __Default:__ `model` under `conventions: stata`, `normal` under `fixest`.',
            }),
          ),
        },
        {
          additionalProperties: false,
          description:
            'Marginal effects after probit, logit, cloglog, poisson and OLS (Stata `margins, dydx() [atmeans]`), delta-method standard errors from the model\'s vcov; stored as the model `"<model>/margins"` in results.json and usable as a table column.',
          examples: [{ dydx: 'all' }, { dydx: ['educ', 'exper'], at: 'means' }],
        },
      ),
    ),
  },
  { additionalProperties: false, description: 'One model (or a family of models with sw/csw/c()/split).' },
);

export const PanelOfTable = Type.Object(
  {
    title: Type.Optional(Str('Panel heading, e.g. "Panel A: OLS".')),
    models: StrList('Models shown in this panel.'),
    stats: Type.Optional(StrList('Statistic rows of this panel.')),
  },
  { additionalProperties: false, description: 'One panel of a multi-panel table.' },
);

export const TableSpec = Type.Object(
  {
    kind: Type.Optional(
      Type.Enum(TABLE_KINDS, { description: 'Table kind. __Default:__ `regression` (models side by side).' }),
    ),
    title: Type.Optional(Str('Table caption.')),
    models: Type.Optional(StrList('Models, one column each (a multiple-estimation model gives one column per step).')),
    columns: Type.Optional(
      Type.Record(Type.String(), Type.Array(Type.String()), {
        description: 'Grouped column headers: {header: [models]}.',
      }),
    ),
    keep: Type.Optional(StrList('Terms to show (names, `{terms}` lists or /regex/).')),
    drop: Type.Optional(StrList('Terms to hide (names, `{terms}` lists or /regex/).')),
    order: Type.Optional(StrList('Order of the coefficient rows.')),
    labels: Type.Optional(StrMap('Row labels: {term: label}. `$…$` is kept as LaTeX math.')),
    below: Type.Optional(Type.Enum(BELOW, { description: 'What is shown under each estimate. __Default:__ `se`.' })),
    stars: Type.Optional(
      Type.Record(Type.String(), Type.Number({ exclusiveMinimum: 0, maximum: 1 }), {
        description: 'Significance stars: {"*": 0.10, "**": 0.05, "***": 0.01}.',
      }),
    ),
    stats: Type.Optional(StrList('Statistic rows (regression: nobs, r2, adj_r2, …; summary: n, mean, sd, p50, …).')),
    indicators: Type.Optional(
      Type.Union([Type.Literal('auto'), Type.Record(Type.String(), Type.String())], {
        description:
          'Yes/no rows for fixed effects or term lists: {firm: "Firm FE"}, or `auto`: one row per absorbed fixed effect of the table\'s models. __Default:__ auto.',
        examples: ['auto', { firm: 'Firm FE', year: 'Year FE' }],
      }),
    ),
    depvar: Type.Optional(
      Type.Boolean({ description: 'A "Dependent variable" row with the label of each column\'s outcome. __Default:__ true.', default: true }),
    ),
    extra_rows: Type.Optional(
      Type.Array(
        Type.Object(
          {
            label: Str('Row label.'),
            values: Type.Array(Type.Union([Type.String(), Type.Number(), Type.Null()]), { description: 'One value per model column.' }),
          },
          { additionalProperties: false, description: 'A row under the statistics.' },
        ),
        { description: 'Rows added under the statistics, one value per column: [{label: "Sample", values: [Full, Full, Post]}].' },
      ),
    ),
    label: Type.Optional(Str('LaTeX: \\label{} of the table, e.g. tab:baseline.')),
    fragment: Type.Optional(
      Type.Boolean({ description: 'LaTeX: write the tabular only (no table float, caption or notes), to \\input into your own. __Default:__ false.', default: false }),
    ),
    font_size: Type.Optional(Type.Enum(FONT_SIZES, { description: 'LaTeX: font size of the table (\\small, \\footnotesize …).' })),
    resize: Type.Optional(
      Type.Boolean({ description: 'LaTeX: scale the table to the text width with \\resizebox (needs \\usepackage{graphicx}). __Default:__ false.', default: false }),
    ),
    words: Type.Optional(StrMap('Words of the indicator rows: {yes: "Yes", no: "No", na: "—"} (na: a cell a model lacks).')),
    titles: Type.Optional(StrMap('A title above a model\'s column number: {rect: "冲击到恢复"}.')),
    controls: Type.Optional(StrMap('Yes/no rows saying whether a model has these terms: {Controls: "{controls}"}.')),
    lang: Type.Optional(Type.Enum(['en', 'zh'], { description: 'Language of built-in words (statistic labels, Yes/No, notes). __Default:__ en.' })),
    numbers: Type.Optional(Type.Boolean({ description: 'The (1) (2) … row of model numbers. __Default:__ true.' })),
    intercept: Type.Optional(Type.Boolean({ description: 'Show the intercept row. __Default:__ true.' })),
    auto_notes: Type.Optional(Type.Boolean({ description: 'Notes generated from the results (SE type, clusters, drops, stars). __Default:__ true.' })),
    siunitx: Type.Optional(
      Type.Boolean({
        description: 'LaTeX: numbers aligned on the decimal point (siunitx S columns, formats computed from the numbers); false gives plain centred columns. __Default:__ true.',
        default: true,
      }),
    ),
    format: Type.Optional(
      Type.Union([Type.Enum(TABLE_FORMATS), Type.Array(Type.Enum(TABLE_FORMATS))], {
        description: 'Output formats: latex, markdown, html, docx, xlsx, csv (model,term,statistic,value at full precision). __Default:__ [latex, markdown].',
      }),
    ),
    template: Type.Optional(Str('Path of a user handlebars template, relative to the spec (inside the spec\'s folder unless --allow-outside).')),
    latex: Type.Optional(LatexOptions),
    panels: Type.Optional(Type.Array(PanelOfTable, { description: 'Panels (A, B, …) each with its own models.' })),
    notes: Type.Optional(
      Type.Union([Type.String(), Type.Array(Type.String())], { description: 'Notes printed under the table.' }),
    ),
    decimals: Type.Optional(Type.Integer({ minimum: 0, maximum: 12, description: 'Decimals. __Default:__ 3.' })),
    constant: Type.Optional(
      Type.Boolean({
        description:
          "Show a constant row for fixed-effects models as reghdfe and xtreg, fe report it (_cons = mean(y) − mean(x)'b). __Default:__ false.",
      }),
    ),
    variables: Type.Optional(StrList('summary / group-summary: variables described.')),
    by: Type.Optional(
      Type.Union([Type.String(), Type.Array(Type.String())], { description: 'summary / group-summary: grouping.' }),
    ),
    data: Type.Optional(Str('summary / group-summary: table described. __Default:__ the last table under `data`.')),
    sample: Type.Optional(Str('summary / group-summary: sample restricting the rows.')),
  },
  { additionalProperties: false, description: 'A table of models, or a summary of variables.' },
);

export const FigureSpec = Type.Object(
  {
    kind: Type.Enum(FIGURE_KINDS, { description: 'density | coefplot | trend | mte | event (coefficients of i(time, …, ref = r) against time).' }),
    of: Type.Optional(
      Type.Union([Type.String(), Type.Array(Type.String())], {
        description: 'What is drawn: a placebo or mte model, coefplot models, or a trend variable.',
      }),
    ),
    mark: Type.Optional(Str('density: value marked with a vertical line (`observed`).')),
    x: Type.Optional(Str('trend: time column on the x axis.')),
    y: Type.Optional(Str('trend: variable on the y axis (alternative to `of`).')),
    by: Type.Optional(Str('trend: one line per group of this column.')),
    keep: Type.Optional(StrList('coefplot: terms shown.')),
    drop: Type.Optional(StrList('coefplot: terms hidden.')),
    labels: Type.Optional(StrMap('Labels of terms, variables and groups (over the study\'s top-level labels).')),
    width: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Plot width in pixels (SVG; PDF points). __Default:__ 480.', default: 480 })),
    height: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Plot height in pixels. __Default:__ 300.', default: 300 })),
    scale: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'PNG zoom. __Default:__ 2.', default: 2 })),
    level: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'coefplot / event: confidence level of the intervals. __Default:__ 0.95.', default: 0.95 }),
    ),
    x_label: Type.Optional(Str('Title of the x axis.')),
    y_label: Type.Optional(Str('Title of the y axis.')),
    data: Type.Optional(Str('trend: table drawn from. __Default:__ the last table under `data`.')),
    sample: Type.Optional(Str('trend: sample restricting the rows.')),
    title: Type.Optional(Str('Figure title.')),
    format: Type.Optional(
      Type.Union([Type.Enum(FIGURE_FORMATS), Type.Array(Type.Enum(FIGURE_FORMATS))], {
        description: 'Output formats: svg, png, pdf (vector, for pdflatex). __Default:__ [svg, png].',
      }),
    ),
  },
  { additionalProperties: false, description: 'A figure.' },
);

export const StudySpec = Type.Object(
  {
    version: Type.Optional(Type.Literal(1, { description: 'Spec language version (1).' })),
    title: Type.Optional(Str('Title of the study.')),
    description: Type.Optional(Str('Free text about the study.')),
    data: Type.Record(Type.String(), DataTable, { description: 'Named tables: files or tables built from tables.' }),
    variables: Type.Optional(
      StrMap('Derived columns (name: expression), evaluated on whichever table uses them; order free.'),
    ),
    samples: Type.Optional(StrMap('Named row filters (name: condition).')),
    terms: Type.Optional(StrMap('Named term lists used as {name} in formulas, e.g. controls: a + b + c.')),
    models: Type.Optional(Type.Record(Type.String(), ModelSpec, { description: 'Named models.', propertyNames: FILE_NAME })),
    tables: Type.Optional(
      Type.Record(Type.String(), TableSpec, {
        description: 'Named tables of results. Each name is also a file name (tables/<name>.tex …).',
        propertyNames: FILE_NAME,
      }),
    ),
    latex: Type.Optional(LatexOptions),
    figures: Type.Optional(
      Type.Record(Type.String(), FigureSpec, {
        description: 'Named figures. Each name is also a file name (figures/<name>.svg …).',
        propertyNames: FILE_NAME,
      }),
    ),
    labels: Type.Optional(
      StrMap('One label dictionary for all tables and figures: {QUA: Quality, lnage: "log age"}. A table\'s or figure\'s own labels override it.'),
    ),
  },
  {
    additionalProperties: false,
    $id: 'https://studyspec.dev/schema/v1/studyspec.schema.json',
    title: 'studyspec study',
    description: 'A whole empirical study: data, variables, samples, models, tables and figures.',
  },
);

export type JoinSpec = Type.Static<typeof JoinSpec>;
export type PanelSpec = Type.Static<typeof PanelSpec>;
export type DataTable = Type.Static<typeof DataTable>;
export type ModelSpec = Type.Static<typeof ModelSpec>;
export type TableSpec = Type.Static<typeof TableSpec>;
export type FigureSpec = Type.Static<typeof FigureSpec>;
export type StudySpec = Type.Static<typeof StudySpec>;
export type Estimator = (typeof ESTIMATORS)[number];
