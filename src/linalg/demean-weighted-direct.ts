/**
 * Direct weighted within transformation for FE sets where all but the largest FE have few
 * levels (firm + destination + year; exporter + importer + year): the weighted twin of
 * demean-exact.ts, used inside IRLS where the weights change every iteration.
 *
 * The largest FE B is swept out exactly by its weighted level means (M_B); the smaller FE
 * enter as m dummy columns D. By Frisch–Waugh–Lovell, the W-orthogonal residual of x on
 * both is
 *
 *     r = M_B x − M_B D γ,   (D'W M_B D) γ = D'W M_B x,
 *     D'W M_B D = Σ_b (C_b − c_b c_b'/W_b),   D'W M_B x = Σ_b (Σ_{i∈b} w_i D_i x_i − c_b x̄_b),
 *
 * with C_b the weighted cross-counts of the dummies within level b, c_b their weighted
 * counts, W_b the level's weight and x̄_b its weighted mean. One pass over the rows, level by
 * level, builds both (all columns at once); the m×m system is solved by the pivot-skipping
 * Cholesky (the dummies are collinear with B and with each other, and a dropped dummy does not
 * change the projection); a second pass forms the residuals. Two passes instead of the dozens
 * of weighted Gauss–Seidel sweeps, and the result is the projection itself (to rounding), so
 * IRLS needs no inner tolerance when this applies.
 */
import type { FeCodes } from './demean.js';
import { directPlan, isGrouped } from './demean-exact.js';

/** Rows grouped by the big FE, and the small FE as offsets into the dummy block. */
export interface WeightedDirectPlan {
  readonly big: FeCodes;
  readonly small: readonly FeCodes[];
  /** start[b]..start[b+1]: level b's rows in `order` (or in row order when order is null). */
  readonly start: Int32Array;
  readonly order: Int32Array | null;
  /** Offset of each small FE's dummies; off[S] = m. */
  readonly off: Int32Array;
}

/** The plan of the unweighted direct solve (same FE choice and cost bound), with a row order. */
export function weightedDirectPlan(fes: readonly FeCodes[]): WeightedDirectPlan | null {
  const p = directPlan(fes);
  if (!p) return null;
  const big = fes[p.big]!;
  const small = p.small.map((q) => fes[q]!);
  const off = new Int32Array(small.length + 1);
  for (let q = 0; q < small.length; q++) off[q + 1] = off[q]! + small[q]!.nlevels;
  let order: Int32Array | null = null;
  if (!isGrouped(big.codes)) {
    order = new Int32Array(big.codes.length);
    const fill = p.start.slice(0, p.start.length - 1);
    for (let i = 0; i < big.codes.length; i++) order[fill[big.codes[i]!]!++] = i;
  }
  return { big, small, start: p.start, order, off };
}

/** Relative pivot under which a demeaned dummy counts as spanned by the others. */
const PIVOT_TOL = 1e-10;

/** Weighted residuals of every column on all the FE of `plan` (weights positive). */
export function demeanWeightedDirect(cols: readonly Float64Array[], w: Float64Array, plan: WeightedDirectPlan): Float64Array[] {
  const K = cols.length;
  const m = plan.off[plan.small.length]!;
  const A = new Float64Array(m * m);
  const rhs = new Float64Array(m * K);
  schurAndRhs(cols, w, plan, A, rhs);
  const dropped = factor(A, m);
  return residuals(cols, w, plan, solveAll(A, m, dropped, rhs, K));
}

/**
 * The same projection for fixed weights and many calls (the separation check re-demeans one
 * column per iteration under the same weights): D'W M_B D is built and factored once, and
 * each call costs a pass for D'W M_B x and one for the residuals.
 */
export function weightedDirectSolver(w: Float64Array, plan: WeightedDirectPlan): (cols: readonly Float64Array[]) => Float64Array[] {
  const m = plan.off[plan.small.length]!;
  const A = new Float64Array(m * m);
  schurAndRhs([], w, plan, A, new Float64Array(0));
  const dropped = factor(A, m);
  return (cols) => {
    const K = cols.length;
    const rhs = new Float64Array(m * K);
    rhsOnly(cols, w, plan, rhs);
    return residuals(cols, w, plan, solveAll(A, m, dropped, rhs, K));
  };
}

/** Fold the pairs onto the lower triangle and factor in place; returns the dropped dummies. */
function factor(A: Float64Array, m: number): Uint8Array {
  for (let a = 0; a < m; a++) for (let c = 0; c < a; c++) A[a * m + c]! += A[c * m + a]!;
  return choleskyInPlace(A, m);
}

/** γ for each column (interleaved dummy·K + column) from the factor. */
function solveAll(L: Float64Array, m: number, dropped: Uint8Array, rhs: Float64Array, K: number): Float64Array {
  const gamma = new Float64Array(m * K);
  const v = new Float64Array(m);
  for (let k = 0; k < K; k++) {
    for (let a = 0; a < m; a++) v[a] = rhs[a * K + k]!;
    solveInPlace(L, m, dropped, v);
    for (let a = 0; a < m; a++) gamma[a * K + k] = v[a]!;
  }
  return gamma;
}

/**
 * Lower Cholesky factor of the symmetric A (lower triangle read) written over it, in the
 * dummies' order, skipping a dummy whose pivot falls below PIVOT_TOL times its diagonal (a
 * combination of the earlier ones, as choleskySkip in dense.ts decides): its row and pivot
 * are zeroed, so it drops out of every later dot product and gets γ = 0. In place and with
 * contiguous row dot products, because m reaches a thousand and this runs every IRLS iteration.
 */
function choleskyInPlace(A: Float64Array, m: number): Uint8Array {
  const dropped = new Uint8Array(m);
  for (let j = 0; j < m; j++) {
    const rj = j * m;
    for (let p = 0; p < j; p++) {
      const rp = p * m;
      const lpp = A[rp + p]!;
      if (lpp === 0) {
        A[rj + p] = 0;
        continue;
      }
      let s = A[rj + p]!;
      for (let r = 0; r < p; r++) s -= A[rj + r]! * A[rp + r]!;
      A[rj + p] = s / lpp;
    }
    const ajj = A[rj + j]!;
    let d = ajj;
    for (let r = 0; r < j; r++) d -= A[rj + r]! * A[rj + r]!;
    if (!(ajj > 0) || !(d > PIVOT_TOL * ajj)) {
      dropped[j] = 1;
      for (let r = 0; r <= j; r++) A[rj + r] = 0;
    } else A[rj + j] = Math.sqrt(d);
  }
  return dropped;
}

/** Solve L L' v = b in place (b in v) with the factor above; dropped dummies get 0. */
function solveInPlace(L: Float64Array, m: number, dropped: Uint8Array, v: Float64Array): void {
  for (let i = 0; i < m; i++) {
    if (dropped[i]) {
      v[i] = 0;
      continue;
    }
    let s = v[i]!;
    for (let r = 0; r < i; r++) s -= L[i * m + r]! * v[r]!;
    v[i] = s / L[i * m + i]!;
  }
  for (let i = m - 1; i >= 0; i--) {
    if (dropped[i]) continue;
    let s = v[i]!;
    for (let r = i + 1; r < m; r++) s -= L[r * m + i]! * v[r]!;
    v[i] = s / L[i * m + i]!;
  }
}

/**
 * One pass, level by level of B: D'W M_B D into A and D'W M_B x into rhs (interleaved,
 * dummy·K + column). Each level's touched dummies are tracked in a list so c_b c_b'/W_b
 * costs only the pairs present in the level. Pairs are added at (a, c) whichever is larger
 * (no branch on the order, which is random); the caller folds A onto its lower triangle.
 */
function schurAndRhs(cols: readonly Float64Array[], w: Float64Array, plan: WeightedDirectPlan, A: Float64Array, rhs: Float64Array): void {
  const { start, order, off } = plan;
  const K = cols.length;
  const S = plan.small.length;
  const m = off[S]!;
  const sc = plan.small.map((f) => f.codes);
  const cb = new Float64Array(m);
  const touched = new Int32Array(m);
  const xs = new Float64Array(K);
  const dummies = new Int32Array(S);
  const s0 = sc[0]!;
  const s1 = S > 1 ? sc[1]! : s0;
  const o1 = S > 1 ? off[1]! : 0;
  for (let b = 0; b + 1 < start.length; b++) {
    let nt = 0;
    let Wb = 0;
    xs.fill(0);
    const end = start[b + 1]!;
    if (S === 2) {
      // Two small FE (the common case: destination and year) without the inner loops over q.
      for (let r = start[b]!; r < end; r++) {
        const i = order ? order[r]! : r;
        const wi = w[i]!;
        Wb += wi;
        const a0 = s0[i]!;
        const a1 = o1 + s1[i]!;
        if (cb[a0] === 0) touched[nt++] = a0;
        cb[a0]! += wi;
        if (cb[a1] === 0) touched[nt++] = a1;
        cb[a1]! += wi;
        A[a0 * m + a0]! += wi;
        A[a1 * m + a1]! += wi;
        A[a1 * m + a0]! += wi;
        const r0 = a0 * K;
        const r1 = a1 * K;
        for (let k = 0; k < K; k++) {
          const v = wi * cols[k]![i]!;
          xs[k]! += v;
          rhs[r0 + k]! += v;
          rhs[r1 + k]! += v;
        }
      }
    } else {
      for (let r = start[b]!; r < end; r++) {
        const i = order ? order[r]! : r;
        const wi = w[i]!;
        Wb += wi;
        for (let q = 0; q < S; q++) {
          const a = off[q]! + sc[q]![i]!;
          dummies[q] = a;
          if (cb[a] === 0) touched[nt++] = a;
          cb[a]! += wi;
          // C_b: the row's own dummy pairs.
          A[a * m + a]! += wi;
          for (let p = 0; p < q; p++) A[a * m + dummies[p]!]! += wi;
        }
        for (let k = 0; k < K; k++) {
          const v = wi * cols[k]![i]!;
          xs[k]! += v;
          for (let q = 0; q < S; q++) rhs[dummies[q]! * K + k]! += v;
        }
      }
    }
    const inv = 1 / Wb;
    for (let s = 0; s < nt; s++) {
      const a = touched[s]!;
      const ca = cb[a]! * inv;
      const row = a * m;
      for (let t = 0; t <= s; t++) {
        const c = touched[t]!;
        A[row + c]! -= ca * cb[c]!;
      }
      for (let k = 0; k < K; k++) rhs[a * K + k]! -= ca * xs[k]!;
    }
    for (let s = 0; s < nt; s++) cb[touched[s]!] = 0;
  }
}

/** D'W M_B x alone (the factor is reused): Σ_{i∈b} w_i D_i x_i − c_b x̄_b, level by level. */
function rhsOnly(cols: readonly Float64Array[], w: Float64Array, plan: WeightedDirectPlan, rhs: Float64Array): void {
  const { start, order, off } = plan;
  const K = cols.length;
  const S = plan.small.length;
  const m = off[S]!;
  const sc = plan.small.map((f) => f.codes);
  const cb = new Float64Array(m);
  const touched = new Int32Array(m);
  const xs = new Float64Array(K);
  for (let b = 0; b + 1 < start.length; b++) {
    let nt = 0;
    let Wb = 0;
    xs.fill(0);
    for (let r = start[b]!; r < start[b + 1]!; r++) {
      const i = order ? order[r]! : r;
      const wi = w[i]!;
      Wb += wi;
      for (let q = 0; q < S; q++) {
        const a = off[q]! + sc[q]![i]!;
        if (cb[a] === 0) touched[nt++] = a;
        cb[a]! += wi;
        for (let k = 0; k < K; k++) rhs[a * K + k]! += wi * cols[k]![i]!;
      }
      for (let k = 0; k < K; k++) xs[k]! += wi * cols[k]![i]!;
    }
    const inv = 1 / Wb;
    for (let s = 0; s < nt; s++) {
      const a = touched[s]!;
      for (let k = 0; k < K; k++) rhs[a * K + k]! -= cb[a]! * inv * xs[k]!;
      cb[a] = 0;
    }
  }
}

/**
 * r = t − t̄_b with t = x − Σ_q γ_q, all columns in one pass level by level (the level's rows
 * are read again for the subtraction while in cache).
 */
function residuals(cols: readonly Float64Array[], w: Float64Array, plan: WeightedDirectPlan, gamma: Float64Array): Float64Array[] {
  const { start, order, off } = plan;
  const K = cols.length;
  const S = plan.small.length;
  const sc = plan.small.map((f) => f.codes);
  const n = w.length;
  const out = cols.map(() => new Float64Array(n));
  const st = new Float64Array(K);
  for (let b = 0; b + 1 < start.length; b++) {
    const end = start[b + 1]!;
    let sw = 0;
    st.fill(0);
    for (let r = start[b]!; r < end; r++) {
      const i = order ? order[r]! : r;
      const wi = w[i]!;
      sw += wi;
      for (let k = 0; k < K; k++) {
        let t = cols[k]![i]!;
        for (let q = 0; q < S; q++) t -= gamma[(off[q]! + sc[q]![i]!) * K + k]!;
        out[k]![i] = t;
        st[k]! += wi * t;
      }
    }
    for (let k = 0; k < K; k++) st[k] = st[k]! / sw;
    for (let r = start[b]!; r < end; r++) {
      const i = order ? order[r]! : r;
      for (let k = 0; k < K; k++) out[k]![i]! -= st[k]!;
    }
  }
  return out;
}
