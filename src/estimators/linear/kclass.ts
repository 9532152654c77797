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
 * The variance uses the k-class matrix (ivreg2's default, not `coviv`): with the score
 * columns X_κ = (I − κM_Z)X (= X̂ for κ = 1) and bread A⁻¹ = (X'(I − κM_Z)X)⁻¹, iid is
 * σ²A⁻¹ and robust/cluster A⁻¹(Σ s s')A⁻¹, s = x_κ·u, with the same small-sample factors as
 * 2SLS — so fit.ts's linearVcov serves it unchanged. Exogenous columns satisfy M_Z x = 0, so
 * X_κ keeps them as they are, and the intercept is ȳ − x̄'b as for 2SLS (the constant is in
 * Z, so (I − κM_Z)1 = 1).
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
  /** (I − κM_Z)X, the score columns of the variance. */
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
  const scoreX = X.map((x, p) => {
    if (p >= nEndog) return x;
    const mz = residuals(x, Z, cholSolve(Lz, L, crossprodVec(Z, x)));
    return x.map((v, i) => v - kappa * mz[i]!);
  });
  const A = crossprod(scoreX, X);
  symmetrize(A, k);
  const ch = choleskySkip(A, k, 1e-12);
  if (ch.dropped.length) return null;
  const b = cholSolve(ch.L, k, crossprodVec(scoreX, y));
  const u = residuals(y, X, b);
  return { b, bread: cholInverse(ch.L, k), scoreX, u, ssr: dot(u, u) };
}
