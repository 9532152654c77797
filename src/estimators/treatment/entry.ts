/** Registry entry of the marginal treatment effect estimator (local IV, separate approach). */
import { indexColumns } from '../columns.js';
import type { EstimatorEntry } from '../registry.js';
import { fitMte } from './mte.js';

export const mte: EstimatorEntry = {
  name: 'mte',
  family: 'treatment',
  options: { accepts: ['grid', 'interact'], requires: ['formula'] },
  design: { dropSingletons: true },
  columns: { kinds: ['xb'], predictDefault: 'xb', compute: indexColumns },
  vcov: ['iid'],
  stats: ['nobs'],
  placebo: 'refit',
  fit: fitMte,
};
