/**
 * Equivalences a fixest or Stata user relies on, checked through specs run by the CLI:
 * - a csw() set equals the same models written out by hand;
 * - split: equals one model per subsample written with `sample:`;
 * - absorbed fixed effects equal explicit i() dummies (slopes, SEs with iid vcov).
 * Agreement to 1e-10 relative: the same arithmetic on the same rows, up to demeaning
 * tolerance (set to 1e-12 here) and summation order.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { close, runSpec } from './harness.js';

const yaml = `version: 1
data:
  d: { source: produc.csv, panel: { id: state, time: year } }
samples:
  east: region in [1, 2, 3, 4, 5]
  rest: "!(region in [1, 2, 3, 4, 5])"
models:
  steps: { formula: "lgsp ~ csw(lpcap, lpc, lemp) | year", vcov: cluster(state), tol: 1e-12 }
  s1: { formula: "lgsp ~ lpcap | year", vcov: cluster(state), tol: 1e-12 }
  s2: { formula: "lgsp ~ lpcap + lpc | year", vcov: cluster(state), tol: 1e-12 }
  s3: { formula: "lgsp ~ lpcap + lpc + lemp | year", vcov: cluster(state), tol: 1e-12 }
  by: { formula: "lgsp ~ lpcap + lpc + lemp + unemp | state", vcov: cluster(state), split: east_flag, tol: 1e-12 }
  east_only: { formula: "lgsp ~ lpcap + lpc + lemp + unemp | state", vcov: cluster(state), sample: east, tol: 1e-12 }
  rest_only: { formula: "lgsp ~ lpcap + lpc + lemp + unemp | state", vcov: cluster(state), sample: rest, tol: 1e-12 }
  absorbed: { formula: "lgsp ~ lpcap + lpc + lemp + unemp | state + year", tol: 1e-12 }
  dummies: { formula: "lgsp ~ lpcap + lpc + lemp + unemp + i(year) | state", tol: 1e-12 }
variables:
  east_flag: ifelse(region in [1, 2, 3, 4, 5], 1, 0)
`;

const same = (a: any, b: any, terms: readonly string[]) => {
  expect(a.nobs).toBe(b.nobs);
  for (const t of terms) {
    expect(close(a.coefficients[t].estimate, b.coefficients[t].estimate, 1e-10), `${t} estimate`).toBe(true);
    expect(close(a.coefficients[t].se, b.coefficients[t].se, 1e-10), `${t} se`).toBe(true);
  }
};

describe('equivalences through the CLI (produc)', () => {
  let m: any;
  beforeAll(() => {
    const r = runSpec(yaml, ['produc.csv']);
    if (r.status !== 0) throw new Error(`studyspec run failed (${r.status}):\n${r.stderr}\n${r.stdout}`);
    m = r.results.models;
  });
  it('csw step 1 = hand-written model 1', () => same(m['steps/1'], m.s1, ['lpcap']));
  it('csw step 2 = hand-written model 2', () => same(m['steps/2'], m.s2, ['lpcap', 'lpc']));
  it('csw step 3 = hand-written model 3', () => same(m['steps/3'], m.s3, ['lpcap', 'lpc', 'lemp']));
  it('split group 1 = the east sample', () => same(m['by/1'], m.east_only, ['lpcap', 'lpc', 'lemp', 'unemp']));
  it('split group 0 = the other sample', () => same(m['by/0'], m.rest_only, ['lpcap', 'lpc', 'lemp', 'unemp']));
  it('absorbed year FE = explicit i(year) dummies', () => same(m.absorbed, m.dummies, ['lpcap', 'lpc', 'lemp', 'unemp']));
});
