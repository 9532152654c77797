/**
 * Messages of the plan stage (codes SS3xx). Each builder returns {code, message[, notes]}.
 * Codes are stable once released: add new codes, never renumber.
 */
import type { Message } from './index.js';

export const planMessages = {
  unknownTable: (name: string, where: string): Message => ({
    code: 'SS301',
    message: `${where} refers to table '${name}', which is not defined under 'data'`,
  }),
  unknownSample: (name: string, where: string): Message => ({
    code: 'SS302',
    message: `${where} refers to sample '${name}', which is not defined under 'samples'`,
  }),
  unknownModel: (name: string, where: string): Message => ({
    code: 'SS303',
    message: `${where} refers to model '${name}', which is not defined under 'models'`,
  }),
  unknownColumn: (name: string, table: string): Message => ({
    code: 'SS304',
    message: `unknown column '${name}': table '${table}' has no such column and no variable of that name is defined`,
  }),
  cycle: (chain: readonly string[]): Message => ({
    code: 'SS305',
    message: `the plan has a cycle: ${chain.join(' → ')}`,
    notes: ['a variable, sample or model cannot depend on itself, directly or through others'],
  }),
  sourceOutside: (source: string): Message => ({
    code: 'SS306',
    message: `data source '${source}' is outside the spec's folder`,
    notes: ['move the file next to the spec, or pass --allow-outside if this is intended'],
  }),
  sourceMissing: (source: string): Message => ({
    code: 'SS307',
    message: `data source '${source}' does not exist`,
  }),
  sourceUnreadable: (source: string, detail: string): Message => ({
    code: 'SS308',
    message: `cannot read the header of '${source}': ${detail}`,
  }),
  variableShadowsColumn: (name: string, table: string): Message => ({
    code: 'SS309',
    message: `variable '${name}' has the same name as a column of table '${table}'; the variable is used`,
  }),
  topLevelVariableInSourceTable: (name: string, table: string): Message => ({
    code: 'SS310',
    message: `table '${table}' reads a file, so its own expressions can use only its columns and its own variables, not the spec variable '${name}'`,
    notes: ["define it under this table's 'variables', or build the table 'from' another one"],
  }),
  modelVariableNeedsOneModel: (model: string, steps: number): Message => ({
    code: 'SS311',
    message: `model '${model}' estimates ${steps} models; a model-derived column needs one (write '${model}/<step>')`,
  }),
  placeboTargetNotSingle: (model: string): Message => ({
    code: 'SS312',
    message: `the placebo target '${model}' must be a single model (not a multiple-estimation or split model)`,
  }),
  unknownColumnAnywhere: (name: string): Message => ({
    code: 'SS304',
    message: `unknown column '${name}': no table has such a column and no variable of that name is defined`,
  }),
} satisfies Record<string, (...args: never[]) => Message>;
