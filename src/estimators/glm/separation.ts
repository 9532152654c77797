/**
 * Separation in Poisson models (Correia, Guimarães & Zylkin 2019): observations whose
 * conditional mean is driven to zero by the fit carry no information and make the MLE
 * fail to exist. Two cases are detected before IRLS, as ppmlhdfe and fixest do:
 *
 *  - FE separation: a fixed-effect group whose outcomes are all zero (its FE → −∞). Its
 *    rows are dropped; dropping them cannot create another such group (the rows dropped
 *    have y = 0, so every other group keeps its outcome sum), but a group can become
 *    empty, so codes are made dense again afterwards.
 *  - Regressor separation of the simplest kind: a regressor that is nonzero only on rows
 *    with y = 0 and has one sign there (its coefficient → ∓∞). Its nonzero rows are dropped,
 *    after which the regressor is all zero and leaves as collinear. Separation by a
 *    combination of regressors and FE (ppmlhdfe's iterated rectifier) is not searched for;
 *    IRLS then fails to converge and says so.
 */
import type { Grouping } from '../../design/types.js';

export interface FeSeparation {
  /** Rows (indices into the input) kept; null when nothing was dropped. */
  readonly keep: Int32Array | null;
  readonly rows: number;
  /** Per FE, how many of its levels were all-zero. */
  readonly levels: readonly number[];
}

export function feSeparation(y: Float64Array, fes: readonly Grouping[]): FeSeparation {
  const n = y.length;
  const alive = new Uint8Array(n).fill(1);
  const levels = fes.map(() => 0);
  fes.forEach((fe, q) => {
    const sum = new Float64Array(fe.nlevels);
    const seen = new Uint8Array(fe.nlevels);
    for (let i = 0; i < n; i++) {
      sum[fe.codes[i]!] += y[i]!;
      seen[fe.codes[i]!] = 1;
    }
    let zero = 0;
    for (let l = 0; l < fe.nlevels; l++) if (seen[l] && sum[l] === 0) zero++;
    levels[q] = zero;
    if (zero === 0) return;
    for (let i = 0; i < n; i++) if (sum[fe.codes[i]!] === 0) alive[i] = 0;
  });
  return finish(alive, levels);
}

function finish(alive: Uint8Array, levels: readonly number[]): FeSeparation {
  let kept = 0;
  for (let i = 0; i < alive.length; i++) kept += alive[i]!;
  if (kept === alive.length) return { keep: null, rows: 0, levels };
  const keep = new Int32Array(kept);
  for (let i = 0, j = 0; i < alive.length; i++) if (alive[i]) keep[j++] = i;
  return { keep, rows: alive.length - kept, levels };
}

/**
 * Regressors nonzero only where y = 0, with one sign there. Returns, per such regressor
 * (in order, re-checked after each drop), its index and the rows it separates.
 */
export function regressorSeparation(y: Float64Array, X: readonly Float64Array[]): { readonly keep: Int32Array | null; readonly separated: readonly { index: number; rows: number }[] } {
  const n = y.length;
  const alive = new Uint8Array(n).fill(1);
  const separated: { index: number; rows: number }[] = [];
  X.forEach((x, j) => {
    let pos = 0;
    let neg = 0;
    let onPositive = false;
    for (let i = 0; i < n; i++) {
      if (!alive[i]) continue;
      const v = x[i]!;
      if (v === 0) continue;
      if (y[i]! > 0) {
        onPositive = true;
        break;
      }
      if (v > 0) pos++;
      else neg++;
    }
    if (onPositive || pos + neg === 0 || (pos > 0 && neg > 0)) return;
    for (let i = 0; i < n; i++) if (alive[i] && x[i] !== 0) alive[i] = 0;
    separated.push({ index: j, rows: pos + neg });
  });
  const f = finish(alive, []);
  return { keep: f.keep, separated };
}

/** A grouping restricted to `rows`, with its codes renumbered densely (levels kept in order). */
export function subsetGrouping(g: Grouping, rows: Int32Array): Grouping {
  const map = new Int32Array(g.nlevels).fill(-1);
  const codes = new Int32Array(rows.length);
  const levels: string[] = [];
  let next = 0;
  // Dense codes in the order of the original levels, so labels stay sorted as before.
  const used = new Uint8Array(g.nlevels);
  for (let i = 0; i < rows.length; i++) used[g.codes[rows[i]!]!] = 1;
  for (let l = 0; l < g.nlevels; l++) {
    if (!used[l]) continue;
    map[l] = next++;
    if (g.levels) levels.push(g.levels[l]!);
  }
  for (let i = 0; i < rows.length; i++) codes[i] = map[g.codes[rows[i]!]!]!;
  return { name: g.name, codes, nlevels: next, ...(g.levels ? { levels } : {}) };
}

export function pick(v: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = v[rows[i]!]!;
  return out;
}
