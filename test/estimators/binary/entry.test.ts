/** The registry entries of this area dispatch to the right estimators. */
import { describe, expect, it } from 'vitest';
import { createEstimatorRegistry } from '../../../src/estimators/index.js';
import { fitInput, makeDesign, readCsv } from '../../helpers/estimator-fixture.js';

const registry = createEstimatorRegistry();
const getEstimator = (name: string) => registry.get(name);

describe('binary-family registry entries', () => {
  it('registers probit, logit, cloglog, heckman and mte', () => {
    for (const name of ['probit', 'logit', 'cloglog', 'heckman', 'mte'] as const) expect(getEstimator(name)?.name).toBe(name);
  });
  it('entries fit through the registry with the estimator name on the result', () => {
    const csv = readCsv('data/nl_mroz.csv');
    const d = makeDesign(csv, 'inlf', ['educ', 'age']);
    for (const name of ['probit', 'logit', 'cloglog'] as const) {
      const r = getEstimator(name)!.fit!(fitInput(d));
      expect(r.estimator).toBe(name);
      expect(r.terms).toEqual(['(Intercept)', 'educ', 'age']);
      expect(Object.isFrozen(r)).toBe(true);
    }
  });
  it('two-way clustering on the same grouping twice equals one-way (V_a + V_a − V_a)', () => {
    const csv = readCsv('data/nl_mroz.csv');
    const d = makeDesign(csv, 'inlf', ['educ', 'age'], { cluster: 'age' });
    const one = getEstimator('probit')!.fit!(fitInput(d, { vcov: 'cluster' }));
    const two = getEstimator('probit')!.fit!(fitInput({ ...d, clusters: [d.clusters[0]!, { ...d.clusters[0]!, name: 'age2' }] }, { vcov: 'cluster' }));
    for (const t of one.terms) expect(two.coefficients[t]!.se / one.coefficients[t]!.se).toBeCloseTo(1, 12);
    expect(two.vcov).toBe('cluster(age, age2)');
  });
});
