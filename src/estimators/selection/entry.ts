/** Registry entry of the Heckman two-step selection model. */
import type { EstimatorEntry } from '../registry.js';
import { heckmanColumns } from './columns.js';
import { fitHeckman } from './heckman.js';

export const heckman: EstimatorEntry = {
  name: 'heckman',
  family: 'selection',
  options: { accepts: ['method', 'selection'], requires: ['formula', 'selection'], methods: ['twostep'] },
  design: { dropSingletons: true },
  columns: { kinds: ['xb', 'fitted', 'resid', 'mills'], predictDefault: 'xb', compute: heckmanColumns },
  vcov: ['iid'],
  stats: ['nobs', 'chi2', 'chi2_p', 'rho', 'sigma', 'lambda'],
  placebo: 'refit',
  fit: fitHeckman,
};
