/**
 * Registers the survival estimators: cox, exponential, weibull. Importing this module is
 * what makes them available to the run stage (see registry.ts).
 */
import { registerEstimator } from './registry.js';
import { fitCoxModel } from './survival/cox.js';
import { fitStregModel } from './survival/streg.js';

export function registerSurvivalEstimators(): void {
  registerEstimator({ name: 'cox', fit: fitCoxModel });
  registerEstimator({ name: 'exponential', fit: (input) => fitStregModel(input, 'exponential') });
  registerEstimator({ name: 'weibull', fit: (input) => fitStregModel(input, 'weibull') });
}

registerSurvivalEstimators();

export { fitCoxModel } from './survival/cox.js';
export { fitStregModel } from './survival/streg.js';
