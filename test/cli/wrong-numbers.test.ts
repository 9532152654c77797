/**
 * Data for which an estimator has no answer must not produce one silently: separation in
 * probit/logit (Stata's rules; reference: oracle/nl_separation.R) and survival times ≤ 0
 * in a Cox model.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, readJson, root, studyDir, writeSpec } from './hostile-helpers.js';

const data = readFileSync(join(root, 'test/fixtures/data/nl_separation.csv'), 'utf8');
const expected = readJson(join(root, 'test/fixtures/expected/nl_separation.json')) as {
  complete: { variable: string; cut: number };
  quasi: { cut: number; rows_not_used: number; nobs: number; coefficients: Record<string, { estimate: number; se: number }> };
};
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('separation in probit and logit', () => {
  it.each(['probit', 'logit'])('complete separation by a continuous regressor is an error (%s), not absurd estimates', (estimator) => {
    const dir = studyDir({ 's.csv': data });
    writeSpec(dir, `version: 1\ndata:\n  t: { source: s.csv }\nmodels:\n  m: { formula: "d ~ x + z", estimator: ${estimator} }\n`);
    const r = cli(['run', 'spec.yaml', '--out', 'out'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`spec.yaml:5:17: error SS559: ${estimator}: outcome = x > ${expected.complete.cut} predicts the data perfectly`);
  });

  it("quasi-complete separation: the regressor is dropped and only the rows at the cut are kept (Stata's rule), numbers as R", () => {
    const dir = studyDir({ 's.csv': data });
    writeSpec(dir, `version: 1\ndata:\n  t: { source: s.csv }\nmodels:\n  m: { formula: "y2 ~ q + z", estimator: logit }\n`);
    const r = cli(['run', 'spec.yaml', '--out', 'out'], dir);
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      `warning SS562: outcome = q > 0.5 predicts the data perfectly except for the q == 0.5 subsample: 'q' dropped and ${expected.quasi.rows_not_used} observations not used`,
    );
    const m = (readJson(join(dir, 'out', 'results.json')) as { models: Record<string, any> }).models['m'];
    expect(m.nobs).toBe(expected.quasi.nobs);
    expect(m.dropped.perfect_prediction).toEqual(['q']);
    expect(m.dropped.perfect_prediction_rows).toBe(expected.quasi.rows_not_used);
    for (const [term, c] of Object.entries(expected.quasi.coefficients)) {
      expect(rel(m.coefficients[term].estimate, c.estimate)).toBeLessThan(1e-8);
      expect(rel(m.coefficients[term].se, c.se)).toBeLessThan(1e-6);
    }
  });
});

describe('Cox model with survival times ≤ 0', () => {
  it('is an error naming how many rows and which, not a silent fit', () => {
    const dir = studyDir();
    writeSpec(dir, `version: 1\ndata:\n  t: { source: d.csv, variables: { tt: time - 5 } }\nmodels:\n  m: { formula: "Surv(tt, event) ~ x", estimator: cox }\n`);
    const r = cli(['run', 'spec.yaml', '--out', 'out'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/spec\.yaml:5:17: error SS593: \d+ rows of the cox model have a survival time ≤ 0 \(estimation rows \d+, \d+, \d+, \d+, \d+, …; first value -?[\d.]+\)/);
  });

  it('excluding them with a sample (what stset does) runs', () => {
    const dir = studyDir();
    writeSpec(
      dir,
      `version: 1\ndata:\n  t: { source: d.csv, variables: { tt: time - 5 } }\nsamples:\n  spells: tt > 0\nmodels:\n  m: { formula: "Surv(tt, event) ~ x", estimator: cox, sample: spells }\n`,
    );
    const r = cli(['run', 'spec.yaml', '--out', 'out'], dir);
    expect(r.err).not.toContain('SS593');
    expect(r.code).toBe(0);
  });
});
