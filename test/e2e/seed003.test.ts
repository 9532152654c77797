/**
 * Seed 003 end to end on generated raw tables (examples/ofdi-mte/generate.mjs, small,
 * seed 1) with the example's study.yaml (Tables 1–5, compiled with xelatex). Checked against truth.json: the analysis sample and
 * treated rows, every winsorising cut point (Stata type 2 over the analysis sample) and the
 * winsorised means; then the Levinsohn–Petrin coefficients, OLS, the propensity probit, the
 * MTE curve and treatment effects, and the robustness model inside the documented Monte Carlo
 * bands (examples/ofdi-mte/README.md: target ± 4 MC sd).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { close, compileTableFile, runGeneratedStudy, texTables } from './harness.js';

/** Generating the data and running the whole study through the CLI: minutes on a loaded machine. */
const STUDY_TIMEOUT = 600_000;

describe('seed 003 from raw tables through the CLI', () => {
  let m: any;
  let v: any;
  let truth: any;
  let out: string;
  beforeAll(() => {
    const run = runGeneratedStudy('ofdi-mte');
    m = run.results.models;
    v = run.results.tables.means.values;
    truth = run.truth;
    out = run.out;
  }, STUDY_TIMEOUT);

  const TABLES = ['table1', 'table2', 'table3', 'table4', 'robustness'];
  it('Tables 1–5 in the paper\'s Chinese layout: the run wrote exactly these LaTeX tables', () => {
    expect(texTables(out)).toEqual([...TABLES].sort());
  });
  for (const name of TABLES) {
    it(`${name}.tex compiles with xelatex`, () => compileTableFile(out, name, 'xelatex', 'seed003'));
  }

  it('the sample rules leave the generator\'s analysis rows, and OFDI (M10) its treated rows', () => {
    expect(v.OFDI.n).toBe(truth.sample.analysis_rows);
    expect(Math.round(v.OFDI.mean * v.OFDI.n)).toBe(truth.sample.treated_rows);
    expect(m.propensity.nobs).toBe(truth.sample.analysis_rows);
  });
  it('winsorising (M11): every cut point and mean equals the generator\'s', () => {
    for (const [k, [lo, hi]] of Object.entries<[number, number]>(truth.sample.winsor_cuts)) {
      // hc: the generator takes ln of the unrounded wage, the file carries labour_pay rounded to
      // whole yuan, so ln(labour_pay / employees) differs by ≤ 0.5 / labour_pay ≈ 3e-9 relative.
      const tol = k === 'hc' ? 1e-8 : 1e-12;
      expect(close(v[k].min, lo, tol), `${k} low cut ${v[k].min} vs ${lo}`).toBe(true);
      expect(close(v[k].max, hi, tol), `${k} high cut ${v[k].max} vs ${hi}`).toBe(true);
      expect(close(v[k].mean, truth.sample.x_means[k], Math.max(tol, 1e-12)), `${k} mean`).toBe(true);
    }
  });
  it('propensity probit (E12): the instruments and size inside their bands', () => {
    const c = m.propensity.coefficients;
    const t = truth.targets.propensity;
    expect(Math.abs(c.ofdi_policy_index.estimate - t.ofdi_policy_index)).toBeLessThanOrEqual(0.03781);
    expect(Math.abs(c.z2.estimate - t.overseas_share_2009)).toBeLessThanOrEqual(0.9172);
    expect(Math.abs(c.size.estimate - t.controls)).toBeLessThanOrEqual(0.1576);
  });
  it('Levinsohn–Petrin (M13): β_l and β_k inside their bands', () => {
    const c = m.lp_betas.coefficients;
    expect(m.lp_betas.stats.ssr).toBeLessThan(1e-12); // va − tfp is exactly β_l·l + β_k·k
    expect(Math.abs(c.lnl.estimate - 0.3)).toBeLessThanOrEqual(0.0027);
    expect(Math.abs(c.lnk.estimate - 0.15)).toBeLessThanOrEqual(0.1111);
  });
  it('Table 2 (1), (2), (5): OLS of ln TFP on OFDI inside their Monte Carlo bands', () => {
    expect(Math.abs(m.ols_1.coefficients.OFDI.estimate - 0.5622)).toBeLessThanOrEqual(0.1845);
    expect(Math.abs(m.ols_2.coefficients.OFDI.estimate - 0.5551)).toBeLessThanOrEqual(0.1814);
    expect(Math.abs(m.ols_5.coefficients.OFDI.estimate - 0.5707)).toBeLessThanOrEqual(0.1623);
    for (const k of ['ols_1', 'ols_2', 'ols_3', 'ols_4', 'ols_5']) expect(m[k].nobs).toBe(truth.sample.analysis_rows);
  });
  it('MTE (E13): slope, ATE, MTE(u) at u = .10/.50/.90, ATT, ATU and Δβ inside their bands', () => {
    const t = truth.targets;
    const s = m.mte.stats;
    const e = m.mte.extra.mte;
    const at = (u: number) => e.mte[e.u.findIndex((x: number) => Math.abs(x - u) < 1e-9)];
    expect(Math.abs(s.mte_slope - t.mte_slope)).toBeLessThanOrEqual(0.3077);
    expect(Math.abs(s.ate - t.ate)).toBeLessThanOrEqual(0.1785);
    expect(Math.abs(at(0.1) - t.mte_at_mean_x['u0.10'])).toBeLessThanOrEqual(0.3607);
    expect(Math.abs(at(0.5) - t.mte_at_mean_x['u0.50'])).toBeLessThanOrEqual(0.1785);
    expect(Math.abs(at(0.9) - t.mte_at_mean_x['u0.90'])).toBeLessThanOrEqual(0.4946);
    expect(Math.abs(s.att - truth.sample.realised_att)).toBeLessThanOrEqual(0.2252);
    expect(Math.abs(s.atu - truth.sample.realised_atu)).toBeLessThanOrEqual(0.2547);
    expect(Math.abs(m.mte.coefficients['P:rd'].estimate - t.delta_beta.rd)).toBeLessThanOrEqual(0.1187);
    expect(Math.abs(m.mte.coefficients['P:hc'].estimate - t.delta_beta.hc)).toBeLessThanOrEqual(0.3652);
    expect(Math.abs(m.mte.coefficients['P:lev'].estimate - t.delta_beta.lev)).toBeLessThanOrEqual(0.7914);
  });
  it('robustness: ln labour productivity on OFDI inside its Monte Carlo band', () => {
    expect(Math.abs(m.rob_lnlp.coefficients.OFDI.estimate - 0.569)).toBeLessThanOrEqual(0.1882);
  });
  it('robustness: capital deepening does not respond to OFDI (truth 0 ± 1.14e4)', () => {
    expect(Math.abs(m.rob_capdeep.coefficients.OFDI.estimate - truth.targets.capdeep_on_ofdi)).toBeLessThanOrEqual(1.14e4);
  });
});
