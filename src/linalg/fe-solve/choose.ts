/**
 * Which solver removes a set of fixed effects, decided from the FE graph alone.
 *
 * - one FE: its level means (exact; reported as `direct`);
 * - `direct` (demean-exact.ts) when every FE but the largest is small (≤ 1,000 levels together,
 *   firm + year + industry^year): an exact dense solve, nothing to iterate;
 * - otherwise `cg` (krylov.ts): the largest FE eliminated exactly, conjugate gradients on the
 *   rest. Alternating projections converge in few sweeps only on well-connected graphs and in
 *   thousands on low-mobility ones (worker–firm, exporter–product), while CG's iteration count
 *   grows with the square root of theirs and each of its iterations is cheaper; so CG is the
 *   default whenever the dense direct solve does not apply, as reghdfe 6 and pyfixest default to
 *   Krylov methods. `ap` (accelerated alternating projections, fixest's method) stays available
 *   by request.
 *
 * A requested solver that cannot run (`direct` on large FE) falls back to the automatic choice
 * and says so (the caller warns).
 */
import type { FeCodes } from '../demean.js';
import { isNestedIn } from '../fe-dof.js';

export const FE_SOLVERS = ['direct', 'ap', 'cg'] as const;
export type FeSolver = (typeof FE_SOLVERS)[number];
export type SolverRequest = 'auto' | FeSolver;

export interface SolverChoice {
  readonly solver: FeSolver;
  /** The request could not be honoured (the automatic choice was used instead). */
  readonly fellBack: boolean;
}

/**
 * The FE eliminated exactly (most levels) and those solved for: an FE that is a function of
 * another one kept (year given industry^year) adds nothing to the span and is left out.
 */
export function schurPlan(fes: readonly FeCodes[]): { big: number; small: number[] } {
  let big = 0;
  for (let q = 1; q < fes.length; q++) if (fes[q]!.nlevels > fes[big]!.nlevels) big = q;
  const small: number[] = [];
  for (let q = 0; q < fes.length; q++) {
    if (q === big) continue;
    const others = [big, ...small, ...fes.map((_, p) => p).filter((p) => p > q && p !== big)];
    if (!others.some((p) => isNestedIn(fes[p]!, fes[q]!))) small.push(q);
  }
  return { big, small };
}

export function chooseSolver(fes: readonly FeCodes[], request: SolverRequest, directAvailable: boolean): SolverChoice {
  if (fes.length <= 1) return { solver: 'direct', fellBack: false };
  const auto: FeSolver = directAvailable ? 'direct' : 'cg';
  if (request === 'auto') return { solver: auto, fellBack: false };
  if (request === 'direct' && !directAvailable) return { solver: auto, fellBack: true };
  return { solver: request, fellBack: false };
}
