/**
 * Seed 000 end to end on generated raw tables (examples/export-resilience/generate.mjs,
 * small, seed 1): the spec test/e2e/specs/seed000-table3.yaml measures quality from customs
 * rows, aggregates it to firm × year, builds RES and the controls, and fits Table 3 (1),
 * Table 6 (1), Table 7, the survival models of Tables 3 and 5 and the Fig. 2 placebo. Checked
 * against the generator's truth.json and its documented Monte Carlo bands:
 * - its own measured QUA (mean and sd over firms in 2008) to 1e-10 — the M5 pipeline is exact;
 * - the estimation sample (rows 2009–2010 with RES) = nobs + singletons;
 * - the estimates inside the documented Monte Carlo bands (target ± 4 MC sd,
 *   examples/export-resilience/README.md).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { close, runGeneratedStudy } from './harness.js';
import { compileTable, missingGlyphs } from '../render/tex-helper.js';

describe('seed 000 from raw tables through the CLI', () => {
  let results: any;
  let truth: any;
  let out: string;
  beforeAll(() => {
    ({ results, truth, out } = runGeneratedStudy('export-resilience'));
  });

  it('Table 3 in the paper\'s layout (抵御力 | 恢复力, t statistics, 是/否 rows) compiles with xelatex', () => {
    const tex = readFileSync(join(out, 'tables', 'table3.tex'), 'utf8');
    for (const word of ['抵御力', '恢复力', '企业效应', '行业效应', '样本量', '调整后']) expect(tex).toContain(word);
    const run = compileTable(tex, 'seed000-table3', 'xelatex');
    expect(missingGlyphs(run.log)).toEqual([]);
  });
  it('QUA (M5) equals the generator\'s measured quality score', () => {
    const q = results.tables.qua2008.values.QUA;
    expect(q.n).toBe(truth.firms);
    expect(close(q.mean, truth.sample.mean_QUA_2008, 1e-10), `mean ${q.mean}`).toBe(true);
    expect(close(q.sd, truth.sample.sd_QUA_2008, 1e-10), `sd ${q.sd}`).toBe(true);
  });
  it('the recovery sample is the firms still exporting in 2013 (one 2008 record each)', () => {
    expect(results.models.cox_rect.nobs).toBe(truth.sample.firms_exporting_2013);
  });
  it('the Table 3 (1) sample is the generator\'s RES rows of 2009–2010 (singletons dropped)', () => {
    const m = results.models.res_fe;
    expect(m.nobs + m.dropped.singletons).toBe(truth.sample.res_obs_2009_2010);
  });
  it('Fig. 2 placebo: the mean of 200 permuted coefficients is within 4 standard errors of 0', () => {
    const p = results.models.placebo;
    expect(p.draws).toHaveLength(200);
    expect(Math.abs(p.mean)).toBeLessThanOrEqual((4 * p.sd) / Math.sqrt(200));
    expect(p.observed).toBe(results.models.res_fe.coefficients.QUA.estimate);
  });
  it('Table 11 selection equation: QUA and State inside their Monte Carlo bands', () => {
    const sel = results.models.heckman_2010.extra.selection.coefficients;
    expect(Math.abs(sel.QUA08.estimate - 1.312), `QUA ${sel.QUA08.estimate}`).toBeLessThanOrEqual(1.431);
    expect(Math.abs(sel.State.estimate - -0.5216), `State ${sel.State.estimate}`).toBeLessThanOrEqual(0.4752);
  });
  it('the person-period expansion keeps one row per firm-year at risk', () => {
    const pp = results.models.cll_rect.extra.person_period;
    expect(pp.units).toBe(truth.sample.firms_exporting_2013);
    expect(results.models.cll_rect.nobs).toBe(pp.rows);
  });
  // [model, label, target in truth.json → targets, tolerance = 4 MC sd from the data doc]
  const bands: [string, string, (targets: any) => number, number][] = [
    ['res_fe', 'Table 3 (1)', (t) => t.res_fe.QUA, 0.9959],
    ['res_iv', 'Table 6 (1)', (t) => t.res_iv.QUA, 2.692],
    ['res_by_intensity/labour', 'Table 7 labour', (t) => t.res_fe_by_intensity.labour.QUA, 1.439],
    ['res_by_intensity/capital', 'Table 7 capital', (t) => t.res_fe_by_intensity.capital.QUA, 1.998],
    ['res_by_intensity/tech', 'Table 7 tech', (t) => t.res_fe_by_intensity.tech.QUA, 1.639],
    // Cox has no closed-form truth: the doc gives the Monte Carlo mean (0.8022) as its target.
    ['cox_rect', 'Table 3 (2) Cox on RECT', () => 0.8022, 0.6449],
    ['exp_rect', 'Table 5 exponential on RECT', () => 0.9, 0.7389],
    ['cll_rect', 'Table 5 cloglog on RECT (person-period)', () => 1.061, 0.827],
    ['heckman_2010', 'Table 11 outcome equation', () => 2.223, 0.8633],
  ];
  for (const [model, label, target, tol] of bands) {
    it(`${label}: QUA within the truth ± ${tol}`, () => {
      const c = results.models[model].coefficients;
      const b = (c.QUA ?? c.QUA08).estimate;
      const want = target(truth.targets);
      expect(want).toBeTypeOf('number');
      expect(Math.abs(b - want), `${model} QUA = ${b}, target ${want}`).toBeLessThanOrEqual(tol);
    });
  }
});
