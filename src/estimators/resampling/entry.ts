/**
 * Registry entry of the placebo (permutation) test: run as its own plan step on a model
 * fitted earlier (run/placebo.ts), so it has no fit of its own.
 */
import { indexColumns } from '../columns.js';
import type { EstimatorEntry } from '../registry.js';
import type { ModelResult } from '../result.js';

/** The contract puts the draws and their summary at the top level of the model record. */
function placeboRecord(r: ModelResult): Record<string, unknown> {
  const out: Record<string, unknown> = { ...r };
  if (r.family !== 'resampling') return out;
  const { draws, observed, mean, sd, p_value } = r.extra;
  return Object.assign(out, { draws, observed, mean, sd, p_value });
}

export const placebo: EstimatorEntry = {
  name: 'placebo',
  family: 'resampling',
  options: { accepts: ['model', 'permute', 'within', 'draws', 'seed'], requires: ['model', 'permute'] },
  design: { dropSingletons: true },
  columns: { kinds: [], predictDefault: 'xb', compute: indexColumns },
  vcov: [],
  stats: ['nobs'],
  placebo: 'none',
  record: placeboRecord,
};
