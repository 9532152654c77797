/**
 * Seed 000 end to end on generated raw tables (examples/export-resilience/generate.mjs,
 * small, seed 1): the example's study.yaml measures quality from customs rows, aggregates it to
 * firm × year, measures DV and QYH from the destinations, builds RES, its variants, the recovery
 * times and the controls, and fits every model of Tables 3–11 and Figs. 1–2. Checked against the
 * generator's truth.json and its documented Monte Carlo bands:
 * - its own measured QUA and QYH (mean and sd over firms in 2008) and DV (mean over exporting
 *   firm-years 2009–2013) to 1e-10 — the M5 and M6 pipelines are exact;
 * - the estimation sample (rows 2009–2010 with RES) = nobs + singletons;
 * - the estimates inside the documented Monte Carlo bands (target ± 4 MC sd,
 *   examples/export-resilience/README.md).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { close, compileTableFile, runGeneratedStudy, texTables } from './harness.js';
import { compileTable, missingGlyphs } from '../render/tex-helper.js';

/** Generating the data and running the whole study through the CLI: minutes on a loaded machine. */
const STUDY_TIMEOUT = 600_000;

describe('seed 000 from raw tables through the CLI', () => {
  let results: any;
  let truth: any;
  let out: string;
  beforeAll(() => {
    ({ results, truth, out } = runGeneratedStudy('export-resilience'));
  }, STUDY_TIMEOUT);

  it('Table 3 in the paper\'s layout (抵御力 | 恢复力, t statistics, 是/否 rows) compiles with xelatex', () => {
    const tex = readFileSync(join(out, 'tables', 'table3.tex'), 'utf8');
    for (const word of ['抵御力', '恢复力', '企业效应', '行业效应', '样本量', '调整后']) expect(tex).toContain(word);
    const run = compileTable(tex, 'seed000-table3', 'xelatex');
    expect(missingGlyphs(run.log)).toEqual([]);
  });
  const TABLES = ['table1_intensity', 'table1_region', 'table2', 'table2_recovery', 'table3', 'table4', 'table5', 'table6', 'table7', 'table8', 'table9', 'table10', 'table11'];
  it('every table of the paper: the run wrote exactly these LaTeX tables', () => {
    expect(texTables(out)).toEqual([...TABLES].sort());
  });
  for (const name of TABLES) {
    it(`${name}.tex compiles with xelatex`, () => compileTableFile(out, name, 'xelatex', 'seed000'));
  }
  it('QUA (M5) equals the generator\'s measured quality score', () => {
    const q = results.tables.qua2008.values.QUA;
    expect(q.n).toBe(truth.firms);
    expect(close(q.mean, truth.sample.mean_QUA_2008, 1e-10), `mean ${q.mean}`).toBe(true);
    expect(close(q.sd, truth.sample.sd_QUA_2008, 1e-10), `sd ${q.sd}`).toBe(true);
  });
  it('QYH and DV (M6) equal the generator\'s measured concentration and destination volatility', () => {
    const h = results.tables.qua2008.values.QYH;
    expect(h.n).toBe(truth.firms);
    expect(close(h.mean, truth.sample.mean_QYH_2008, 1e-10), `mean ${h.mean}`).toBe(true);
    expect(close(h.sd, truth.sample.sd_QYH_2008, 1e-10), `sd ${h.sd}`).toBe(true);
    const dv = results.tables.dv0913.values.DV;
    expect(close(dv.mean, truth.sample.mean_DV_2009_2013, 1e-10), `DV ${dv.mean}`).toBe(true);
  });
  it('figures 1 and 2 are drawn', () => {
    for (const f of ['fig1', 'fig2']) expect(readFileSync(join(out, 'figures', `${f}.svg`), 'utf8')).toContain('<svg');
  });
  it('the recovery sample is the firms still exporting in 2013 (one 2008 record each)', () => {
    expect(results.models.cox_rect.nobs).toBe(truth.sample.firms_exporting_2013);
  });
  it('the Table 3 (1) sample is the generator\'s RES rows of 2009–2010 (singletons dropped)', () => {
    const m = results.models.res_fe;
    expect(m.nobs + m.dropped.singletons).toBe(truth.sample.res_obs_2009_2010);
  });
  it('Fig. 2 placebo: the mean of 1,000 permuted coefficients is within 4 standard errors of 0', () => {
    const p = results.models.placebo;
    expect(p.draws).toHaveLength(1000);
    expect(Math.abs(p.mean)).toBeLessThanOrEqual((4 * p.sd) / Math.sqrt(1000));
    expect(p.observed).toBe(results.models.res_fe.coefficients.QUA.estimate);
  });
  it('Table 11 selection equation: QUA and State inside their Monte Carlo bands', () => {
    const sel = results.models.heckman_2010.extra.selection.coefficients;
    expect(Math.abs(sel.QUA08.estimate - 1.312), `QUA ${sel.QUA08.estimate}`).toBeLessThanOrEqual(1.431);
    expect(Math.abs(sel.State.estimate - -0.5216), `State ${sel.State.estimate}`).toBeLessThanOrEqual(0.4752);
  });
  it('Table 11 selection columns (probits) equal the first step of the two-step estimator', () => {
    for (const y of ['2010', '2011']) {
      const sel = results.models[`heckman_${y}`].extra.selection.coefficients;
      const probit = results.models[`sel_${y}`].coefficients;
      for (const term of ['QUA08', 'State', 'lnassets08']) {
        expect(close(probit[term].estimate, sel[term].estimate, 1e-8), `${y} ${term}`).toBe(true);
      }
    }
  });
  it('Table 11 Mills coefficients (2010 and 2011 windows) inside their Monte Carlo bands', () => {
    expect(Math.abs(results.models.heckman_2010.stats.lambda - -0.04799)).toBeLessThanOrEqual(1.638);
    expect(Math.abs(results.models.heckman_2011.stats.lambda - -0.002055)).toBeLessThanOrEqual(1.437);
  });
  it('Table 6 (1): first-stage F inside its Monte Carlo band', () => {
    expect(Math.abs(results.models.res_iv.stats.first_stage_f - 133)).toBeLessThanOrEqual(210);
  });
  it('the recovery durations follow M2: RECT = RECWT + RECHT for the stabilised firms', () => {
    const n = results.models.cox_rect.nobs;
    expect(results.models.cox_recwt.nobs).toBe(n);
    expect(results.models.cox_recht.nobs).toBeLessThan(n);
    const d = results.tables.table2_recovery.values;
    expect(d.RECT.n).toBe(n);
    expect(d.RECWT.n).toBe(n);
  });
  it('the person-period expansion keeps one row per firm-year at risk', () => {
    const pp = results.models.cll_rect.extra.person_period;
    expect(pp.units).toBe(truth.sample.firms_exporting_2013);
    expect(results.models.cll_rect.nobs).toBe(pp.rows);
  });
  // [model, label, target in truth.json → targets, tolerance = 4 MC sd from the data doc, term]
  const bands: [string, string, (targets: any) => number, number, string?][] = [
    ['res_fe', 'Table 3 (1)', (t) => t.res_fe.QUA, 0.9959],
    ['res_iv', 'Table 6 (1)', (t) => t.res_iv.QUA, 2.692],
    ['res_by_intensity/labour', 'Table 7 labour', (t) => t.res_fe_by_intensity.labour.QUA, 1.439],
    ['res_by_intensity/capital', 'Table 7 capital', (t) => t.res_fe_by_intensity.capital.QUA, 1.998],
    ['res_by_intensity/tech', 'Table 7 tech', (t) => t.res_fe_by_intensity.tech.QUA, 1.639],
    ['res_state', 'Table 8 (1) QUA', (t) => t.res_fe_state.QUA, 1.003],
    ['res_state', 'Table 8 (1) QUA × State', (t) => t.res_fe_state['QUA:State'], 2.814, 'QUA:State'],
    ['res_by_region/east', 'Table 9 east', (t) => t.res_fe_by_region.east.QUA, 1.038],
    ['res_by_region/central', 'Table 9 central', (t) => t.res_fe_by_region.central.QUA, 1.998],
    ['res_by_region/west', 'Table 9 west', (t) => t.res_fe_by_region.west.QUA, 2.79],
    ['res_dv', 'Table 10 (1) QUA', (t) => t.res_fe_dv.QUA, 1.226],
    ['res_dv', 'Table 10 (1) DV', (t) => t.res_fe_dv.DV, 0.2044, 'DV'],
    ['res_dv', 'Table 10 (1) QUA × DV', (t) => t.res_fe_dv['QUA:DV'], 0.3843, 'QUA:DV'],
    // Survival, pooled and Heckman models have no closed-form truth: the doc gives their
    // Monte Carlo means as targets.
    ['cox_rect', 'Table 3 (2) Cox on RECT', () => 0.8022, 0.6449],
    ['cox_recwt', 'Table 3 (3) Cox on RECWT', () => 0.7129, 0.6414],
    ['cox_recht', 'Table 3 (4) Cox on RECHT > 0', () => 0.31, 1.346],
    ['t4_growth08', 'Table 4 (1) growth difference to 2008', () => 12.02, 4.243],
    ['t4_growth07', 'Table 4 (2) growth difference to 2007', () => 9.63, 3.629],
    ['cox_rect_direct', 'Table 4 (4) Cox on the direct RECT', () => 1.153, 0.4394],
    ['exp_rect', 'Table 5 exponential on RECT', () => 0.9, 0.7389],
    ['cll_rect', 'Table 5 cloglog on RECT (person-period)', () => 1.061, 0.827],
    ['cll_recwt', 'Table 5 cloglog on RECWT (person-period)', () => 0.9361, 0.8281],
    ['iv_rect', 'Table 6 (2) 2SLS on RECT', () => -1.756, 1.343],
    ['cox_by_intensity/labour', 'Table 7 Cox labour', () => 0.846, 1.003],
    ['cox_by_intensity/capital', 'Table 7 Cox capital', () => 0.786, 1.415],
    ['cox_by_intensity/tech', 'Table 7 Cox tech', () => 0.7786, 1.117],
    ['cox_state', 'Table 8 (2) Cox QUA × State', () => 0.1206, 2.087, 'QUA:State'],
    ['cox_by_region/east', 'Table 9 Cox east', () => 0.8183, 0.7736],
    ['cox_rect_qyh', 'Table 10 (2) Cox QUA', () => 0.84, 0.6559],
    ['cox_rect_qyh', 'Table 10 (2) Cox QYH', () => -0.2202, 0.4406, 'QYH'],
    ['cox_rect_qyh', 'Table 10 (2) Cox z(QUA) × z(QYH)', () => -0.03745, 0.09447, 'z_QUA:z_QYH'],
    ['heckman_2010', 'Table 11 outcome equation', () => 2.223, 0.8633],
  ];
  for (const [model, label, target, tol, term] of bands) {
    it(`${label}: ${term ?? 'QUA'} within the truth ± ${tol}`, () => {
      const c = results.models[model].coefficients;
      const b = (term ? c[term] : (c.QUA ?? c.QUA08)).estimate;
      const want = target(truth.targets);
      expect(want).toBeTypeOf('number');
      expect(Math.abs(b - want), `${model} QUA = ${b}, target ${want}`).toBeLessThanOrEqual(tol);
    });
  }
});

describe('seed 000 on another seed with the signs of the quality effects flipped', () => {
  const flipped = {
    beta_qua: -8.2, b_intensity: { labour: -0.6, capital: 1.0, tech: 0.3 }, b_region: { east: 0.4, central: -1.8, west: -3.5 },
    theta_state: 3.0, theta_dv: 1.0, phi_dv: 0.02,
  };
  let models: any;
  let truth: any;
  beforeAll(() => {
    ({ results: { models }, truth } = runGeneratedStudy('export-resilience', 'study.yaml', { seed: 99, truth: flipped }));
  }, STUDY_TIMEOUT);
  it('the generator wrote the flipped parameters and the other seed', () => {
    expect(truth.seed).toBe(99);
    expect(truth.targets.res_fe.QUA).toBe(-8.2);
  });
  // exact targets only: the Monte Carlo means belong to the default parameters
  const bands: [string, string, (t: any) => number, number][] = [
    ['res_fe', 'QUA', (t) => t.res_fe.QUA, 0.9959],
    ['res_iv', 'QUA', (t) => t.res_iv.QUA, 2.692],
    ['res_by_intensity/labour', 'QUA', (t) => t.res_fe_by_intensity.labour.QUA, 1.439],
    ['res_by_intensity/capital', 'QUA', (t) => t.res_fe_by_intensity.capital.QUA, 1.998],
    ['res_by_intensity/tech', 'QUA', (t) => t.res_fe_by_intensity.tech.QUA, 1.639],
    ['res_by_region/east', 'QUA', (t) => t.res_fe_by_region.east.QUA, 1.038],
    ['res_by_region/central', 'QUA', (t) => t.res_fe_by_region.central.QUA, 1.998],
    ['res_by_region/west', 'QUA', (t) => t.res_fe_by_region.west.QUA, 2.79],
    ['res_state', 'QUA:State', (t) => t.res_fe_state['QUA:State'], 2.814],
    ['res_dv', 'QUA:DV', (t) => t.res_fe_dv['QUA:DV'], 0.3843],
  ];
  for (const [model, term, target, tol] of bands) {
    it(`${model} ${term} within ± ${tol} of the flipped truth`, () => {
      const b = models[model].coefficients[term].estimate;
      const want = target(truth.targets);
      expect(Math.abs(b - want), `${model} ${term} = ${b}, target ${want}`).toBeLessThanOrEqual(tol);
    });
  }
});
