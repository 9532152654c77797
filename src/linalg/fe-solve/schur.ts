/**
 * The fixed-effect system after the largest FE ("big", B) is eliminated exactly.
 *
 * With D_s the dummies of the other FE, the FE part of any column x is removed by
 *
 *     x̃ = M_B (x − D_s β),   S β = D_s' M_B x,   S = D_s' M_B D_s = Σ_b (C_b − c_b c_b' / n_b),
 *
 * (Frisch–Waugh–Lovell; C_b: cross-counts of the small levels within level b of B, c_b their
 * counts). For a worker–firm panel (B = workers) S is the firm–firm Laplacian of the mobility
 * graph weighted by movers: a level b linked to t_b small levels adds t_b² entries, so S has
 * about as many non-zeros as there are movers. It is singular (one null vector per connected
 * piece of the graph, plus the collinearity among the small FE), but its null space is exactly
 * the set of β with M_B D_s β = 0, so any β solving the system gives the same x̃.
 *
 * This file builds S as a sparse matrix (CSR, both triangles) when it is sparse enough, and
 * gives the passes over the rows that every column needs (the right-hand side and the final
 * residual). Rows are never reordered: level sums are scattered in row order.
 */
import type { FeCodes } from '../demean.js';

/** The FE split into the eliminated one and the ones solved for. */
export interface SchurLayout {
  readonly n: number;
  readonly big: FeCodes;
  readonly small: readonly FeCodes[];
  /** Offsets of each small FE's levels in β (length small.length + 1); m = off[last]. */
  readonly off: Int32Array;
  readonly m: number;
  /** 1 / rows per level of B (0 for an empty level). */
  readonly invBig: Float64Array;
}

/** Compressed sparse rows of the symmetric matrix S, both triangles stored. */
export interface SparseSym {
  readonly m: number;
  readonly ptr: Int32Array;
  readonly col: Int32Array;
  readonly val: Float64Array;
}

export function schurLayout(fes: readonly FeCodes[], big: number, small: readonly number[]): SchurLayout {
  const B = fes[big]!;
  const n = B.codes.length;
  const off = new Int32Array(small.length + 1);
  small.forEach((q, j) => (off[j + 1] = off[j]! + fes[q]!.nlevels));
  const invBig = new Float64Array(B.nlevels);
  const codes = B.codes;
  for (let i = 0; i < n; i++) invBig[codes[i]!]! += 1;
  for (let b = 0; b < invBig.length; b++) invBig[b] = invBig[b]! > 0 ? 1 / invBig[b]! : 0;
  return { n, big: B, small: small.map((q) => fes[q]!), off, m: off[small.length]!, invBig };
}

/** Rows of each level of B, grouped (counting sort): rows order[start[b]..start[b+1]). */
function groupRows(B: FeCodes): { start: Int32Array; order: Int32Array } {
  const n = B.codes.length;
  const start = new Int32Array(B.nlevels + 1);
  const codes = B.codes;
  for (let i = 0; i < n; i++) start[codes[i]! + 1]! += 1;
  for (let b = 0; b < B.nlevels; b++) start[b + 1]! += start[b]!;
  const fill = start.slice(0, B.nlevels);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[fill[codes[i]!]!++] = i;
  return { start, order };
}

/**
 * Entries S would receive before duplicates are merged: Σ_b (t_b² + t_b) + n·S(S−1), t_b the
 * number of distinct small levels of level b. One pass over the grouped rows.
 */
function countEntries(L: SchurLayout, start: Int32Array, order: Int32Array, seen: Int32Array): number {
  const S = L.small.length;
  let total = L.n * S * (S - 1);
  for (let b = 0; b + 1 < start.length; b++) {
    let t = 0;
    for (let r = start[b]!; r < start[b + 1]!; r++) {
      const i = order[r]!;
      for (let q = 0; q < S; q++) {
        const l = L.off[q]! + L.small[q]!.codes[i]!;
        if (seen[l] !== b) {
          seen[l] = b;
          t++;
        }
      }
    }
    total += t * t + t;
  }
  return total;
}

/**
 * S as CSR, or null when it would hold more than `maxEntries` entries before merging
 * (then the caller applies S through the rows instead).
 */
export function buildSchur(L: SchurLayout, maxEntries: number): SparseSym | null {
  const { start, order } = groupRows(L.big);
  const m = L.m;
  const S = L.small.length;
  const seen = new Int32Array(m).fill(-1);
  const total = countEntries(L, start, order, seen);
  if (total > maxEntries) return null;
  const ti = new Int32Array(total);
  const tj = new Int32Array(total);
  const tv = new Float64Array(total);
  let t = 0;
  seen.fill(-1);
  const local = new Int32Array(m);
  const lev: number[] = [];
  const cnt: number[] = [];
  for (let b = 0; b + 1 < start.length; b++) {
    lev.length = 0;
    cnt.length = 0;
    for (let r = start[b]!; r < start[b + 1]!; r++) {
      const i = order[r]!;
      for (let q = 0; q < S; q++) {
        const l = L.off[q]! + L.small[q]!.codes[i]!;
        if (seen[l] !== b) {
          seen[l] = b;
          local[l] = lev.length;
          lev.push(l);
          cnt.push(0);
        }
        cnt[local[l]!]! += 1;
        // Cross-counts between different small FE on the same row (C_b off the diagonal).
        for (let p = 0; p < q; p++) {
          const k = L.off[p]! + L.small[p]!.codes[i]!;
          ti[t] = l, tj[t] = k, tv[t++] = 1;
          ti[t] = k, tj[t] = l, tv[t++] = 1;
        }
      }
    }
    const w = L.invBig[b]!;
    for (let a = 0; a < lev.length; a++) {
      const ca = cnt[a]!;
      ti[t] = lev[a]!, tj[t] = lev[a]!, tv[t++] = ca;
      for (let c = 0; c < lev.length; c++) {
        ti[t] = lev[a]!, tj[t] = lev[c]!, tv[t++] = -ca * cnt[c]! * w;
      }
    }
  }
  return assemble(m, ti, tj, tv, t);
}

/** Triplets → CSR with duplicates summed (a scratch slot per column instead of sorting). */
function assemble(m: number, ti: Int32Array, tj: Int32Array, tv: Float64Array, count: number): SparseSym {
  const rowStart = new Int32Array(m + 1);
  for (let e = 0; e < count; e++) rowStart[ti[e]! + 1]! += 1;
  for (let r = 0; r < m; r++) rowStart[r + 1]! += rowStart[r]!;
  const fill = rowStart.slice(0, m);
  const cols = new Int32Array(count);
  const vals = new Float64Array(count);
  for (let e = 0; e < count; e++) {
    const p = fill[ti[e]!]!++;
    cols[p] = tj[e]!;
    vals[p] = tv[e]!;
  }
  const slot = new Int32Array(m).fill(-1);
  const ptr = new Int32Array(m + 1);
  let w = 0;
  for (let r = 0; r < m; r++) {
    const rowFirst = w;
    for (let p = rowStart[r]!; p < rowStart[r + 1]!; p++) {
      const c = cols[p]!;
      const s = slot[c]!;
      if (s >= rowFirst) vals[s]! += vals[p]!;
      else {
        slot[c] = w;
        cols[w] = c;
        vals[w++] = vals[p]!;
      }
    }
    ptr[r + 1] = w;
  }
  return { m, ptr, col: cols.slice(0, w), val: vals.slice(0, w) };
}

export function sparseApply(A: SparseSym, v: Float64Array, out: Float64Array): void {
  const { ptr, col, val } = A;
  for (let r = 0; r < A.m; r++) {
    let s = 0;
    for (let p = ptr[r]!; p < ptr[r + 1]!; p++) s += val[p]! * v[col[p]!]!;
    out[r] = s;
  }
}

export function sparseDiagonal(A: SparseSym): Float64Array {
  const d = new Float64Array(A.m);
  for (let r = 0; r < A.m; r++) {
    for (let p = A.ptr[r]!; p < A.ptr[r + 1]!; p++) if (A.col[p] === r) d[r] = A.val[p]!;
  }
  return d;
}

/** Level means of x by B. */
export function bigMeans(L: SchurLayout, x: Float64Array): Float64Array {
  const mean = new Float64Array(L.invBig.length);
  const codes = L.big.codes;
  for (let i = 0; i < L.n; i++) mean[codes[i]!]! += x[i]!;
  for (let b = 0; b < mean.length; b++) mean[b]! *= L.invBig[b]!;
  return mean;
}

/** D_s' M_B x, and ‖M_B x‖² (the scale of the stopping rule). */
export function schurRhs(L: SchurLayout, x: Float64Array): { rhs: Float64Array; ssq: number } {
  const mean = bigMeans(L, x);
  const rhs = new Float64Array(L.m);
  const codes = L.big.codes;
  let ssq = 0;
  for (let i = 0; i < L.n; i++) {
    const d = x[i]! - mean[codes[i]!]!;
    ssq += d * d;
    for (let q = 0; q < L.small.length; q++) rhs[L.off[q]! + L.small[q]!.codes[i]!]! += d;
  }
  return { rhs, ssq };
}

/** g = D_s β, row by row. */
function gather(L: SchurLayout, beta: Float64Array, g: Float64Array): void {
  g.fill(0);
  for (let q = 0; q < L.small.length; q++) {
    const c = L.small[q]!.codes;
    const o = L.off[q]!;
    for (let i = 0; i < L.n; i++) g[i]! += beta[o + c[i]!]!;
  }
}

/** S v through the rows (two passes), for systems too dense to store: D_s' M_B (D_s v). */
export function rowsApply(L: SchurLayout, v: Float64Array, out: Float64Array, g: Float64Array): void {
  gather(L, v, g);
  const mean = bigMeans(L, g);
  const codes = L.big.codes;
  out.fill(0);
  for (let i = 0; i < L.n; i++) {
    const d = g[i]! - mean[codes[i]!]!;
    for (let q = 0; q < L.small.length; q++) out[L.off[q]! + L.small[q]!.codes[i]!]! += d;
  }
}

/** diag(S) without S: Σ_b (c_bl − c_bl² / n_b) per small level l (one pass over grouped rows). */
export function rowsDiagonal(L: SchurLayout): Float64Array {
  const { start, order } = groupRows(L.big);
  const d = new Float64Array(L.m);
  const seen = new Int32Array(L.m).fill(-1);
  const cnt = new Float64Array(L.m);
  const lev: number[] = [];
  for (let b = 0; b + 1 < start.length; b++) {
    lev.length = 0;
    for (let r = start[b]!; r < start[b + 1]!; r++) {
      const i = order[r]!;
      for (let q = 0; q < L.small.length; q++) {
        const l = L.off[q]! + L.small[q]!.codes[i]!;
        if (seen[l] !== b) {
          seen[l] = b;
          cnt[l] = 0;
          lev.push(l);
        }
        cnt[l]! += 1;
      }
    }
    const w = L.invBig[b]!;
    for (const l of lev) d[l]! += cnt[l]! - cnt[l]! * cnt[l]! * w;
  }
  return d;
}

/** x̃ = M_B (x − D_s β), written to out. */
export function schurResidual(L: SchurLayout, x: Float64Array, beta: Float64Array, out: Float64Array): void {
  gather(L, beta, out);
  for (let i = 0; i < L.n; i++) out[i] = x[i]! - out[i]!;
  const mean = bigMeans(L, out);
  const codes = L.big.codes;
  for (let i = 0; i < L.n; i++) out[i]! -= mean[codes[i]!]!;
}

/**
 * One level of each small FE per connected piece of its graph with B (rows link a level of B
 * to a level of the small FE): fixing those coefficients at 0 removes the null space that each
 * piece gives S (adding a constant to an FE's coefficients on a piece is absorbed by B there),
 * so CG solves a definite system. Without it the rounding error of the right-hand side along
 * the null space keeps the residual from falling and CG, run on, drifts.
 */
export function groundedLevels(L: SchurLayout): Uint8Array {
  const grounded = new Uint8Array(L.m);
  const nb = L.invBig.length;
  const bc = L.big.codes;
  for (let q = 0; q < L.small.length; q++) {
    const sc = L.small[q]!.codes;
    const ns = L.small[q]!.nlevels;
    // Union–find over B's levels (0..nb−1) and this FE's (nb..nb+ns−1), path halving.
    const parent = new Int32Array(nb + ns);
    for (let v = 0; v < parent.length; v++) parent[v] = v;
    const find = (v: number): number => {
      while (parent[v] !== v) {
        parent[v] = parent[parent[v]!]!;
        v = parent[v]!;
      }
      return v;
    };
    for (let i = 0; i < L.n; i++) {
      const a = find(bc[i]!);
      const b = find(nb + sc[i]!);
      if (a !== b) parent[a < b ? b : a] = a < b ? a : b;
    }
    const seen = new Uint8Array(nb + ns);
    for (let s = 0; s < ns; s++) {
      const root = find(nb + s);
      if (!seen[root]) {
        seen[root] = 1;
        grounded[L.off[q]! + s] = 1;
      }
    }
  }
  return grounded;
}
