/**
 * Heckman's estimation sample (Stata heckman): a selected row missing an outcome-equation
 * variable leaves the whole model, probit included; a non-selected row needs no outcome
 * variables. Checked through the CLI as an equivalence: blanking `exper` on the selected
 * women aged 30 gives exactly the model fitted with those women removed by a sample.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { close, runSpec } from './harness.js';

const sel = 'inlf ~ age + agesq + faminc + kids + educ';
const yaml = `version: 1
data:
  mroz: { source: nl_mroz.csv }
variables:
  exper_m: ifelse(inlf == 1 & age == 30, NA, exper)
  exper_u: ifelse(inlf == 0 & age == 30, NA, exper)
samples:
  without30: "!(inlf == 1 & age == 30)"
models:
  blanked: { estimator: heckman, selection: "${sel}", formula: "lwage ~ educ + exper_m + expersq" }
  removed: { estimator: heckman, sample: without30, selection: "${sel}", formula: "lwage ~ educ + exper + expersq" }
  unselected_blank: { estimator: heckman, selection: "${sel}", formula: "lwage ~ educ + exper_u + expersq" }
  full: { estimator: heckman, selection: "${sel}", formula: "lwage ~ educ + exper + expersq" }
`;

describe('heckman estimation sample', () => {
  let m: any;
  beforeAll(() => {
    const r = runSpec(yaml, ['nl_mroz.csv']);
    if (r.status !== 0) throw new Error(r.stderr);
    m = r.results.models;
  });
  it('selected rows with a missing outcome regressor leave both equations', () => {
    expect(m.blanked.nobs).toBe(m.removed.nobs);
    expect(m.blanked.nobs).toBeLessThan(753);
    expect(m.blanked.dropped.selected_missing_outcome).toBe(753 - m.blanked.nobs);
    for (const [t, c] of Object.entries<any>(m.removed.coefficients)) {
      const b = m.blanked.coefficients[t === 'exper' ? 'exper_m' : t];
      expect(close(b.estimate, c.estimate, 1e-12), t).toBe(true);
      expect(close(b.se, c.se, 1e-10), t).toBe(true);
    }
  });
  it('non-selected rows need no outcome variables', () => {
    expect(m.unselected_blank.nobs).toBe(753);
    for (const [t, c] of Object.entries<any>(m.full.coefficients)) {
      const b = m.unselected_blank.coefficients[t === 'exper' ? 'exper_u' : t];
      expect(b.estimate).toBe(c.estimate);
      expect(b.se).toBe(c.se);
    }
  });
});
