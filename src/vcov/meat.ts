/**
 * Meat matrices of sandwich variances: Σ u²xx' (heteroskedasticity-robust) and
 * Σ_g (X_g'u_g)(X_g'u_g)' (cluster-robust), one pass over the data each.
 * Multiway clustering combines one-way meats by inclusion–exclusion (Cameron, Gelbach
 * and Miller 2011): M(a,b) = M(a) + M(b) − M(a∩b).
 */
import type { Grouping } from '../design/types.js';
import { crossprod } from '../linalg/kernels.js';
import { isGrouped } from '../linalg/demean-exact.js';
import { outputAlloc, runRowTasks } from '../linalg/row-tasks.js';

/**
 * Σ_i u_i² x_i x_i'. `constant`: X has a trailing column of ones that is not passed (its
 * scores are u itself, so no n-long column of ones is allocated or read); same values.
 */
export function meatHC0(X: readonly Float64Array[], u: Float64Array, constant = false): Float64Array {
  const n = u.length;
  const ux = X.map((x) => {
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) c[i] = x[i]! * u[i]!;
    return c;
  });
  return crossprod(constant ? [...ux, u] : ux);
}

/**
 * One-way cluster meat Σ_g s_g s_g', s_g = Σ_{i∈g} u_i x_i; `constant` as in meatHC0. The
 * scores are summed by blocks of up to 4 columns per pass over the rows (row-kernels.ts):
 * one pass per column, each a random-access scatter, cost ~5× more at 1M rows and 100k clusters.
 * When the rows are grouped by cluster (panels clustered by their id), the pass is cut at a
 * cluster boundary and shared with the helper thread; each cluster's sum is unchanged.
 */
export function meatCluster(X: readonly Float64Array[], u: Float64Array, codes: Int32Array, G: number, constant = false): Float64Array {
  const k = X.length + (constant ? 1 : 0);
  const n = u.length;
  const cut = groupedCut(codes);
  const P = cut > 0 ? 2 : 1;
  const S = outputAlloc(n, P).f64(G * k);
  if (k > 0) runRowTasks({ kind: 'scores', P, n, bounds: P === 2 ? Int32Array.from([0, cut, n]) : Int32Array.from([0, n]), X, u, codes, S, constant }, [...X, u, codes, S]);
  return outerSums(S, G, k);
}

/** The first row of a new cluster at or after n/2 when codes never decrease, else 0. */
function groupedCut(codes: Int32Array): number {
  if (!isGrouped(codes)) return 0;
  let c = codes.length >> 1;
  while (c > 0 && c < codes.length && codes[c] === codes[c - 1]) c++;
  return c < codes.length ? c : 0;
}

/**
 * Σ_g s_g s_g' over the rows s_g of S (G×k), as a full k×k matrix. The lower triangle is
 * taken in tiles of up to 4×4 columns, one pass over the clusters per tile with the tile's
 * running sums in locals (100k clusters × 28 products at k = 7 were ~15 ms as nested loops
 * over the matrix); each sum still runs over g in order, so the tiling changes no value.
 */
export function outerSums(S: Float64Array, G: number, k: number): Float64Array {
  const M = new Float64Array(k * k);
  for (let a0 = 0; a0 < k; a0 += 4) {
    const ka = Math.min(4, k - a0);
    for (let b0 = 0; b0 <= a0; b0 += 4) {
      if (ka === 4 && b0 === a0) outerDiag4(S, G, k, a0, M);
      else if (ka === 4) outerTile4(S, G, k, a0, b0, M);
      // Edge tiles: one row of the tile at a time (up to 4 products per pass).
      else for (let a = a0; a < a0 + ka; a++) outerRow(S, G, k, a, b0, Math.min(4, a - b0 + 1), M);
    }
  }
  for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) M[b * k + a] = M[a * k + b]!;
  return M;
}

/** Plain reference of outerSums (nested loops over the matrix), for the tests. */
export function outerSumsReference(S: Float64Array, G: number, k: number): Float64Array {
  const M = new Float64Array(k * k);
  for (let g = 0; g < G; g++) {
    const o = g * k;
    for (let a = 0; a < k; a++) for (let b = 0; b <= a; b++) M[a * k + b]! += S[o + a]! * S[o + b]!;
  }
  for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) M[b * k + a] = M[a * k + b]!;
  return M;
}

/** The 10 products of columns a0 … a0+3 with each other (lower triangle). */
function outerDiag4(S: Float64Array, G: number, k: number, a0: number, M: Float64Array): void {
  let m00 = 0, m10 = 0, m11 = 0, m20 = 0, m21 = 0, m22 = 0, m30 = 0, m31 = 0, m32 = 0, m33 = 0;
  for (let g = 0, o = a0; g < G; g++, o += k) {
    const s0 = S[o]!, s1 = S[o + 1]!, s2 = S[o + 2]!, s3 = S[o + 3]!;
    m00 += s0 * s0;
    m10 += s1 * s0;
    m11 += s1 * s1;
    m20 += s2 * s0;
    m21 += s2 * s1;
    m22 += s2 * s2;
    m30 += s3 * s0;
    m31 += s3 * s1;
    m32 += s3 * s2;
    m33 += s3 * s3;
  }
  const r0 = a0 * k + a0, r1 = r0 + k, r2 = r1 + k, r3 = r2 + k;
  M[r0] = m00;
  M[r1] = m10;
  M[r1 + 1] = m11;
  M[r2] = m20;
  M[r2 + 1] = m21;
  M[r2 + 2] = m22;
  M[r3] = m30;
  M[r3 + 1] = m31;
  M[r3 + 2] = m32;
  M[r3 + 3] = m33;
}

/** The 16 products of columns a0 … a0+3 with columns b0 … b0+3 (b0 + 3 < a0). */
function outerTile4(S: Float64Array, G: number, k: number, a0: number, b0: number, M: Float64Array): void {
  let m00 = 0, m01 = 0, m02 = 0, m03 = 0, m10 = 0, m11 = 0, m12 = 0, m13 = 0;
  let m20 = 0, m21 = 0, m22 = 0, m23 = 0, m30 = 0, m31 = 0, m32 = 0, m33 = 0;
  for (let g = 0, o = 0; g < G; g++, o += k) {
    const a = o + a0, b = o + b0;
    const s0 = S[a]!, s1 = S[a + 1]!, s2 = S[a + 2]!, s3 = S[a + 3]!;
    const t0 = S[b]!, t1 = S[b + 1]!, t2 = S[b + 2]!, t3 = S[b + 3]!;
    m00 += s0 * t0;
    m01 += s0 * t1;
    m02 += s0 * t2;
    m03 += s0 * t3;
    m10 += s1 * t0;
    m11 += s1 * t1;
    m12 += s1 * t2;
    m13 += s1 * t3;
    m20 += s2 * t0;
    m21 += s2 * t1;
    m22 += s2 * t2;
    m23 += s2 * t3;
    m30 += s3 * t0;
    m31 += s3 * t1;
    m32 += s3 * t2;
    m33 += s3 * t3;
  }
  const r0 = a0 * k + b0, r1 = r0 + k, r2 = r1 + k, r3 = r2 + k;
  M[r0] = m00;
  M[r0 + 1] = m01;
  M[r0 + 2] = m02;
  M[r0 + 3] = m03;
  M[r1] = m10;
  M[r1 + 1] = m11;
  M[r1 + 2] = m12;
  M[r1 + 3] = m13;
  M[r2] = m20;
  M[r2 + 1] = m21;
  M[r2 + 2] = m22;
  M[r2 + 3] = m23;
  M[r3] = m30;
  M[r3 + 1] = m31;
  M[r3 + 2] = m32;
  M[r3 + 3] = m33;
}

/** The products of column a with columns b0 … b0+nb−1 (nb ≤ 4). */
function outerRow(S: Float64Array, G: number, k: number, a: number, b0: number, nb: number, M: Float64Array): void {
  let m0 = 0, m1 = 0, m2 = 0, m3 = 0;
  // Unused sums multiply by column b0 again (a valid index) and are not stored.
  const c1 = nb > 1 ? b0 + 1 : b0, c2 = nb > 2 ? b0 + 2 : b0, c3 = nb > 3 ? b0 + 3 : b0;
  for (let g = 0, o = 0; g < G; g++, o += k) {
    const s = S[o + a]!;
    m0 += s * S[o + b0]!;
    m1 += s * S[o + c1]!;
    m2 += s * S[o + c2]!;
    m3 += s * S[o + c3]!;
  }
  const r = a * k + b0;
  M[r] = m0;
  if (nb > 1) M[r + 1] = m1;
  if (nb > 2) M[r + 2] = m2;
  if (nb > 3) M[r + 3] = m3;
}

/** Codes of the intersection of two groupings (for the multiway meat). */
export function intersectCodes(a: Pick<Grouping, 'codes' | 'nlevels'>, b: Pick<Grouping, 'codes' | 'nlevels'>): { codes: Int32Array; nlevels: number } {
  const map = new Map<number, number>();
  const ac = a.codes;
  const bc = b.codes;
  const nb = b.nlevels;
  const codes = new Int32Array(ac.length);
  for (let i = 0; i < codes.length; i++) {
    const key = ac[i]! * nb + bc[i]!;
    let c = map.get(key);
    if (c === undefined) {
      c = map.size;
      map.set(key, c);
    }
    codes[i] = c;
  }
  return { codes, nlevels: map.size };
}

/**
 * Cluster meat for any number of ways by inclusion–exclusion over the non-empty subsets S
 * of the ways: Σ_S (−1)^{|S|+1} M(∩S), ∩S = one cluster per combination of the ways in S
 * (Cameron, Gelbach and Miller 2011; fixest's vcov_cluster). `constant` as in meatHC0.
 */
export function meatClusterMultiway(X: readonly Float64Array[], u: Float64Array, clusters: readonly Grouping[], constant = false): Float64Array {
  const first = clusters[0]!;
  const M = meatCluster(X, u, first.codes, first.nlevels, constant);
  const W = clusters.length;
  if (W === 1) return M;
  // Subset masks in increasing order: the intersection of a mask is its lowest way's
  // grouping intersected with the intersection of the rest (already computed).
  const inter: ({ codes: Int32Array; nlevels: number } | undefined)[] = new Array(1 << W);
  for (let w = 0; w < W; w++) inter[1 << w] = clusters[w]!;
  for (let mask = 2; mask < 1 << W; mask++) {
    const low = mask & -mask;
    const rest = mask ^ low;
    if (rest !== 0) inter[mask] = intersectCodes(inter[low]!, inter[rest]!);
    const g = inter[mask]!;
    let bits = 0;
    for (let m = mask; m; m &= m - 1) bits++;
    const Ms = meatCluster(X, u, g.codes, g.nlevels, constant);
    const sign = bits % 2 === 1 ? 1 : -1;
    for (let j = 0; j < M.length; j++) M[j] = M[j]! + sign * Ms[j]!;
  }
  return M;
}

/**
 * Σ_g s_g s_g' from per-row score vectors (row-major n×k), first summed within clusters
 * in row order (`codes` = null: every row is its own cluster): the meat of the ML models,
 * whose scores are not u·x.
 */
export function meatFromScores(
  scores: Float64Array,
  n: number,
  k: number,
  codes: Int32Array | null,
  nlevels: number,
): Float64Array {
  let sums = scores;
  let g = n;
  if (codes) {
    sums = new Float64Array(nlevels * k);
    for (let i = 0; i < n; i++) {
      const c = codes[i]!;
      for (let j = 0; j < k; j++) sums[c * k + j] += scores[i * k + j]!;
    }
    g = nlevels;
  }
  return outerSums(sums, g, k);
}
