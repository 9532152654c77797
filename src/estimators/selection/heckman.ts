/**
 * Heckman (1979) two-step selection model, as Stata `heckman y x, select(s = w) twostep`.
 *
 *   selection Design (all rows complete on s, w)        outcome Design (selected rows)
 *     |  1. probit of s on w (OIM VCE V_γ)                  |
 *     |  2. xb, λ = φ(xb)/Φ(xb), δ = λ(λ + xb) ------------>|  rows matched by Design.rows
 *     |                                                     |  3. OLS of y on [x, λ]
 *     |                                                     |  4. σ² = e'e/n₁ + β_λ² mean(δ); ρ = β_λ/σ
 *     v                                                     v  5. V = σ²(X'X)⁻¹[X'(I − ρ²D)X + Q](X'X)⁻¹,
 *                                                               Q = ρ²(X'DW) V_γ (W'DX)
 * ρ outside [−1, 1] is truncated with Stata's default `rhosigma` rule (ρ = sign, σ = β_λ ρ)
 * and the truncated values enter the VCE. The model χ² is the Wald test of the outcome
 * slopes (not the constant, not λ), as in Stata's header.
 */
import type { Design } from '../../design/types.js';
import { StudyError } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/messages/index.js';
import { nonlinearMessages as M } from '../../diagnostics/messages/nonlinear.js';
import { chi2Sf } from '../../linalg/distributions.js';
import { leastSquares } from '../../linalg/mle.js';
import { linearIndex } from '../../linalg/kernels.js';
import { matmul, toNested, waldChi2 } from '../../linalg/dense.js';
import { dropPerfectPredictors } from '../binary/binary.js';
import { fitBinaryCore } from '../binary/fit.js';
import { millsRatio } from '../binary/link.js';
import { coefficientTable, slopeIndices, withConstant } from '../binary/result.js';
import type { FitInput } from '../registry.js';
import { freezeResult, type SelectionResult } from '../result.js';

/** Term name of the inverse Mills ratio coefficient. */
export const LAMBDA_TERM = 'lambda';

export function fitHeckman(input: FitInput): SelectionResult {
  const { design: out, selection: sel, options, reporter } = input;
  if (!sel) throw new StudyError(diag(M.nlHeckmanNoSelection()));
  if (out.fe.length > 0 || sel.fe.length > 0) throw new StudyError(diag(M.nlFixedEffectsUnsupported('heckman')));

  // 1. Selection probit on the full selection sample. Its perfect predictors are dropped with
  // their rows as `probit` drops them (the first step is that probit); the index and λ of every
  // row then come from the kept coefficients, as `probit` followed by `predict, xb` gives them.
  const s = Float64Array.from(sel.y, (v) => (v !== 0 ? 1 : 0));
  const c = dropPerfectPredictors(s, sel, 'probit', reporter);
  const keptCols = c.names.map((name) => sel.X[sel.names.indexOf(name)]!);
  const W = withConstant(keptCols, c.names, sel.intercept, sel.n);
  const fitCols = c.keep ? withConstant(c.X, c.names, sel.intercept, c.y.length).cols : W.cols;
  const probit = fitBinaryCore({ y: c.y, cols: fitCols, link: 'probit', information: 'observed' });
  if (probit.singular) throw new StudyError(diag(M.nlSingularHessian('heckman (selection probit)')));
  if (!probit.converged) throw new StudyError(diag(M.nlNotConverged('heckman (selection probit)', probit.iterations)));
  const Vg = probit.vcov!;
  const kw = W.cols.length;
  const eta = c.keep ? linearIndex(W.cols, probit.beta, sel.n) : probit.eta;
  const step = heckmanSecondStep({ selection: sel, s, eta, W: W.cols, Vg, outcome: out, reporter });
  const { terms, beta, V, k, n1, nSelected, sigma, rho, truncated, ssr, meanDelta, meanLambda } = step;
  const slopes = slopeIndices(terms, (t) => t === LAMBDA_TERM);
  const wald = waldChi2(beta, V, k, slopes);
  const coefficients = coefficientTable(terms, beta, V);
  const lam = coefficients[LAMBDA_TERM]!;
  const result: SelectionResult = {
    family: 'selection',
    id: input.id,
    estimator: 'heckman',
    formula: input.formula,
    nobs: sel.n,
    fixed_effects: [],
    vcov: 'heckman-twostep',
    conventions: options.conventions ?? 'stata',
    terms,
    coefficients,
    vcov_matrix: toNested(V, k),
    inference: { dist: 'normal' },
    stats: {
      n_selected: n1,
      n_nonselected: sel.n - nSelected,
      lambda: lam.estimate,
      lambda_se: lam.se,
      sigma,
      rho,
      rho_truncated: truncated ? 1 : 0,
      wald_chi2: wald,
      wald_df: slopes.length,
      wald_p: chi2Sf(wald, slopes.length),
      chi2: wald,
      chi2_df: slopes.length,
      chi2_p: chi2Sf(wald, slopes.length),
      probit_loglik: probit.ll,
      loglik: null,
      mean_lambda_selected: meanLambda,
      mean_delta_selected: meanDelta,
      ssr_step2: ssr,
    },
    dropped: {
      singletons: 0,
      missing: sel.dropped.missing,
      collinear: [...sel.dropped.collinear, ...out.dropped.collinear].map((x) => x.name),
      ...(c.perfect.length ? { perfect_prediction: c.perfect, perfect_prediction_rows: c.perfectRows } : {}),
    },
    extra: {
      selection: {
        yName: sel.yName,
        terms: W.terms,
        coefficients: coefficientTable(W.terms, probit.beta, Vg),
        vcov_matrix: toNested(Vg, kw),
        loglik: probit.ll,
        nobs: c.y.length,
      },
    },
  };
  return freezeResult(result);
}

export interface SecondStepInput {
  readonly selection: Design;
  /** 0/1 selection indicator of the selection rows. */
  readonly s: Float64Array;
  /** Probit index of every selection row. */
  readonly eta: Float64Array;
  /** Selection regressors (with the constant) of the selection rows. */
  readonly W: readonly Float64Array[];
  /** Probit VCE (k_w × k_w, row-major). */
  readonly Vg: Float64Array;
  readonly outcome: Design;
  readonly reporter: FitInput['reporter'];
}

/** Steps 2–5 given the probit: exported so they can be checked on a reference probit. */
export function heckmanSecondStep(p: SecondStepInput) {
  const { selection: sel, s, W, Vg, outcome: out, reporter } = p;
  const kw = W.length;
  // 2. Match outcome rows to selection rows through the frame row indices.
  const pos = new Map<number, number>();
  for (let j = 0; j < sel.n; j++) pos.set(sel.rows[j]!, j);
  const n1 = out.n;
  const at = new Int32Array(n1);
  let bad = 0;
  for (let i = 0; i < n1; i++) {
    const j = pos.get(out.rows[i]!);
    if (j === undefined || s[j] !== 1) bad++;
    else at[i] = j;
  }
  if (bad > 0) throw new StudyError(diag(M.nlHeckmanRows(bad)));
  let nSelected = 0;
  for (let j = 0; j < sel.n; j++) nSelected += s[j]!;
  if (nSelected !== n1) {
    reporter.add(
      diag(M.nlHeckmanRows(nSelected - n1), {
        severity: 'warning',
        notes: ['selected rows without a complete outcome row are used in the probit only'],
      }),
    );
  }
  const xb = new Float64Array(n1);
  const lambda = new Float64Array(n1);
  const delta = new Float64Array(n1);
  for (let i = 0; i < n1; i++) {
    const e = p.eta[at[i]!]!;
    const l = millsRatio(e);
    xb[i] = e;
    lambda[i] = l;
    delta[i] = l * (l + e);
  }

  // 3. Outcome OLS with λ as the last regressor.
  const X = withConstant(out.X, out.names, out.intercept, n1);
  const cols = [...X.cols, lambda];
  const terms = [...X.terms, LAMBDA_TERM];
  const k = cols.length;
  const ls = leastSquares(cols, out.y);
  if (!ls) throw new StudyError(diag(M.nlSingularHessian('heckman (outcome equation)')));
  const { beta, xtxInv } = ls;
  const fitted = linearIndex(cols, beta, n1);
  let ssr = 0;
  let meanDelta = 0;
  let meanLambda = 0;
  for (let i = 0; i < n1; i++) {
    const e = out.y[i]! - fitted[i]!;
    ssr += e * e;
    meanDelta += delta[i]!;
    meanLambda += lambda[i]!;
  }
  meanDelta /= n1;
  meanLambda /= n1;

  // 4. σ and ρ, with Stata's rhosigma truncation.
  const bl = beta[k - 1]!;
  let sigma = Math.sqrt(ssr / n1 + bl * bl * meanDelta);
  let rho = bl / sigma;
  const truncated = Math.abs(rho) > 1;
  if (truncated) {
    reporter.add(diag(M.nlRhoTruncated(rho), { severity: 'warning' }));
    rho = Math.sign(rho);
    sigma = bl * rho;
  }

  // 5. Corrected VCE.
  const r2 = rho * rho;
  const mid = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      const ca = cols[a]!;
      const cb = cols[b]!;
      let v = 0;
      for (let i = 0; i < n1; i++) v += ca[i]! * (1 - r2 * delta[i]!) * cb[i]!;
      mid[a * k + b] = v;
      mid[b * k + a] = v;
    }
  }
  // X'DW (k × kw), W taken at the selected rows.
  const xdw = new Float64Array(k * kw);
  for (let a = 0; a < k; a++) {
    const ca = cols[a]!;
    for (let c = 0; c < kw; c++) {
      const wc = W[c]!;
      let v = 0;
      for (let i = 0; i < n1; i++) v += ca[i]! * delta[i]! * wc[at[i]!]!;
      xdw[a * kw + c] = v;
    }
  }
  const xdwT = new Float64Array(kw * k);
  for (let a = 0; a < k; a++) for (let c = 0; c < kw; c++) xdwT[c * k + a] = xdw[a * kw + c]!;
  const Q = matmul(matmul(xdw, Vg, k, kw, kw), xdwT, k, kw, k);
  for (let i = 0; i < k * k; i++) mid[i] += r2 * Q[i]!;
  const V = matmul(matmul(xtxInv, mid, k, k, k), xtxInv, k, k, k);
  for (let i = 0; i < k * k; i++) V[i] *= sigma * sigma;
  for (let a = 0; a < k; a++)
    for (let b = a + 1; b < k; b++) {
      const v = 0.5 * (V[a * k + b]! + V[b * k + a]!);
      V[a * k + b] = v;
      V[b * k + a] = v;
    }

  return { terms, beta, V, k, n1, nSelected, sigma, rho, truncated, ssr, meanDelta, meanLambda };
}
