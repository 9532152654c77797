/**
 * Small-sample corrections and inference degrees of freedom, per convention profile.
 *
 * `stata` (default) reproduces regress / reghdfe / xtreg, fe / ivregress ..., small / newey;
 * `fixest` reproduces fixest 0.12's default ssc(adj = TRUE, fixef.K = "nested",
 * cluster.adj = TRUE, cluster.df = "min", t.df = "min"). Both scale HC0 by n/(n−K) (fixest's
 * hetero vcov multiplies by n/(n−1) before its (n−1)/(n−K)); they differ for Newey–West
 * (Stata `newey`: n/(n−K), t(n−K); fixest: T/(T−1)·(n−1)/(n−K), t(T−1)).
 * `large` is Stata's large-sample IV output (no `small`): no factor at all, iid with 1/n.
 * Every rule, with its reference, is listed in docs/conventions.md.
 */

export type Profile = 'stata' | 'fixest';
export type VcovKind = 'iid' | 'hc1' | 'hc2' | 'hc3' | 'cluster' | 'nw' | 'dk' | 'conley';

export interface SscInput {
  readonly n: number;
  /** Estimated coefficients (slopes, plus the intercept when there are no FE). */
  readonly k: number;
  /** Parameters absorbed by the fixed effects (0 without FE). */
  readonly feDof: number;
  /** Levels of the FE nested in a cluster variable (they do not count under clustering). */
  readonly nestedLevels: number;
  readonly anyNested: boolean;
  /** Number of clusters per dimension. */
  readonly clusters?: readonly number[];
  /** nw/dk: number of time periods T in the estimation sample. */
  readonly periods?: number;
  /** Stata `noadjust`: no G/(G−1). */
  readonly noadjust?: boolean;
  /** Large-sample output (IV without `small`): no small-sample factor. */
  readonly large?: boolean;
}

export interface Ssc {
  /** Multiplies the HC0/CR0 sandwich (for iid: multiplies SSR·(X'X)⁻¹). */
  readonly factor: number;
  /** Residual degrees of freedom n − K − absorbed FE parameters. */
  readonly dfResid: number;
  /** Degrees of freedom of the t and F reference distributions. */
  readonly dfT: number;
  /** K used in (n−1)/(n−K) under clustering. */
  readonly kAdj?: number;
}

export function smallSample(profile: Profile, kind: VcovKind, s: SscInput): Ssc {
  const dfResid = s.n - s.k - s.feDof;
  if (kind === 'iid') return { factor: 1 / (s.large ? s.n : dfResid), dfResid, dfT: dfResid };
  if (kind === 'hc1') return { factor: s.large ? 1 : s.n / dfResid, dfResid, dfT: dfResid };
  if (kind === 'hc2' || kind === 'hc3') return { factor: 1, dfResid, dfT: dfResid };
  if (kind === 'conley') return { factor: s.large ? 1 : (s.n - 1) / dfResid, dfResid, dfT: dfResid };
  if (kind === 'nw' || kind === 'dk') {
    const T = s.periods ?? Number.POSITIVE_INFINITY;
    if (s.large) return { factor: 1, dfResid, dfT: dfResid };
    if (kind === 'nw' && profile === 'stata') return { factor: s.n / dfResid, dfResid, dfT: dfResid };
    return { factor: (T / (T - 1)) * ((s.n - 1) / dfResid), dfResid, dfT: T - 1 };
  }
  // FE nested in a cluster are not counted; one parameter stands in for the absorbed
  // intercept (fixest's fixef.K = "nested"; reghdfe counts _cons). Without nesting all count.
  const kAdj = s.feDof === 0 ? s.k : s.anyNested ? s.k + 1 + s.feDof - s.nestedLevels : s.k + s.feDof;
  const G = Math.min(...(s.clusters ?? [Number.POSITIVE_INFINITY]));
  if (s.large) return { factor: 1, dfResid, dfT: G - 1, kAdj };
  const gAdj = s.noadjust ? 1 : G / (G - 1);
  return { factor: gAdj * ((s.n - 1) / (s.n - kAdj)), dfResid, dfT: G - 1, kAdj };
}

/**
 * Small-sample factor of the maximum-likelihood models' sandwich (Stata's _robust, used by
 * every ML estimator, binary and survival alike): G/(G−1) for G clusters, N/(N−1) by
 * observation — not the OLS N/(N−K) — and 1 with `noadjust` (R's sandwich convention).
 */
export function mlSandwichFactor(groups: number, noadjust: boolean): number {
  return noadjust ? 1 : groups / (groups - 1);
}
