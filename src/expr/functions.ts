/**
 * THE registry of functions of the expression language (spec-language.md, methods.md).
 *
 * The grammar checks calls against it (arity, argument names and kinds, context) and the
 * data layer implements each entry in expr/evaluate.ts. Names and parameter names are a
 * public contract: add entries or optional parameters, never rename.
 *
 * Positional arguments fill `params` in order; named arguments match `params[].name`.
 */

export type FunctionKind = 'row' | 'panel' | 'group' | 'column' | 'aggregate' | 'model' | 'measure';

/**
 * - expr: any row-wise expression; number/string/bool: a literal (a negative number is fine);
 * - columns: a column name or a list of names `[a, b]`; model: the name of a model;
 * - values: a literal or a list of literals (`cut` breaks, `recode` from/to).
 */
export type ParamType = 'expr' | 'number' | 'string' | 'columns' | 'model' | 'bool' | 'values';

export interface ParamSpec {
  readonly name: string;
  readonly type: ParamType;
  readonly optional?: boolean;
  readonly default?: unknown;
  /** Allowed literal values (e.g. winsorize `type`: 2 or 7). */
  readonly oneOf?: readonly (number | string)[];
  /** Closed numeric interval for number parameters. */
  readonly min?: number;
  readonly max?: number;
}

export interface FunctionSpec {
  readonly name: string;
  readonly kind: FunctionKind;
  readonly params: readonly ParamSpec[];
  /** The last parameter repeats (pmin, pmax, coalesce). */
  readonly variadic?: boolean;
  /** Needs the table's panel index (id, time). */
  readonly needsPanel?: boolean;
  /** Group functions that are also aggregations under `aggregate:` (without `by`). */
  readonly aggregate?: boolean;
  readonly doc: string;
}

const x = { name: 'x', type: 'expr' } as const;
const by = { name: 'by', type: 'columns' } as const;
const byOpt = { name: 'by', type: 'columns', optional: true } as const;
const n1 = { name: 'n', type: 'number', optional: true, default: 1 } as const;
const model = { name: 'model', type: 'model' } as const;
const m2 = [
  x,
  { name: 'shock', type: 'number', optional: true, default: 2009 },
  { name: 'base', type: 'number', optional: true, default: 2008 },
  { name: 'stabilise', type: 'bool', optional: true, default: true },
] as const;

const row = (name: string, doc: string, params: readonly ParamSpec[] = [x]): FunctionSpec => ({ name, kind: 'row', params, doc });
const panel = (name: string, doc: string, params: readonly ParamSpec[] = [x]): FunctionSpec => ({
  name, kind: 'panel', params, needsPanel: true, doc,
});
const group = (name: string, doc: string, params: readonly ParamSpec[] = [x, by]): FunctionSpec => ({ name, kind: 'group', params, doc });
const column = (name: string, doc: string, params: readonly ParamSpec[]): FunctionSpec => ({ name, kind: 'column', params, doc });
const agg = (name: string, doc: string, params: readonly ParamSpec[] = [x]): FunctionSpec => ({ name, kind: 'aggregate', params, doc });
const mdl = (name: string, doc: string, params: readonly ParamSpec[] = [model]): FunctionSpec => ({ name, kind: 'model', params, doc });

const LIST: readonly FunctionSpec[] = [
  // row-wise
  row('log', 'natural logarithm; non-positive values become missing (counted in a warning)'),
  row('exp', 'exponential'),
  row('sqrt', 'square root; negative values become missing'),
  row('abs', 'absolute value'),
  row('round', 'round half away from zero to `digits` decimals', [x, { name: 'digits', type: 'number', optional: true, default: 0 }]),
  row('floor', 'largest integer not above x'),
  row('ceil', 'smallest integer not below x'),
  row('ifelse', '`yes` where `cond` is true, `no` where false, missing where cond is missing', [
    { name: 'cond', type: 'expr' }, { name: 'yes', type: 'expr' }, { name: 'no', type: 'expr' },
  ]),
  row('isna', 'TRUE where x is missing'),
  { name: 'coalesce', kind: 'row', params: [x, { name: 'y', type: 'expr' }], variadic: true, doc: 'first non-missing of its arguments' },
  row('contains', 'TRUE where the text x contains `pattern` (plain text, not a regex)', [x, { name: 'pattern', type: 'string' }]),
  row('startswith', 'TRUE where the text x starts with `prefix`', [x, { name: 'prefix', type: 'string' }]),
  row('endswith', 'TRUE where the text x ends with `suffix`', [x, { name: 'suffix', type: 'string' }]),
  row('lower', 'text in lower case'),
  row('upper', 'text in upper case'),
  { name: 'pmin', kind: 'row', params: [x, { name: 'y', type: 'expr' }], variadic: true, doc: 'row-wise minimum (missing if any is missing)' },
  { name: 'pmax', kind: 'row', params: [x, { name: 'y', type: 'expr' }], variadic: true, doc: 'row-wise maximum (missing if any is missing)' },
  // panel (need data.<table>.panel {id, time}; gaps in time give missing, as Stata's L.)
  panel('lag', 'value n periods earlier in the same unit (missing across a time gap)', [x, n1]),
  panel('lead', 'value n periods later in the same unit (missing across a time gap)', [x, n1]),
  panel('diff', 'x minus its lag n (missing across a time gap)', [x, n1]),
  panel('growth', 'x / lag(x, n) - 1', [x, n1]),
  panel('base', "the unit's value of x in the period where `when` holds (e.g. year == 2008), broadcast to all its rows", [
    x, { name: 'when', type: 'expr' },
  ]),
  panel('cummax', 'running maximum within the unit, in time order'),
  panel('cumsum', 'running sum within the unit, in time order'),
  panel('first_year', 'the first period in which `cond` holds for the unit, broadcast (missing if never)', [{ name: 'cond', type: 'expr' }]),
  // group (broadcast to rows)
  group('mean_by', 'mean of x within groups of `by`, on every row'),
  group('sum_by', 'sum of x within groups of `by`'),
  group('min_by', 'minimum of x within groups of `by`'),
  group('max_by', 'maximum of x within groups of `by`'),
  group('count_by', 'number of non-missing x within groups of `by`'),
  group('sd_by', 'standard deviation (n - 1) of x within groups of `by`'),
  group('loo_mean', 'leave-one-out mean: mean of x over the other rows of the group (methods M7)'),
  { name: 'share', kind: 'group', params: [x, byOpt], aggregate: true, doc: 'x / sum of x within the group; under aggregate: the group total over the grand total' },
  { name: 'hhi', kind: 'group', params: [x, byOpt], aggregate: true, doc: 'Herfindahl index: sum of squared shares of x within the group (methods M6)' },
  // column-wise
  column('winsorize', 'clip x at its lo and hi quantiles; type 2 = Stata winsor2 (_pctile), 7 = R default (methods M11)', [
    x,
    { name: 'lo', type: 'number', optional: true, default: 0.01, min: 0, max: 1 },
    { name: 'hi', type: 'number', optional: true, default: 0.99, min: 0, max: 1 },
    { name: 'type', type: 'number', optional: true, default: 2, oneOf: [2, 7] },
    byOpt,
  ]),
  column('standardize', '(x - mean) / sd, within `by` groups if given (methods M12)', [x, byOpt]),
  column('center', 'x - mean, within `by` groups if given (methods M12)', [x, byOpt]),
  column('rank', 'rank of x (ties get the average rank), within `by` groups if given', [x, byOpt]),
  column('cut', 'interval index of x for the given break points, or for n equal-count bins if `breaks` is a number', [
    x, { name: 'breaks', type: 'values' }, { name: 'labels', type: 'values', optional: true },
  ]),
  column('recode', 'map the values in `from` to the values in `to`; other values stay unchanged (methods M8)', [
    x, { name: 'from', type: 'values' }, { name: 'to', type: 'values' },
  ]),
  column('dummy', '1 where x equals `level`, 0 otherwise (missing stays missing)', [x, { name: 'level', type: 'values' }]),
  // measurement (methods.md)
  { name: 'recovery_time', kind: 'measure', params: m2, needsPanel: true, doc: 'M2: years from the shock to recovery above the base-year level (RECWT + RECHT); censored units get their last observed duration' },
  { name: 'recovered', kind: 'measure', params: m2, needsPanel: true, doc: 'M2: event flag of recovery_time (1 = recovered in the window, 0 = right-censored)' },
  { name: 'resilience_index', kind: 'measure', params: [x, { name: 'k', type: 'number', optional: true, default: 1 }], needsPanel: true, doc: 'M3: (ln x_it − ln x_i,t−k) − (ln X_t − ln X_t−k) with X_t the total over units' },
  { name: 'spatial_lag', kind: 'measure', params: [x, { name: 'lat', type: 'columns', optional: true, default: 'lat' }, { name: 'lon', type: 'columns', optional: true, default: 'lon' }], needsPanel: true, doc: 'M4: Σ_j w_ij x_jt with w_ij = 1/great-circle distance, w_ii = 1' },
  { name: 'absorbing', kind: 'measure', params: [x], needsPanel: true, doc: 'M10: 1 from the first period with x > 0 onward (= cummax(x > 0))' },
  {
    name: 'tfp_lp',
    kind: 'measure',
    params: [{ name: 'va', type: 'expr' }, { name: 'l', type: 'expr' }, { name: 'k', type: 'expr' }, { name: 'm', type: 'expr' }],
    needsPanel: true,
    doc: 'M13: Levinsohn–Petrin TFP (value added) from logs of value added, labour, capital and the intermediate-input proxy, on the rows of the table',
  },
  // aggregations (only under aggregate:)
  agg('sum', 'sum of x over the group'),
  agg('mean', 'mean of x over the group'),
  agg('weighted_mean', 'Σ w x / Σ w over the group (rows with missing x or w are skipped)', [x, { name: 'w', type: 'expr' }]),
  agg('min', 'minimum of x over the group'),
  agg('max', 'maximum of x over the group'),
  agg('sd', 'standard deviation (n - 1) of x over the group'),
  agg('count', 'number of rows of the group, or of non-missing x if given', [{ ...x, optional: true }]),
  agg('count_distinct', 'number of distinct non-missing values of x in the group'),
  agg('first', 'x on the first row of the group (in table order)'),
  agg('last', 'x on the last row of the group (in table order)'),
  // model-derived columns
  mdl('resid', 'residuals of a model, missing outside its estimation sample'),
  mdl('fitted', 'fitted values of a model, missing outside its estimation sample'),
  mdl('predict', 'prediction of a model for every row; type = "link" or "prob"/"response"', [
    model, { name: 'type', type: 'string', optional: true, default: 'response', oneOf: ['link', 'response', 'prob'] },
  ]),
  mdl('mills', 'inverse Mills ratio φ(xb)/Φ(xb) of a probit model'),
  mdl('fe', 'estimated fixed effect of a model for the named fixed-effect variable', [model, { name: 'name', type: 'string' }]),
];

export const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map(LIST.map((f) => [f.name, f]));
