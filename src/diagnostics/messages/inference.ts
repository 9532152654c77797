/**
 * Messages of the inference menu (vcov kinds, weights, singletons): codes SS535–SS549,
 * SS573–SS579, SS890–SS899. Each builder returns {code, message[, notes]}.
 * Codes are stable once released: add new codes, never renumber.
 */
import type { Message } from './index.js';

export const inferenceMessages = {
  infVcovNotSupported: (estimator: string, vcov: string, supported: readonly string[]): Message => ({
    code: 'SS535',
    message: `estimator '${estimator}' does not support vcov '${vcov}'`,
    notes: [`${estimator} supports: ${supported.join(', ')}`],
  }),
  infWeightsNotSupported: (estimator: string, kind: string, supported: readonly string[]): Message => ({
    code: 'SS536',
    message: `estimator '${estimator}' does not take ${kind} weights`,
    notes: [supported.length ? `${estimator} takes: ${supported.join(', ')} weights` : `${estimator} takes no weights`],
  }),
  infNeedsPanel: (vcov: string, table: string): Message => ({
    code: 'SS537',
    message: `vcov '${vcov}' needs the panel's time, but table '${table}' declares no panel`,
    notes: ['declare it on the table, e.g. `panel: { id: firm, time: year }`'],
  }),
  infDuplicateUnitTime: (model: string, row: number): Message => ({
    code: 'SS538',
    message: `${model}: Newey–West needs one row per unit and period, but estimation row ${row} repeats a (unit, period) pair`,
    notes: ['aggregate the duplicates, or use `dk(L)` (Driscoll–Kraay), which allows several rows per period'],
  }),
  infNegativeWeight: (column: string, row: number, value: number): Message => ({
    code: 'SS539',
    message: `weight column '${column}' has a negative value (${value}) in row ${row}`,
    notes: ['weights must be ≥ 0; rows with weight 0 leave the estimation sample'],
  }),
  infFrequencyNotInteger: (column: string, value: number): Message => ({
    code: 'SS540',
    message: `frequency weights must be whole numbers, but '${column}' has ${value}`,
    notes: ['use `kind: analytic` or `kind: probability` for non-integer weights'],
  }),
  infLeverageOne: (model: string, vcov: string, row: number): Message => ({
    code: 'SS541',
    message: `${model}: ${vcov} is undefined because estimation row ${row} has leverage 1 (it is fitted exactly)`,
    notes: ['use hc1, or drop the observation that a dummy fits exactly'],
  }),
  infLeverageWithFe: (model: string, vcov: string): Message => ({
    code: 'SS542',
    message: `${model}: ${vcov} needs the leverage of every regressor, which absorbed fixed effects do not give`,
    notes: ['write the fixed effects as factors (`i(firm)`) or use hc1 / cluster(...)'],
  }),
  infBadCoordinates: (column: string, value: number, kind: 'lat' | 'lon'): Message => ({
    code: 'SS543',
    message: `Conley ${kind === 'lat' ? 'latitude' : 'longitude'} column '${column}' has ${value}, outside ${kind === 'lat' ? '[−90, 90]' : '[−180, 360]'} degrees`,
  }),
  infVcovData: (model: string, vcov: string): Message => ({
    code: 'SS545',
    message: `${model}: the data vcov '${vcov}' reads are not available for this model`,
  }),
  infFrequencyVcov: (vcov: string): Message => ({
    code: 'SS548',
    message: `vcov '${vcov}' is not available with frequency weights`,
    notes: ['frequency weights take iid, hc1 and cluster(...); use analytic or probability weights for the others'],
  }),
  infSmallNotIv: (estimator: string): Message => ({
    code: 'SS547',
    message: `'small' applies to instrumental-variable models only, not to '${estimator}'`,
  }),
} satisfies Record<string, (...args: never[]) => Message>;
