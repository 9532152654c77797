/**
 * Log-likelihood of the exponential and Weibull regressions, with analytic score and
 * information, in the accelerated-failure-time parameterisation of R's survreg:
 *
 *   log T = x'b + σ W,  W ~ standard minimum extreme value,  θ = (b, s = log σ)
 *   ℓ_i = δ_i (z_i − s − log t_i) − e^{z_i} + e^{z0_i},   z = (log t − x'b)/σ
 *
 * (σ = 1, s fixed, for the exponential). This is the density on the time scale — it
 * includes the −log t Jacobian — which is the log-likelihood both R survreg and Stata streg
 * report. The e^{z0} term conditions on survival to the entry time t0 (delayed entry /
 * counting-process rows); it is absent when t0 = 0. The fit is done here and mapped to the
 * proportional-hazards metric afterwards (b_PH = −b/σ, ln p = −s), since the MLE and its
 * observed-information variance are invariant to the reparameterisation.
 */

export type StregDist = 'exponential' | 'weibull';

export interface StregData {
  readonly n: number;
  /** Regression coefficients (intercept first when present). */
  readonly p: number;
  /** Row-major n×p design. */
  readonly x: Float64Array;
  readonly logT: Float64Array;
  /** log of entry time; −∞ when the row is at risk from time 0. */
  readonly logT0: Float64Array;
  readonly event: Uint8Array;
}

export interface StregPass {
  readonly loglik: number;
  readonly grad: Float64Array;
  /** Observed information −∂²ℓ, row-major, (p+1)² for Weibull, p² for exponential. */
  readonly info: Float64Array;
}

/** Number of free parameters: the regression coefficients plus log σ for the Weibull. */
export function stregParams(data: StregData, dist: StregDist): number {
  return data.p + (dist === 'weibull' ? 1 : 0);
}

/**
 * One pass over the rows. With `scores`, also writes each row's score vector (row-major
 * n×q) for the sandwich variance.
 */
export function stregPass(data: StregData, theta: ArrayLike<number>, dist: StregDist, scores?: Float64Array): StregPass {
  const { n, p, x, logT, logT0, event } = data;
  const weib = dist === 'weibull';
  const q = p + (weib ? 1 : 0);
  const s = weib ? theta[p]! : 0;
  const sigma = Math.exp(s);
  const grad = new Float64Array(q);
  const info = new Float64Array(q * q);
  let loglik = 0;
  for (let i = 0; i < n; i++) {
    const off = i * p;
    let eta = 0;
    for (let j = 0; j < p; j++) eta += theta[j]! * x[off + j]!;
    const d = event[i]!;
    const z = (logT[i]! - eta) / sigma;
    const ez = Math.exp(z);
    const has0 = logT0[i]! > Number.NEGATIVE_INFINITY;
    const z0 = has0 ? (logT0[i]! - eta) / sigma : 0;
    const ez0 = has0 ? Math.exp(z0) : 0;
    loglik += d * (z - s - logT[i]!) - ez + ez0;
    // First and second derivatives with respect to η and s (see the header formula).
    const gEta = (ez - d - ez0) / sigma;
    const hEtaEta = (ez - ez0) / (sigma * sigma);
    for (let j = 0; j < p; j++) {
      const xj = x[off + j]!;
      grad[j] += gEta * xj;
      if (scores) scores[i * q + j] = gEta * xj;
      const hx = hEtaEta * xj;
      for (let m = j; m < p; m++) info[j * q + m] += hx * x[off + m]!;
    }
    if (weib) {
      const gS = z * (ez - d) - d - z0 * ez0;
      const hEtaS = (z * ez + ez - d - z0 * ez0 - ez0) / sigma;
      const hSS = z * (ez - d) + z * z * ez - z0 * ez0 - z0 * z0 * ez0;
      grad[p] += gS;
      if (scores) scores[i * q + p] = gS;
      for (let j = 0; j < p; j++) info[j * q + p] += hEtaS * x[off + j]!;
      info[p * q + p] += hSS;
    }
  }
  for (let j = 0; j < q; j++) for (let m = 0; m < j; m++) info[j * q + m] = info[m * q + j]!;
  return { loglik, grad, info };
}
