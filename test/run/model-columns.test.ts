/**
 * Model-derived columns through the registry: each estimator's entry builds its own
 * columns; per-row vectors never sit in a result (and so never reach results.json).
 */
import { describe, expect, it } from 'vitest';
import { StudyError } from '../../src/diagnostics/diagnostic.js';
import { normalCdf, normalPdf } from '../../src/linalg/distributions.js';
import { createEstimatorRegistry } from '../../src/estimators/index.js';
import { modelColumn } from '../../src/run/model-columns.js';
import { runModelStep } from '../../src/run/models.js';
import { modelRecord } from '../../src/run/results-json.js';
import { prepare, type Prepared } from './in-process.js';

const mroz = `version: 1
data:
  mroz: { source: nl_mroz.csv }
models:
  heck:
    estimator: heckman
    selection: inlf ~ age + agesq + faminc + kids + educ
    formula: lwage ~ educ + exper + expersq
  sel: { estimator: probit, formula: "inlf ~ age + agesq + faminc + kids + educ" }
  lg: { estimator: logit, formula: "inlf ~ age + educ" }
`;

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof StudyError) return e.diagnostics[0]!.code;
    throw e;
  }
  return undefined;
}

async function fitted(): Promise<Prepared> {
  const p = await prepare(mroz, ['nl_mroz.csv']);
  for (const name of ['heck', 'sel', 'lg']) runModelStep(p.state, p.step(name));
  return p;
}

describe('run/model-columns', () => {
  it("Heckman's mills(m) is the selection probit's inverse Mills ratio on every selection row", async () => {
    const p = await fitted();
    const n = p.state.frame('mroz').nrows;
    const heck = modelColumn(p.state, 'mroz', 'mills', 'heck', {});
    const probit = modelColumn(p.state, 'mroz', 'predict', 'sel', { type: 'xb' });
    if (heck.kind !== 'num' || probit.kind !== 'num') throw new Error('numeric columns expected');
    let rows = 0;
    for (let i = 0; i < n; i++) {
      const z = probit.values[i]!;
      if (Number.isNaN(z)) {
        expect(heck.values[i]).toBeNaN();
        continue;
      }
      rows++;
      expect(heck.values[i]).toBeCloseTo(normalPdf(z) / normalCdf(z), 10);
    }
    expect(rows).toBe(753);
    // The probit's own mills(m) is the same ratio.
    const own = modelColumn(p.state, 'mroz', 'mills', 'sel', {});
    if (own.kind !== 'num') throw new Error('numeric column expected');
    for (let i = 0; i < n; i++) expect(own.values[i]).toBeCloseTo(heck.values[i]!, 10);
  });

  it('predict defaults to the probability for binary models and resid = y − p', async () => {
    const p = await fitted();
    const prob = modelColumn(p.state, 'mroz', 'predict', 'lg', {});
    const fittedCol = modelColumn(p.state, 'mroz', 'fitted', 'lg', {});
    const resid = modelColumn(p.state, 'mroz', 'resid', 'lg', {});
    const y = p.state.frame('mroz').columns.get('inlf')!;
    if (prob.kind !== 'num' || fittedCol.kind !== 'num' || resid.kind !== 'num' || y.kind !== 'num') throw new Error('numeric columns expected');
    expect(Array.from(prob.values)).toEqual(Array.from(fittedCol.values));
    for (let i = 0; i < prob.values.length; i++) {
      expect(prob.values[i]).toBeGreaterThan(0);
      expect(prob.values[i]).toBeLessThan(1);
      expect(resid.values[i]).toBeCloseTo(y.values[i]! - prob.values[i]!, 14);
    }
  });

  it('columns an entry does not list are refused with their codes', async () => {
    const p = await fitted();
    expect(codeOf(() => modelColumn(p.state, 'mroz', 'mills', 'lg', {}))).toBe('SS803');
    expect(codeOf(() => modelColumn(p.state, 'mroz', 'fe', 'lg', { name: 'educ' }))).toBe('SS811');
  });

  it('no result carries a per-row vector: records are plain JSON data', async () => {
    const p = await fitted();
    const registry = createEstimatorRegistry();
    const hasTypedArray = (v: unknown): boolean =>
      ArrayBuffer.isView(v) || (v !== null && typeof v === 'object' && Object.values(v as object).some(hasTypedArray));
    for (const r of p.state.results.values()) {
      expect(hasTypedArray(r)).toBe(false);
      // The family tag is the estimator entry's family, and stays out of results.json.
      expect(r.family).toBe(registry.get(r.estimator)!.family);
      const { family: _tag, ...record } = r;
      expect(modelRecord(r, registry)).toEqual(record);
    }
  });
});
