/**
 * Seed 002 end to end on generated raw tables (examples/quality-upgrading/generate.mjs,
 * small, seed 1) with test/e2e/specs/seed002.yaml. Checked against truth.json: the analysis
 * sample the paper's rules leave (row count), the generator's own measured QU/LQU/MQU/HQU/HHI
 * means and C-D TFP coefficients (exact), and every estimate and test inside the documented
 * Monte Carlo bands (examples/quality-upgrading/README.md: target ± 4 MC sd).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { close, compileTableFile, runGeneratedStudy, texTables } from './harness.js';

/** Generating the data and running the whole study through the CLI: minutes on a loaded machine. */
const STUDY_TIMEOUT = 600_000;

describe('seed 002 from raw tables through the CLI', () => {
  let m: any;
  let tables: any;
  let truth: any;
  let out: string;
  beforeAll(() => {
    const run = runGeneratedStudy('quality-upgrading');
    m = run.results.models;
    tables = run.results.tables;
    truth = run.truth;
    out = run.out;
  }, STUDY_TIMEOUT);

  const TABLES = ['table1', 'table2', 'table3', 'model_choice'];
  it('Tables 1–3 and the model choice: the run wrote exactly these LaTeX tables', () => {
    expect(texTables(out)).toEqual([...TABLES].sort());
  });
  for (const name of TABLES) {
    it(`${name}.tex compiles with pdflatex`, () => compileTableFile(out, name, 'pdflatex', 'seed002'));
  }

  it('the matching and sample rules (M9) leave exactly the generator\'s analysis rows', () => {
    expect(m.pooled_1_2.nobs).toBe(truth.sample.analysis_rows);
    expect(tables.means.values.ROA.n).toBe(truth.sample.analysis_rows);
  });
  it('QU, LQU, MQU, HQU (M8) and the industry-year sales share equal the generator\'s', () => {
    for (const v of ['QU', 'LQU', 'MQU', 'HQU', 'HHI']) {
      expect(close(tables.means.values[v].mean, truth.sample.means[v], 1e-10), `${v} ${tables.means.values[v].mean}`).toBe(true);
    }
  });
  it('C-D TFP (M13) regression equals the generator\'s', () => {
    const c = m.cd_tfp.coefficients;
    const t = truth.sample.cd_tfp_coefficients;
    expect(close(c['(Intercept)'].estimate, t.const, 1e-8)).toBe(true);
    expect(close(c['log(fixed_assets)'].estimate, t.lnK, 1e-8)).toBe(true);
    expect(close(c['log(employees)'].estimate, t.lnL, 1e-8)).toBe(true);
  });

  const full: [string, number][] = [
    ['LQU', 0.01503], ['MQU', 0.01545], ['HQU', 0.02059], ['AGE', 0.001836], ['AGE2', 4.86e-5], ['SIZE', 0.02497],
    ['TFP', 0.01498], ['DAC', 0.04238], ['FINANCE', 0.4917], ['CAP', 0.000127], ['SUB', 0.007744], ['SI', 1.58],
    ['FI', 0.07777], ['CASH', 0.0396], ['INNOV', 0.006376], ['EXPORT', 0.006301], ['STO', 0.02082], ['CEN', 0.05357],
    ['HHI', 0.2279],
  ];
  for (const [term, tol] of full) {
    it(`entity FE, all regressors: ${term} within the DGP value ± ${tol}`, () => {
      const b = m.full.coefficients[term].estimate;
      const want = truth.targets.fe_full[term];
      expect(Math.abs(b - want), `${term} = ${b}, target ${want}`).toBeLessThanOrEqual(tol);
    });
  }
  const levels: [string, number][] = [['LQU', 0.01677], ['MQU', 0.01716], ['HQU', 0.02137]];
  for (const [term, tol] of levels) {
    it(`model 1-2: ${term} within the DGP value ± ${tol}`, () => {
      const b = m.m1_2.coefficients[term].estimate;
      expect(Math.abs(b - truth.targets.fe_basic_levels[term])).toBeLessThanOrEqual(tol);
    });
  }
  it('Monte Carlo targets: model 1-1 QU and SIZE, pooled and RE LQU', () => {
    expect(Math.abs(m.m1_1.coefficients.QU.estimate - 0.005641)).toBeLessThanOrEqual(0.002557);
    expect(Math.abs(m.m1_1.coefficients.SIZE.estimate - -0.0746)).toBeLessThanOrEqual(0.02445);
    expect(Math.abs(m.pooled_1_2.coefficients.LQU.estimate - 0.06346)).toBeLessThanOrEqual(0.01843);
    expect(Math.abs(m.re_1_2.coefficients.LQU.estimate - 0.05471)).toBeLessThanOrEqual(0.0145);
  });
  // Tables 2–3: each model adds one regressor to model 1-1; Monte Carlo means and bands
  const added: [string, string, number, number][] = [
    ['m2_1', 'SUB', 0.005005, 0.004982], ['m2_2', 'SI', 0.7187, 1.093], ['m3', 'FI', 0.01229, 0.07985],
    ['m4', 'CASH', -0.03793, 0.04042], ['m5', 'INNOV', 0.03998, 0.006582], ['m6', 'EXPORT', 0.005484, 0.006347],
    ['m7', 'STO', -0.05002, 0.02176], ['m8', 'CEN', -0.02769, 0.05965], ['m9', 'HHI', 0.9418, 0.2233],
  ];
  for (const [model, term, target, tol] of added) {
    it(`${model}: ${term} within ${target} ± ${tol}`, () => {
      const b = m[model].coefficients[term].estimate;
      expect(Math.abs(b - target), `${model} ${term} = ${b}`).toBeLessThanOrEqual(tol);
      expect(m[model].nobs).toBe(m.m1_1.nobs);
    });
  }
  it('F test of the firm effects and the Hausman test reject at 1 % and lie in their bands', () => {
    const t = m.re_1_2.extra.tests;
    expect(Math.abs(t.f_test_individual_effects.F - 6.354)).toBeLessThanOrEqual(0.8823);
    expect(t.f_test_individual_effects.p).toBeLessThan(0.01);
    expect(Math.abs(t.hausman.chi2 - 84.68)).toBeLessThanOrEqual(79.49);
    expect(t.hausman.p).toBeLessThan(0.01);
  });
});
