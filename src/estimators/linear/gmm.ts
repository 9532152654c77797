/**
 * Two-step efficient GMM for the linear IV model (ivreg2 `gmm2s`, Hansen 1982), and the
 * over-identification statistics every IV method reports.
 *
 * With Z the instruments and X the regressors (both already transformed: FE or mean removed,
 * times √w when weighted; a trailing constant column when the model has an intercept and no
 * FE), the weighting matrix is the inverse of Ŝ = Σ s s' with s = z·u at the first-step
 * (2SLS) residuals — HC0 by row or summed by cluster, any number of ways — and
 *
 *   b = (X'Z Ŝ⁻¹ Z'X)⁻¹ X'Z Ŝ⁻¹ Z'y,   V = c · (X'Z Ŝ⁻¹ Z'X)⁻¹,
 *
 * c the profile's small-sample factor of the vcov kind (1 without `small`). This is
 * N (X'Z S⁻¹ Z'X)⁻¹ with S = Ŝ/N, the form the contract and ivreg2 write. Under `iid`
 * Ŝ = σ² Z'Z, so b is 2SLS and V its iid variance (ivreg2: gmm2s without robust is IV).
 *
 * Hansen's J is the minimised criterion g'Ŝ⁻¹g, g = Z'(y − Xb), at the two-step estimate with
 * the same Ŝ: ivreg2 reports this J for efficient GMM and, with a robust or cluster vcov, for
 * 2SLS and LIML too (then Ŝ comes from that estimator's residuals). Under `iid` the statistic
 * is Sargan's n·u'P_Z u / u'u.
 */
import { chi2Sf } from '../../linalg/distributions.js';
import { crossprod, crossprodVec, dot, residuals } from '../../linalg/kernels.js';
import { invertSpd, matmul, matvec, quadFormInv, symmetrize, transpose } from '../../linalg/dense.js';
import type { Grouping } from '../../design/types.js';
import type { VcovKind } from '../../vcov/index.js';
import { momentMeat, type LinearWeights } from './weights.js';

export interface GmmInput {
  readonly kind: VcovKind;
  /** Instruments (exogenous regressors and excluded instruments, + constant column). */
  readonly Z: readonly Float64Array[];
  /** Structural regressors (+ the same constant column). */
  readonly X: readonly Float64Array[];
  readonly y: Float64Array;
  /** First-step residuals (2SLS, or the estimator whose J is wanted). */
  readonly u: Float64Array;
  readonly clusters: readonly Grouping[];
  readonly weights?: LinearWeights;
}

export interface GmmStep {
  readonly b: Float64Array;
  /** (X'Z Ŝ⁻¹ Z'X)⁻¹; under iid Ŝ = Z'Z (σ² left to the iid variance rule). */
  readonly Minv: Float64Array;
  /** X'Z Ŝ⁻¹ Z'X: the "meat" that turns Minv into itself in a sandwich (vcov/index.ts). */
  readonly M: Float64Array;
  readonly u: Float64Array;
  readonly ssr: number;
  /** g'Ŝ⁻¹g at b (robust kinds), or n·u'P_Z u/u'u (iid). */
  readonly j: number;
}

/** One efficient-GMM step from the residuals `u`; null when Ŝ or X'ZŜ⁻¹Z'X is singular. */
export function twoStepGmm(inp: GmmInput, n: number): GmmStep | null {
  const L = inp.Z.length;
  const k = inp.X.length;
  const iid = inp.kind === 'iid';
  const S = iid ? crossprod(inp.Z) : momentMeat(inp.kind === 'cluster' ? 'cluster' : 'hc1', inp.Z, inp.u, inp.clusters, inp.weights);
  const Sinv = invertSpd(S, L, 1e-13);
  if (!Sinv) return null;
  symmetrize(Sinv, L);
  const XZ = crossprod(inp.X, inp.Z); // k×L
  const XZW = matmul(XZ, Sinv, k, L, L);
  const M = matmul(XZW, transpose(XZ, k, L), k, L, k);
  symmetrize(M, k);
  const Minv = invertSpd(M, k, 1e-13);
  if (!Minv) return null;
  symmetrize(Minv, k);
  const b = matvec(Minv, matvec(XZW, crossprodVec(inp.Z, inp.y), k, L), k, k);
  const u = residuals(inp.y, inp.X, b);
  const ssr = dot(u, u);
  const g = crossprodVec(inp.Z, u);
  // iid: Ŝ = (u'u/n) Z'Z with the first-step u, so J = n g'(Z'Z)⁻¹g / u'u (Sargan).
  const j = iid ? (n * quadFormInv(S, g, L)) / dot(inp.u, inp.u) : quadFormInv(S, g, L);
  return { b, Minv, M, u, ssr, j };
}

export interface OveridInput extends Omit<GmmInput, 'u'> {
  /** The estimator's residuals (2SLS, LIML or GMM). */
  readonly u: Float64Array;
  readonly n: number;
  /** Excluded instruments and endogenous regressors kept. */
  readonly q: number;
  readonly p: number;
  /** The J of the efficient estimator itself (GMM), when already computed. */
  readonly j?: number;
  /** LIML's κ: adds the Anderson–Rubin statistic n·ln κ. */
  readonly kappa?: number;
}

/**
 * Sargan (n·u'P_Z u / u'u at the estimator's residuals) and, with a robust or cluster vcov,
 * Hansen's J (the minimised two-step criterion with Ŝ from those residuals). Nothing when the
 * model is exactly identified.
 */
export function overidTests(a: OveridInput): Record<string, unknown> {
  const df = a.q - a.p;
  if (df <= 0) return {};
  const ZZ = crossprod(a.Z);
  const sargan = (a.n * quadFormInv(ZZ, crossprodVec(a.Z, a.u), a.Z.length)) / dot(a.u, a.u);
  const out: Record<string, unknown> = { sargan: { chi2: sargan, df, p: chi2Sf(sargan, df) } };
  if (a.kappa !== undefined) {
    const ar = a.n * Math.log(a.kappa);
    out.anderson_rubin = { chi2: ar, df, p: chi2Sf(ar, df) };
  }
  if (a.kind !== 'iid') {
    const j = a.j ?? twoStepGmm(a, a.n)?.j;
    if (j !== undefined && Number.isFinite(j)) out.hansen_j = { chi2: j, df, p: chi2Sf(j, df) };
  }
  return out;
}

/** A column of the constant in transformed units: √w when weighted, else ones. */
export function constantColumn(n: number, weights?: LinearWeights): Float64Array {
  return weights ? weights.sqrtW : new Float64Array(n).fill(1);
}

/** Residuals of every column of `cols` on `on` (used by LIML's M_Z and M_X1 products). */
export function residualsOn(cols: readonly Float64Array[], on: readonly Float64Array[], solve: (v: Float64Array) => Float64Array): Float64Array[] {
  if (on.length === 0) return cols.map((c) => c.slice());
  return cols.map((c) => residuals(c, on, solve(crossprodVec(on, c))));
}
