/**
 * Messages of the data stage (codes SS40x–SS44x (loading, joins, filters, aggregation)). Each builder returns {code, message[, notes]}.
 * Codes are stable once released: add new codes, never renumber.
 */
import type { Message } from './index.js';

export const dataMessages = {
  sourceOutside: (path: string, specDir: string): Message => ({
    code: 'SS401',
    message: `data source '${path}' is outside the spec's folder '${specDir}'`,
    notes: ['pass --allow-outside to read files outside the spec folder tree'],
  }),
  sourceNotFound: (path: string): Message => ({ code: 'SS402', message: `data source '${path}' does not exist` }),
  unknownFormat: (path: string): Message => ({
    code: 'SS403',
    message: `cannot tell the format of '${path}' from its extension`,
    notes: ["set `format: csv`, `parquet` or `json`"],
  }),
  readFailed: (path: string, detail: string): Message => ({ code: 'SS404', message: `cannot read '${path}': ${detail}` }),
  unknownColumn: (table: string, column: string, role: string): Message => ({
    code: 'SS405',
    message: `table '${table}' has no column '${column}' (used in ${role})`,
  }),
  nonNumeric: (table: string, column: string, type: string, count: number, row: number, text: string): Message => ({
    code: 'SS406',
    message: `column '${column}' of '${table}' should be ${type} but ${count} cell${count === 1 ? ' is' : 's are'} not; the first is data row ${row}: '${text}'`,
    notes: [`fix the data, or declare the column as text with \`types: { ${column}: string }\``],
  }),
  joinTypeMismatch: (left: string, lkey: string, ltype: string, right: string, rkey: string, rtype: string): Message => ({
    code: 'SS407',
    message: `join key '${lkey}' of '${left}' is ${ltype} but '${rkey}' of '${right}' is ${rtype}`,
    notes: ['declare both keys with the same type under `types:` (e.g. `string`)'],
  }),
  joinMultiplies: (how: string, right: string, keys: string, dupKeys: number, before: number, after: number, manyToMany: boolean): Message => ({
    code: 'SS408',
    message: `${how} join with '${right}' on ${keys} is ${manyToMany ? 'many-to-many' : 'one-to-many'}: ${dupKeys} key value${dupKeys === 1 ? '' : 's'} repeat in '${right}', so ${before} rows become ${after}`,
  }),
  joinColumnRenamed: (column: string, right: string, renamed: string): Message => ({
    code: 'SS409',
    message: `column '${column}' exists on both sides of the join with '${right}'; the one from '${right}' is called '${renamed}'`,
  }),
  unknownTable: (name: string): Message => ({ code: 'SS410', message: `no data table named '${name}'` }),
  tableCycle: (chain: string): Message => ({ code: 'SS411', message: `data tables depend on each other in a cycle: ${chain}` }),
  duplicatePanelKeys: (table: string, pairs: number, id: string, time: string): Message => ({
    code: 'SS412',
    message: `panel (id, time) of '${table}' is not unique: ${pairs} pair${pairs === 1 ? '' : 's'} occur more than once, the first is (${id}, ${time})`,
  }),
  panelMissingKeys: (table: string, n: number): Message => ({
    code: 'SS413',
    message: `${n} row${n === 1 ? '' : 's'} of '${table}' with a missing panel id or time dropped`,
  }),
  logNonPositive: (n: number, what: string): Message => ({
    code: 'SS414',
    message: `log of ${n} non-positive value${n === 1 ? '' : 's'} of ${what} set to missing`,
  }),
  unknownFunction: (name: string): Message => ({ code: 'SS415', message: `unknown function '${name}' in a data table` }),
  exprType: (what: string, expected: string, got: string): Message => ({
    code: 'SS416',
    message: `${what} must be ${expected}, not ${got}`,
  }),
  notAggregated: (column: string): Message => ({
    code: 'SS417',
    message: `'${column}' is neither a group_by key nor inside an aggregation function`,
    notes: ['wrap it in sum(), mean(), first() … or add it to group_by'],
  }),
  whereUsesVariable: (name: string): Message => ({
    code: 'SS418',
    message: `'where' refers to '${name}', a variable of the same table; 'where' is applied before the table's variables`,
    notes: ['move the filter to a table built `from:` this one'],
  }),
  noSource: (table: string): Message => ({ code: 'SS419', message: `data table '${table}' needs either 'source' or 'from'` }),
  sourceAndFrom: (table: string): Message => ({ code: 'SS420', message: `data table '${table}' has both 'source' and 'from'; give one` }),
  panelTimeNotNumeric: (table: string, column: string, type: string): Message => ({
    code: 'SS421',
    message: `panel time '${column}' of '${table}' must be numeric, not ${type}`,
  }),
  badArguments: (fn: string, expected: string): Message => ({ code: 'SS422', message: `${fn}() takes ${expected}` }),
  needsEvaluator: (fn: string): Message => ({
    code: 'SS423',
    message: `${fn}() cannot be computed inside a data table here`,
    notes: ['define it under the top-level `variables:` instead'],
  }),
  nonFiniteInData: (table: string, column: string, n: number): Message => ({
    code: 'SS424',
    message: `${n} NaN/Inf cell${n === 1 ? '' : 's'} in column '${column}' of '${table}' treated as missing`,
  }),
  aggregateOutsideAggregate: (fn: string): Message => ({
    code: 'SS425',
    message: `${fn}() is an aggregation; it can only be used under 'aggregate:'`,
  }),
  nestedAggregate: (fn: string): Message => ({ code: 'SS426', message: `aggregation ${fn}() cannot be nested in another aggregation` }),
  needsPanel: (fn: string): Message => ({
    code: 'SS427',
    message: `${fn}() needs a panel; add \`panel: { id: …, time: … }\` to this table`,
  }),
  aggregateWithoutGroupBy: (table: string): Message => ({
    code: 'SS429',
    message: `'group_by' of '${table}' needs an 'aggregate' block (and vice versa)`,
  }),
} satisfies Record<string, (...args: never[]) => Message>;
