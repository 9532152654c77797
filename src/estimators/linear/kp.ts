/**
 * Kleibergen–Paap (2006) rk statistics for the rank of the first-stage coefficient matrix
 * Π (L excluded instruments × K endogenous regressors), as Stata's `ranktest … , full`
 * computes them for ivreg2/ivreghdfe: the test of rank K−1 (underidentification, LM form)
 * and its Wald form (weak identification).
 *
 * With Θ = F Π G⁻¹ (F'F = Z'Z, G'G = Y'Y, all partialled) and its SVD Θ = U S V', the
 * statistic is λ' Ω⁻¹ λ with λ = A_q' Θ b_q' the part of Θ beyond its first K−1 singular
 * directions, and Ω the robust (or cluster) variance of λ. Two reformulations keep this
 * to symmetric eigen problems and one meat over n:
 * - A_q = U₂ u₂₂⁻¹ (u₂₂u₂₂')^½ depends only on the projector P = I − Σ_{j<K} u_j u_j'
 *   onto the span of U₂: A_q = P[:, T] (P[T, T])^−½ with T the last L−K+1 coordinates,
 *   so no basis of the null space is needed. b_q is the K-th right singular vector,
 *   signed so that its last element is positive.
 * - (b_q ⊗ A_q')(G⁻ᵀ ⊗ F⁻ᵀ)(e_i ⊗ z_i) = (b̃'e_i)(Ã z_i) with b̃ = b_q G⁻ᵀ and
 *   Ã = A_q' F⁻ᵀ, so Ω is the ordinary HC0/cluster meat of the L−K+1 columns Ã z with
 *   the scalar residual b̃'e.
 * The LM form uses e = Ỹ (the null's residuals), the Wald form e = Ỹ − Z̃Π. With K = 1
 * both reduce to the robust score and Wald tests of π = 0.
 */
import { crossprod, linearCombination, residuals } from '../../linalg/kernels.js';
import { cholSolve, choleskySkip, lowerInverse, matmul, quadFormInv, symEigen, symPower, transpose } from '../../linalg/dense.js';

export interface RankTestResult {
  readonly lm: number;
  readonly wald: number;
  /** Degrees of freedom of both χ² statistics: L − K + 1. */
  readonly df: number;
  /** Canonical correlations between Ỹ and Z̃, largest first. */
  readonly canonical: readonly number[];
}

/** The robust (HC0) or cluster meat Σ s s' of the columns `X` scaled by the residual `u`. */
export type MeatFn = (X: readonly Float64Array[], u: Float64Array) => Float64Array;

/**
 * `endog` (K columns) and `instr` (L ≥ K columns) must already be partialled on the
 * exogenous regressors, the constant and the fixed effects. Returns null when Z̃'Z̃ or
 * Ỹ'Ỹ is singular or Ω is not positive definite (ranktest reports the test unavailable).
 */
export function kpRankTest(endog: readonly Float64Array[], instr: readonly Float64Array[], meat: MeatFn): RankTestResult | null {
  const K = endog.length;
  const L = instr.length;
  if (K === 0 || L < K) return null;
  const Lz = choleskyFull(crossprod(instr), L);
  const Ly = choleskyFull(crossprod(endog), K);
  if (!Lz || !Ly) return null;
  const ZY = crossprod(instr, endog); // L×K
  const Pi = new Float64Array(L * K);
  for (let k = 0; k < K; k++) {
    const col = cholSolve(Lz, L, Array.from({ length: L }, (_, l) => ZY[l * K + k]!));
    for (let l = 0; l < L; l++) Pi[l * K + k] = col[l]!;
  }
  // Θ = Lz' Π Ly'⁻¹: (Ly⁻¹ (Lz'Π)')'.
  const FPi = matmul(transpose(Lz, L, L), Pi, L, L, K);
  const LyInv = lowerInverse(Ly, K);
  const Theta = matmul(FPi, transpose(LyInv, K, K), L, K, K);

  const eig = symEigen(matmul(transpose(Theta, L, K), Theta, K, L, K), K);
  const order = Array.from({ length: K }, (_, j) => j).sort((a, b) => eig.values[b]! - eig.values[a]!);
  const sv = order.map((j) => Math.sqrt(Math.max(eig.values[j]!, 0)));
  const vcol = (j: number): Float64Array => Float64Array.from({ length: K }, (_, r) => eig.vectors[r * K + order[j]!]!);

  // P = I − Σ_{j<K−1} u_j u_j', u_j = Θ v_j / s_j.
  const P = new Float64Array(L * L);
  for (let i = 0; i < L; i++) P[i * L + i] = 1;
  for (let j = 0; j < K - 1; j++) {
    const u = matmul(Theta, vcol(j), L, K, 1);
    for (let a = 0; a < L; a++) for (let b = 0; b < L; b++) P[a * L + b]! -= (u[a]! * u[b]!) / (sv[j]! * sv[j]!);
  }
  const r = L - K + 1;
  const T = Array.from({ length: r }, (_, i) => K - 1 + i);
  const PTT = new Float64Array(r * r);
  for (let a = 0; a < r; a++) for (let b = 0; b < r; b++) PTT[a * r + b] = P[T[a]! * L + T[b]!]!;
  const PTTmh = symPower(PTT, r, -0.5);
  if (!PTTmh) return null;
  const PT = new Float64Array(L * r);
  for (let a = 0; a < L; a++) for (let b = 0; b < r; b++) PT[a * r + b] = P[a * L + T[b]!]!;
  const Aq = matmul(PT, PTTmh, L, r, r); // L×r
  const vK = vcol(K - 1);
  const sign = vK[K - 1]! < 0 ? -1 : 1;
  const bq = vK.map((x) => sign * x); // 1×K

  const AqT = transpose(Aq, L, r);
  const lambda = matmul(matmul(AqT, Theta, r, L, K), bq, r, K, 1);
  // Ã = A_q' Lz⁻¹ (r×L); b̃ = b_q Ly⁻¹ (1×K).
  const Atil = matmul(AqT, lowerInverse(Lz, L), r, L, L);
  const btil = matmul(bq, LyInv, 1, K, K);
  const zStar = Array.from({ length: r }, (_, a) => combine(instr, Atil.subarray(a * L, a * L + L)));

  // λ'Ω⁻¹λ; NaN when Ω is singular (ranktest: "test unavailable").
  const stat = (e: readonly Float64Array[]): number => quadFormInv(meat(zStar, combine(e, btil)), lambda, r);
  const lm = stat(endog);
  const wald = stat(endog.map((y, k) => residuals(y, instr, Float64Array.from({ length: L }, (_, l) => Pi[l * K + k]!))));
  if (!Number.isFinite(lm) || !Number.isFinite(wald)) return null;
  return { lm, wald, df: r, canonical: sv };
}

/** Σ_j w_j c_j over the columns. */
function combine(cols: readonly Float64Array[], w: ArrayLike<number>): Float64Array {
  return linearCombination(cols[0]!.length, cols, w);
}

function choleskyFull(A: Float64Array, m: number): Float64Array | null {
  const ch = choleskySkip(A, m, 1e-12);
  return ch.dropped.length ? null : ch.L;
}
