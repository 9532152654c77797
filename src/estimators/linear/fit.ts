/**
 * Least squares on transformed (demeaned or centred) columns, with the variance from the
 * one vcov interface, and the intercept recovered as ȳ − x̄'b.
 *
 * The intercept's variance comes from the same sandwich with a column of ones appended to
 * the score regressors (bread blockdiag((X̃'X̃)⁻¹, 1/n)): on centred columns this is exactly
 * the variance of the intercept in the uncentred regression, and with FE it is the
 * reported `_cons` of reghdfe (which counts it among the absorbed parameters).
 */
import type { Design, Grouping } from '../../design/types.js';
import { StudyError } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/messages/index.js';
import { linearMessages as M } from '../../diagnostics/messages/linear.js';
import { feDof, isNestedIn, type FeDof } from '../../linalg/fe-dof.js';
import { crossprodVec, residuals, dot } from '../../linalg/kernels.js';
import { cholInverse, cholSolve } from '../../linalg/dense.js';
import { computeVcov, meatFor, VcovDataError, type Profile, type VcovData, type VcovKind, type VcovOutput } from '../../vcov/index.js';
import { inferenceMessages as IM } from '../../diagnostics/messages/inference.js';
import type { LinearWeights } from './weights.js';

export interface LeastSquares {
  readonly b: Float64Array;
  /** (X'X)⁻¹. */
  readonly bread: Float64Array;
  readonly u: Float64Array;
  readonly ssr: number;
}

/** b = (X'X)⁻¹X'y from the Cholesky factor L of X'X. */
export function leastSquares(X: readonly Float64Array[], y: Float64Array, L: Float64Array, xty?: Float64Array): LeastSquares {
  const k = X.length;
  const b = cholSolve(L, k, xty ?? crossprodVec(X, y));
  const bread = cholInverse(L, k);
  const u = residuals(y, X, b);
  return { b, bread, u, ssr: dot(u, u) };
}

export interface FeInfo {
  readonly dof: FeDof;
  readonly nestedLevels: number;
  readonly anyNested: boolean;
}

export function feInfo(fes: readonly Grouping[], clusters: readonly Grouping[], kind: VcovKind): FeInfo {
  const dof = feDof(fes);
  let nestedLevels = 0;
  let anyNested = false;
  if (kind === 'cluster') {
    for (const fe of fes) {
      if (clusters.some((c) => isNestedIn(fe, c))) {
        nestedLevels += fe.nlevels;
        anyNested = true;
      }
    }
  }
  return { dof, nestedLevels, anyNested };
}

export interface InferenceInput {
  readonly design: Design;
  readonly kind: VcovKind;
  readonly profile: Profile;
  readonly noadjust?: boolean;
  /** Score regressors (X̃, or X̂ for 2SLS), slopes only. */
  readonly scoreX: readonly Float64Array[];
  readonly bread: Float64Array;
  readonly u: Float64Array;
  readonly ssr: number;
  readonly fe: FeInfo;
  /** Add the intercept column (models without FE and with an intercept). */
  readonly withIntercept: boolean;
  readonly modelName: string;
  /** What nw/dk/conley read (FitOptions.vcovData). */
  readonly vcovData?: Omit<VcovData, 'clusters'>;
  /** Large-sample output (IV without `small`). */
  readonly large?: boolean;
  /** Canonical vcov text, for messages. */
  readonly vcovText?: string;
  /** Observation weights: the score columns are already multiplied by √w (weights.ts). */
  readonly weights?: LinearWeights;
}

/** The meat for `inp`, with VcovDataError turned into the user's message. */
function meatOf(inp: InferenceInput, constant: boolean, bread: Float64Array): Float64Array | undefined {
  const data = { clusters: inp.design.clusters, ...(inp.vcovData ?? {}) };
  try {
    const lw = inp.weights;
    if (!lw) return meatFor(inp.kind, inp.scoreX, inp.u, data, constant, bread);
    // Weighted: the constant's transformed column is √w, not ones; frequency weights count
    // a row w times in a heteroskedasticity-robust meat, so its scores use u*/√w there.
    const X = constant ? [...inp.scoreX, lw.sqrtW] : inp.scoreX;
    const perRow = lw.kind === 'frequency' && inp.kind !== 'cluster';
    const u = perRow ? inp.u.map((v, i) => v / lw.sqrtW[i]!) : inp.u;
    return meatFor(inp.kind, X, u, data, false, bread);
  } catch (e) {
    if (!(e instanceof VcovDataError)) throw e;
    const text = inp.vcovText ?? inp.kind;
    if (e.reason === 'leverage-one') throw new StudyError(diag(IM.infLeverageOne(inp.modelName, text, e.row + 1)));
    if (e.reason === 'duplicate-unit-time') throw new StudyError(diag(IM.infDuplicateUnitTime(inp.modelName, e.row + 1)));
    throw new StudyError(diag(IM.infVcovData(inp.modelName, text)));
  }
}

/** Bread with a trailing 1/n block for the constant column (n = Σw when weighted). */
function augmentBread(bread: Float64Array, k: number, n: number): Float64Array {
  const out = new Float64Array((k + 1) * (k + 1));
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) out[i * (k + 1) + j] = bread[i * k + j]!;
  out[k * (k + 1) + k] = 1 / n;
  return out;
}

export function linearVcov(inp: InferenceInput, augmented: boolean, meat?: Float64Array): VcovOutput {
  const n = inp.weights?.n ?? inp.design.n;
  const k = inp.scoreX.length;
  const kCoef = k + (inp.withIntercept ? 1 : 0);
  const dfResid = n - kCoef - inp.fe.dof.total;
  if (dfResid <= 0) throw new StudyError(diag(M.linNoDegreesOfFreedom(inp.modelName, n, kCoef + inp.fe.dof.total)));
  // The constant of an augmented fit enters the meat through meatFor's `constant` flag, so
  // no column of ones is built.
  const bread = augmented ? augmentBread(inp.bread, k, inp.weights?.sumW ?? n) : inp.bread;
  const m = meat ?? meatOf(inp, augmented, bread);
  return computeVcov({
    kind: inp.kind,
    profile: inp.profile,
    X: inp.scoreX,
    u: inp.u,
    bread,
    ssr: inp.ssr,
    clusters: inp.design.clusters,
    ...(inp.vcovData ? { data: inp.vcovData } : {}),
    ...(m ? { meat: m } : {}),
    ssc: {
      n,
      k: kCoef,
      feDof: inp.fe.dof.total,
      nestedLevels: inp.fe.nestedLevels,
      anyNested: inp.fe.anyNested,
      ...(inp.noadjust ? { noadjust: true } : {}),
      ...(inp.large ? { large: true } : {}),
    },
  });
}

/**
 * Map (b, c) of the regression on [X̃, 1] to (b0, b) with b0 = c − x̄'b: returns the
 * (k+1)×(k+1) variance in the order [intercept, slopes...].
 */
export function interceptVariance(Vz: Float64Array, k: number, xbar: Float64Array): Float64Array {
  const m = k + 1;
  // A: row 0 = [−x̄', 1] (acting on [b, c]); rows 1..k = [I, 0].
  const A = new Float64Array(m * m);
  for (let j = 0; j < k; j++) A[j] = -xbar[j]!;
  A[k] = 1;
  for (let i = 0; i < k; i++) A[(i + 1) * m + i] = 1;
  const AV = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let p = 0; p < m; p++) {
    const a = A[i * m + p]!;
    if (a === 0) continue;
    for (let j = 0; j < m; j++) AV[i * m + j]! += a * Vz[p * m + j]!;
  }
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) {
    let s = 0;
    for (let p = 0; p < m; p++) s += AV[i * m + p]! * A[j * m + p]!;
    out[i * m + j] = s;
  }
  return out;
}

/**
 * The meat of the scores with a constant column appended ([X̃, 1]), whose top-left block is
 * the slopes' meat: a model with FE and a reported `_cons` needs both variances, and this
 * computes the pass over the rows once.
 */
export function augmentedMeat(inp: InferenceInput): Float64Array | undefined {
  return meatOf(inp, true, augmentBread(inp.bread, inp.scoreX.length, inp.weights?.sumW ?? inp.design.n));
}
