/**
 * Sandwich VCEs for maximum-likelihood models from per-row scores, with Stata's multipliers:
 * vce(robust) × N/(N−1), vce(cluster g) × G/(G−1); `noadjust` drops the multiplier.
 * (Stata's _robust uses these for every ML model; it is NOT N/(N−k) as in OLS HC1.)
 */
import type { Grouping } from '../../design/types.js';
import { sandwich } from '../../linalg/mle.js';
import { intersectCodes } from '../../vcov/meat.js';

export type ScoreVcovKind = 'robust' | 'cluster';

export interface ScoreVcov {
  readonly V: Float64Array;
  /** Clusters per dimension (cluster VCE only). */
  readonly nClusters?: readonly number[];
}

/**
 * V = c · B M B with bread B (model VCE, k×k) and meat M = Σ s s' over rows or over cluster
 * sums. Row i's score is weight[i]·x_i. Two-way clustering is Cameron–Gelbach–Miller:
 * V_a + V_b − V_{a∩b}, each term with its own G/(G−1).
 */
export function scoreSandwich(
  bread: Float64Array,
  cols: readonly Float64Array[],
  weight: Float64Array,
  kind: ScoreVcovKind,
  clusters: readonly Grouping[],
  noadjust: boolean,
): ScoreVcov {
  const k = cols.length;
  const n = weight.length;
  if (kind === 'robust') {
    const ids = new Int32Array(n);
    for (let i = 0; i < n; i++) ids[i] = i;
    const M = clusterMeat(cols, weight, ids, n);
    const c = noadjust ? 1 : n / (n - 1);
    return { V: scale(sandwich(bread, M, k), c) };
  }
  if (clusters.length === 1) {
    const g = clusters[0]!;
    const G = countUsed(g.codes, g.nlevels);
    const M = clusterMeat(cols, weight, g.codes, g.nlevels);
    const c = noadjust ? 1 : G / (G - 1);
    return { V: scale(sandwich(bread, M, k), c), nClusters: [G] };
  }
  const [a, b] = clusters as [Grouping, Grouping];
  const inter = intersect(a, b);
  const parts = [a, b, inter].map((g) => {
    const G = countUsed(g.codes, g.nlevels);
    const c = noadjust ? 1 : G / (G - 1);
    return { V: scale(sandwich(bread, clusterMeat(cols, weight, g.codes, g.nlevels), k), c), G };
  });
  const V = new Float64Array(k * k);
  for (let i = 0; i < k * k; i++) V[i] = parts[0]!.V[i]! + parts[1]!.V[i]! - parts[2]!.V[i]!;
  return { V, nClusters: [parts[0]!.G, parts[1]!.G] };
}

function clusterMeat(cols: readonly Float64Array[], weight: Float64Array, codes: Int32Array, G: number): Float64Array {
  const k = cols.length;
  const n = weight.length;
  // Cluster sums of scores, stored cluster-major so each cluster's k-vector is contiguous.
  const S = new Float64Array(G * k);
  for (let a = 0; a < k; a++) {
    const c = cols[a]!;
    for (let i = 0; i < n; i++) S[codes[i]! * k + a] += weight[i]! * c[i]!;
  }
  const M = new Float64Array(k * k);
  for (let g = 0; g < G; g++) {
    const off = g * k;
    for (let a = 0; a < k; a++) {
      const sa = S[off + a]!;
      if (sa === 0) continue;
      for (let b = a; b < k; b++) M[a * k + b] += sa * S[off + b]!;
    }
  }
  for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) M[a * k + b] = M[b * k + a]!;
  return M;
}

function countUsed(codes: Int32Array, nlevels: number): number {
  const seen = new Uint8Array(nlevels);
  let G = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (!seen[c]) {
      seen[c] = 1;
      G++;
    }
  }
  return G;
}

/** The intersection grouping of a two-way cluster (codes shared with the linear meat). */
function intersect(a: Grouping, b: Grouping): Grouping {
  return { name: `${a.name}#${b.name}`, ...intersectCodes(a, b) };
}

function scale(A: Float64Array, c: number): Float64Array {
  for (let i = 0; i < A.length; i++) A[i] *= c;
  return A;
}
