/**
 * Messages of the survival estimators (Cox, exponential, Weibull) (codes SS58x–SS59x). Each builder returns {code, message[, notes]}.
 * Codes are stable once released: add new codes, never renumber.
 */
import type { Message } from './index.js';

export const survivalMessages = {
  survMissingOutcome: (estimator: string): Message => ({
    code: 'SS580',
    message: `estimator '${estimator}' needs a survival outcome`,
    notes: ['write the left-hand side as Surv(time, event) or Surv(start, stop, event)'],
  }),
  survNoEvents: (estimator: string): Message => ({
    code: 'SS581',
    message: `no events (failures) in the estimation sample of the ${estimator} model`,
    notes: ['every event indicator is 0, so no hazard can be estimated; check the event variable and the sample'],
  }),
  survBadEvent: (value: number, row: number): Message => ({
    code: 'SS582',
    message: `the event indicator must be 0 or 1, found ${value} (estimation row ${row + 1})`,
    notes: ['recode the event variable, e.g. dead = status == 2'],
  }),
  survBadTime: (value: number, row: number, positive: boolean): Message => ({
    code: 'SS583',
    message: `survival time ${value} is not ${positive ? 'positive' : 'a finite number'} (estimation row ${row + 1})`,
    notes: positive
      ? ['parametric survival models need time > 0 (they use log t); drop or shift zero times']
      : ['remove rows with infinite or missing times'],
  }),
  survBadInterval: (start: number, stop: number, row: number): Message => ({
    code: 'SS584',
    message: `counting-process row has start ${start} not before stop ${stop} (estimation row ${row + 1})`,
    notes: ['Surv(start, stop, event) needs start < stop; the row is at risk on (start, stop]'],
  }),
  survNotConverged: (estimator: string, iters: number): Message => ({
    code: 'SS585',
    message: `the ${estimator} model did not converge after ${iters} iterations`,
    notes: ['raise maxIter, rescale covariates, or check for near-collinear regressors'],
  }),
  survMonotone: (names: readonly string[]): Message => ({
    code: 'SS586',
    message: `monotone likelihood: the coefficient of ${names.map((n) => `'${n}'`).join(', ')} is infinite`,
    notes: [
      'the partial likelihood keeps increasing as the coefficient grows: the covariate perfectly orders the events',
      'drop or recode the covariate, or merge sparse categories',
    ],
  }),
  survCollinear: (name: string, estimator: string): Message => ({
    code: 'SS587',
    message: `covariate '${name}' is collinear with the other covariates${estimator === 'cox' ? ' or constant within strata' : ''}`,
    notes:
      estimator === 'cox'
        ? ['a Cox model has no intercept: a constant covariate (or one fixed within every stratum) is absorbed by the baseline hazard']
        : ['remove the redundant covariate'],
  }),
  survClusterDims: (k: number): Message => ({
    code: 'SS588',
    message: `survival models take one cluster variable, got ${k}`,
  }),
  survNoCovariates: (estimator: string): Message => ({
    code: 'SS589',
    message: `the ${estimator} model has no covariates`,
    notes: ['a Cox model needs at least one covariate on the right-hand side'],
  }),
  survSingleCluster: (): Message => ({
    code: 'SS590',
    message: 'cluster-robust standard errors need at least two clusters',
  }),
  survNonFiniteCovariate: (name: string, row: number): Message => ({
    code: 'SS591',
    message: `covariate '${name}' is not finite at estimation row ${row + 1}`,
  }),
  survFixedEffects: (estimator: string, names: readonly string[]): Message => ({
    code: 'SS592',
    message: `the ${estimator} model cannot absorb fixed effects (${names.join(', ')})`,
    notes: [
      estimator === 'cox'
        ? 'use strata(x) for a separate baseline hazard per group, or i(x) for dummy variables'
        : 'use i(x) for dummy variables',
    ],
  }),
  // SS593–SS599: degenerate survival data.
  survNonPositiveTimes: (estimator: string, count: number, rows: readonly number[], firstValue: number): Message => ({
    code: 'SS593',
    message: `${count} row${count === 1 ? '' : 's'} of the ${estimator} model ${count === 1 ? 'has' : 'have'} a survival time ≤ 0 (estimation row${rows.length === 1 ? '' : 's'} ${rows.join(', ')}${count > rows.length ? ', …' : ''}; first value ${firstValue})`,
    notes: [
      'a spell must end after time 0; Stata\'s stset drops such rows with a note, studyspec asks you to decide',
      "exclude them explicitly with a sample (e.g. samples: { spells: time > 0 }) or fix the time variable",
    ],
  }),
} satisfies Record<string, (...args: never[]) => Message>;
