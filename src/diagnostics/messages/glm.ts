/**
 * Messages of the generalized linear models with absorbed fixed effects (Poisson PML and,
 * later, feglm-style binary models) and of offsets (codes SS70x–SS71x).
 * Codes are stable once released: add new codes, never renumber.
 */
import type { Message } from './index.js';

const q = (s: string): string => `'${s}'`;

export const glmMessages = {
  glmNegativeOutcome: (model: string, yName: string, count: number, row: number, value: number): Message => ({
    code: 'SS700',
    message: `${model}: outcome ${q(yName)} has ${count} negative value${count === 1 ? '' : 's'} (first: ${value} in estimation row ${row}); Poisson pseudo-likelihood needs y ≥ 0`,
  }),
  glmOutcomeAllZero: (model: string, yName: string): Message => ({
    code: 'SS701',
    message: `${model}: outcome ${q(yName)} is zero in every row of the estimation sample`,
  }),
  glmFeSeparation: (rows: number, levels: string): Message => ({
    code: 'SS702',
    message: `${rows} observation${rows === 1 ? '' : 's'} dropped because their fixed-effect group has only zero outcomes (${levels}); they are separated and carry no information`,
  }),
  glmRegressorSeparation: (variable: string, rows: number): Message => ({
    code: 'SS703',
    message: `${q(variable)} is nonzero only where the outcome is zero: its ${rows} observation${rows === 1 ? '' : 's'} are separated and dropped, and ${q(variable)} is dropped`,
  }),
  glmNotConverged: (model: string, iters: number): Message => ({
    code: 'SS704',
    message: `${model}: IRLS did not converge after ${iters} iterations`,
    notes: ['look for separation (a regressor or combination that is zero wherever the outcome is positive), or rescale regressors'],
  }),
  glmNoRegressors: (model: string): Message => ({
    code: 'SS705',
    message: `${model}: every regressor was dropped (collinear with the fixed effects or separated); nothing is left to estimate`,
  }),
  glmOffsetNotSupported: (estimator: string): Message => ({
    code: 'SS706',
    message: `offset()/exposure() terms are only used by estimator: poisson, not by ${estimator}`,
  }),
  glmBadOffset: (fn: string): Message => ({
    code: 'SS707',
    message: `${fn}() takes one argument: a column or an expression (offset(log(pop)), exposure(pop))`,
  }),
  glmExposureNotPositive: (count: number): Message => ({
    code: 'SS708',
    message: `exposure() must be positive: ${count} row${count === 1 ? ' has' : 's have'} a value ≤ 0`,
  }),
  glmVcovUnsupported: (vcov: string): Message => ({
    code: 'SS709',
    message: `estimator poisson does not support vcov ${q(vcov)}`,
  }),
  glmBinaryFeSeparation: (rows: number, levels: string): Message => ({
    code: 'SS710',
    message: `${rows} observation${rows === 1 ? '' : 's'} dropped because their fixed-effect group has only 0 or only 1 outcomes (${levels}); they are separated and carry no information`,
  }),
  glmBetweenVcov: (vcov: string): Message => ({
    code: 'SS711',
    message: `estimator between (Stata xtreg, be) has only the conventional (iid) variance, not ${q(vcov)}`,
    notes: ['remove `vcov:` or use `vcov: iid`; for robust inference on unit means, aggregate the table with `group_by` and fit `ols`'],
  }),
  glmReluSeparation: (rows: number, iterations: number): Message => ({
    code: 'SS712',
    message: `${rows} observation${rows === 1 ? '' : 's'} with zero outcome dropped: separated by a linear combination of the regressors and fixed effects (iterated rectifier, ${iterations} iteration${iterations === 1 ? '' : 's'}); their conditional mean is driven to zero and the estimates would not exist with them`,
    notes: ['the separating combination is zero on the remaining rows, so one of its regressors is dropped as collinear (as ppmlhdfe does)'],
  }),
  glmReluNotConverged: (iterations: number): Message => ({
    code: 'SS713',
    message: `the check for separation by a combination of regressors stopped after ${iterations} iterations without a verdict; no rows were dropped by it`,
    notes: ['if the fit then fails to converge (SS704), look for regressors that are zero wherever the outcome is positive'],
  }),
} satisfies Record<string, (...args: never[]) => Message>;
