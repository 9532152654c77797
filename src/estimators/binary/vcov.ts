/**
 * Sandwich VCEs for maximum-likelihood models from per-row scores, with Stata's multipliers:
 * vce(robust) × N/(N−1), vce(cluster g) × G/(G−1); `noadjust` drops the multiplier.
 * (Stata's _robust uses these for every ML model; it is NOT N/(N−k) as in OLS HC1.)
 */
import type { Grouping } from '../../design/types.js';
import { sandwich } from '../../linalg/dense.js';
import { intersectCodes, meatCluster, meatHC0 } from '../../vcov/meat.js';
import { mlSandwichFactor } from '../../vcov/ssc.js';

export type ScoreVcovKind = 'robust' | 'cluster';

export interface ScoreVcov {
  readonly V: Float64Array;
  /** Clusters per dimension (cluster VCE only). */
  readonly nClusters?: readonly number[];
}

/**
 * V = c · B M B with bread B (model VCE, k×k) and meat M = Σ s s' over rows or over cluster
 * sums. Row i's score is weight[i]·x_i. Two-way clustering is Cameron–Gelbach–Miller:
 * V_a + V_b − V_{a∩b}, each term with its own G/(G−1). `nObs` is the N of N/(N−1) when it
 * is not the number of rows (frequency weights: Σw, and the caller passes √wᵢ·sᵢ so that
 * each row counts wᵢ times in the robust meat).
 */
export function scoreSandwich(
  bread: Float64Array,
  cols: readonly Float64Array[],
  weight: Float64Array,
  kind: ScoreVcovKind,
  clusters: readonly Grouping[],
  noadjust: boolean,
  nObs?: number,
): ScoreVcov {
  const k = cols.length;
  const n = nObs ?? weight.length;
  if (kind === 'robust') {
    const M = meatHC0(cols, weight);
    const c = mlSandwichFactor(n, noadjust);
    return { V: scale(sandwich(bread, M, k), c) };
  }
  if (clusters.length === 1) {
    const g = clusters[0]!;
    const G = countUsed(g.codes, g.nlevels);
    const M = meatCluster(cols, weight, g.codes, g.nlevels);
    const c = mlSandwichFactor(G, noadjust);
    return { V: scale(sandwich(bread, M, k), c), nClusters: [G] };
  }
  const [a, b] = clusters as [Grouping, Grouping];
  const inter = intersect(a, b);
  const parts = [a, b, inter].map((g) => {
    const G = countUsed(g.codes, g.nlevels);
    const c = mlSandwichFactor(G, noadjust);
    return { V: scale(sandwich(bread, meatCluster(cols, weight, g.codes, g.nlevels), k), c), G };
  });
  const V = new Float64Array(k * k);
  for (let i = 0; i < k * k; i++) V[i] = parts[0]!.V[i]! + parts[1]!.V[i]! - parts[2]!.V[i]!;
  return { V, nClusters: [parts[0]!.G, parts[1]!.G] };
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
