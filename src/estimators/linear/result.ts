/**
 * Assembling the immutable ModelResult of a linear estimator, and the Wald tests the
 * linear family reports (model F over the slopes, joint tests of coefficient subsets).
 */
import { dict } from '../../spec/dict.js';
import { fSf, normalPValue, tPValue, chi2Sf } from '../../linalg/distributions.js';
import { quadFormInv, subMatrix } from '../../linalg/dense.js';
import type { FitInput } from '../registry.js';
import { freezeResult, type Coefficient, type LinearResult, type PanelResult } from '../result.js';

export interface WaldTest {
  readonly stat: number;
  readonly df1: number;
  readonly df2?: number;
  readonly p: number;
}

/** F = b_S' V_S⁻¹ b_S / q over the coefficient indices S, referred to F(q, df2). */
export function waldF(b: ArrayLike<number>, V: Float64Array, k: number, idx: readonly number[], df2: number): WaldTest {
  const q = idx.length;
  if (q === 0) return { stat: Number.NaN, df1: 0, df2, p: Number.NaN };
  const w = quadFormInv(subMatrix(V, k, idx), idx.map((i) => b[i]!), q);
  const stat = w / q;
  return { stat, df1: q, df2, p: fSf(stat, q, df2) };
}

/** χ² = b_S' V_S⁻¹ b_S over S. */
export function waldChi2(b: ArrayLike<number>, V: Float64Array, k: number, idx: readonly number[]): WaldTest {
  const q = idx.length;
  const stat = quadFormInv(subMatrix(V, k, idx), idx.map((i) => b[i]!), q);
  return { stat, df1: q, p: chi2Sf(stat, q) };
}

/** Linear and panel (random effects) results share this assembly; the variant says which. */
type Assembled = LinearResult | PanelResult;

export interface AssembleArgs<R extends Assembled> {
  readonly input: FitInput;
  readonly family: R['family'];
  readonly estimator: R['estimator'];
  readonly terms: readonly string[];
  readonly b: ArrayLike<number>;
  readonly V: Float64Array;
  readonly dist: 't' | 'normal';
  readonly df?: number;
  readonly nClusters?: readonly number[];
  readonly vcovLabel: string;
  readonly stats: Record<string, number | null>;
  readonly collinear: readonly string[];
  readonly extra: NonNullable<R['extra']>;
  /** Reported observations when not the rows (frequency weights: Σw, Stata's e(N)). */
  readonly nobs?: number;
}

export function coefficientTable(
  terms: readonly string[],
  b: ArrayLike<number>,
  V: Float64Array,
  dist: 't' | 'normal',
  df?: number,
): Record<string, Coefficient> {
  const k = terms.length;
  const out: Record<string, Coefficient> = dict();
  terms.forEach((t, j) => {
    const se = Math.sqrt(V[j * k + j]!);
    const stat = b[j]! / se;
    out[t] = { estimate: b[j]!, se, stat, p: dist === 't' ? tPValue(stat, df!) : normalPValue(stat) };
  });
  return out;
}

export function toRows(V: Float64Array, k: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < k; i++) rows.push(Array.from(V.subarray(i * k, (i + 1) * k)));
  return rows;
}

export function assembleResult<R extends Assembled>(a: AssembleArgs<R>): R {
  const d = a.input.design;
  const k = a.terms.length;
  // The family and estimator come from the caller's variant, the extra block typed with them.
  const result = {
    family: a.family,
    id: a.input.id,
    estimator: a.estimator,
    formula: a.input.formula,
    nobs: a.nobs ?? d.n,
    fixed_effects: d.fe.map((f) => f.name),
    vcov: a.vcovLabel,
    conventions: a.input.options.conventions ?? 'stata',
    terms: [...a.terms],
    coefficients: coefficientTable(a.terms, a.b, a.V, a.dist, a.df),
    vcov_matrix: toRows(a.V, k),
    inference: {
      dist: a.dist,
      ...(a.df !== undefined ? { df: a.df } : {}),
      ...(a.nClusters ? { n_clusters: a.nClusters } : {}),
    },
    stats: a.stats,
    dropped: { singletons: d.dropped.singletons, missing: d.dropped.missing, collinear: [...a.collinear], ...(d.dropped.zeroWeight ? { zero_weight: d.dropped.zeroWeight } : {}) },
    extra: a.extra,
  } as unknown as R;
  return freezeResult(result);
}
