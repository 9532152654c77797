/**
 * Heckman two-step against the hand-coded sampleSelection/Stata recipe in
 * shared/oracle/nl_heckman.R (fixtures nl_heckman2s_mroz, nl_heckman2s_mroz_wooldridge) and
 * against Stata's published output for Wooldridge Example 17.5.
 */
import { describe, expect, it } from 'vitest';
import { fitHeckman } from '../../../src/estimators/selection/heckman.js';
import { isStudyError } from '../../../src/diagnostics/diagnostic.js';
import { heckmanSecondStep } from '../../../src/estimators/selection/heckman.js';
import { binaryLink } from '../../../src/estimators/binary/link.js';
import { withConstant } from '../../../src/estimators/binary/result.js';
import { fitBinaryCore } from '../../../src/estimators/binary/fit.js';
import { crossprodWeighted as crossprod, crossVec, linearIndex } from '../../../src/linalg/kernels.js';
import { invertSpdRelative as invertSpd, matvec } from '../../../src/linalg/dense.js';
import { Reporter } from '../../../src/diagnostics/diagnostic.js';
import { fitInput, makeDesign, readCsv, readExpected, rel } from '../../helpers/estimator-fixture.js';

const csv = readCsv('data/nl_mroz.csv');
const inlf = csv.num('inlf');
const outcomeXs = ['educ', 'exper', 'expersq'];

const cases = [
  { name: 'nl_heckman2s_mroz', sel: ['age', 'agesq', 'faminc', 'kids', 'educ'] },
  { name: 'nl_heckman2s_mroz_wooldridge', sel: ['educ', 'exper', 'expersq', 'nwifeinc', 'age', 'kidslt6', 'kidsge6'] },
];

function fit(selXs: readonly string[]) {
  const selection = makeDesign(csv, 'inlf', selXs);
  const design = makeDesign(csv, 'lwage', outcomeXs, { filter: (i) => inlf[i] === 1 });
  return fitHeckman(fitInput(design, {}, { selection }));
}

/**
 * The oracle's probit is R glm's, stopped on a deviance change of 1e-14: for the badly scaled
 * faminc (dollars) its coefficients are ~1e-7 from the MLE, and the outcome intercept inherits
 * ~2e-6. So the check is split in two exact parts: (a) steps 2–5 run on the oracle's own probit
 * coefficients reproduce every oracle number at 1e-8 / 1e-6; (b) our probit equals the oracle's
 * probit polished by one Newton step (computed here) at 1e-8.
 */
describe.each(cases)('$name', (tc) => {
  const exp = readExpected(tc.name);
  const selection = makeDesign(csv, 'inlf', tc.sel);
  const design = makeDesign(csv, 'lwage', outcomeXs, { filter: (i) => inlf[i] === 1 });
  const W = withConstant(selection.X, selection.names, true, selection.n).cols;
  const gammaR = Float64Array.from(Object.values<any>(exp.selection_coefficients).map((c) => c.estimate as number));
  const probit = binaryLink('probit');
  const etaR = linearIndex(W, gammaR, selection.n);
  const infoR = crossprod(W, Float64Array.from(etaR, (e, i) => probit.observed(selection.y[i]!, e)));
  const VgR = invertSpd(infoR, W.length)!;
  const step = heckmanSecondStep({ selection, s: selection.y, eta: etaR, W, Vg: VgR, outcome: design, reporter: new Reporter() });

  it('(a) steps 2-5 on the oracle probit: coefficients, lambda, corrected VCE, sigma, rho', () => {
    expect(step.terms).toEqual(exp.vcov.terms);
    Object.values<any>(exp.coefficients).forEach((e, a) => {
      expect(rel(step.beta[a]!, e.estimate)).toBeLessThan(1e-8);
      expect(rel(Math.sqrt(step.V[a * step.k + a]!), e.se)).toBeLessThan(1e-6);
    });
    for (let a = 0; a < step.k; a++)
      for (let b = 0; b < step.k; b++) expect(rel(step.V[a * step.k + b]!, exp.vcov.matrix[a][b])).toBeLessThan(1e-6);
    expect(rel(step.sigma, exp.stats.sigma)).toBeLessThan(1e-8);
    expect(rel(step.rho, exp.stats.rho)).toBeLessThan(1e-8);
    expect(rel(step.ssr, exp.stats.ssr_step2)).toBeLessThan(1e-8);
    expect(rel(step.meanDelta, exp.stats.mean_delta_selected)).toBeLessThan(1e-8);
    expect(rel(step.meanLambda, exp.stats.mean_lambda_selected)).toBeLessThan(1e-8);
  });

  it('(b) our selection probit is the polished oracle probit (extra.selection, OIM SEs)', () => {
    const res = fitHeckman(fitInput(design, {}, { selection }));
    const g = crossVec(W, Float64Array.from(etaR, (e, i) => probit.score(selection.y[i]!, e)));
    const polished = Float64Array.from(gammaR, (v, a) => v + matvec(VgR, g, W.length, W.length)[a]!);
    const sc = (res.extra!.selection as { coefficients: Record<string, { estimate: number; se: number }> }).coefficients;
    Object.entries<any>(exp.selection_coefficients).forEach(([t, e], a) => {
      expect(rel(sc[t]!.estimate, polished[a]!), t).toBeLessThan(1e-8);
      expect(rel(sc[t]!.se, e.se), t).toBeLessThan(1e-6);
    });
  });

  it('the full estimator: result record, Wald chi2 of the outcome slopes, counts', () => {
    const res = fitHeckman(fitInput(design, {}, { selection }));
    expect(res.nobs).toBe(exp.nobs);
    expect(res.stats.n_selected).toBe(exp.n_events);
    expect(res.stats.n_nonselected).toBe(exp.stats.n_nonselected);
    expect(res.stats.wald_df).toBe(exp.stats.wald_df);
    expect(res.stats.rho_truncated).toBe(exp.stats.rho_truncated ? 1 : 0);
    expect(rel(res.stats.probit_loglik!, exp.stats.probit_loglik)).toBeLessThan(1e-10);
    expect(res.terms).toEqual(exp.vcov.terms);
    expect(res.coefficients.lambda!.se).toBe(res.stats.lambda_se);
    // The oracle's Wald statistic, recomputed from the oracle-probit second step (slopes: not the constant, not lambda).
    const slopes = [1, 2, 3];
    const q = invertSpd(Float64Array.from(slopes.flatMap((a) => slopes.map((b) => step.V[a * step.k + b]!))), 3)!;
    const bs = Float64Array.from(slopes, (a) => step.beta[a]!);
    const w = bs.reduce((acc, v, a) => acc + v * matvec(q, bs, 3, 3)[a]!, 0);
    expect(rel(w, exp.stats.wald_chi2)).toBeLessThan(1e-6);
  });
});

describe('Wooldridge Example 17.5: Stata heckman ..., twostep published values', () => {
  const res = fit(cases[1]!.sel);
  it('reproduces the printed digits', () => {
    // Stata prints 7-8 significant digits; compare at half a unit of the last printed digit.
    expect(res.coefficients.lambda!.estimate).toBeCloseTo(0.0322619, 7);
    expect(res.coefficients.lambda!.se).toBeCloseTo(0.1336246, 7);
    expect(res.coefficients.educ!.estimate).toBeCloseTo(0.1090655, 7);
    expect(res.coefficients['(Intercept)']!.estimate).toBeCloseTo(-0.5781032, 7);
    expect(res.stats.rho).toBeCloseTo(0.04861, 5);
    expect(res.stats.sigma).toBeCloseTo(0.66362875, 8);
    expect(res.stats.wald_chi2).toBeCloseTo(51.53, 2);
  });
});

describe('row alignment', () => {
  it('an outcome row that is not a selected row is an error SS557', () => {
    const selection = makeDesign(csv, 'inlf', cases[0]!.sel);
    const design = makeDesign(csv, 'hours', outcomeXs, { filter: (i) => i < 500 });
    try {
      fitHeckman(fitInput(design, {}, { selection }));
      expect.unreachable();
    } catch (e) {
      expect(isStudyError(e) && e.diagnostics[0]!.code).toBe('SS557');
    }
  });
});

describe('a perfect predictor in the selection equation (Stata: probit drops it, predict uses the rest)', () => {
  // d = 1 on twelve participating women only: `d != 0 predicts success perfectly`.
  const ones = [...inlf.keys()].filter((i) => inlf[i] === 1).slice(0, 12);
  const d = new Float64Array(csv.n);
  for (const i of ones) d[i] = 1;
  const base = makeDesign(csv, 'inlf', cases[0]!.sel);
  const selection = { ...base, X: [...base.X, Float64Array.from(base.rows, (r) => d[r]!)], names: [...base.names, 'd'] };
  const design = makeDesign(csv, 'lwage', outcomeXs, { filter: (i) => inlf[i] === 1 });
  const reporter = new Reporter();
  const res = fitHeckman(fitInput(design, {}, { selection, reporter }));

  it('drops d and its rows from the probit, with the warning a plain probit gives', () => {
    expect(reporter.diagnostics.map((x) => x.code)).toContain('SS554');
    const sel = res.extra!.selection as unknown as { terms: string[]; nobs: number; coefficients: Record<string, { estimate: number }> };
    expect(sel.terms).not.toContain('d');
    expect(sel.nobs).toBe(base.n - 12);
    expect(res.dropped.perfect_prediction).toEqual(['d']);
    expect(res.nobs).toBe(base.n);
    // The probit on the rows with d = 0, fitted directly.
    const keep = [...base.rows.keys()].filter((j) => d[base.rows[j]!] === 0);
    const W = withConstant(base.X.map((c) => Float64Array.from(keep, (j) => c[j]!)), base.names, true, keep.length).cols;
    const direct = fitBinaryCore({ y: Float64Array.from(keep, (j) => base.y[j]!), cols: W, link: 'probit', information: 'observed' });
    ['(Intercept)', ...base.names].forEach((t, a) => expect(rel(sel.coefficients[t]!.estimate, direct.beta[a]!), t).toBeLessThan(1e-10));
  });

  it('every selected row keeps its lambda, from the index without d', () => {
    const sel = res.extra!.selection as unknown as { coefficients: Record<string, { estimate: number }> };
    const W = withConstant(base.X, base.names, true, base.n).cols;
    const gamma = Float64Array.from(['(Intercept)', ...base.names], (t) => sel.coefficients[t]!.estimate);
    const eta = linearIndex(W, gamma, base.n);
    const Vg = new Float64Array(W.length * W.length);
    const step = heckmanSecondStep({ selection: base, s: base.y, eta, W, Vg, outcome: design, reporter: new Reporter() });
    expect(res.stats.n_selected).toBe(design.n);
    step.terms.forEach((t, a) => expect(rel(res.coefficients[t]!.estimate, step.beta[a]!), t).toBeLessThan(1e-10));
  });
});
