/**
 * Score residuals of the Cox model, the ingredient of the Lin–Wei robust variance.
 *
 * Row i's residual is L_i = ∫ (x_i − x̄(t)) dM_i(t), with dM_i = dN_i − Y_i r_i dΛ₀: its own
 * event term minus its share of every hazard increment while it is at risk. Summing
 * "share of every increment while at risk" directly costs O(n·events); instead the walk
 * keeps cumulative sums H = Σ h_t and G = Σ h_t x̄(t) over the event times already passed
 * and charges each row the difference of the sums between its entry and its exit, so the
 * whole pass is O(n·k). With Efron ties the m-th of d tied deaths carries weight (1 − m/d)
 * in the m-th hazard term and 1/d of each event term, as in R's coxscore; the robust
 * variance built from these residuals reproduces R coxph(robust = TRUE / cluster()).
 */
import type { CoxData } from './data.js';
import type { CoxTies } from './cox-likelihood.js';
import { linearPredictor } from './cox-likelihood.js';

/** Score residuals, row-major n×k in estimation-row order (not walk order). */
export function coxScoreResiduals(data: CoxData, beta: ArrayLike<number>, ties: CoxTies): Float64Array {
  const { n, k, x, stop, start, event, byStart, bounds, hasStart, row } = data;
  const efron = ties === 'efron';
  const eta = new Float64Array(n);
  linearPredictor(data, beta, eta);
  const risk = new Float64Array(n);
  for (let p = 0; p < n; p++) risk[p] = Math.exp(eta[p]!);

  const res = new Float64Array(n * k); // walk order
  const a = new Float64Array(k);
  const a2 = new Float64Array(k);
  const cumG = new Float64Array(k);
  const gt = new Float64Array(k);
  const gd = new Float64Array(k);
  const xbarSum = new Float64Array(k);

  // Charge row p the hazard accumulated so far, with sign +1 on entry into the walk
  // (exit time) and −1 on leaving (entry time or stratum end).
  const charge = (p: number, sign: number, cumH: number): void => {
    const r = risk[p]! * sign;
    const off = p * k;
    for (let j = 0; j < k; j++) res[off + j] += r * (x[off + j]! * cumH - cumG[j]!);
  };

  for (let s = 0; s + 1 < bounds.length; s++) {
    const lo = bounds[s]!;
    const hi = bounds[s + 1]!;
    let denom = 0;
    let nrisk = 0;
    let cumH = 0;
    a.fill(0);
    cumG.fill(0);
    let p = lo;
    let q = lo;
    while (p < hi) {
      const t = stop[p]!;
      const groupStart = p;
      let ndead = 0;
      let efronwt = 0;
      a2.fill(0);
      for (; p < hi && stop[p] === t; p++) {
        const r = risk[p]!;
        const off = p * k;
        denom += r;
        nrisk++;
        for (let j = 0; j < k; j++) a[j] += r * x[off + j]!;
        charge(p, 1, cumH);
        if (event[p] === 1) {
          ndead++;
          efronwt += r;
          for (let j = 0; j < k; j++) a2[j] += r * x[off + j]!;
        }
      }
      if (hasStart) {
        for (; q < hi && start[byStart[q]!]! >= t; q++) {
          const pr = byStart[q]!;
          const r = risk[pr]!;
          denom -= r;
          nrisk--;
          for (let j = 0; j < k; j++) a[j] -= r * x[pr * k + j]!;
          charge(pr, -1, cumH);
        }
        if (nrisk === 0) {
          denom = 0;
          a.fill(0);
        }
      }
      if (ndead === 0) continue;

      // Hazard increment h_t and h_t·x̄ for rows merely at risk (gt), the reduced
      // increment for the tied deaths themselves (hd, gd), and the mean x̄ of the event term.
      let ht = 0;
      let hd = 0;
      gt.fill(0);
      gd.fill(0);
      xbarSum.fill(0);
      const steps = efron ? ndead : 1;
      for (let m = 0; m < steps; m++) {
        const f = efron ? m / ndead : 0;
        const d2 = denom - f * efronwt;
        const w = efron ? 1 / d2 : ndead / d2;
        const wd = efron ? (1 - f) / d2 : ndead / d2;
        ht += w;
        hd += wd;
        for (let j = 0; j < k; j++) {
          const xb = (a[j]! - f * a2[j]!) / d2;
          gt[j] += w * xb;
          gd[j] += wd * xb;
          xbarSum[j] += xb;
        }
      }
      for (let pp = groupStart; pp < p; pp++) {
        if (event[pp] !== 1) continue;
        const off = pp * k;
        const r = risk[pp]!;
        for (let j = 0; j < k; j++) {
          // Event term x − mean x̄, and the (ht − hd) the cumulative charge over-counts.
          res[off + j] += x[off + j]! - xbarSum[j]! / steps;
          res[off + j] += r * (x[off + j]! * (ht - hd) - (gt[j]! - gd[j]!));
        }
      }
      cumH += ht;
      for (let j = 0; j < k; j++) cumG[j] += gt[j]!;
    }
    // Rows still in the risk set at the start of time leave here.
    if (hasStart) for (; q < hi; q++) charge(byStart[q]!, -1, cumH);
    else for (let pp = lo; pp < hi; pp++) charge(pp, -1, cumH);
  }

  const out = new Float64Array(n * k);
  for (let pp = 0; pp < n; pp++) {
    const r = row[pp]!;
    for (let j = 0; j < k; j++) out[r * k + j] = res[pp * k + j]!;
  }
  return out;
}
