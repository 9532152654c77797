/**
 * Complementary log-log binary regression (Stata `cloglog`), and the discrete-time hazard
 * model it becomes on person-period rows: with `period: w` on a `Surv(time, event)` model
 * the Design is expanded first (person-period.ts) and the period dummies are nuisance terms
 * (left out of `wald_chi2_covariates`). VCE: observed information by default, as Stata;
 * `information: expected` gives glm's Fisher-scoring SEs (they differ: the link is not canonical).
 */
import { fitBinaryModel } from './binary.js';
import { PERIOD_TERM_PREFIX, personPeriodDesign } from './person-period.js';
import type { FitInput } from '../registry.js';
import type { BinaryResult } from '../result.js';

export function fitCloglog(input: FitInput): BinaryResult {
  const width = input.options.period;
  const nuisance = (t: string): boolean => t.startsWith(PERIOD_TERM_PREFIX);
  // Without `period:`, or when the caller already expanded the rows (the Design then has no
  // Surv pieces), fit as given; period dummies, if present, are still nuisance terms.
  if (typeof width !== 'number' || !input.design.surv) {
    return fitBinaryModel(input, 'cloglog', input.design.names.some(nuisance) ? { nuisance } : {});
  }
  const { design, expansion: pp } = personPeriodDesign(input.design, width);
  return fitBinaryModel({ ...input, design }, 'cloglog', {
    nuisance,
    stats: { n_units: pp.units, n_events: pp.events, n_periods: pp.nPeriods, period_width: width },
    extra: {
      person_period: {
        width,
        units: pp.units,
        rows: pp.n,
        events: pp.events,
        zero_time_units: pp.zeroTime,
        events_by_period: pp.eventsByPeriod,
        at_risk_by_period: pp.atRiskByPeriod,
      },
    },
  });
}
