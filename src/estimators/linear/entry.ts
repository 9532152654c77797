/**
 * Registry entries of the linear family: OLS/HDFE (2SLS when the design has endogenous
 * regressors) and its alias `iv`.
 */
import type { EstimatorEntry } from '../registry.js';
import type { StatKey } from '../result.js';
import { linearColumns } from './columns.js';
import { fitIv } from './iv.js';
import { fitOls } from './ols.js';

const STATS: readonly StatKey[] = [
  'nobs', 'r2', 'adj_r2', 'r2_within', 'rmse', 'f', 'f_p', 'loglik', 'aic', 'bic', 'n_clusters', 'n_singletons',
  'first_stage_f', 'kp_lm', 'kp_f', 'hansen_j', 'kappa',
];

const linear = {
  family: 'linear',
  options: { accepts: ['method'], requires: ['formula'], methods: ['2sls', 'liml', 'gmm'], methodNeedsInstruments: true },
  design: { dropSingletons: true },
  columns: { kinds: ['xb', 'fitted', 'resid', 'fe'], predictDefault: 'xb', compute: linearColumns },
  vcov: ['iid', 'hc1', 'hc2', 'hc3', 'cluster', 'nw', 'dk', 'conley'],
  weights: ['analytic', 'probability', 'frequency'],
  stats: STATS,
} as const satisfies Omit<EstimatorEntry, 'name' | 'placebo'>;

// Margins after regress/reghdfe: the linear prediction, absorbed fixed effects cancel.
export const ols: EstimatorEntry = { ...linear, name: 'ols', placebo: 'fwl', margins: { prediction: { kind: 'linear' }, absorbedFe: true }, fit: fitOls };
export const iv: EstimatorEntry = { ...linear, name: 'iv', placebo: 'refit', fit: fitIv };
