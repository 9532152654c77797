/**
 * Random effects (Swamy–Arora) with the panel tests: Hausman FE vs RE, F test that all
 * unit effects are zero, Breusch–Pagan LM and Honda. The panel unit is the single fixed
 * effect of the formula (`y ~ x | firm`); the model itself absorbs nothing.
 *
 * Variance components follow plm's "swar" (= Stata xtreg, re on balanced panels):
 * σ²_e from the within regression, σ²_u = SSR_between/(G−K) − σ²_e/T̄ with T̄ the harmonic
 * mean of the unit sizes (Stata's choice for unbalanced panels), θ_i = 1 − √(σ²_e/(T_i σ²_u + σ²_e)).
 */
import type { Grouping } from '../../design/types.js';
import { StudyError } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/messages/index.js';
import { linearMessages as M } from '../../diagnostics/messages/linear.js';
import { chi2Sf, fSf, normalCdf } from '../../linalg/distributions.js';
import { corr2, crossprod, crossprodVec, dot, groupCounts, groupSums, linearCombination, residuals } from '../../linalg/kernels.js';
import { demean } from '../../linalg/demean.js';
import { cholInverse, cholSolve, choleskySkip, quadFormInv, subMatrix } from '../../linalg/dense.js';
import type { FitInput } from '../registry.js';
import type { PanelResult } from '../result.js';
import { checkVcov, detectCollinear, vcovKind, vcovLabel } from '../linear/prepare.js';
import { computeVcov } from '../../vcov/index.js';
import { inferenceMessages as IM } from '../../diagnostics/messages/inference.js';
import { assembleResult, waldChi2 } from '../linear/result.js';

function ols(X: readonly Float64Array[], y: Float64Array): { b: Float64Array; u: Float64Array; ssr: number; inv: Float64Array } {
  const ch = choleskySkip(crossprod(X), X.length, 1e-12);
  const b = cholSolve(ch.L, X.length, crossprodVec(X, y));
  const u = residuals(y, X, b);
  return { b, u, ssr: dot(u, u), inv: cholInverse(ch.L, X.length) };
}

function groupMeans(x: Float64Array, g: Grouping, cnt: Float64Array): Float64Array {
  return groupSums(x, g.codes, g.nlevels).map((s, j) => s / cnt[j]!);
}

export function fitRe(input: FitInput): PanelResult {
  const { design, options, reporter } = input;
  if (design.fe.length !== 1) throw new StudyError(diag(M.linNeedsPanel(input.id)));
  const g = design.fe[0]!;
  const n = design.n;
  const G = g.nlevels;
  const cnt = groupCounts(g.codes, G);
  const tol = options.tol ?? 1e-8;
  const W = demean([design.y, ...design.X], [g], { tol, maxIter: options.maxIter ?? 10_000 }).columns;
  const col = detectCollinear(design.names, design.X, W.slice(1), design, options);
  const names = col.kept.map((j) => design.names[j]!);
  const X = col.kept.map((j) => design.X[j]!);
  const K = X.length;
  if (K === 0) throw new StudyError(diag(M.linSingularDesign(input.id)));
  const Kc = K + 1;
  const one = new Float64Array(n).fill(1);

  // Within (FE) regression.
  const Xw = col.kept.map((j) => W[j + 1]!);
  const fe = ols(Xw, W[0]!);
  const dfFe = n - G - K;
  if (dfFe <= 0 || G - Kc <= 0) throw new StudyError(diag(M.linNoDegreesOfFreedom(input.id, n, G + K)));
  const s2e = fe.ssr / dfFe;
  // Between regression on unit means (one row per unit, unweighted).
  const yb = groupMeans(design.y, g, cnt);
  const Xb = X.map((x) => groupMeans(x, g, cnt));
  const btw = ols([new Float64Array(G).fill(1), ...Xb], yb);
  const Tbar = G / cnt.reduce((s, c) => s + 1 / c, 0);
  let s2u = btw.ssr / (G - Kc) - s2e / Tbar;
  if (s2u < 0) {
    reporter.add(diag(M.linReNegativeVariance(input.id), { severity: 'warning' }));
    s2u = 0;
  }
  const thetaG = Float64Array.from(cnt, (T) => 1 - Math.sqrt(s2e / (T * s2u + s2e)));
  const theta = new Float64Array(n);
  const gc = g.codes;
  for (let i = 0; i < n; i++) theta[i] = thetaG[gc[i]!]!;
  const quasi = (x: Float64Array, means: Float64Array): Float64Array => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = x[i]! - theta[i]! * means[gc[i]!]!;
    return out;
  };
  const cStar = Float64Array.from(theta, (t) => 1 - t);
  const Xs = [cStar, ...X.map((x, p) => quasi(x, Xb[p]!))];
  const ys = quasi(design.y, yb);
  const re = ols(Xs, ys);
  const Viid = re.inv.map((v) => (v * re.ssr) / (n - Kc));
  // Stata xtreg, re vce(cluster id): the sandwich of the quasi-demeaned regression, times
  // G/(G−1)·(N−1)/(N−K) with K counting the constant (no FE are absorbed).
  // vce(robust) is the same estimator clustered by the panel unit (xtreg, re: "Std. err.
  // adjusted for G clusters in id").
  const asked = vcovKind(options, design);
  const kind = asked === 'hc1' ? 'cluster' : asked;
  const clusters = asked === 'hc1' ? [g] : design.clusters;
  let V: Float64Array = Viid;
  let nClusters: readonly number[] | undefined;
  if (kind === 'cluster') {
    checkVcov(kind, { ...design, clusters }, options, input.id);
    const out = computeVcov({
      kind, profile: options.conventions ?? 'stata', X: Xs, u: re.u, bread: re.inv, ssr: re.ssr, clusters,
      ssc: { n, k: Kc, feDof: 0, nestedLevels: 0, anyNested: false, ...(options.noadjust ? { noadjust: true } : {}) },
    });
    V = out.V;
    nClusters = out.nClusters;
    if (out.psdFixed) reporter.add(diag(M.linVcovNotPsd(input.id), { severity: 'warning' }));
  } else if (kind !== 'iid') {
    throw new StudyError(diag(IM.infVcovNotSupported('re', options.vcovText ?? kind, ['iid', 'hc1 (clustered by the unit)', 'cluster(a, b, …)'])));
  }
  const terms = ['(Intercept)', ...names];
  const slopes = names.map((_, p) => p + 1);

  // Statistics (Stata's squared-correlation R² for within / between / overall).
  const bS = re.b.subarray(1);
  const xb = linearCombination(n, X, bS);
  const ysMean = ys.reduce((s, v) => s + v, 0) / n;
  const tssStar = ys.reduce((s, v) => s + (v - ysMean) ** 2, 0);
  const r2plm = 1 - re.ssr / tssStar;
  const wald = waldChi2(re.b, V, Kc, slopes);
  const balanced = cnt.every((c) => c === cnt[0]);

  // Tests.
  const pooled = ols([one, ...X], design.y);
  const fStat = ((pooled.ssr - fe.ssr) / (G - 1)) / (fe.ssr / dfFe);
  const Vfe = fe.inv.map((v) => v * s2e);
  const d = Float64Array.from(fe.b, (b, p) => b - bS[p]!);
  // Hausman compares the efficient (iid) variances, as Stata's hausman requires.
  const Vre = subMatrix(Viid, Kc, slopes);
  const diff = Vfe.map((v, j) => v - Vre[j]!);
  const H = quadFormInv(diff, d, K);
  const tests: Record<string, unknown> = {
    f_test_individual_effects: { F: fStat, df1: G - 1, df2: dfFe, p: fSf(fStat, G - 1, dfFe) },
  };
  if (Number.isFinite(H) && H >= 0) tests.hausman = { chi2: H, df: K, p: chi2Sf(H, K) };
  else reporter.add(diag(M.linHausmanNotPd(), { severity: 'warning' }));
  const eSum = groupSums(pooled.u, g.codes, G);
  const sumT2 = cnt.reduce((s, c) => s + c * c, 0);
  const ratio = eSum.reduce((s, v) => s + v * v, 0) / pooled.ssr - 1;
  const scale = (n * n) / (2 * (sumT2 - n));
  const bp = scale * ratio * ratio;
  const honda = Math.sqrt(scale) * ratio;
  tests.breusch_pagan_lm = { chi2: bp, df: 1, p: chi2Sf(bp, 1) };
  tests.honda = { z: honda, p: normalCdf(-honda) };

  const stats: Record<string, number | null> = {
    theta: balanced ? thetaG[0]! : null,
    sigma_u: Math.sqrt(s2u),
    sigma_e: Math.sqrt(s2e),
    sigma2_id: s2u,
    sigma2_idios: s2e,
    rho: s2u / (s2u + s2e),
    r2_plm: r2plm,
    adj_r2_plm: 1 - ((1 - r2plm) * (n - 1)) / (n - Kc),
    r2_within: corr2(W[0]!, linearCombination(n, Xw, bS)),
    r2_between: corr2(yb, linearCombination(G, Xb, bS)),
    r2_overall: corr2(design.y, xb),
    wald_chi2: wald.stat,
    wald_df: wald.df1,
    wald_p: wald.p,
    chi2: wald.stat,
    chi2_p: wald.p,
    chi2_df: wald.df1,
    df_resid: n - Kc,
    k: Kc,
    n_groups: G,
    n_clusters: nClusters ? Math.min(...nClusters) : null,
  };
  return assembleResult<PanelResult>({
    input,
    family: 'panel',
    estimator: 're',
    terms,
    b: re.b,
    V,
    dist: 'normal',
    ...(nClusters ? { nClusters } : {}),
    vcovLabel: vcovLabel(kind, { ...design, clusters }, options.vcovText),
    stats,
    collinear: col.dropped.map((x) => x.name),
    extra: {
      tests,
      collinear: col.dropped,
      theta: balanced ? thetaG[0] : { min: Math.min(...thetaG), max: Math.max(...thetaG) },
      // RE absorbs nothing: the unit is only its panel identifier.
      panel_unit: g.name,
    },
  });
}
