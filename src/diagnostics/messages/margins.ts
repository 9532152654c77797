/**
 * Messages of marginal effects (`margins:` on a model; src/margins/), codes SS720–SS739.
 * Codes are stable once released: add new codes, never renumber.
 */
import type { Message } from './index.js';

const q = (s: string): string => `'${s}'`;

export const marginsMessages = {
  marginsNotForEstimator: (estimator: string, supported: readonly string[]): Message => ({
    code: 'SS720',
    message: `margins: estimator ${q(estimator)} has no marginal effects here`,
    notes: [`margins are computed after ${supported.map(q).join(', ')}`],
  }),
  marginsUnknownVariable: (variable: string, model: string, known: readonly string[]): Message => ({
    code: 'SS721',
    message: `margins: dydx names ${q(variable)}, which is not a regressor variable of model ${q(model)}`,
    notes: known.length ? [`the model's variables: ${known.map(q).join(', ')}`] : [],
  }),
  marginsNoVariables: (model: string): Message => ({
    code: 'SS722',
    message: `margins: model ${q(model)} has no continuous or factor regressor to take marginal effects of`,
    notes: ['terms built by lags, leads or group statistics are held fixed; define them under `variables:` to differentiate by them'],
  }),
  marginsAbsorbedFe: (estimator: string): Message => ({
    code: 'SS723',
    message: `margins: ${estimator} with absorbed fixed effects has no marginal effects here`,
    notes: ['margins with absorbed fixed effects are computed after ols, probit, logit and poisson; enter the effects as i() dummies to get marginal effects of this model'],
  }),
  marginsIv: (model: string): Message => ({
    code: 'SS724',
    message: `margins: model ${q(model)} has instruments; marginal effects are computed for exogenous models only`,
  }),
  marginsPersonPeriod: (model: string): Message => ({
    code: 'SS725',
    message: `margins: model ${q(model)} is expanded to person-period rows (period:); marginal effects are not computed on the expanded rows`,
  }),
  marginsBothKinds: (variable: string): Message => ({
    code: 'SS726',
    message: `margins: ${q(variable)} enters the model both as a factor (i()) and as a number; its marginal effect is ambiguous`,
    notes: ['use it either in i() or as a number'],
  }),
  marginsNotDifferentiable: (variable: string, fn: string): Message => ({
    code: 'SS727',
    message: `margins: ${q(variable)} enters the model through ${q(fn)}, which margins cannot differentiate`,
    notes: ['margins differentiate through + − × ÷ ^, log, exp, sqrt and abs; define the term under `variables:` to take its effect as a variable of its own'],
  }),
  marginsMeansOffset: (model: string): Message => ({
    code: 'SS728',
    message: `margins: at: means is not defined for model ${q(model)}, whose prediction has an offset or exposure`,
    notes: ['use at: average (average marginal effects over the estimation sample)'],
  }),
  marginsDroppedRows: (model: string, rows: number): Message => ({
    code: 'SS729',
    message: `margins: model ${q(model)} dropped ${rows} estimation row${rows === 1 ? '' : 's'} as perfectly predicted; marginal effects over the remaining sample are not computed`,
    notes: ['drop the perfectly predicting regressor (or its rows) from the model'],
  }),
  marginsUnknownColumn: (model: string, column: string): Message => ({
    code: 'SS730',
    message: `margins: internal mismatch between the design of model ${q(model)} and its formula (column ${q(column)})`,
  }),
  marginsDuplicate: (variable: string): Message => ({
    code: 'SS731',
    message: `margins: dydx lists ${q(variable)} twice`,
  }),
  marginsNotInStep: (variable: string, model: string): Message => ({
    code: 'SS732',
    message: `margins: ${q(variable)} is not a regressor of ${q(model)}; that model's margins leave it out`,
  }),
  marginsNotRequested: (ref: string, model: string): Message => ({
    code: 'SS733',
    message: `${q(ref)} asks for the marginal effects of model ${q(model)}, which has no margins: key`,
    notes: ['add e.g. `margins: { dydx: all }` to the model'],
  }),
  marginsMeansFe: (model: string): Message => ({
    code: 'SS734',
    message: `margins: at: means is not defined for model ${q(model)}, a nonlinear model with absorbed fixed effects (there is no mean fixed effect to evaluate at)`,
    notes: ['use at: average (average marginal effects with each row\'s estimated fixed effects)'],
  }),
  marginsFeNotRecovered: (model: string): Message => ({
    code: 'SS735',
    message: `margins: the fixed effects of model ${q(model)} could not be recovered from its first-order conditions`,
  }),
};
