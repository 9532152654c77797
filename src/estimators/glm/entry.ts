/** Registry entry of Poisson pseudo-maximum likelihood with absorbed FE (ppmlhdfe, fixest fepois). */
import { indexColumns } from '../columns.js';
import type { EstimatorEntry } from '../registry.js';
import { fitPoisson } from './poisson.js';

export const poisson: EstimatorEntry = {
  name: 'poisson',
  family: 'glm',
  // The expected count exp(xb + offset), Stata's default prediction after poisson.
  margins: { prediction: { kind: 'count' }, absorbedFe: false },
  options: { accepts: [], requires: ['formula'] },
  // ppmlhdfe drops singletons (reghdfe's rule); offset()/exposure() terms are its own.
  design: { dropSingletons: true, offset: true },
  columns: { kinds: ['xb'], predictDefault: 'xb', compute: indexColumns },
  vcov: ['iid', 'hc1', 'cluster'],
  stats: ['nobs', 'pseudo_r2', 'loglik', 'chi2', 'chi2_p', 'aic', 'bic', 'n_clusters'],
  placebo: 'refit',
  fit: fitPoisson,
};
