/**
 * Assembling the immutable ModelResult pieces shared by the ML estimators of this area:
 * the coefficient table with z (or t) inference and the canonical term list.
 */
import { normalPValue, tPValue } from '../../linalg/distributions.js';
import type { Coefficient } from '../result.js';

/** Name of the constant in `terms` (results.json contract). */
export const INTERCEPT = '(Intercept)';

/** Coefficient records for `terms` from β and a row-major VCE. */
export function coefficientTable(
  terms: readonly string[],
  beta: ArrayLike<number>,
  V: Float64Array,
  dist: 'normal' | 't' = 'normal',
  df?: number,
): Record<string, Coefficient> {
  const k = terms.length;
  const out: Record<string, Coefficient> = {};
  for (let a = 0; a < k; a++) {
    const est = beta[a]!;
    const v = V[a * k + a]!;
    const se = v > 0 ? Math.sqrt(v) : Number.NaN;
    const stat = est / se;
    const p = dist === 'normal' ? normalPValue(stat) : tPValue(stat, df ?? Number.NaN);
    out[terms[a]!] = { estimate: est, se, stat, p };
  }
  return out;
}

/** Regressor columns with the constant first (R's order), and their names. */
export function withConstant(
  X: readonly Float64Array[],
  names: readonly string[],
  intercept: boolean,
  n: number,
): { cols: Float64Array[]; terms: string[] } {
  const cols: Float64Array[] = [];
  const terms: string[] = [];
  if (intercept) {
    cols.push(new Float64Array(n).fill(1));
    terms.push(INTERCEPT);
  }
  X.forEach((c, a) => {
    cols.push(c);
    terms.push(names[a]!);
  });
  return { cols, terms };
}

/** Indices of all terms except the constant (the slopes a model χ² tests). */
export function slopeIndices(terms: readonly string[], exclude: (name: string) => boolean = () => false): number[] {
  const out: number[] = [];
  terms.forEach((t, a) => {
    if (t !== INTERCEPT && !exclude(t)) out.push(a);
  });
  return out;
}
