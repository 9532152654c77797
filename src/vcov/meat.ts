/**
 * Meat matrices of sandwich variances: Σ u²xx' (heteroskedasticity-robust) and
 * Σ_g (X_g'u_g)(X_g'u_g)' (cluster-robust), one pass over the data each.
 * Multiway clustering combines one-way meats by inclusion–exclusion (Cameron, Gelbach
 * and Miller 2011): M(a,b) = M(a) + M(b) − M(a∩b).
 */
import type { Grouping } from '../design/types.js';
import { crossprod } from '../linalg/kernels.js';
import { isGrouped } from '../linalg/demean-exact.js';
import { outputAlloc, runRowTasks } from '../linalg/row-kernels.js';

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
 * scores are summed in one pass over the rows with the k columns unrolled (row-kernels.ts):
 * k passes with a random-access scatter each cost ~5× more at 1M rows and 100k clusters.
 * When the rows are grouped by cluster (panels clustered by their id), the pass is cut at a
 * cluster boundary and shared with the helper thread; each cluster's sum is unchanged.
 */
export function meatCluster(X: readonly Float64Array[], u: Float64Array, codes: Int32Array, G: number, constant = false): Float64Array {
  const k = X.length + (constant ? 1 : 0);
  const n = u.length;
  const cut = groupedCut(codes);
  const P = cut > 0 ? 2 : 1;
  const S = outputAlloc(n, P).f64(G * k);
  if (k > 0) runRowTasks({ P, n, bounds: P === 2 ? Int32Array.from([0, cut, n]) : Int32Array.from([0, n]), X, u, codes, S, constant }, 2, [...X, u, codes, S]);
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
 * Σ_g s_g s_g' over the rows s_g of S (G×k), as a full k×k matrix. The k(k+1)/2 running
 * sums live in locals of a kernel generated per k (100k clusters × 28 products at k = 7 were
 * ~15 ms as nested loops over the matrix); each sum still runs over g in order.
 */
function outerSums(S: Float64Array, G: number, k: number): Float64Array {
  const M = new Float64Array(k * k);
  if (k === 0) return M;
  // Past 16 columns the locals would not stay in registers anyway: plain loops.
  if (k > 16) {
    for (let g = 0; g < G; g++) {
      const o = g * k;
      for (let a = 0; a < k; a++) for (let b = 0; b <= a; b++) M[a * k + b]! += S[o + a]! * S[o + b]!;
    }
    for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) M[b * k + a] = M[a * k + b]!;
    return M;
  }
  let f = outerKernels.get(k);
  if (!f) {
    const load: string[] = [];
    const head: string[] = [];
    const body: string[] = [];
    const store: string[] = [];
    for (let a = 0; a < k; a++) {
      load.push(`const s${a} = S[o + ${a}];`);
      for (let b = 0; b <= a; b++) {
        head.push(`let m${a}_${b} = 0;`);
        body.push(`m${a}_${b} += s${a} * s${b};`);
        store.push(`M[${a * k + b}] = m${a}_${b}; M[${b * k + a}] = m${a}_${b};`);
      }
    }
    f = new Function('S', 'G', 'M', `${head.join(' ')} for (let g = 0; g < G; g++) { const o = g * ${k}; ${load.join(' ')} ${body.join(' ')} } ${store.join(' ')}`) as OuterKernel;
    outerKernels.set(k, f);
  }
  f(S, G, M);
  return M;
}

type OuterKernel = (S: Float64Array, G: number, M: Float64Array) => void;
const outerKernels = new Map<number, OuterKernel>();

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
