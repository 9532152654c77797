/**
 * OLS and high-dimensional fixed-effects OLS (the within estimator), with iid, HC1 and
 * one-/two-way cluster variances under the `stata` or `fixest` convention profile.
 * A design with endogenous regressors is handed to 2SLS (iv.ts).
 */
import type { Design } from '../../design/types.js';
import { StudyError } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/messages/index.js';
import { linearMessages as M } from '../../diagnostics/messages/linear.js';
import { corr2, dot, groupCounts, groupSums, linearCombination, sumSquaredDeviations } from '../../linalg/kernels.js';
import type { FitInput } from '../registry.js';
import type { LinearExtra, LinearResult } from '../result.js';
import { augmentedMeat, feInfo, interceptVariance, leastSquares, linearVcov } from './fit.js';
import { topLeft } from '../../vcov/index.js';
import { linearWeights, weightedColumns, weightedTss } from './weights.js';
import { checkVcov, detectCollinear, transformColumns, vcovKind, vcovLabel } from './prepare.js';
import { assembleResult, coefficientTable, waldF } from './result.js';
import { fitIv } from './iv.js';

/** Stata xtreg, fe R² between and overall (squared correlations; slopes only). */
export function xtregR2(design: Design, b: ArrayLike<number>, X: readonly Float64Array[]): { between: number; overall: number } {
  const xb = linearCombination(design.n, X, b);
  const g = design.fe[0]!;
  const cnt = groupCounts(g.codes, g.nlevels);
  const yb = groupSums(design.y, g.codes, g.nlevels).map((s, j) => s / cnt[j]!);
  const xbb = groupSums(xb, g.codes, g.nlevels).map((s, j) => s / cnt[j]!);
  return { between: corr2(yb, xbb), overall: corr2(design.y, xb) };
}

export function fitOls(input: FitInput): LinearResult {
  const { design, options, reporter } = input;
  if (design.endog && design.endog.X.length > 0) return fitIv(input);
  const kind = vcovKind(options, design);
  const profile = options.conventions ?? 'stata';
  checkVcov(kind, design, options, input.id);
  if (design.n === 0) throw new StudyError(diag(M.linNoObservations(input.id)));
  const hasFe = design.fe.length > 0;

  const lw = linearWeights(design, options);
  const T = lw
    ? weightedColumns(design, [design.y, ...design.X], lw, options, reporter)
    : transformColumns(design, [design.y, ...design.X], options, reporter, input.cache);
  const yT = T.columns[0]!;
  const XT = T.columns.slice(1);
  const col = detectCollinear(design.names, design.X, XT, design, options, { y: yT, rawMeans: T.means.subarray(1), rawSumSq: T.sumsq.subarray(1) });
  // `y ~ 1 | fe` (reghdfe y, absorb(fe)) has no slopes but is a model: its residuals are
  // what methods.md M5 builds quality from. Only an empty design without FE is an error.
  if (col.kept.length === 0 && (design.X.length > 0 || (!design.intercept && !hasFe))) {
    throw new StudyError(diag(M.linSingularDesign(input.id)));
  }
  for (const reason of ['fixed_effects', 'regressors'] as const) {
    const names = col.dropped.filter((d) => d.reason === reason).map((d) => d.name);
    if (names.length) reporter.add(diag(M.linCollinearDropped(names, reason), { severity: 'warning' }));
  }
  if (design.dropped.singletons) reporter.add(diag(M.linSingletonsDropped(design.dropped.singletons), { severity: 'info' }));

  const Xk = col.kept.map((j) => XT[j]!);
  const names = col.kept.map((j) => design.names[j]!);
  const k = Xk.length;
  const ls = leastSquares(Xk, yT, col.L, col.xty);
  const fe = feInfo(design.fe, design.clusters, kind);
  const withIntercept = design.intercept && !hasFe;
  const base = {
    design, kind, profile, scoreX: Xk, bread: ls.bread, u: ls.u, ssr: ls.ssr, fe,
    modelName: input.id, ...(options.noadjust ? { noadjust: true } : {}),
    ...(options.vcovData ? { vcovData: options.vcovData } : {}),
    ...(lw ? { weights: lw } : {}),
    ...(options.vcovText ? { vcovText: options.vcovText } : {}),
  };
  const xbar = Float64Array.from(col.kept.map((j) => T.means[j + 1]!));
  const ybar = T.means[0]!;

  let terms = names;
  let b: Float64Array = ls.b;
  let V: Float64Array;
  // With FE the reported _cons needs the variance of [X̃, 1] too: one meat serves both.
  const meatAug = hasFe ? augmentedMeat({ ...base, withIntercept: false }) : undefined;
  const vout = linearVcov({ ...base, withIntercept }, withIntercept, meatAug && topLeft(meatAug, k + 1, k));
  if (withIntercept) {
    V = interceptVariance(vout.V, k, xbar);
    terms = ['(Intercept)', ...names];
    b = Float64Array.from([ybar - dot(xbar, ls.b), ...ls.b]);
  } else {
    V = vout.V;
  }
  if (vout.psdFixed) reporter.add(diag(M.linVcovNotPsd(input.id), { severity: 'warning' }));
  const dfT = vout.ssc.dfT;
  const dfResid = vout.ssc.dfResid;

  // Statistics.
  const n = lw?.n ?? design.n;
  const centred = hasFe || design.intercept;
  const tss = lw ? weightedTss(design.y, lw.w, centred) : centred ? sumSquaredDeviations(design.y, ybar) : dot(design.y, design.y);
  const r2 = 1 - ls.ssr / tss;
  const slopeIdx = terms.map((_, j) => j).filter((j) => terms[j] !== '(Intercept)');
  const F = waldF(b, V, terms.length, slopeIdx, dfT);
  const sigma = Math.sqrt(ls.ssr / dfResid);
  const stats: Record<string, number | null> = {
    r2,
    adj_r2: 1 - ((1 - r2) * (centred ? n - 1 : n)) / dfResid,
    r2_within: hasFe ? 1 - ls.ssr / col.yty! : null,
    f: slopeIdx.length ? F.stat : null,
    f_df1: slopeIdx.length ? F.df1 : null,
    f_df2: slopeIdx.length ? dfT : null,
    f_p: slopeIdx.length ? F.p : null,
    rmse: profile === 'fixest' ? Math.sqrt(ls.ssr / n) : sigma,
    sigma,
    ssr: ls.ssr,
    tss,
    // Weighted log likelihoods differ by weight kind (and Stata reports none for pw): none.
    loglik: lw ? null : (-n / 2) * (1 + Math.log(2 * Math.PI) + Math.log(ls.ssr / n)),
    df_resid: dfResid,
    k: terms.length,
    n_clusters: vout.nClusters ? Math.min(...vout.nClusters) : null,
    k_adj: vout.ssc.kAdj ?? null,
  };
  if (design.fe.length === 1 && k > 0 && !lw) {
    const r = xtregR2(design, ls.b, col.kept.map((j) => design.X[j]!));
    stats.r2_between = r.between;
    stats.r2_overall = r.overall;
  }
  const extra: { -readonly [K in keyof LinearExtra]: LinearExtra[K] } = {
    collinear: col.dropped,
    fe_levels: Object.fromEntries(design.fe.map((g) => [g.name, g.nlevels])),
    fe_dof: fe.dof.total,
    demean: { iterations: T.iterations, converged: T.converged, ...(T.solver ? { solver: T.solver } : {}) },
  };
  if (hasFe) {
    // reghdfe's reported constant: ȳ − x̄'b with its sandwich variance (same ssc as the slopes).
    const aug = linearVcov({ ...base, withIntercept: false }, true, meatAug);
    const Vc = interceptVariance(aug.V, k, xbar);
    extra.cons = coefficientTable(['_cons'], [ybar - dot(xbar, ls.b)], Vc.subarray(0, 1), 't', dfT)._cons;
  }
  return assembleResult<LinearResult>({
    input,
    family: 'linear',
    estimator: 'ols',
    terms,
    b,
    V,
    dist: 't',
    df: dfT,
    ...(vout.nClusters ? { nClusters: vout.nClusters } : {}),
    vcovLabel: vcovLabel(kind, design, options.vcovText),
    ...(lw?.kind === 'frequency' ? { nobs: lw.n } : {}),
    stats,
    collinear: col.dropped.map((d) => d.name),
    extra,
  });
}
