/**
 * Registers the linear estimators: importing this module makes 'ols' (OLS, HDFE, and
 * 2SLS when the design has endogenous regressors), 'iv' (alias) and 're' available.
 */
import { registerEstimator } from './registry.js';
import { fitOls } from './linear/ols.js';
import { fitIv } from './linear/iv.js';
import { fitRe } from './panel/re.js';

registerEstimator({ name: 'ols', fit: fitOls });
registerEstimator({ name: 'iv', fit: fitIv });
registerEstimator({ name: 're', fit: fitRe });

export { fitOls, fitIv, fitRe };
export { DemeanCache } from './linear/cache.js';
export { prepareFocalRefit } from './linear/refit.js';
