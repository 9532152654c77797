/**
 * Columns derived from fitted models (resid, fitted, predict, mills, fe). Evaluation
 * cannot fit models; it hands the request to the run stage through
 * EvalContext.modelColumn, which returns the column (missing outside the model's
 * estimation sample) or fails if the model is unknown.
 */
import { dict } from '../spec/dict.js';
import { ExprError } from '../expr/errors.js';
import { variablesMessages as M } from '../diagnostics/messages/variables.js';
import type { CallArgs, FnImpl, ModelFn } from './call.js';
import type { Val } from './value.js';

/** `extra` names the text parameters after the model (catalogue defaults apply). */
function delegate(fn: ModelFn, extra: readonly string[]): FnImpl {
  return (a: CallArgs): Val => {
    const get = a.env.modelColumn;
    if (!get) throw new ExprError(M.varModelColumnUnavailable(fn), a.call.span);
    const model = a.constStr('model');
    const args: Record<string, unknown> = dict();
    for (const name of extra) args[name] = a.constStr(name);
    return get(fn, model, args);
  };
}

export const modelFunctions: Record<string, FnImpl> = {
  resid: delegate('resid', []),
  fitted: delegate('fitted', []),
  predict: delegate('predict', ['type']),
  mills: delegate('mills', []),
  fe: delegate('fe', ['name']),
};
