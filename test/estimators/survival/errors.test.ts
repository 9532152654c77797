/**
 * User-facing failures of the survival estimators: each is a StudyError with a stable code
 * from the survival message file, never a NaN result.
 */
import { describe, expect, it } from 'vitest';
import { fitCoxModel } from '../../../src/estimators/survival/cox.js';
import { fitStregModel } from '../../../src/estimators/survival/streg.js';
import { createEstimatorRegistry } from '../../../src/estimators/index.js';
import type { Design } from '../../../src/design/types.js';
import type { FitOptions } from '../../../src/estimators/registry.js';
import { Reporter } from '../../../src/diagnostics/diagnostic.js';
import { codeOf } from '../../helpers/errors.js';

function design(time: number[], event: number[], cols: Record<string, number[]>, extra: Partial<Design> = {}): Design {
  const t = Float64Array.from(time);
  return {
    n: time.length,
    y: t,
    yName: 'time',
    X: Object.values(cols).map((c) => Float64Array.from(c)),
    names: Object.keys(cols),
    intercept: false,
    fe: [],
    surv: { time: t, event: Float64Array.from(event) },
    clusters: [],
    rows: Int32Array.from(time.keys()),
    dropped: { missing: 0, missingBy: {}, singletons: 0, collinear: [] },
    ...extra,
  };
}


const opts = (o: Partial<FitOptions> = {}): FitOptions => ({ vcov: 'iid', conventions: 'stata', ...o });
const cox = (d: Design, o: Partial<FitOptions> = {}) =>
  fitCoxModel({ id: 'm', formula: '', design: d, options: opts(o), reporter: new Reporter() });
const weibull = (d: Design, o: Partial<FitOptions> = {}) =>
  fitStregModel({ id: 'm', formula: '', design: { ...d, intercept: true }, options: opts(o), reporter: new Reporter() }, 'weibull');

const time = [5, 8, 8, 12, 15, 20, 21, 30, 33, 40];
const x = [1.2, 0.3, 2.2, 0.9, 1.7, 0.1, 1.1, 0.4, 2.5, 0.8];
const z = [0, 1, 0, 1, 1, 0, 0, 1, 0, 1];

describe('survival estimator errors', () => {
  it('registers cox, exponential and weibull', () => {
    expect(createEstimatorRegistry().get('cox')?.family).toBe('survival');
    expect(createEstimatorRegistry().get('exponential')?.family).toBe('survival');
    expect(createEstimatorRegistry().get('weibull')?.family).toBe('survival');
  });
  it('no events: SS581', () => {
    expect(codeOf(() => cox(design(time, time.map(() => 0), { x })))).toBe('SS581');
    expect(codeOf(() => weibull(design(time, time.map(() => 0), { x })))).toBe('SS581');
  });
  it('missing survival outcome: SS580', () => {
    expect(codeOf(() => cox({ ...design(time, z, { x }), surv: undefined }))).toBe('SS580');
  });
  it('event not 0/1: SS582', () => {
    expect(codeOf(() => cox(design(time, time.map(() => 2), { x })))).toBe('SS582');
  });
  it('non-positive time for a parametric model: SS583', () => {
    expect(codeOf(() => weibull(design([0, ...time.slice(1)], z, { x })))).toBe('SS583');
  });
  it('start not before stop: SS584', () => {
    const d = design(time, z, { x });
    const start = Float64Array.from(time, (t, i) => (i === 3 ? t : 0));
    expect(codeOf(() => cox({ ...d, surv: { ...d.surv!, start } }))).toBe('SS584');
  });
  it('out of iterations: SS585', () => {
    expect(codeOf(() => cox(design(time, [1, 1, 0, 1, 1, 0, 1, 1, 0, 1], { x, z }), { maxIter: 1 }))).toBe('SS585');
  });
  it('monotone likelihood (covariate orders the events): SS586', () => {
    // Every death happens to a row with the largest x in its risk set.
    const t = [1, 2, 3, 4, 5, 6, 7, 8];
    const xs = [8, 7, 6, 5, 4, 3, 2, 1];
    const ev = [1, 1, 1, 1, 0, 0, 0, 0];
    expect(codeOf(() => cox(design(t, ev, { xs, w: [0.3, 0.1, 0.7, 0.2, 0.5, 0.9, 0.4, 0.6] })))).toBe('SS586');
  });
  it('monotone likelihood caught after convergence (binary covariate, all early deaths exposed): SS586', () => {
    const t = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const ev = [1, 1, 0, 1, 1, 0, 1, 0, 1, 1];
    const zz = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0];
    const w = [0.3, 0.1, 0.7, 0.2, 0.5, 0.9, 0.4, 0.6, 0.2, 0.8];
    expect(codeOf(() => cox(design(t, ev, { zz, w })))).toBe('SS586');
    expect(codeOf(() => cox(design(t, ev, { zz, w }), { ties: 'efron', eps: 1e-4 }))).toBe('SS586');
  });
  it('collinear covariates: SS587', () => {
    expect(codeOf(() => cox(design(time, z, { x, x2: x.map((v) => 2 * v) })))).toBe('SS587');
    expect(codeOf(() => weibull(design(time, z, { x, x2: x.map((v) => 2 * v) })))).toBe('SS587');
  });
  it('a constant covariate has no Cox coefficient: SS587', () => {
    expect(codeOf(() => cox(design(time, z, { x, c: time.map(() => 3) })))).toBe('SS587');
  });
  it('two-way clustering is rejected: SS588', () => {
    const g = { name: 'g', codes: Int32Array.from(time.keys(), (i) => i % 3), nlevels: 3 };
    expect(codeOf(() => cox(design(time, z, { x }, { clusters: [g, g] }), { vcov: 'cluster' }))).toBe('SS588');
  });
  it('no covariates in a Cox model: SS589', () => {
    expect(codeOf(() => cox(design(time, z, {})))).toBe('SS589');
  });
  it('one cluster: SS590', () => {
    const g = { name: 'g', codes: new Int32Array(time.length), nlevels: 1 };
    expect(codeOf(() => cox(design(time, z, { x }, { clusters: [g] }), { vcov: 'cluster' }))).toBe('SS590');
  });
  it('absorbed fixed effects are rejected: SS592', () => {
    const g = { name: 'firm', codes: Int32Array.from(time.keys(), (i) => i % 2), nlevels: 2 };
    expect(codeOf(() => cox(design(time, z, { x }, { fe: [g] })))).toBe('SS592');
    expect(codeOf(() => weibull(design(time, z, { x }, { fe: [g] })))).toBe('SS592');
  });
  it('a well-posed small model fits without error', () => {
    const r = cox(design(time, [1, 1, 0, 1, 1, 0, 1, 1, 0, 1], { x }));
    expect(Number.isFinite(r.coefficients.x!.estimate)).toBe(true);
    expect(Object.isFrozen(r)).toBe(true);
  });
});
