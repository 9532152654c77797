/**
 * Messages of the linear estimators (OLS, HDFE, IV, RE) and design matrices (codes SS50x–SS54x). Each builder returns {code, message[, notes]}.
 * Codes are stable once released: add new codes, never renumber.
 * Builder names carry a `lin` prefix because the catalogue is one flat object.
 */
import type { Message } from './index.js';

export const linearMessages = {
  linUnknownVariable: (name: string): Message => ({
    code: 'SS500',
    message: `model variable '${name}' is not a column of the estimation data`,
  }),
  linNoObservations: (model: string): Message => ({
    code: 'SS501',
    message: `${model}: no observations left after dropping rows with missing values and singleton groups`,
  }),
  linSingularDesign: (model: string): Message => ({
    code: 'SS502',
    message: `${model}: every regressor is collinear (with the fixed effects or with each other); nothing can be estimated`,
  }),
  linFocalCollinear: (name: string, reason: 'fixed_effects' | 'regressors'): Message => ({
    code: 'SS503',
    message: `focal regressor '${name}' is collinear with the ${reason === 'fixed_effects' ? 'fixed effects' : 'other regressors'} and would be dropped`,
    notes: ['remove the absorbed fixed effect or the redundant regressor, or drop it from `focal`'],
  }),
  linClusterOneLevel: (name: string): Message => ({
    code: 'SS504',
    message: `cluster variable '${name}' has a single level in the estimation sample; clustered standard errors are not defined`,
  }),
  linNoDegreesOfFreedom: (model: string, n: number, k: number): Message => ({
    code: 'SS505',
    message: `${model}: ${n} observations for ${k} parameters (including absorbed fixed effects); no residual degrees of freedom`,
  }),
  linDemeanNotConverged: (iterations: number, tol: number): Message => ({
    code: 'SS506',
    message: `fixed-effect demeaning did not converge in ${iterations} iterations (tolerance ${tol}); estimates may be inaccurate`,
    notes: ['raise `maxIter` or check for weakly connected fixed effects'],
  }),
  linUnknownLevel: (variable: string, level: string): Message => ({
    code: 'SS507',
    message: `reference level '${level}' of '${variable}' does not occur in the estimation sample`,
  }),
  linNotNumeric: (term: string): Message => ({
    code: 'SS508',
    message: `term '${term}' is not numeric`,
  }),
  linCollinearDropped: (names: readonly string[], reason: 'fixed_effects' | 'regressors'): Message => ({
    code: 'SS509',
    message: `dropped as collinear with the ${reason === 'fixed_effects' ? 'fixed effects' : 'other regressors'}: ${names.join(', ')}`,
  }),
  linUnderidentified: (model: string, endog: number, instruments: number): Message => ({
    code: 'SS510',
    message: `${model}: ${endog} endogenous regressor(s) but only ${instruments} excluded instrument(s); the model is not identified`,
  }),
  linSingletonsDropped: (count: number): Message => ({
    code: 'SS511',
    message: `${count} singleton observation(s) dropped (fixed-effect groups with one observation)`,
  }),
  linFactorAsNumeric: (term: string): Message => ({
    code: 'SS512',
    message: `'${term}' is text; it enters the model as dummies, as i(${term}) would`,
  }),
  linTextLooksNumeric: (term: string, count: number, row: number, text: string): Message => ({
    code: 'SS520',
    message: `'${term}' is read as text because ${count} cell${count === 1 ? ' is' : 's are'} not a number (the first in row ${row} of the estimation table: '${text}')`,
    notes: [`fix the data (or declare \`types: { ${term}: number }\` to have the cells reported by the data layer), or write i(${term}) to use it as categories`],
  }),
  linNeedsPanel: (model: string): Message => ({
    code: 'SS513',
    message: `${model}: random effects need one fixed effect (the panel unit) after '|', e.g. \`y ~ x | firm\``,
  }),
  linVcovNotPsd: (model: string): Message => ({
    code: 'SS514',
    message: `${model}: the multiway cluster variance was not positive semidefinite; negative eigenvalues were set to zero (Cameron–Gelbach–Miller)`,
  }),
  linHausmanNotPd: (): Message => ({
    code: 'SS515',
    message: 'Hausman test: V(FE) − V(RE) is not positive definite; the statistic is not reported',
  }),
  linFocalNotInModel: (name: string): Message => ({
    code: 'SS516',
    message: `focal regressor '${name}' is not a term of the model`,
  }),
  linTooManyClusters: (count: number): Message => ({
    code: 'SS517',
    message: `at most two cluster variables are supported, got ${count}`,
  }),
  linReNegativeVariance: (model: string): Message => ({
    code: 'SS518',
    message: `${model}: the estimated between variance is negative; sigma_u set to 0 (theta = 0, pooled OLS)`,
  }),
  linClusterMissing: (model: string): Message => ({
    code: 'SS519',
    message: `${model}: clustered standard errors requested but no cluster variable given`,
    notes: ['write the variables in the vcov, e.g. `vcov: cluster(firm)`'],
  }),
  linMethodNeedsInstruments: (model: string, method: string): Message => ({
    code: 'SS521',
    message: `${model}: \`method: ${method}\` is an IV estimation method, but the formula has no instruments`,
    notes: ['write the endogenous regressors and their instruments after a second `|`, e.g. `y ~ x | fe | d ~ z1 + z2`, or remove `method`'],
  }),
  linMethodNotForEstimator: (estimator: string, method: string, allowed: readonly string[]): Message => ({
    code: 'SS522',
    message: `\`method: ${method}\` is not a method of estimator '${estimator}'; it takes ${allowed.map((a) => `\`${a}\``).join(', ')}`,
  }),
  linLimlNotDefined: (model: string): Message => ({
    code: 'SS523',
    message: `${model}: LIML is not defined here: the residual cross-products of the outcome and the endogenous regressors on the instruments are singular (an exact fit), or X'(I − κM_Z)X is not positive definite`,
    notes: ['check for an instrument that reproduces an endogenous regressor or the outcome exactly'],
  }),
  linGmmWeightSingular: (model: string, vcov: string, instruments: number): Message => ({
    code: 'SS524',
    message: `${model}: the GMM weighting matrix (the ${vcov} variance of the ${instruments} moment conditions) is singular; two-step GMM is not defined`,
    notes: ['with clusters it needs more clusters than instruments; drop redundant instruments or use `method: 2sls`'],
  }),
} satisfies Record<string, (...args: never[]) => Message>;
