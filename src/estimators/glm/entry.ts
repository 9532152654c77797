/** Registry entry of Poisson pseudo-maximum likelihood with absorbed FE (ppmlhdfe, fixest fepois). */
import { indexColumns } from '../columns.js';
import type { EstimatorEntry } from '../registry.js';
import { fitPoisson } from './poisson.js';

export const poisson: EstimatorEntry = {
  name: 'poisson',
  family: 'glm',
  // The expected count exp(xb + offset [+ the estimated FE]), Stata's default prediction.
  margins: { prediction: { kind: 'count' }, absorbedFe: true },
  options: { accepts: [], requires: ['formula'] },
  // ppmlhdfe drops singletons (reghdfe's rule); offset()/exposure() terms are its own.
  design: { dropSingletons: true, offset: true },
  columns: { kinds: ['xb'], predictDefault: 'xb', compute: indexColumns },
  vcov: ['iid', 'hc1', 'cluster'],
  // ppmlhdfe takes fw and pw, fepois `weights =` (analytic).
  weights: ['analytic', 'probability', 'frequency'],
  stats: ['nobs', 'pseudo_r2', 'loglik', 'chi2', 'chi2_p', 'aic', 'bic', 'n_clusters'],
  placebo: 'refit',
  fit: fitPoisson,
};
