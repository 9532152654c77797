/**
 * The absorbed fixed effects of a nonlinear model, recovered from its first-order conditions
 * at the estimated coefficients, so that the prediction margins average is the model's own
 * fitted value: μ = exp(xb + offset + α) after Poisson (fixest `fitted()`, ppmlhdfe
 * `predict mu`), Λ(xb + α) after a logit with fixed effects (fixest feglm).
 *
 * Given b, each effect α_g solves Σ_{i∈g} w_i ∂ℓ_i/∂η = 0 — the equations the estimator's
 * IRLS satisfied at convergence. They are solved by alternating over the fixed-effect
 * dimensions, one group at a time: Poisson in closed form (α_g += log Σ w y / Σ w μ), other
 * links by a Newton step on the group's score. As in R's marginaleffects after fixest, the
 * effects are then held fixed: the delta method differentiates by b only.
 */
import type { Grouping } from '../design/types.js';
import { binaryLink } from '../estimators/binary/link.js';
import type { MarginsPrediction } from './types.js';

export interface FeProblem {
  /** Outcome on the points (the estimation rows). */
  readonly y: Float64Array;
  /** x'b (+ offset) on the points. */
  readonly eta: Float64Array;
  /** Fixed-effect codes on the points. */
  readonly fe: readonly Grouping[];
  readonly weights: Float64Array | null;
  readonly prediction: MarginsPrediction;
}

const TOL = 1e-13;
const MAX_SWEEPS = 10_000;

/** Σ_q α_q[g_q(i)] per row, or undefined when the sweeps do not settle. */
export function fixedEffectShift(p: FeProblem): Float64Array | undefined {
  const n = p.y.length;
  const shift = new Float64Array(n);
  const w = p.weights;
  const link = p.prediction.kind === 'probability' ? binaryLink(p.prediction.link) : undefined;
  const y = link ? Float64Array.from(p.y, (v) => (v !== 0 ? 1 : 0)) : p.y;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let largest = 0;
    for (const g of p.fe) {
      const num = new Float64Array(g.nlevels);
      const den = new Float64Array(g.nlevels);
      for (let i = 0; i < n; i++) {
        const wi = w ? w[i]! : 1;
        const e = p.eta[i]! + shift[i]!;
        const c = g.codes[i]!;
        if (link) {
          num[c] += wi * link.score(y[i]!, e);
          den[c] += wi * link.observed(y[i]!, e);
        } else {
          num[c] += wi * y[i]!;
          den[c] += wi * Math.exp(e);
        }
      }
      const step = new Float64Array(g.nlevels);
      for (let c = 0; c < g.nlevels; c++) {
        if (den[c] === 0) continue;
        step[c] = link ? num[c]! / den[c]! : Math.log(num[c]! / den[c]!);
        if (Math.abs(step[c]!) > largest) largest = Math.abs(step[c]!);
      }
      for (let i = 0; i < n; i++) shift[i] += step[g.codes[i]!]!;
    }
    if (!Number.isFinite(largest)) return undefined;
    if (largest < TOL) return shift;
  }
  return undefined;
}
