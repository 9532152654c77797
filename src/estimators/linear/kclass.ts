/**
 * LIML as a k-class estimator (ivreg2 `liml`; Davidson & MacKinnon 1993, pp. 644–51).
 *
 * On the transformed columns (FE or mean removed, times √w when weighted — ivreghdfe runs
 * ivreg2 on the within-transformed data the same way), with W = [y, Y] the outcome and the
 * endogenous regressors, Z all instruments and X₁ the exogenous regressors:
 *
 *   κ = smallest eigenvalue of (W'M_Z W)⁻¹ (W'M_X₁ W)   (≥ 1; = 1 when exactly identified)
 *   b = (X'(I − κM_Z)X)⁻¹ X'(I − κM_Z)y
 *
 * The variance uses the k-class matrix A = X'(I − κM_Z)X as its bread (ivreg2's default, not
 * `coviv`): iid σ²A⁻¹; robust/cluster A⁻¹(Σ s s')A⁻¹ with the scores s = x̂·u of the
 * instrument projections x̂ = P_Z x — the meat is X'Z(Z'Z)⁻¹ Ŝ (Z'Z)⁻¹Z'X with Ŝ the variance
 * of the moments z·u, as ivreg2 and ivregress form every IV variance. (Stata 13 `ivregress
 * liml, vce(robust)` on the manual's hsng data confirms x̂ rather than (I − κM_Z)x: see
 * docs/conventions.md.) The small-sample factors are those of 2SLS, so fit.ts's linearVcov
 * serves it unchanged. Exogenous columns satisfy M_Z x = 0 and P_Z x = x, and the intercept
 * is ȳ − x̄'b as for 2SLS (the constant is in Z, so (I − κM_Z)1 = 1).
 */
import { crossprod, crossprodVec, dot, residuals } from '../../linalg/kernels.js';
import { cholInverse, cholSolve, choleskySkip, lowerInverse, matmul, symEigen, symmetrize, transpose } from '../../linalg/dense.js';
import { residualsOn } from './gmm.js';

/**
 * κ of LIML from the transformed outcome `y`, endogenous columns `endog`, all instruments `Z`
 * (with Cholesky factor `Lz` of Z'Z) and exogenous regressors `exog`. Null when W'M_Z W is
 * singular (an instrument set that fits y or Y exactly).
 */
export function limlKappa(y: Float64Array, endog: readonly Float64Array[], Z: readonly Float64Array[], Lz: Float64Array, exog: readonly Float64Array[]): number | null {
  const W = [y, ...endog];
  const m = W.length;
  const mz = residualsOn(W, Z, (v) => cholSolve(Lz, Z.length, v));
  let mx: Float64Array[];
  if (exog.length) {
    const ch = choleskySkip(crossprod(exog), exog.length, 1e-12);
    mx = residualsOn(W, exog, (v) => cholSolve(ch.L, exog.length, v));
  } else mx = W.map((c) => c.slice());
  const B = crossprod(mz); // W'M_Z W
  const A = crossprod(mx); // W'M_X1 W
  const ch = choleskySkip(B, m, 1e-13);
  if (ch.dropped.length) return null;
  // Smallest eigenvalue of B⁻¹A = that of the symmetric L⁻¹ A L⁻ᵀ (B = LL').
  const Li = lowerInverse(ch.L, m);
  const G = matmul(matmul(Li, A, m, m, m), transpose(Li, m, m), m, m, m);
  symmetrize(G, m);
  const ev = symEigen(G, m).values;
  return Math.min(...ev);
}

export interface KClassFit {
  readonly b: Float64Array;
  /** (X'(I − κM_Z)X)⁻¹. */
  readonly bread: Float64Array;
  /** P_Z X, the score columns of the robust/cluster variance. */
  readonly scoreX: Float64Array[];
  readonly u: Float64Array;
  readonly ssr: number;
}

/**
 * The k-class estimate for κ on the transformed columns `X` (the first `nEndog` endogenous,
 * the rest exogenous and already in Z). Null when X'(I − κM_Z)X is not positive definite.
 */
export function kClass(X: readonly Float64Array[], nEndog: number, y: Float64Array, Z: readonly Float64Array[], Lz: Float64Array, kappa: number): KClassFit | null {
  const k = X.length;
  const L = Z.length;
  // M_Z x of each endogenous column (exogenous ones are in Z: M_Z x = 0).
  const mz = X.map((x, p) => (p < nEndog ? residuals(x, Z, cholSolve(Lz, L, crossprodVec(Z, x))) : null));
  const kx = X.map((x, p) => (mz[p] ? x.map((v, i) => v - kappa * mz[p]![i]!) : x));
  const scoreX = X.map((x, p) => (mz[p] ? x.map((v, i) => v - mz[p]![i]!) : x));
  const A = crossprod(kx, X);
  symmetrize(A, k);
  const ch = choleskySkip(A, k, 1e-12);
  if (ch.dropped.length) return null;
  const b = cholSolve(ch.L, k, crossprodVec(kx, y));
  const u = residuals(y, X, b);
  return { b, bread: cholInverse(ch.L, k), scoreX, u, ssr: dot(u, u) };
}
