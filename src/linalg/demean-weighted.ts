/**
 * Weighted projection off fixed effects: x − P_W x, P_W the W-weighted least-squares
 * projection on the FE dummies (what reghdfe and fixest do with `[aw=]` / `weights =`).
 * One FE: the weighted group means, exact. Several: alternating weighted projections
 * (Gauss–Seidel over the FE) until no coefficient moves by more than tol relative to the
 * column's scale. Plain loops: weighted models are not on the million-row hot path the
 * unweighted demeaning (demean.ts) is tuned for.
 */
import type { Grouping } from '../design/types.js';

export interface WeightedDemean {
  readonly columns: Float64Array[];
  readonly iterations: number;
  readonly converged: boolean;
}

function sweep(r: Float64Array, w: Float64Array, g: Grouping, sw: Float64Array, acc: Float64Array): number {
  acc.fill(0);
  const codes = g.codes;
  for (let i = 0; i < r.length; i++) acc[codes[i]!]! += w[i]! * r[i]!;
  let moved = 0;
  for (let j = 0; j < acc.length; j++) {
    acc[j] = sw[j]! > 0 ? acc[j]! / sw[j]! : 0;
    moved = Math.max(moved, Math.abs(acc[j]!));
  }
  for (let i = 0; i < r.length; i++) r[i]! -= acc[codes[i]!]!;
  return moved;
}

export function demeanWeighted(cols: readonly Float64Array[], fe: readonly Grouping[], w: Float64Array, tol = 1e-14, maxIter = 100_000): WeightedDemean {
  const sws = fe.map((g) => {
    const s = new Float64Array(g.nlevels);
    for (let i = 0; i < w.length; i++) s[g.codes[i]!]! += w[i]!;
    return s;
  });
  const accs = fe.map((g) => new Float64Array(g.nlevels));
  let iterations = 0;
  let converged = true;
  const out = cols.map((c) => {
    const r = Float64Array.from(c);
    let scale = 0;
    for (let i = 0; i < r.length; i++) scale = Math.max(scale, Math.abs(r[i]!));
    if (fe.length === 1) {
      sweep(r, w, fe[0]!, sws[0]!, accs[0]!);
      iterations = Math.max(iterations, 1);
      return r;
    }
    for (let it = 1; it <= maxIter; it++) {
      let moved = 0;
      for (let q = 0; q < fe.length; q++) moved = Math.max(moved, sweep(r, w, fe[q]!, sws[q]!, accs[q]!));
      iterations = Math.max(iterations, it);
      if (moved <= tol * (1 + scale)) return r;
    }
    converged = false;
    return r;
  });
  return { columns: out, iterations, converged };
}
