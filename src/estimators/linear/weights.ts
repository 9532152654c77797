/**
 * Observation weights in the linear family, by transformation: every column is projected
 * off the intercept or the FE with W-weighted means (weighted centring / demean-weighted.ts)
 * and multiplied by √w, so least squares, collinearity checks and the sandwich meats run
 * unchanged on the transformed columns and give the weighted estimator (Stata `regress`/
 * `reghdfe` with weights, fixest `weights =`).
 *
 * Kinds (Stata): analytic `[aw=]` and probability `[pw=]` weights are rescaled to mean 1
 * (their scale cancels from b and V; Stata does the same for aw); frequency `[fw=]` weights
 * are counts: n = Σw in every degrees-of-freedom rule and in `nobs`, and a heteroskedasticity-
 * robust meat counts each row w times (Σ w u² xx', not Σ w² u² xx').
 */
import type { Design, Grouping } from '../../design/types.js';
import { meatClusterMultiway, meatHC0 } from '../../vcov/meat.js';
import { StudyError, type Reporter } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/messages/index.js';
import { inferenceMessages as IM } from '../../diagnostics/messages/inference.js';
import { linearMessages as M } from '../../diagnostics/messages/linear.js';
import { demeanWeighted } from '../../linalg/demean-weighted.js';
import type { FitOptions } from '../registry.js';
import type { Transformed } from './prepare.js';

export interface LinearWeights {
  readonly kind: 'analytic' | 'probability' | 'frequency';
  /** The weights used (aw/pw rescaled to mean 1). */
  readonly w: Float64Array;
  readonly sqrtW: Float64Array;
  readonly sumW: number;
  /** n in the small-sample rules and `nobs`: rows, or Σw for frequency weights. */
  readonly n: number;
}

export function linearWeights(design: Design, options: FitOptions): LinearWeights | undefined {
  const raw = design.weights;
  const spec = options.weights as { column: string; kind: LinearWeights['kind'] } | undefined;
  if (!raw || !spec) return undefined;
  let sum = 0;
  for (let i = 0; i < raw.length; i++) sum += raw[i]!;
  if (spec.kind === 'frequency') {
    for (let i = 0; i < raw.length; i++) if (!Number.isInteger(raw[i]!)) throw new StudyError(diag(IM.infFrequencyNotInteger(spec.column, raw[i]!)));
  }
  const scale = spec.kind === 'frequency' ? 1 : raw.length / sum;
  const w = raw.map((v) => v * scale);
  return { kind: spec.kind, w, sqrtW: w.map(Math.sqrt), sumW: spec.kind === 'frequency' ? sum : raw.length, n: spec.kind === 'frequency' ? sum : raw.length };
}

/** Weighted counterpart of transformColumns: projected off the intercept/FE, times √w. */
export function weightedColumns(design: Design, cols: readonly Float64Array[], lw: LinearWeights, options: FitOptions, reporter: Reporter): Transformed {
  const { w, sqrtW } = lw;
  const n = w.length;
  let sw = 0;
  for (let i = 0; i < n; i++) sw += w[i]!;
  const means = new Float64Array(cols.length);
  const sumsq = new Float64Array(cols.length);
  cols.forEach((c, j) => {
    let s = 0;
    let q = 0;
    for (let i = 0; i < n; i++) {
      s += w[i]! * c[i]!;
      q += w[i]! * c[i]! * c[i]!;
    }
    means[j] = s / sw;
    sumsq[j] = q;
  });
  let projected: Float64Array[];
  let iterations = 0;
  let converged = true;
  if (design.fe.length > 0) {
    const r = demeanWeighted(cols, design.fe, w, { tol: 1e-13 });
    if (!r.converged) reporter.add(diag(M.linDemeanNotConverged(r.iterations, 1e-14), { severity: 'warning' }));
    projected = r.columns;
    iterations = r.iterations;
    converged = r.converged;
  } else if (design.intercept) {
    projected = cols.map((c, j) => c.map((v) => v - means[j]!));
  } else {
    projected = cols.map((c) => Float64Array.from(c));
  }
  for (const c of projected) for (let i = 0; i < n; i++) c[i]! *= sqrtW[i]!;
  void options;
  return { columns: projected, means, sumsq, iterations, converged };
}

/** Σ w (y − ȳ_w)² (or Σ w y² uncentred): the weighted total sum of squares. */
export function weightedTss(y: Float64Array, w: Float64Array, centred: boolean): number {
  let sw = 0;
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    sw += w[i]!;
    s += w[i]! * y[i]!;
  }
  const m = centred ? s / sw : 0;
  let t = 0;
  for (let i = 0; i < y.length; i++) t += w[i]! * (y[i]! - m) ** 2;
  return t;
}

/**
 * The HC0 or cluster meat Σ s s' of transformed columns `X` (times √w) and residuals `u`
 * (times √w): aw/pw give Σ w² u² x x' by row and Σ_g (Σ w x u)(Σ w x u)' by cluster, as Stata
 * and ivreg2 do; frequency weights count a row w times by row (Σ w u² x x').
 */
export function momentMeat(kind: 'hc1' | 'cluster', X: readonly Float64Array[], u: Float64Array, clusters: readonly Grouping[], lw?: LinearWeights): Float64Array {
  if (kind === 'cluster') return meatClusterMultiway(X, u, clusters);
  const perRow = lw?.kind === 'frequency';
  return meatHC0(X, perRow ? u.map((v, i) => v / lw.sqrtW[i]!) : u);
}
