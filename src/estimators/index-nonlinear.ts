/**
 * Registers the binary-choice, selection, discrete-time and MTE estimators, and re-exports
 * what the run stage calls directly (person-period expansion, placebo draws and refits).
 *
 *   probit, logit  binary.ts       cloglog  cloglog.ts (+ person-period.ts with `period:`)
 *   heckman        heckman.ts      mte      mte.ts
 *   placebo        orchestrated by the run stage through runPlacebo (placebo.ts)
 */
import { fitBinaryModel } from './binary/binary.js';
import { fitCloglog } from './binary/cloglog.js';
import { fitHeckman } from './selection/heckman.js';
import { fitMte } from './treatment/mte.js';
import { registerEstimator } from './registry.js';

registerEstimator({ name: 'probit', fit: (input) => fitBinaryModel(input, 'probit') });
registerEstimator({ name: 'logit', fit: (input) => fitBinaryModel(input, 'logit') });
registerEstimator({ name: 'cloglog', fit: fitCloglog });
registerEstimator({ name: 'heckman', fit: fitHeckman });
registerEstimator({ name: 'mte', fit: fitMte });

export { fitBinaryModel } from './binary/binary.js';
export { fitCloglog } from './binary/cloglog.js';
export { fitHeckman, LAMBDA_TERM } from './selection/heckman.js';
export { fitMte, DEFAULT_MTE_GRID } from './treatment/mte.js';
export { expandPersonPeriod, personPeriodDesign, PERIOD_TERM_PREFIX, type PersonPeriod } from './binary/person-period.js';
export { runPlacebo, type PlaceboOptions, type PlaceboResult } from './resampling/placebo.js';
export { genericPlaceboRefit, linearPlaceboRefit, type Refit } from './resampling/placebo-refit.js';
