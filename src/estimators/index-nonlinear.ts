/**
 * Registers the binary-choice, selection, discrete-time and MTE estimators, and re-exports
 * what the run stage calls directly (person-period expansion, placebo draws and refits).
 *
 *   probit, logit  binary.ts       cloglog  cloglog.ts (+ person-period.ts with `period:`)
 *   heckman        heckman.ts      mte      mte.ts
 *   placebo        orchestrated by the run stage through runPlacebo (placebo.ts)
 */
import { fitBinaryModel } from './binary.js';
import { fitCloglog } from './cloglog.js';
import { fitHeckman } from './heckman.js';
import { fitMte } from './mte.js';
import { registerEstimator } from './registry.js';

registerEstimator({ name: 'probit', fit: (input) => fitBinaryModel(input, 'probit') });
registerEstimator({ name: 'logit', fit: (input) => fitBinaryModel(input, 'logit') });
registerEstimator({ name: 'cloglog', fit: fitCloglog });
registerEstimator({ name: 'heckman', fit: fitHeckman });
registerEstimator({ name: 'mte', fit: fitMte });

export { fitBinaryModel } from './binary.js';
export { fitCloglog } from './cloglog.js';
export { fitHeckman, LAMBDA_TERM } from './heckman.js';
export { fitMte, DEFAULT_MTE_GRID } from './mte.js';
export { expandPersonPeriod, personPeriodDesign, PERIOD_TERM_PREFIX, type PersonPeriod } from './person-period.js';
export { runPlacebo, type PlaceboOptions, type PlaceboResult } from './placebo.js';
export { genericPlaceboRefit, linearPlaceboRefit, type Refit } from './placebo-refit.js';
