/**
 * Model steps in-process: the registry decides how a model is designed and fitted, split
 * groups are fitted once each with their columns left unbuilt until a variable asks, and a
 * split group's model equals the same model fitted on that group's rows alone.
 */
import { describe, expect, it } from 'vitest';
import { StudyError } from '../../src/diagnostics/diagnostic.js';
import { EstimatorRegistry } from '../../src/estimators/registry.js';
import { ols } from '../../src/estimators/linear/entry.js';
import { fitOn, runModelStep } from '../../src/run/models.js';
import { prepare } from './in-process.js';

const produc = `version: 1
data:
  produc: { source: produc.csv }
models:
  by_region: { formula: "lgsp ~ lpcap + lemp | state + year", split: region, vcov: "cluster(state)" }
  pooled: { formula: "lgsp ~ lpcap + lemp | state + year" }
  re: { estimator: re, formula: "lgsp ~ lpcap + lemp" }
`;

describe('run/models: split steps', () => {
  it('fits each group once and builds no model column until one is asked for', async () => {
    const p = await prepare(produc, ['produc.csv']);
    const step = p.step('by_region');
    runModelStep(p.state, step);
    const keys = [...p.state.fitted.keys()];
    expect(keys).toEqual(['by_region/1', 'by_region/2', 'by_region/3', 'by_region/4', 'by_region/5', 'by_region/6', 'by_region/7', 'by_region/8', 'by_region/9']);
    for (const k of keys) {
      const m = p.state.fitted.get(k)!;
      expect(m.columnsBuilt).toBe(false);
      expect(m.result.id).toBe(k);
      expect(m.result.step).toBe(k.split('/')[1]);
      expect(p.state.results.get(k)).toBe(m.result);
    }
    const first = p.state.fitted.get('by_region/1')!;
    const resid = first.columns.resid!;
    expect(first.columnsBuilt).toBe(true);
    expect(first.columns.resid).toBe(resid);
    expect(p.state.fitted.get('by_region/2')!.columnsBuilt).toBe(false);
  });

  it('a split group is the model fitted on that group alone', async () => {
    const p = await prepare(produc, ['produc.csv']);
    const step = p.step('by_region');
    runModelStep(p.state, step);
    const frame = p.state.frame('produc');
    const region = frame.columns.get('region')!;
    const rows: number[] = [];
    for (let i = 0; i < frame.nrows; i++) if (region.kind === 'num' && region.values[i] === 3) rows.push(i);
    const alone = fitOn(p.state, step, Int32Array.from(rows), 'alone');
    const group = p.state.fitted.get('by_region/3')!;
    expect(group.result.terms).toEqual(alone.result.terms);
    for (const t of alone.result.terms) {
      expect(group.result.coefficients[t]).toEqual(alone.result.coefficients[t]);
    }
    expect(Array.from(group.columns.resid!)).toEqual(Array.from(alone.columns.resid!));
    expect(group.result.dropped.sample).toBe(frame.nrows - rows.length);
  });
});

describe('run/models: the registry is asked, not the estimator name', () => {
  it('an estimator missing from the run registry is SS807 at the model', async () => {
    const p = await prepare(produc, ['produc.csv'], new EstimatorRegistry([ols]));
    let err: unknown;
    try {
      runModelStep(p.state, p.step('re'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StudyError);
    expect((err as StudyError).diagnostics[0]!.code).toBe('SS807');
    expect((err as StudyError).diagnostics[0]!.path).toEqual(['models', 're', 'estimator']);
  });

  it('the design policy comes from the entry: an entry keeping singletons keeps them', async () => {
    const yaml = `version: 1
data:
  g: { source: grunfeld.csv }
variables:
  solo: "firm + 100 * (year == 1935) * (firm == 1)"
models:
  drop: { formula: "inv ~ value | solo" }
`;
    const dropping = await prepare(yaml, ['grunfeld.csv']);
    runModelStep(dropping.state, dropping.step('drop'));
    const dropped = dropping.state.results.get('drop')!;
    expect(dropped.dropped.singletons).toBe(1);
    const keeping = await prepare(yaml, ['grunfeld.csv'], new EstimatorRegistry([{ ...ols, design: { dropSingletons: false } }]));
    runModelStep(keeping.state, keeping.step('drop'));
    const kept = keeping.state.results.get('drop')!;
    expect(kept.dropped.singletons).toBe(0);
    expect(kept.nobs).toBe(dropped.nobs + 1);
  });
});
