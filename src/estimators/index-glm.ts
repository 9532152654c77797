/**
 * Registers the generalized linear models with absorbed fixed effects: 'poisson'
 * (Poisson pseudo-maximum likelihood, as Stata ppmlhdfe and fixest fepois).
 */
import { registerEstimator } from './registry.js';
import { fitPoisson } from './glm/poisson.js';

registerEstimator({ name: 'poisson', fit: fitPoisson });

export { fitPoisson } from './glm/poisson.js';
