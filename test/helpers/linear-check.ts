/** Fixture comparisons shared by the linear tests (coefficients ≤ 1e-8, the rest ≤ 1e-6 relative). */
import { expect } from 'vitest';
import type { ModelResult } from '../../src/estimators/result.js';
import { expectRel, type Expected } from './linear-fixture.js';

export function checkCoefficients(r: ModelResult, e: Expected, nameMap: (rName: string) => string = (s) => s): void {
  for (const [rName, c] of Object.entries(e.coefficients)) {
    const ours = r.coefficients[nameMap(rName)];
    expect(ours, `coefficient ${rName}`).toBeDefined();
    expectRel(ours!.estimate, c.estimate, 1e-8, `${e.case} ${rName} estimate`);
    expectRel(ours!.se, c.se, 1e-6, `${e.case} ${rName} se`);
    expectRel(ours!.stat, c.t, 1e-6, `${e.case} ${rName} t`);
    expectRel(ours!.p, c.p, 1e-6, `${e.case} ${rName} p`);
  }
}

export function checkStats(r: ModelResult, e: Expected, keys: readonly string[]): void {
  for (const k of keys) {
    const ev = e.stats[k];
    if (typeof ev !== 'number') throw new Error(`fixture ${e.case} has no numeric stat ${k}`);
    const ours = k === 'df_t' ? r.inference.df : r.stats[k];
    expectRel(ours, ev, 1e-6, `${e.case} stat ${k}`);
  }
}
