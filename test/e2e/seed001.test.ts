/**
 * Seed 001 end to end on generated raw tables (examples/virtual-agglomeration/generate.mjs,
 * small, seed 1) with the example's study.yaml: SL (M3), Vag (M4: location quotients and an
 * inverse great-circle-distance spatial lag), ratios, lags and interactions, then Tables 1–4,
 * each compiled with xelatex. A second run on another seed with every true sign flipped checks
 * that the spec hard-codes nothing of the default sample.
 * Checked against truth.json: the generator's own measured means (exact), the exact identities
 * between Table 4 (2) and (3), and every estimate inside the documented Monte Carlo bands
 * (examples/virtual-agglomeration/README.md: target ± 4 MC sd).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { close, compileTableFile, runGeneratedStudy, texTables } from './harness.js';

/** Generating the data and running the whole study through the CLI: minutes on a loaded machine. */
const STUDY_TIMEOUT = 600_000;

describe('seed 001 from raw tables through the CLI', () => {
  let m: any;
  let tables: any;
  let truth: any;
  let out: string;
  beforeAll(() => {
    const run = runGeneratedStudy('virtual-agglomeration');
    m = run.results.models;
    tables = run.results.tables;
    truth = run.truth;
    out = run.out;
  }, STUDY_TIMEOUT);

  const TABLES = ['table1', 'table2', 'table3', 'table4'];
  it('Tables 1–4 in the paper\'s Chinese layout: the run wrote exactly these LaTeX tables', () => {
    expect(texTables(out)).toEqual([...TABLES].sort());
  });
  for (const name of TABLES) {
    it(`${name}.tex compiles with xelatex`, () => compileTableFile(out, name, 'xelatex', 'seed001'));
  }

  it('Vag (M4) and RD means equal the generator\'s over the 360 analysis rows', () => {
    const d = tables.table1.values;
    expect(d.Vag.n).toBe(truth.sample.rows);
    expect(close(d.Vag.mean, truth.sample.mean_Vag, 1e-10), `Vag ${d.Vag.mean}`).toBe(true);
    expect(close(d.RD.mean, truth.sample.mean_RD, 1e-10), `RD ${d.RD.mean}`).toBe(true);
  });
  it('SL (M3) has the generator\'s spread (its sd_SL divides by n; SL agrees to 1e-5 absolute)', () => {
    const sd = tables.table1.values.SL.sd * Math.sqrt((truth.sample.rows - 1) / truth.sample.rows);
    expect(Math.abs(sd - truth.sample.sd_SL)).toBeLessThan(1e-5);
  });
  it('lags lose one and two years of Vag: N = 330 and 300 (paper Table 3)', () => {
    expect(m.t3_l1.nobs).toBe(330);
    expect(m.t3_l2.nobs).toBe(300);
  });
  it('Table 4 (2) is (3) reparametrised: XZ = XZ_c, Vag = Vag_c − θ·mean(RD), RD = RD_c − θ·mean(Vag)', () => {
    const raw = m.t4_2.coefficients;
    const cen = m.t4_3.coefficients;
    const theta = cen.XZ_c.estimate;
    expect(close(raw.XZ.estimate, theta, 1e-8)).toBe(true);
    expect(close(raw.Vag.estimate, cen.Vag.estimate - theta * truth.sample.mean_RD, 1e-8)).toBe(true);
    expect(close(raw.RD.estimate, cen.RD.estimate - theta * truth.sample.mean_Vag, 1e-8)).toBe(true);
    expect(close(raw.XZ.se, cen.XZ_c.se, 1e-8)).toBe(true);
  });

  // [result key, term, target (truth.json → targets, or the doc's MC mean), tolerance]
  const bands: [string, string, (t: any) => number, number][] = [
    ['t4_3', 'Vag', (t) => t.moderation_centred.Vag, 0.04523],
    ['t4_3', 'RD', (t) => t.moderation_centred.RD, 0.001708],
    ['t4_3', 'XZ_c', (t) => t.moderation_centred.XZ_c, 0.001772],
    ['t4_3', 'GDP', (t) => t.moderation_centred.GDP, 5.33e-7],
    ['t4_3', 'TAX', (t) => t.moderation_centred.TAX, 0.6564],
    ['t4_3', 'CPI', (t) => t.moderation_centred.CPI, 0.201],
    ['t4_3', 'FDI', (t) => t.moderation_centred.FDI, 0.7774],
    ['t4_2', 'Vag', (t) => t.moderation_raw.Vag, 0.06366],
    ['t4_2', 'RD', (t) => t.moderation_raw.RD, 0.002492],
    ['t4_2', 'XZ', (t) => t.moderation_raw.XZ, 0.001772],
    ['t2_1', 'Vag', () => 0.09064, 0.04872],
    ['t2/1', 'Vag', () => 0.09054, 0.04875],
    ['t2/2', 'Vag', () => 0.03245, 0.06339],
    ['t2/3', 'Vag', () => 0.1086, 0.07493],
    ['t2/4', 'Vag', () => 0.06178, 0.06453],
    ['t2/5', 'Vag', () => 0.06988, 0.06212],
    ['t2/5', 'TAX', () => -1.899, 0.9641],
    ['t3_l1', 'l(Vag,1)', () => 0.07017, 0.06507],
    ['t3_l2', 'l(Vag,2)', () => 0.07102, 0.06593],
    ['t4_1', 'Vag', () => 0.04413, 0.04338],
    ['t4_1', 'RD', () => 0.003917, 0.001848],
  ];
  for (const [model, term, target, tol] of bands) {
    it(`${model} ${term} within its band (± ${tol})`, () => {
      const b = m[model].coefficients[term].estimate;
      const want = target(truth.targets);
      expect(Math.abs(b - want), `${model} ${term} = ${b}, target ${want}`).toBeLessThanOrEqual(tol);
    });
  }
});

describe('seed 001 on another seed with every true sign flipped', () => {
  const flipped = {
    beta_vag: -0.06, beta_rd: -0.004, theta_vag_rd: 0.001, beta_gdp: -1.0e-6, beta_tax: 1.9, beta_cpi: -0.48, beta_fdi: -0.7,
  };
  let m: any;
  let truth: any;
  beforeAll(() => {
    const run = runGeneratedStudy('virtual-agglomeration', 'study.yaml', { seed: 20261207, truth: flipped });
    m = run.results.models;
    truth = run.truth;
  }, STUDY_TIMEOUT);
  it('the generator wrote the flipped parameters and the other seed', () => {
    expect(truth.seed).toBe(20261207);
    expect(truth.params.beta_vag).toBe(-0.06);
  });
  // exact targets only: the Monte Carlo means of the other tables belong to the default parameters
  const bands: [string, string, string, number][] = [
    ['t4_3', 'moderation_centred', 'Vag', 0.04523], ['t4_3', 'moderation_centred', 'RD', 0.001708],
    ['t4_3', 'moderation_centred', 'XZ_c', 0.001772], ['t4_3', 'moderation_centred', 'GDP', 5.33e-7],
    ['t4_3', 'moderation_centred', 'TAX', 0.6564], ['t4_3', 'moderation_centred', 'CPI', 0.201],
    ['t4_3', 'moderation_centred', 'FDI', 0.7774], ['t4_2', 'moderation_raw', 'Vag', 0.06366],
    ['t4_2', 'moderation_raw', 'RD', 0.002492], ['t4_2', 'moderation_raw', 'XZ', 0.001772],
  ];
  for (const [model, block, term, tol] of bands) {
    it(`${model} ${term} within ± ${tol} of the flipped truth`, () => {
      const b = m[model].coefficients[term].estimate;
      const want = truth.targets[block][term];
      expect(Math.abs(b - want), `${model} ${term} = ${b}, target ${want}`).toBeLessThanOrEqual(tol);
    });
  }
});
