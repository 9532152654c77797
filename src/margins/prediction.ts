/**
 * The prediction margins differentiate, as Stata's `margins` uses it by default after each
 * command, and what enters its index η:
 *   linear        xb (regress; absorbed fixed effects cancel from every effect)
 *   probability   Pr(y = 1) = F(xb) with F the model's link (probit, logit, cloglog)
 *   count         exp(xb + offset), the number of events (poisson's default `predict n`)
 *
 * Absorbed fixed effects of a nonlinear model are recovered from its first-order conditions
 * at the estimated coefficients, so that the prediction averaged is the model's own fitted
 * value: μ = exp(xb + offset + α) after Poisson (fixest `fitted()`, ppmlhdfe `predict mu`),
 * F(xb + α) after logit/probit with fixed effects (fixest feglm). Given b, each effect α_g
 * solves Σ_{i∈g} w_i ∂ℓ_i/∂η = 0 — the equations the estimator's IRLS satisfied at
 * convergence — by alternating over the fixed-effect dimensions, one group at a time:
 * Poisson in closed form (α_g += log Σ w y / Σ w μ), the binary links by a Newton step on the
 * group's score. As R's marginaleffects after fixest, the effects are then held fixed: the
 * delta method differentiates by b only.
 */
import type { Grouping } from '../design/types.js';
import { binaryLink, type LinkName } from '../estimators/binary/link.js';
import { normalCdf, normalPdf } from '../linalg/distributions.js';

export type MarginsPrediction =
  | { readonly kind: 'linear' }
  | { readonly kind: 'probability'; readonly link: LinkName }
  | { readonly kind: 'count' };

export interface MarginsSupport {
  readonly prediction: MarginsPrediction;
  /**
   * Whether margins are defined with absorbed fixed effects. For a linear prediction they
   * cancel from every derivative and discrete change; for a nonlinear one they would enter
   * the prediction without a variance, which is refused rather than guessed.
   */
  readonly absorbedFe: boolean;
}

/** How a regressor variable enters the model: differentiated, or changed level by level. */
export type VariableKind = 'continuous' | 'factor';

/** g, g′, g″ of the prediction at η. */
export function link(p: MarginsPrediction): (eta: number) => [number, number, number] {
  switch (p.kind) {
    case 'linear':
      return (e) => [e, 1, 0];
    case 'count':
      return (e) => {
        const m = Math.exp(e);
        return [m, m, m];
      };
    case 'probability':
      if (p.link === 'probit') return (e) => { const f = normalPdf(e); return [normalCdf(e), f, -e * f]; };
      if (p.link === 'logit') {
        return (e) => {
          const m = e >= 0 ? 1 / (1 + Math.exp(-e)) : Math.exp(e) / (1 + Math.exp(e));
          const f = m * (1 - m);
          return [m, f, f * (1 - 2 * m)];
        };
      }
      return (e) => {
        const ee = Math.exp(e);
        const s = Math.exp(-ee);
        return [-Math.expm1(-ee), ee * s, ee * s * (1 - ee)];
      };
  }
}


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
