/**
 * Messages of the run stage: executing the plan, model-derived variables, writing outputs
 * (codes SS80x–SS89x). Codes are stable once released: add new codes, never renumber.
 */
import type { Message } from './index.js';

export const runMessages = {
  runUnknownSample: (name: string): Message => ({ code: 'SS801', message: `unknown sample '${name}'` }),
  runModelNotFitted: (model: string): Message => ({
    code: 'SS802',
    message: `model '${model}' is used by a variable but has not been fitted (or failed)`,
  }),
  runModelColumnUnsupported: (fn: string, model: string, estimator: string): Message => ({
    code: 'SS803',
    message: `${fn}(${model}) is not available for a ${estimator} model`,
  }),
  runModelOtherTable: (fn: string, model: string, table: string, used: string): Message => ({
    code: 'SS804',
    message: `${fn}(${model}) gives a column of table '${table}', but it is used on table '${used}'`,
    notes: ['a model-derived variable exists only on the table the model was fitted on; join it to other tables by key'],
  }),
  runSplitEmpty: (model: string, column: string): Message => ({
    code: 'SS805',
    message: `split of model '${model}' by '${column}' has no groups with data`,
  }),
  runSplitGroupFailed: (model: string, group: string, reason: string): Message => ({
    code: 'SS806',
    message: `model '${model}' could not be fitted for group ${group}: ${reason}`,
  }),
  runEstimatorMissing: (estimator: string): Message => ({
    code: 'SS807',
    message: `estimator '${estimator}' is not available in this build`,
  }),
  runPlaceboTarget: (model: string, variable: string): Message => ({
    code: 'SS808',
    message: `placebo: model '${model}' has no coefficient '${variable}' to re-estimate`,
    notes: ['`permute:` must name a regressor of the target model'],
  }),
  runOutputFailed: (path: string, reason: string): Message => ({
    code: 'SS809',
    message: `could not write outputs to ${path}: ${reason}`,
  }),
  runUnknownVariable: (name: string, table: string): Message => ({
    code: 'SS812',
    message: `'${name}' is neither a column of table '${table}' nor a spec variable`,
  }),
  runNoRowsLeft: (model: string, rows: number, missing: string): Message => ({
    code: 'SS813',
    message: `${model}: none of the ${rows} rows of the estimation sample has every model variable (rows missing, by variable: ${missing})`,
    notes: ['a variable missing in every row is often a log of zeros, a join that matched nothing, or a lag on the first period'],
  }),
  runNeedsFormula: (model: string): Message => ({ code: 'SS810', message: `model '${model}' has no formula` }),
  runFeUnavailable: (model: string, fe: string): Message => ({
    code: 'SS811',
    message: `fe(${model}, "${fe}"): the model has no fixed effect '${fe}'`,
  }),
  runNotWritten: (outDir: string, missing: readonly string[], kept: number): Message => ({
    code: 'SS840',
    message: `the run stopped: nothing was published to ${outDir}`,
    notes: [
      `not written: ${missing.join(', ')}`,
      ...(kept > 0 ? [`${kept} finished step(s) are kept in the cache; the next run starts from them`] : []),
      'the previous output (if any) is unchanged',
    ],
  }),
} satisfies Record<string, (...args: never[]) => Message>;
