/**
 * Messages of the binary-choice, Heckman, cloglog, MTE and placebo estimators (codes SS55x–SS57x). Each builder returns {code, message[, notes]}.
 * Codes are stable once released: add new codes, never renumber.
 * Builder names carry an `nl` prefix because the catalogue is one flat object.
 */
import type { Message } from './index.js';

export const nonlinearMessages = {
  nlNotConverged: (model: string, iters: number): Message => ({
    code: 'SS550',
    message: `${model}: maximum likelihood did not converge after ${iters} iterations`,
    notes: ['raise `maxIter`, rescale regressors, or look for (quasi-)separation'],
  }),
  nlSingularHessian: (model: string): Message => ({
    code: 'SS551',
    message: `${model}: the Hessian is singular (regressors are collinear or not identified)`,
  }),
  nlOutcomeNotBinary: (model: string, yName: string): Message => ({
    code: 'SS552',
    message: `${model}: outcome '${yName}' must be 0/1 (any nonzero value is read as 1 only when it is exactly 1)`,
  }),
  nlOutcomeConstant: (model: string, yName: string): Message => ({
    code: 'SS553',
    message: `${model}: outcome '${yName}' does not vary in the estimation sample`,
  }),
  nlPerfectPrediction: (variable: string, side: 'nonzero' | 'zero', outcome: 0 | 1, rows: number): Message => ({
    code: 'SS554',
    message: `'${variable}' ${side === 'nonzero' ? '!= 0' : '== 0'} predicts ${outcome === 1 ? 'success' : 'failure'} perfectly: '${variable}' dropped and ${rows} observations not used`,
  }),
  nlSeparation: (model: string): Message => ({
    code: 'SS555',
    message: `${model}: the outcome is (quasi-)completely separated by a combination of regressors; the MLE does not exist`,
    notes: ['some fitted probabilities are numerically 0 or 1; drop or recode the separating regressors'],
  }),
  nlHeckmanNoSelection: (): Message => ({
    code: 'SS556',
    message: 'heckman: the model needs a `selection:` equation',
  }),
  nlHeckmanRows: (missing: number): Message => ({
    code: 'SS557',
    message: `heckman: ${missing} outcome rows are not selected rows (selection indicator 1) of the selection equation`,
  }),
  nlRhoTruncated: (rho: number): Message => ({
    code: 'SS558',
    message: `heckman: estimated rho = ${rho.toPrecision(4)} lies outside [-1, 1]; truncated to ±1 (Stata rhosigma rule)`,
  }),
  nlMteDesign: (detail: string): Message => ({
    code: 'SS560',
    message: `mte: ${detail}`,
    notes: ['write the model as `y ~ x1 + x2 | D ~ z1 + z2`: one 0/1 treatment D and at least one excluded instrument'],
  }),
  nlMteTreatmentNotBinary: (name: string): Message => ({
    code: 'SS561',
    message: `mte: treatment '${name}' must be 0/1`,
  }),
  nlPersonPeriodInput: (detail: string): Message => ({
    code: 'SS565',
    message: `person-period expansion: ${detail}`,
  }),
  nlClusterUnsupported: (model: string, k: number): Message => ({
    code: 'SS566',
    message: `${model}: ${k}-way clustering is not supported (use one or two cluster variables)`,
  }),
  nlFixedEffectsUnsupported: (model: string): Message => ({
    code: 'SS567',
    message: `${model}: absorbed fixed effects are not supported for this estimator; use i(g) dummies instead`,
  }),
  nlPlaceboArgs: (detail: string): Message => ({
    code: 'SS570',
    message: `placebo: ${detail}`,
  }),
  nlPlaceboWorkerFallback: (reason: string): Message => ({
    code: 'SS571',
    message: `placebo: worker threads unavailable (${reason}); draws run in the main thread`,
  }),
  nlPlaceboDrawFailed: (draw: number, detail: string): Message => ({
    code: 'SS572',
    message: `placebo: refit failed at draw ${draw}: ${detail}`,
  }),
  // Separation by one continuous regressor (Stata's probit/logit checks).
  nlCompleteSeparation: (link: string, variable: string, op: '>' | '<', cut: number): Message => ({
    code: 'SS559',
    message: `${link}: outcome = ${variable} ${op} ${cut} predicts the data perfectly; the maximum-likelihood estimates do not exist`,
    notes: [`every row with ${variable} ${op} ${cut} is a success and every other row a failure (Stata stops here with r(2000)); drop '${variable}' or model the outcome differently`],
  }),
  nlQuasiSeparation: (variable: string, op: '>' | '<', cut: number, rows: number): Message => ({
    code: 'SS562',
    message: `outcome = ${variable} ${op} ${cut} predicts the data perfectly except for the ${variable} == ${cut} subsample: '${variable}' dropped and ${rows} observations not used`,
  }),
  nlTooManyPeriods: (width: number, periods: number, rows: number, limitPeriods: number, limitRows: number): Message => ({
    code: 'SS563',
    message: `period: ${width} splits the spells into ${periods} periods and ${rows} person-period rows; the limits are ${limitPeriods} periods (one dummy each) and ${limitRows} rows`,
    notes: ['choose a wider period, in the unit of the time variable (e.g. period: 1 for yearly data)'],
  }),
  // Weights on the binary models (binary/weights.ts, run/inference.ts).
  nlWeightsUnderProfile: (estimator: string, kind: string, profile: string, here: readonly string[], other: string): Message => ({
    code: 'SS573',
    message: `estimator '${estimator}' does not take ${kind} weights under \`conventions: ${profile}\``,
    notes: [
      profile === 'stata'
        ? `Stata's ${estimator} refuses aweights; it takes ${here.join(' and ')} weights (\`kind: ${here.join('` or `kind: ')}\`)`
        : `${estimator} takes ${here.join(' and ')} weights under \`conventions: ${profile}\``,
      `under \`conventions: ${other}\` ${kind} weights are ${kind === 'analytic' ? "fixest feglm's `weights =` (prior weights of the likelihood, as R's glm)" : 'accepted'}`,
    ],
  }),
  nlProbabilityWeightsIid: (estimator: string, vcov: string): Message => ({
    code: 'SS574',
    message: `estimator '${estimator}' with probability weights needs a robust or clustered variance, not vcov '${vcov}'`,
    notes: ['a probability-weighted likelihood is a pseudo-likelihood: its inverse information is not a variance (Stata refuses vce(oim) with pweights); leave `vcov:` out (robust is the default) or write `vcov: cluster(g)`'],
  }),
} satisfies Record<string, (...args: never[]) => Message>;
