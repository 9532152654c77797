/**
 * What an estimator declares about its marginal effects (EstimatorEntry.margins), and the
 * record the margins of one fitted model produce.
 *
 * The prediction is the one Stata's `margins` uses by default after each command:
 *   linear        xb (regress; absorbed fixed effects cancel from every effect)
 *   probability   Pr(y = 1) = F(xb) with F the model's link (probit, logit, cloglog)
 *   count         exp(xb + offset), the number of events (poisson's default `predict n`)
 */
import type { LinkName } from '../estimators/binary/link.js';

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
