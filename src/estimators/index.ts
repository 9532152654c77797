/**
 * The estimators a run knows: one line per estimator, each entry declared in its family's
 * folder (entry.ts). Adding an estimator = a folder (or files in a family folder) with its
 * fit and entry, and one line here.
 */
import { cloglog, logit, probit } from './binary/entry.js';
import { iv, ols } from './linear/entry.js';
import { between, re } from './panel/entry.js';
import { poisson } from './glm/entry.js';
import { placebo } from './resampling/entry.js';
import { heckman } from './selection/entry.js';
import { cox, exponential, weibull } from './survival/entry.js';
import { mte } from './treatment/entry.js';
import { EstimatorRegistry } from './registry.js';

export function createEstimatorRegistry(): EstimatorRegistry {
  return new EstimatorRegistry([
    ols,
    iv,
    re,
    probit,
    logit,
    cloglog,
    heckman,
    cox,
    exponential,
    weibull,
    mte,
    placebo,
    poisson,
    between,
  ]);
}

export { EstimatorRegistry } from './registry.js';
export type { EstimatorEntry, FitInput, FitOptions } from './registry.js';
