/**
 * Registers the linear estimators: importing this module makes 'ols' (OLS, HDFE, and
 * 2SLS when the design has endogenous regressors), 'iv' (alias) and 're' available.
 */
import { registerEstimator } from './registry.js';
import { fitOls } from './ols.js';
import { fitIv } from './iv.js';
import { fitRe } from './re.js';

registerEstimator({ name: 'ols', fit: fitOls });
registerEstimator({ name: 'iv', fit: fitIv });
registerEstimator({ name: 're', fit: fitRe });

export { fitOls, fitIv, fitRe };
export { DemeanCache } from './linear-cache.js';
export { prepareFocalRefit } from './linear-refit.js';
