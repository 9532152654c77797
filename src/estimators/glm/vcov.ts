/**
 * Variances of the GLMs with absorbed FE (Poisson, binary) from the bread, the demeaned
 * regressors and the per-row scores, with each convention profile's small-sample rule
 * (docs/conventions.md, "Poisson pseudo-maximum likelihood with fixed effects"):
 *   stata  — iid: the inverse information (oim/eim); robust × n/(n−1); cluster × G/(G−1)
 *   fixest — iid × (n−1)/(n−K); robust × n/(n−K); cluster × G/(G−1)·(n−1)/(n−K′), with
 *            K′ counting only FE not nested in a cluster variable (fixef.K = "nested").
 */
import type { Grouping } from '../../design/types.js';
import { StudyError } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/messages/index.js';
import { glmMessages as M } from '../../diagnostics/messages/glm.js';
import { feDof, isNestedIn } from '../../linalg/fe-dof.js';
import { psdFix, sandwich } from '../../linalg/dense.js';
import { meatClusterMultiway, meatHC0 } from '../../vcov/meat.js';
import type { FitOptions } from '../registry.js';

export interface VcovOut {
  readonly V: Float64Array;
  readonly text: string;
  readonly nClusters?: readonly number[];
}

export interface GlmVcovInput {
  /** Model-based variance (inverse information), k×k row-major. */
  readonly bread: Float64Array;
  /** Regressors demeaned by the FE with the weights of the information used in `bread`. */
  readonly Xd: readonly Float64Array[];
  /** dℓᵢ/dηᵢ: the score of row i is scores[i]·X̃ᵢ. */
  readonly scores: Float64Array;
  /** n of the small-sample rules when it is not the row count (frequency weights: Σw). */
  readonly n?: number;
  readonly fe: readonly Grouping[];
  readonly clusters: readonly Grouping[];
  readonly options: FitOptions;
  /** Name of the model-based variance under the stata profile (oim or eim). */
  readonly modelOim: string;
  /** Row scores of the robust meat when they differ from `scores` (frequency weights: √wᵢ·sᵢ, a row counting wᵢ times). */
  readonly hcScores?: Float64Array;
}

export function glmVcov(s: GlmVcovInput): VcovOut {
  const { options } = s;
  const k = s.Xd.length;
  const n = s.n ?? s.scores.length;
  const fit = { bread: s.bread, Xd: s.Xd };
  const profile = options.conventions ?? 'stata';
  const dof = feDof(s.fe);
  const K = k + dof.total;
  const kind = options.vcov === 'default' ? 'iid' : options.vcov;
  if (kind === 'iid') {
    const c = profile === 'fixest' ? (n - 1) / (n - K) : 1;
    return { V: fit.bread.map((v) => v * c), text: profile === 'fixest' ? 'iid' : s.modelOim };
  }
  const u = s.scores;
  if (kind === 'hc1') {
    const c = options.noadjust ? 1 : profile === 'fixest' ? n / (n - K) : n / (n - 1);
    return { V: sandwich(fit.bread, meatHC0(fit.Xd, s.hcScores ?? u), k).map((v) => v * c), text: 'robust' };
  }
  if (kind !== 'cluster' || s.clusters.length === 0) throw new StudyError(diag(M.glmVcovUnsupported(String(options.vcov))));
  // Multiway: Cameron–Gelbach–Miller inclusion–exclusion, every term scaled by the smallest
  // G/(G−1) (fixest's default cluster.df = "min"; reghdfe, which ppmlhdfe runs on, also uses
  // the smallest G). fixest also applies (n−1)/(n−K) with nested FE not counted.
  const G = s.clusters.map((g) => countLevels(g));
  // fixest's fixef.K = "nested": FE nested in a cluster variable are not counted; the
  // others count with their own redundancies, or one parameter (the intercept) if none is left.
  const nonNested = s.fe.filter((f) => !s.clusters.some((c) => isNestedIn(f, c)));
  const kAdj = nonNested.length === s.fe.length ? K : k + (nonNested.length ? feDof(nonNested).total : 1);
  const common = profile === 'fixest' ? (n - 1) / (n - kAdj) : 1;
  const gMin = Math.min(...G);
  const factor = (options.noadjust ? 1 : gMin / (gMin - 1)) * common;
  // The sandwich is linear in the meat, so the inclusion–exclusion over the ways can be done
  // on the meat (meatClusterMultiway); only a sum of several ways can lose definiteness.
  const V = sandwich(fit.bread, meatClusterMultiway(fit.Xd, u, s.clusters), k).map((v) => v * factor);
  return { V: s.clusters.length > 1 ? psdFix(V, k).V : V, text: `cluster(${s.clusters.map((g) => g.name).join(', ')})`, nClusters: G };
}

export function countLevels(g: Grouping): number {
  const seen = new Uint8Array(g.nlevels);
  let G = 0;
  for (let i = 0; i < g.codes.length; i++) if (!seen[g.codes[i]!]) (seen[g.codes[i]!] = 1), G++;
  return G;
}

