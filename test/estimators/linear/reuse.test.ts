// Reuse paths: the demeaned-column cache and the FWL focal refit for placebo draws;
// collinearity handling and the StudyError codes of undefined fits.
import { describe, expect, it } from 'vitest';
import { makeFrame, numColumn } from '../../../src/data/frame.js';
import { Reporter } from '../../../src/diagnostics/diagnostic.js';
import { fitOls } from '../../../src/estimators/linear/ols.js';
import { DemeanCache } from '../../../src/estimators/linear/cache.js';
import { prepareFocalRefit } from '../../../src/estimators/linear/refit.js';
import type { FitOptions } from '../../../src/estimators/registry.js';
import { expectRel, formula, num, readCsvFrame, v, withNum } from '../../helpers/linear-fixture.js';
import { design, fit } from '../../helpers/linear-fit.js';
import { codeOf } from '../../helpers/errors.js';

const produc = readCsvFrame('produc.csv');
const px = ['lpcap', 'lpc', 'lemp', 'unemp'].map((x) => v(x));
const opts: FitOptions = { vcov: 'iid', conventions: 'stata' };


describe('demeaned-column cache', () => {
  it('models sharing sample and FE reuse demeaned columns and give identical results', () => {
    const cache = new DemeanCache();
    const f1 = formula({ y: 'lgsp', x: px.slice(0, 2), fe: ['state', 'year'] });
    const f2 = formula({ y: 'lgsp', x: px, fe: ['state', 'year'] });
    const d1 = design(f1, produc);
    const d2 = design(f2, produc);
    fitOls({ id: 'a', formula: '', design: d1, options: opts, reporter: new Reporter(), cache });
    const missesAfterFirst = cache.misses;
    const r2 = fitOls({ id: 'b', formula: '', design: d2, options: opts, reporter: new Reporter(), cache });
    expect(cache.hits).toBe(3); // lgsp, lpcap, lpc
    expect(cache.misses - missesAfterFirst).toBe(2); // lemp, unemp
    const plain = fitOls({ id: 'b', formula: '', design: d2, options: opts, reporter: new Reporter() });
    for (const t of plain.terms) expect(r2.coefficients[t]!.estimate).toBe(plain.coefficients[t]!.estimate);
  });
});

describe('prepareFocalRefit (FWL)', () => {
  const f = formula({ y: 'lgsp', x: px, fe: ['state', 'year'] });
  const d = design(f, produc);
  const refit = prepareFocalRefit(d, opts, 'unemp');
  it('with the original column it reproduces the full fit', () => {
    const full = fit(f, produc);
    expectRel(refit.coefficient(d.X[3]!), full.coefficients.unemp!.estimate, 1e-9, 'unemp');
  });
  it('with a permuted column it equals a full re-estimation', () => {
    const perm = Float64Array.from(d.X[3]!).reverse();
    const fr = withNum(produc, 'unemp_p', perm);
    const full = fit(formula({ y: 'lgsp', x: [...px.slice(0, 3), v('unemp_p')], fe: ['state', 'year'] }), fr);
    expectRel(refit.coefficient(perm), full.coefficients.unemp_p!.estimate, 1e-9, 'permuted');
  });
  it('an unknown focal name is SS516', () => {
    expect(codeOf(() => prepareFocalRefit(d, opts, 'nope'))).toBe('SS516');
  });
});

describe('collinearity and undefined fits', () => {
  const dup = withNum(produc, 'lpcap2', num(produc, 'lpcap').map((x) => 2 * x));
  const yr = num(produc, 'year');
  const fr = withNum(dup, 'trend', Float64Array.from(yr));
  it('a duplicated regressor is dropped with reason "regressors"', () => {
    const r = fit(formula({ y: 'lgsp', x: [v('lpcap'), v('lpcap2'), v('lpc')] }), dup);
    expect(r.dropped.collinear).toEqual(['lpcap2']);
    expect(r.extra!.collinear![0]!.reason).toBe('regressors');
  });
  it('a regressor absorbed by the FE is dropped with reason "fixed_effects"', () => {
    const r = fit(formula({ y: 'lgsp', x: [v('lpcap'), v('trend')], fe: ['year'] }), fr);
    expect(r.dropped.collinear).toEqual(['trend']);
    expect(r.extra!.collinear![0]!.reason).toBe('fixed_effects');
  });
  it('a focal regressor that would be dropped is SS503', () => {
    expect(codeOf(() => fit(formula({ y: 'lgsp', x: [v('lpcap'), v('trend')], fe: ['year'] }), fr, { focal: ['trend'] }))).toBe('SS503');
  });
  it('all regressors absorbed is SS502', () => {
    expect(codeOf(() => fit(formula({ y: 'lgsp', x: [v('trend')], fe: ['year'] }), fr))).toBe('SS502');
  });
  it('a cluster variable with one level is SS504', () => {
    const one = withNum(produc, 'c1', new Float64Array(produc.nrows).fill(1));
    expect(codeOf(() => fit(formula({ y: 'lgsp', x: px }), one, { vcov: 'cluster', clusters: ['c1'] }))).toBe('SS504');
  });
  it('cluster vcov without cluster variables is SS519', () => {
    expect(codeOf(() => fit(formula({ y: 'lgsp', x: px }), produc, { vcov: 'cluster' }))).toBe('SS519');
  });
  it('two-way clustering: df = min G − 1, both cluster counts reported, V positive semidefinite', () => {
    const r = fit(formula({ y: 'lgsp', x: px, fe: ['state'] }), produc, { vcov: 'cluster', clusters: ['state', 'year'] });
    expect(r.vcov).toBe('cluster(state, year)');
    expect(r.inference.n_clusters).toEqual([48, 17]);
    expect(r.inference.df).toBe(16);
    for (const t of r.terms) expect(r.coefficients[t]!.se).toBeGreaterThan(0);
  });
  it('no residual degrees of freedom is SS505', () => {
    // 2 groups × 2 rows, 2 within-varying regressors: n − k − G = 0.
    const tiny = makeFrame([
      ['y', numColumn(Float64Array.from([1, 2, 4, 3]))],
      ['x1', numColumn(Float64Array.from([0, 1, 0, 1]))],
      ['x2', numColumn(Float64Array.from([0, 1, 0, 3]))],
      ['g', numColumn(Float64Array.from([1, 1, 2, 2]))],
    ]);
    expect(codeOf(() => fit(formula({ y: 'y', x: [v('x1'), v('x2')], fe: ['g'] }), tiny))).toBe('SS505');
  });
});
