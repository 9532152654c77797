/**
 * Observation weights of the binary models (probit, logit, cloglog; with and without absorbed
 * FE) as row weights of the log-likelihood: ℓ = Σ wᵢ ℓᵢ, score Σ wᵢ sᵢ xᵢ, information
 * Σ wᵢ hᵢ xᵢxᵢ'. The kinds differ only in what is counted:
 *
 *   frequency   (Stata [fw=])  a row stands for wᵢ identical rows: N = Σw in `nobs`, N/(N−1)
 *               and BIC; the robust meat counts the row wᵢ times (Σ wᵢ sᵢ² xx')
 *   probability (Stata [pw=])  pseudo-likelihood: N = rows; robust meat Σ (wᵢsᵢ)² xx'; robust
 *               by default, never the model-based variance under `stata`
 *   analytic    (fixest feglm / R glm `weights =`, prior weights; `conventions: fixest` only,
 *               as Stata's probit refuses aweights): N = rows; meat as probability weights
 *
 * Clustered meats sum wᵢsᵢxᵢ within clusters for every kind. The weights are used as given
 * (not rescaled): estimates, robust and clustered variances do not depend on their scale,
 * the model-based variance of prior weights does (as in glm and feglm).
 */
import type { Design } from '../../design/types.js';
import { StudyError } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/messages/index.js';
import { inferenceMessages as IM } from '../../diagnostics/messages/inference.js';
import type { FitOptions, WeightKind } from '../registry.js';

export interface BinaryWeights {
  readonly kind: WeightKind;
  /** The weights on the design's rows, as given. */
  readonly w: Float64Array;
}

/** The model's weights, checked (frequency weights must be whole numbers, SS540). */
export function binaryWeights(design: Design, options: FitOptions): BinaryWeights | undefined {
  const spec = options.weights as { column: string; kind: WeightKind } | undefined;
  if (!design.weights || !spec) return undefined;
  const w = design.weights;
  if (spec.kind === 'frequency') {
    for (let i = 0; i < w.length; i++) if (!Number.isInteger(w[i]!)) throw new StudyError(diag(IM.infFrequencyNotInteger(spec.column, w[i]!)));
  }
  return { kind: spec.kind, w };
}

/** The weights on a subset of rows (after perfect-prediction or separation drops). */
export function subsetWeights(bw: BinaryWeights | undefined, rows: Int32Array | null): BinaryWeights | undefined {
  if (!bw || !rows) return bw;
  const w = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) w[i] = bw.w[rows[i]!]!;
  return { kind: bw.kind, w };
}

/** N of the small-sample rules, `nobs` and BIC: Σw for frequency weights, else the rows. */
export function weightedN(bw: BinaryWeights | undefined, rows: number): number {
  if (!bw || bw.kind !== 'frequency') return rows;
  let s = 0;
  for (let i = 0; i < bw.w.length; i++) s += bw.w[i]!;
  return s;
}

/**
 * Per-row score factors of the two meats from the unweighted dℓᵢ/dηᵢ: `cluster` = wᵢsᵢ
 * (summed within clusters), `hc` = the factor whose square is row i's weight in the robust
 * meat (√wᵢ·sᵢ for frequency weights, wᵢsᵢ otherwise). Unweighted: both are s.
 */
export function weightedScores(s: Float64Array, bw: BinaryWeights | undefined): { cluster: Float64Array; hc: Float64Array } {
  if (!bw) return { cluster: s, hc: s };
  const n = s.length;
  const cluster = new Float64Array(n);
  for (let i = 0; i < n; i++) cluster[i] = bw.w[i]! * s[i]!;
  if (bw.kind !== 'frequency') return { cluster, hc: cluster };
  const hc = new Float64Array(n);
  for (let i = 0; i < n; i++) hc[i] = Math.sqrt(bw.w[i]!) * s[i]!;
  return { cluster, hc };
}

/** Σ wᵢyᵢ for frequency weights (events among the N represented rows), else Σ yᵢ. */
export function weightedEvents(y: Float64Array, bw: BinaryWeights | undefined): number {
  let e = 0;
  const fw = bw?.kind === 'frequency' ? bw.w : undefined;
  for (let i = 0; i < y.length; i++) e += (fw ? fw[i]! : 1) * y[i]!;
  return e;
}
