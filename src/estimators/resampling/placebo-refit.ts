/**
 * Refit closures for placebo draws: the coefficient of `focal` when its column is replaced.
 * Linear models take the FWL path (only the replaced column is demeaned per draw); any
 * other registered estimator is refitted in full on a Design with the column swapped.
 */
import type { Design } from '../../design/types.js';
import { StudyError } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/messages/index.js';
import { nonlinearMessages as M } from '../../diagnostics/messages/nonlinear.js';
import { prepareFocalRefit } from '../linear/refit.js';
import type { FitInput, FitOptions } from '../registry.js';
import type { ModelResult } from '../result.js';

export type Refit = (permuted: Float64Array) => number;

export function linearPlaceboRefit(design: Design, options: FitOptions, focal: string): Refit {
  const prepared = prepareFocalRefit(design, options, focal);
  return (col) => prepared.coefficient(col);
}

/**
 * Generic refit through an estimator's `fit` (its registry entry's). A draw whose fit fails (e.g. a probit with a
 * perfect predictor after shuffling) yields NaN, which runPlacebo counts as failed.
 */
export function genericPlaceboRefit(fit: (input: FitInput) => ModelResult, input: FitInput, focal: string): Refit {
  const j = input.design.names.indexOf(focal);
  if (j < 0) throw new StudyError(diag(M.nlPlaceboArgs(`'${focal}' is not a regressor of the model`)));
  return (col) => {
    const X = input.design.X.slice();
    X[j] = col;
    try {
      const r = fit({ ...input, design: { ...input.design, X } });
      return r.coefficients[focal]?.estimate ?? Number.NaN;
    } catch {
      return Number.NaN;
    }
  };
}
