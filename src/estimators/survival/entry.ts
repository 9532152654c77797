/** Registry entries of the survival family: Cox, exponential and Weibull regression. */
import { indexColumns } from '../columns.js';
import type { EstimatorEntry } from '../registry.js';
import { fitCoxModel } from './cox.js';
import { fitStregModel } from './streg.js';

const survival = {
  family: 'survival',
  design: { dropSingletons: true },
  // No residual on the outcome's scale: predict(m) gives x'b, predict(m, type = "hr") exp(x'b).
  columns: { kinds: ['xb'], predictDefault: 'xb', compute: indexColumns },
  vcov: ['iid', 'hc1', 'cluster'],
  vcovWays: 1,
  stats: ['nobs', 'chi2', 'chi2_p', 'loglik', 'aic', 'bic', 'n_clusters'],
  placebo: 'refit',
} as const satisfies Partial<EstimatorEntry>;

export const cox: EstimatorEntry = { ...survival, name: 'cox', options: { accepts: ['ties'], requires: ['formula'] }, fit: fitCoxModel };

export const exponential: EstimatorEntry = {
  ...survival,
  name: 'exponential',
  options: { accepts: ['metric'], requires: ['formula'] },
  fit: (input) => fitStregModel(input, 'exponential'),
};

export const weibull: EstimatorEntry = {
  ...survival,
  name: 'weibull',
  options: { accepts: ['metric'], requires: ['formula'] },
  fit: (input) => fitStregModel(input, 'weibull'),
};
