/**
 * Log partial likelihood of the Cox model, its score and information, in one O(n·k²) pass.
 *
 * The walk goes from the latest exit time to the earliest (see survival-data.ts), keeping
 * running sums over the risk set: S0 = Σ r, S1 = Σ r x, S2 = Σ r x xᵀ with r = exp(x'b).
 * Rows enter when the walk reaches their exit time and leave once it passes their entry
 * time, so counting-process data (delayed entry, time-varying covariates) cost the same as
 * right-censored data. Ties are handled per distinct exit time:
 *   Breslow: every death at t sees the full risk set;
 *   Efron:   the m-th of d tied deaths sees S − (m/d)·(sums over the tied deaths).
 * These are the likelihoods of R coxph (ties = "breslow" / "efron") and Stata stcox
 * (default / efron).
 */
import type { CoxData } from './data.js';
import { mirrorUpper } from '../../linalg/dense.js';

export type CoxTies = 'breslow' | 'efron';

export interface CoxPass {
  readonly loglik: number;
  /** Score vector ∂ℓ/∂b. */
  readonly u: Float64Array;
  /** Observed information −∂²ℓ/∂b∂bᵀ, row-major k×k (symmetric). */
  readonly imat: Float64Array;
}

/** exp() argument cap: beyond it the risk score overflows; a fit that needs it is diverging. */
const ETA_CAP = 500;

export function linearPredictor(data: CoxData, beta: ArrayLike<number>, out: Float64Array): void {
  const { n, k, x } = data;
  for (let p = 0; p < n; p++) {
    let eta = 0;
    for (let j = 0; j < k; j++) eta += beta[j]! * x[p * k + j]!;
    out[p] = eta > ETA_CAP ? ETA_CAP : eta < -ETA_CAP ? -ETA_CAP : eta;
  }
}

export function coxPass(data: CoxData, beta: ArrayLike<number>, ties: CoxTies): CoxPass {
  const { n, k, x, stop, start, event, byStart, bounds, hasStart } = data;
  const efron = ties === 'efron';
  const eta = new Float64Array(n);
  linearPredictor(data, beta, eta);
  const risk = new Float64Array(n);
  for (let p = 0; p < n; p++) risk[p] = Math.exp(eta[p]!);

  const u = new Float64Array(k);
  const imat = new Float64Array(k * k);
  const a = new Float64Array(k);
  const cmat = new Float64Array(k * k);
  const a2 = new Float64Array(k);
  const cmat2 = new Float64Array(k * k);
  let loglik = 0;

  for (let s = 0; s + 1 < bounds.length; s++) {
    const lo = bounds[s]!;
    const hi = bounds[s + 1]!;
    let denom = 0;
    let nrisk = 0;
    a.fill(0);
    cmat.fill(0);
    let p = lo;
    let q = lo;
    while (p < hi) {
      const t = stop[p]!;
      let ndead = 0;
      let efronwt = 0;
      if (efron) {
        a2.fill(0);
        cmat2.fill(0);
      }
      for (; p < hi && stop[p] === t; p++) {
        const r = risk[p]!;
        const off = p * k;
        denom += r;
        nrisk++;
        for (let i = 0; i < k; i++) {
          const rxi = r * x[off + i]!;
          a[i] += rxi;
          for (let j = i; j < k; j++) cmat[i * k + j] += rxi * x[off + j]!;
        }
        if (event[p] === 1) {
          ndead++;
          loglik += eta[p]!;
          for (let i = 0; i < k; i++) u[i] += x[off + i]!;
          if (efron) {
            efronwt += r;
            for (let i = 0; i < k; i++) {
              const rxi = r * x[off + i]!;
              a2[i] += rxi;
              for (let j = i; j < k; j++) cmat2[i * k + j] += rxi * x[off + j]!;
            }
          }
        }
      }
      if (hasStart) {
        // Rows whose entry time is at or after t are not at risk at t: take them out.
        for (; q < hi && start[byStart[q]!]! >= t; q++) {
          const pr = byStart[q]!;
          const r = risk[pr]!;
          const off = pr * k;
          denom -= r;
          nrisk--;
          for (let i = 0; i < k; i++) {
            const rxi = r * x[off + i]!;
            a[i] -= rxi;
            for (let j = i; j < k; j++) cmat[i * k + j] -= rxi * x[off + j]!;
          }
        }
        if (nrisk === 0) {
          // Exact zero instead of rounding residue, so a later risk set starts clean.
          denom = 0;
          a.fill(0);
          cmat.fill(0);
        }
      }
      if (ndead === 0) continue;
      if (!efron || ndead === 1) {
        loglik -= ndead * Math.log(denom);
        for (let i = 0; i < k; i++) {
          const mi = a[i]! / denom;
          u[i] -= ndead * mi;
          for (let j = i; j < k; j++) imat[i * k + j] += (ndead / denom) * (cmat[i * k + j]! - mi * a[j]!);
        }
      } else {
        for (let m = 0; m < ndead; m++) {
          const f = m / ndead;
          const d2 = denom - f * efronwt;
          loglik -= Math.log(d2);
          for (let i = 0; i < k; i++) {
            const ai = a[i]! - f * a2[i]!;
            const mi = ai / d2;
            u[i] -= mi;
            for (let j = i; j < k; j++)
              imat[i * k + j] += (cmat[i * k + j]! - f * cmat2[i * k + j]! - mi * (a[j]! - f * a2[j]!)) / d2;
          }
        }
      }
    }
  }
  mirrorUpper(imat, k);
  return { loglik, u, imat };
}
