/**
 * Shared first steps of every linear estimator: remove the fixed effects (or the mean,
 * when there is an intercept and no FE) from the outcome and regressor columns, then
 * find collinear regressors in formula order.
 *
 * Centring without FE is the intercept-as-FE trick: slopes come from centred columns (better
 * conditioned normal equations) and the intercept is recovered as ȳ − x̄'b (see linear-fit).
 */
import { inferenceMessages as IM } from '../../diagnostics/messages/inference.js';
import type { VcovKind } from '../../vcov/index.js';
import type { Design, Grouping } from '../../design/types.js';
import { StudyError, type Reporter } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/messages/index.js';
import { linearMessages as M } from '../../diagnostics/messages/linear.js';
import type { FitOptions } from '../registry.js';
import { centered, columnMoments, crossprod, dot, mean, sumSquaredDeviations } from '../../linalg/kernels.js';
import { choleskySkip } from '../../linalg/dense.js';
import { demeanCached, type DemeanCache, type DemeanedColumns } from './cache.js';
import { scaleMessages as SM } from '../../diagnostics/messages/scale.js';
import type { FeSolver } from '../../linalg/fe-solve/choose.js';

export type CollinearReason = 'fixed_effects' | 'regressors';

export interface Transformed {
  readonly columns: Float64Array[];
  /** Means of the raw columns (used to recover the intercept). */
  readonly means: Float64Array;
  /** Σx² of the raw columns (an upper bound of their centred sums of squares). */
  readonly sumsq: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
  /** The fixed-effect solver that ran (linalg/fe-solve/choose.ts), when FE were removed. */
  readonly solver?: FeSolver;
}

/** Non-convergence (SS506 for ap, SS750 for cg) and a requested solver that could not run (SS751). */
function solverWarnings(r: DemeanedColumns, design: Design, options: FitOptions, reporter: Reporter): void {
  const tol = options.tol ?? 1e-8;
  if (r.fellBack) {
    reporter.add(diag(SM.scaleSolverUnavailable(options.solver ?? 'auto', r.solver ?? 'cg', 'the fixed effects other than the largest have more than 1,000 levels together'), { severity: 'warning' }));
  }
  if (r.converged) return;
  if (r.solver === 'cg') {
    const big = Math.max(...design.fe.map((g) => g.nlevels));
    const levels = design.fe.reduce((s, g) => s + g.nlevels, 0) - big;
    reporter.add(diag(SM.scaleCgNotConverged(r.iterations, tol, levels), { severity: 'warning' }));
  } else reporter.add(diag(M.linDemeanNotConverged(r.iterations, tol), { severity: 'warning' }));
}

/** Intercept and no FE → centre; FE → demean; neither → unchanged. */
export function transformColumns(
  design: Design,
  cols: readonly Float64Array[],
  options: FitOptions,
  reporter: Reporter,
  cache?: DemeanCache,
): Transformed {
  // Every column's mean and Σx² (the latter lets detectCollinear skip a pass): from the
  // demeaning when it read the columns anyway, else one pass here.
  const n = cols.length ? cols[0]!.length : 0;
  const moments = (mom: { sums: Float64Array; sumsq: Float64Array }) => ({ means: mom.sums.map((s) => (n ? s / n : Number.NaN)), sumsq: mom.sumsq });
  if (design.fe.length > 0) {
    const tol = options.tol ?? 1e-8;
    const r = demeanCached(cols, design.fe, { tol, maxIter: options.maxIter ?? 10_000, solver: options.solver ?? 'auto' }, cache);
    solverWarnings(r, design, options, reporter);
    const { means, sumsq } = moments(r.moments ?? columnMoments(cols));
    return { columns: r.columns, means, sumsq, iterations: r.iterations, converged: r.converged, ...(r.solver ? { solver: r.solver } : {}) };
  }
  const { means, sumsq } = moments(columnMoments(cols));
  if (design.intercept) return { columns: cols.map((c) => centered(c)), means, sumsq, iterations: 0, converged: true };
  return { columns: cols.slice(), means, sumsq, iterations: 0, converged: true };
}

export interface CollinearCheck {
  readonly kept: number[];
  readonly dropped: { readonly name: string; readonly reason: CollinearReason }[];
  /** Cholesky factor of the kept columns' cross-product. */
  readonly L: Float64Array;
  /** With `y`: the kept columns' X̃'ỹ and ỹ'ỹ (from the same pass as the cross-products). */
  readonly xty?: Float64Array;
  readonly yty?: number;
}

export interface CollinearExtras {
  /** The transformed outcome: its cross-products come out of the same pass over the rows. */
  readonly y?: Float64Array;
  /** Means of the raw columns, when already known (saves a pass per column). */
  readonly rawMeans?: ArrayLike<number>;
  /** Σx² of the raw columns: when the transformed sum of squares clears the threshold against it, the exact centred sum is not needed. */
  readonly rawSumSq?: ArrayLike<number>;
}

/**
 * A column whose transformed sum of squares is ~0 relative to its raw variation is absorbed
 * by the fixed effects (or is constant next to the intercept); the pivot-skipping Cholesky
 * then finds columns spanned by earlier ones. Both tolerances are relative (1e-10), as
 * fixest's collin.tol.
 */
export function detectCollinear(
  names: readonly string[],
  raw: readonly Float64Array[],
  transformed: readonly Float64Array[],
  design: Design,
  options: FitOptions,
  extras: CollinearExtras = {},
): CollinearCheck {
  const dropped: { name: string; reason: CollinearReason }[] = [];
  const candidates: number[] = [];
  const hasFe = design.fe.length > 0;
  // One pass over the rows for every cross-product (the outcome last).
  const cols = extras.y ? [...transformed, extras.y] : transformed;
  const m = cols.length;
  const G = crossprod(cols);
  for (let j = 0; j < transformed.length; j++) {
    const ssT = G[j * m + j]!;
    const upper = extras.rawSumSq?.[j];
    // Every base below is ≤ Σx², so clearing 1e-10·Σx² decides "kept" without another pass.
    if (upper !== undefined && upper > 0 && ssT > 1e-10 * upper) {
      candidates.push(j);
      continue;
    }
    const r = raw[j]!;
    const ssRaw = hasFe || design.intercept ? centredSumSquares(r, extras.rawMeans?.[j]) : dot(r, r);
    const base = ssRaw > 0 ? ssRaw : dot(r, r);
    if (!(ssT > 1e-10 * base) || base === 0) {
      dropped.push({ name: names[j]!, reason: hasFe && ssRaw > 0 ? 'fixed_effects' : 'regressors' });
    } else candidates.push(j);
  }
  const c = candidates.length;
  const A = new Float64Array(c * c);
  for (let a = 0; a < c; a++) for (let b = 0; b < c; b++) A[a * c + b] = G[candidates[a]! * m + candidates[b]!]!;
  const ch = choleskySkip(A, c, 1e-10);
  for (const d of ch.dropped) dropped.push({ name: names[candidates[d]!]!, reason: 'regressors' });
  const kept = ch.kept.map((p) => candidates[p]!);
  const focal = options.focal ?? [];
  for (const f of focal) {
    const hit = dropped.find((d) => d.name === f);
    if (hit) throw new StudyError(diag(M.linFocalCollinear(f, hit.reason)));
  }
  dropped.sort((a, b) => names.indexOf(a.name) - names.indexOf(b.name));
  if (!extras.y) return { kept, dropped, L: ch.L };
  const yi = m - 1;
  return { kept, dropped, L: ch.L, xty: Float64Array.from(kept, (j) => G[j * m + yi]!), yty: G[yi * m + yi]! };
}

function centredSumSquares(x: Float64Array, known?: number): number {
  return sumSquaredDeviations(x, known ?? mean(x));
}

/** Errors that make a linear fit undefined: clusters with one level (any number of ways). */
export function checkClusters(clusters: readonly Grouping[], model = 'model'): void {
  if (clusters.length === 0) throw new StudyError(diag(M.linClusterMissing(model)));
  for (const c of clusters) if (c.nlevels < 2) throw new StudyError(diag(M.linClusterOneLevel(c.name)));
}

/** Resolve FitOptions.vcov ('default' = cluster when clusters are given, else iid). */
export function vcovKind(options: FitOptions, design: Design): VcovKind {
  if (options.vcov === 'default') return design.clusters.length ? 'cluster' : 'iid';
  return options.vcov;
}

/**
 * Checks a kind needs before fitting: clusters with two levels; HC2/HC3 need the leverage
 * of every parameter, which absorbed FE do not give (reghdfe and fixest offer neither).
 */
export function checkVcov(kind: VcovKind, design: Design, options: FitOptions, model: string): void {
  if (kind === 'cluster') checkClusters(design.clusters, model);
  if ((kind === 'hc2' || kind === 'hc3') && design.fe.length > 0) throw new StudyError(diag(IM.infLeverageWithFe(model, kind)));
  if ((kind === 'nw' || kind === 'dk') && !options.vcovData?.hac) throw new StudyError(diag(IM.infVcovData(model, options.vcovText ?? kind)));
  if (kind === 'conley' && !options.vcovData?.conley) throw new StudyError(diag(IM.infVcovData(model, options.vcovText ?? kind)));
}

export function vcovLabel(kind: VcovKind, design: Design, text?: string): string {
  if (kind === 'cluster') return `cluster(${design.clusters.map((c) => c.name).join(', ')})`;
  return text ?? kind;
}
