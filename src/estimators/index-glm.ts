/**
 * Registers the generalized linear models with absorbed fixed effects: 'poisson'
 * (Poisson pseudo-maximum likelihood, as Stata ppmlhdfe and fixest fepois), and 'between'
 * (Stata xtreg, be).
 */
import { registerEstimator } from './registry.js';
import { fitPoisson } from './glm/poisson.js';
import { fitBetween } from './panel/between.js';

registerEstimator({ name: 'poisson', fit: fitPoisson });
registerEstimator({ name: 'between', fit: fitBetween });

export { fitPoisson } from './glm/poisson.js';
