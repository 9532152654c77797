/**
 * Registry entries of the binary-outcome family: probit, logit, and cloglog (which becomes
 * a discrete-time hazard model on person-period rows with `period:`).
 */
import type { Design } from '../../design/types.js';
import type { DesignExpansion, EstimatorEntry } from '../registry.js';
import type { StatKey } from '../result.js';
import { fitBinaryModel } from './binary.js';
import { fitCloglog } from './cloglog.js';
import { binaryColumns } from './columns.js';
import { personPeriodDesign } from './person-period.js';

const STATS: readonly StatKey[] = ['nobs', 'pseudo_r2', 'chi2', 'chi2_p', 'loglik', 'aic', 'bic', 'n_clusters'];

const binary = {
  family: 'binary',
  design: { dropSingletons: true },
  vcov: ['iid', 'hc1', 'cluster'],
  vcovWays: 2,
  // Stata's probit/logit/cloglog take fw and pw (not aw); analytic weights are fixest
  // feglm's prior weights, so they are taken under `conventions: fixest` only (weights.ts).
  weights: ['probability', 'frequency'],
  weightsUnder: { fixest: ['analytic', 'probability', 'frequency'] },
  probabilityNeedsRobust: true,
  stats: STATS,
  placebo: 'refit',
} as const satisfies Partial<EstimatorEntry>;

export const probit: EstimatorEntry = {
  ...binary,
  name: 'probit',
  margins: { prediction: { kind: 'probability', link: 'probit' }, absorbedFe: true },
  options: { accepts: [], requires: ['formula'] },
  columns: { kinds: ['xb', 'fitted', 'resid', 'mills'], predictDefault: 'prob', compute: binaryColumns('probit') },
  fit: (input) => fitBinaryModel(input, 'probit'),
};

export const logit: EstimatorEntry = {
  ...binary,
  name: 'logit',
  // With absorbed FE (feglm): the FE recovered from the score equations, held fixed.
  margins: { prediction: { kind: 'probability', link: 'logit' }, absorbedFe: true },
  options: { accepts: [], requires: ['formula'] },
  columns: { kinds: ['xb', 'fitted', 'resid'], predictDefault: 'prob', compute: binaryColumns('logit') },
  fit: (input) => fitBinaryModel(input, 'logit'),
};

/** `period: w` on a Surv(time, event) model: one row per unit and period at risk. */
function personPeriod(d: Design, options: { readonly period?: number }): DesignExpansion | undefined {
  if (options.period === undefined) return undefined;
  const pp = personPeriodDesign(d, options.period);
  return {
    design: pp.design,
    extra: { person_period: { units: d.n, rows: pp.expansion.n, events: pp.expansion.events ?? null, periods: pp.expansion.nPeriods } },
  };
}

export const cloglog: EstimatorEntry = {
  ...binary,
  name: 'cloglog',
  margins: { prediction: { kind: 'probability', link: 'cloglog' }, absorbedFe: false },
  options: { accepts: ['period'], requires: ['formula'] },
  design: { dropSingletons: true, expand: personPeriod },
  columns: { kinds: ['xb', 'fitted', 'resid'], predictDefault: 'prob', compute: binaryColumns('cloglog') },
  fit: fitCloglog,
};
