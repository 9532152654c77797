/** Registry entries of the panel estimators: random effects (Stata `xtreg, re`) and between (`xtreg, be`). */
import { indexColumns } from '../columns.js';
import { fitBetween } from './between.js';
import { linearColumns } from '../linear/columns.js';
import type { EstimatorEntry } from '../registry.js';
import { fitRe } from './re.js';

export const re: EstimatorEntry = {
  name: 're',
  family: 'panel',
  options: { accepts: [], requires: ['formula'] },
  // Stata's xtreg, re keeps singleton units; reghdfe's singleton rule is for absorbed FE.
  design: { dropSingletons: false },
  columns: { kinds: ['xb', 'fitted', 'resid'], predictDefault: 'xb', compute: linearColumns },
  // xtreg, re: conventional, robust (= clustered by the panel unit) or clustered (the
  // quasi-demeaned sandwich). Weights: none, as xtreg, re and xtreg, be take no [weight].
  vcov: ['iid', 'hc1', 'cluster'],
  stats: ['nobs', 'r2', 'r2_within', 'chi2', 'chi2_p', 'rho', 'n_clusters'],
  placebo: 'refit',
  fit: fitRe,
};

/** Registry entry of the between estimator (Stata `xtreg, be`). */
export const between: EstimatorEntry = {
  name: 'between',
  family: 'panel',
  options: { accepts: [], requires: ['formula'] },
  // xtreg keeps singleton units: a unit of one row still has a mean.
  design: { dropSingletons: false },
  columns: { kinds: ['xb'], predictDefault: 'xb', compute: indexColumns },
  // xtreg, be has only the conventional variance.
  vcov: ['iid'],
  stats: ['nobs', 'r2', 'adj_r2', 'rmse', 'f', 'f_p', 'n_groups'],
  placebo: 'refit',
  fit: fitBetween,
};
