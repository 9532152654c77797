/**
 * Messages of expression evaluation on frames: derived variables, panel and group functions,
 * measurement functions, samples, descriptive statistics (codes SS45x–SS49x).
 * Codes are stable once released: add new codes, never renumber.
 * Builder names carry a `var` prefix because all stage files are spread into one catalogue.
 */
import type { Message } from './index.js';

const list = (xs: readonly string[]): string => xs.map((x) => `'${x}'`).join(', ');

export const variablesMessages = {
  varDomainWarning: (fn: string, n: number, what: string): Message => ({
    code: 'SS450',
    message: `${fn} of ${n} ${what} value${n === 1 ? '' : 's'} set to missing`,
  }),
  varUnknownColumn: (name: string): Message => ({
    code: 'SS451',
    message: `unknown column or variable '${name}'`,
  }),
  varUnknownFunction: (name: string): Message => ({
    code: 'SS452',
    message: `unknown function '${name}'`,
  }),
  varPanelRequired: (fn: string): Message => ({
    code: 'SS453',
    message: `${fn}() needs a panel table, but this table has no panel index`,
    notes: ["declare it on the data entry, e.g. `panel: { id: firm, time: year }`"],
  }),
  varPanelColumnMissing: (role: string, name: string): Message => ({
    code: 'SS454',
    message: `panel ${role} column '${name}' is not in the table`,
  }),
  varPanelDuplicate: (idName: string, timeName: string, id: string, time: string): Message => ({
    code: 'SS455',
    message: `duplicate panel row: (${idName}, ${timeName}) = (${id}, ${time}) occurs more than once`,
    notes: ['panel functions need one row per unit and time; aggregate or deduplicate the table first'],
  }),
  varPanelTimeNotNumeric: (name: string): Message => ({
    code: 'SS456',
    message: `panel time column '${name}' must be numeric`,
  }),
  varExpectedNumber: (what: string): Message => ({
    code: 'SS457',
    message: `${what} must be numeric, but it is text`,
  }),
  varExpectedText: (what: string): Message => ({
    code: 'SS458',
    message: `${what} must be text, but it is numeric`,
  }),
  varBadArgument: (fn: string, param: string, expected: string): Message => ({
    code: 'SS459',
    message: `argument '${param}' of ${fn}() must be ${expected}`,
  }),
  varMissingArgument: (fn: string, param: string): Message => ({
    code: 'SS460',
    message: `${fn}() needs argument '${param}'`,
  }),
  varUnknownArgument: (fn: string, name: string, known: readonly string[]): Message => ({
    code: 'SS461',
    message: `${fn}() has no argument '${name}'`,
    notes: [`its arguments are ${list(known)}`],
  }),
  varTooManyArguments: (fn: string, max: number): Message => ({
    code: 'SS462',
    message: `${fn}() takes at most ${max} argument${max === 1 ? '' : 's'}`,
  }),
  varBaseAmbiguous: (unit: string, n: number): Message => ({
    code: 'SS463',
    message: `base(): the condition holds in ${n} rows of unit ${unit}; it must pick at most one row per unit`,
    notes: ['narrow the condition, e.g. `year == 2008`'],
  }),
  varModelColumnUnavailable: (fn: string): Message => ({
    code: 'SS464',
    message: `${fn}() reads a fitted model, which is not available where this expression is evaluated`,
  }),
  varNotACondition: (): Message => ({
    code: 'SS465',
    message: 'a sample or where condition must be a logical or numeric expression, not text',
  }),
  varRecodeLengths: (from: number, to: number): Message => ({
    code: 'SS466',
    message: `recode(): 'from' has ${from} entries but 'to' has ${to}`,
  }),
  varBadBreaks: (): Message => ({
    code: 'SS467',
    message: 'cut(): breaks must be at least two strictly increasing numbers',
  }),
  varCoincidentPoints: (time: string): Message => ({
    code: 'SS468',
    message: `spatial_lag(): two different units have the same coordinates at time ${time}; inverse distance is infinite`,
  }),
  varBadProbability: (fn: string, value: number): Message => ({
    code: 'SS469',
    message: `${fn}(): cut point ${value} must be a fraction between 0 and 1 (e.g. 0.05 for the 5th percentile)`,
  }),
  varUnknownStatistic: (stat: string): Message => ({
    code: 'SS470',
    message: `unknown summary statistic '${stat}'`,
    notes: ['known: n, mean, sd, var, min, max, sum, median, p1 … p99'],
  }),
  varListNotValue: (): Message => ({
    code: 'SS471',
    message: 'a list or range is only allowed as a function argument or after `in`',
  }),
  varInListType: (): Message => ({
    code: 'SS472',
    message: '`in` list values must all be numbers (for a numeric column) or all text (for a text column)',
  }),
  varTextMismatch: (op: string): Message => ({
    code: 'SS473',
    message: `cannot apply '${op}' to text and a number`,
  }),
  varBadGroupKey: (): Message => ({
    code: 'SS474',
    message: "'by' must be a column name or a list of column names, e.g. by = [industry, year]",
  }),
  varNotInteger: (fn: string, param: string): Message => ({
    code: 'SS475',
    message: `argument '${param}' of ${fn}() must be a whole number`,
  }),
  varProductionFunction: (why: string): Message => ({
    code: 'SS476',
    message: `tfp_lp(): the production function cannot be estimated: ${why}`,
  }),
  // Hostile and degenerate input (SS477–SS489).
  emptySample: (model: string, sample: string, text: string, rows: number, table: string): Message => ({
    code: 'SS477',
    message: `model '${model}': the estimation sample is empty: sample '${sample}' (${text}) keeps none of the ${rows} rows of table '${table}'`,
  }),
  emptyTable: (model: string, table: string, where: string | undefined): Message => ({
    code: 'SS478',
    message: `model '${model}': the estimation sample is empty: table '${table}' has no rows${where !== undefined ? ` (its where: filter '${where}' keeps none)` : ''}`,
  }),
  tooManyLevels: (name: string, levels: number, limit: number, numeric: boolean): Message => ({
    code: 'SS479',
    message: `factor '${name}' has ${levels} levels; a factor term makes one dummy column per level and the limit is ${limit}`,
    notes: [
      numeric ? `'${name}' looks continuous: use it as a number (write ${name}, not i(${name}))` : `group rare levels (e.g. with cut() or a coarser code)`,
      `to control for many groups, absorb them as fixed effects: write '| ${name}' after the regressors`,
    ],
  }),
  tooManyGroups: (figure: string, column: string, groups: number, limit: number): Message => ({
    code: 'SS480',
    message: `figure '${figure}': by: '${column}' has ${groups} groups; a trend figure draws one line per group and the limit is ${limit}`,
    notes: ['choose a grouping column with fewer values, or restrict the rows with sample:'],
  }),
  jsonTooDeep: (file: string, limit: number, line: number, col: number): Message => ({
    code: 'SS481',
    message: `JSON data file '${file}' is nested more than ${limit} levels deep (line ${line}, byte ${col}); it is not read`,
    notes: ['a data table is rows of fields; flatten the file (one object per row) before reading it'],
  }),
} satisfies Record<string, (...args: never[]) => Message>;
