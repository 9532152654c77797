/** The estimator registry: one entry per estimator, each declaring what other stages ask. */
import { describe, expect, it } from 'vitest';
import { createEstimatorRegistry } from '../../src/estimators/index.js';
import { EstimatorRegistry } from '../../src/estimators/registry.js';
import { ols } from '../../src/estimators/linear/entry.js';
import { ESTIMATORS } from '../../src/spec/types.js';
import { statKeys } from '../../src/stats/registry.js';

describe('estimator registry', () => {
  const registry = createEstimatorRegistry();

  it('has an entry for every estimator a spec may name, each with a fit unless run as its own step', () => {
    for (const name of ESTIMATORS) {
      const e = registry.get(name);
      expect(e?.name).toBe(name);
      if (e!.family === 'resampling') expect(e!.fit).toBeUndefined();
      else expect(typeof e!.fit).toBe('function');
    }
  });

  it('declares statistics the table registry knows, and option keys that name their owners', () => {
    const known = new Set(statKeys());
    for (const name of registry.names()) for (const s of registry.get(name)!.stats) expect(known.has(s)).toBe(true);
    expect(registry.accepting('ties')).toEqual(['cox']);
    expect(registry.accepting('metric')).toEqual(['exponential', 'weibull']);
    expect(registry.accepting('period')).toEqual(['cloglog']);
    expect(registry.get('heckman')!.options.requires).toEqual(['formula', 'selection']);
  });

  it('is built explicitly: a registry holds exactly the entries given, and refuses a name twice', () => {
    expect(new EstimatorRegistry([ols]).names()).toEqual(['ols']);
    expect(() => new EstimatorRegistry([ols, ols])).toThrow(/twice/);
  });
});
