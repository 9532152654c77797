/** Registry entry of the random-effects panel estimator (Stata `xtreg, re`). */
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
  // xtreg, re: conventional or clustered (the quasi-demeaned sandwich).
  vcov: ['iid', 'cluster'],
  stats: ['nobs', 'r2', 'r2_within', 'chi2', 'chi2_p', 'rho', 'n_clusters'],
  placebo: 'refit',
  fit: fitRe,
};
