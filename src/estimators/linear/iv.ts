/**
 * Linear IV with absorbed fixed effects and observation weights: `method: 2sls` (default),
 * `liml` (kclass.ts) or `gmm` (two-step efficient GMM, gmm.ts), with iid / HC1 / cluster
 * variances (2SLS scores from the projected regressors X̂ and the structural residuals
 * y − Xb, as ivregress/ivreg2 with `small`), plus the first stage and the identification
 * diagnostics (first-stage F, Cragg–Donald, Kleibergen–Paap rk LM and Wald F: iv-tests.ts;
 * Sargan / Hansen J / Anderson–Rubin: gmm.ts). Weights transform every column as for OLS
 * (weights.ts), so each step runs on the transformed columns unchanged.
 */
import { StudyError } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/messages/index.js';
import { linearMessages as M } from '../../diagnostics/messages/linear.js';
import { crossprod, crossprodVec, dot, linearCombination, residuals } from '../../linalg/kernels.js';
import { cholInverse, cholSolve, choleskySkip } from '../../linalg/dense.js';
import type { FitInput } from '../registry.js';
import type { LinearResult } from '../result.js';
import { feInfo, interceptVariance, linearVcov, type InferenceInput } from './fit.js';
import { constantColumn, overidTests, twoStepGmm } from './gmm.js';
import { firstStages } from './iv-tests.js';
import { kClass, limlKappa } from './kclass.js';
import { linearWeights, weightedColumns, weightedTss } from './weights.js';
import { checkVcov, detectCollinear, transformColumns, vcovKind, vcovLabel } from './prepare.js';
import { assembleResult, waldF } from './result.js';
import type { VcovOutput } from '../../vcov/index.js';

export function fitIv(input: FitInput): LinearResult {
  const { design, options, reporter } = input;
  const kind = vcovKind(options, design);
  const profile = options.conventions ?? 'stata';
  checkVcov(kind, design, options, input.id);
  if (design.n === 0) throw new StudyError(diag(M.linNoObservations(input.id)));
  const E = design.endog!;
  const Zx = design.instruments ?? { Z: [], names: [] };
  const hasFe = design.fe.length > 0;
  const nx = design.X.length;
  const ne = E.X.length;
  const method = options.method === 'liml' || options.method === 'gmm' ? options.method : '2sls';
  const lw = linearWeights(design, options);
  const cols = [design.y, ...design.X, ...E.X, ...Zx.Z];
  const T = lw ? weightedColumns(design, cols, lw, options, reporter) : transformColumns(design, cols, options, reporter, input.cache);
  const yT = T.columns[0]!;
  const XT = T.columns.slice(1, 1 + nx);
  const ET = T.columns.slice(1 + nx, 1 + nx + ne);
  const ZT = T.columns.slice(1 + nx + ne);
  const mX = T.means.slice(1, 1 + nx);
  const mE = T.means.slice(1 + nx, 1 + nx + ne);

  // Instrument side first: exogenous regressors and excluded instruments.
  const zNames = [...design.names, ...Zx.names];
  const colZ = detectCollinear(zNames, [...design.X, ...Zx.Z], [...XT, ...ZT], design, { ...options, focal: [] });
  const keptExog = colZ.kept.filter((j) => j < nx);
  const keptInstr = colZ.kept.filter((j) => j >= nx).map((j) => j - nx);
  // Structural side: endogenous first (fixest's order), then the kept exogenous.
  const sNames = [...E.names, ...keptExog.map((j) => design.names[j]!)];
  const sRaw = [...E.X, ...keptExog.map((j) => design.X[j]!)];
  const sT = [...ET, ...keptExog.map((j) => XT[j]!)];
  const colS = detectCollinear(sNames, sRaw, sT, design, options);
  const dropped = [...colZ.dropped, ...colS.dropped];
  const keptEndog = colS.kept.filter((j) => j < ne);
  // The drops first: they say why an instrument count fell short.
  for (const reason of ['fixed_effects', 'regressors'] as const) {
    const names = dropped.filter((d) => d.reason === reason).map((d) => d.name);
    if (names.length) reporter.add(diag(M.linCollinearDropped(names, reason), { severity: 'warning' }));
  }
  if (keptInstr.length < keptEndog.length) {
    throw new StudyError(diag(M.linUnderidentified(input.id, keptEndog.length, keptInstr.length)));
  }
  if (colS.kept.length === 0) throw new StudyError(diag(M.linSingularDesign(input.id)));
  if (design.dropped.singletons) reporter.add(diag(M.linSingletonsDropped(design.dropped.singletons), { severity: 'info' }));

  // First stage: project every kept structural column on Z (exogenous ones project to themselves).
  const Zk = colZ.kept.map((j) => (j < nx ? XT[j]! : ZT[j - nx]!));
  const Lz = colZ.L;
  const L = Zk.length;
  const names = colS.kept.map((j) => sNames[j]!);
  const Xs = colS.kept.map((j) => sT[j]!);
  const Xhat = Xs.map((x, p) => {
    if (colS.kept[p]! >= ne) return x;
    const pi = cholSolve(Lz, L, crossprodVec(Zk, x));
    return linearCombination(design.n, Zk, pi);
  });
  const k = Xhat.length;
  const ch = choleskySkip(crossprod(Xhat), k, 1e-10);
  if (ch.dropped.length) throw new StudyError(diag(M.linSingularDesign(input.id)));
  const b2 = cholSolve(ch.L, k, crossprodVec(Xhat, yT));
  const u2 = residuals(yT, Xs, b2);
  const fe = feInfo(design.fe, design.clusters, kind);
  const withIntercept = design.intercept && !hasFe;
  const n = lw?.n ?? design.n;
  const base: Omit<InferenceInput, 'scoreX' | 'bread' | 'u' | 'ssr'> = {
    design, kind, profile, fe, withIntercept,
    modelName: input.id, ...(options.noadjust ? { noadjust: true } : {}),
    ...(options.small === false ? { large: true } : {}),
    ...(lw ? { weights: lw } : {}),
  };
  const means = Float64Array.from(colS.kept.map((j) => (j < ne ? mE[j]! : mX[keptExog[j - ne]!]!)));
  const ybar = T.means[0]!;
  const nEndog = keptEndog.length;
  // Moment side of GMM and of Hansen's J: the constant joins Z and X as a column.
  const cons = withIntercept ? [constantColumn(design.n, lw)] : [];
  const gmmIn = { kind, Z: [...Zk, ...cons], X: [...Xs, ...cons], y: yT, clusters: design.clusters, ...(lw ? { weights: lw } : {}) };

  // b (slopes), the constant c of the centred fit (b0 = c − x̄'b), residuals and the
  // variance of [b, c] (k×k without an intercept).
  let est: { b: Float64Array; c: number; u: Float64Array; ssr: number; Vz: VcovOutput; kappa?: number; j?: number };
  if (method === 'gmm') {
    const step = twoStepGmm({ ...gmmIn, u: u2 }, n);
    if (!step) throw new StudyError(diag(M.linGmmWeightSingular(input.id, vcovLabel(kind, design, options.vcovText), gmmIn.Z.length)));
    // V = c·(X'ZŜ⁻¹Z'X)⁻¹ as the sandwich Minv·M·Minv; iid: σ²(X'P_Z X)⁻¹ from the 2SLS u.
    const Vz = linearVcov({ ...base, withIntercept: false, scoreX: gmmIn.X, bread: step.Minv, u: step.u, ssr: kind === 'iid' ? dot(u2, u2) : step.ssr }, false, kind === 'iid' ? undefined : step.M);
    // yT is centred too: y = X b + (ȳ + c − x̄'b).
    est = { b: step.b.slice(0, k), c: withIntercept ? ybar + step.b[k]! : 0, u: step.u, ssr: step.ssr, Vz, j: step.j };
  } else if (method === 'liml') {
    const kappa = limlKappa(yT, Xs.slice(0, nEndog), Zk, Lz, Xs.slice(nEndog));
    const kc = kappa === null ? null : kClass(Xs, nEndog, yT, Zk, Lz, kappa);
    if (kappa === null || !kc) throw new StudyError(diag(M.linLimlNotDefined(input.id)));
    const Vz = linearVcov({ ...base, scoreX: kc.scoreX, bread: kc.bread, u: kc.u, ssr: kc.ssr }, withIntercept);
    est = { b: kc.b, c: ybar, u: kc.u, ssr: kc.ssr, Vz, kappa };
  } else {
    const Vz = linearVcov({ ...base, scoreX: Xhat, bread: cholInverse(ch.L, k), u: u2, ssr: dot(u2, u2) }, withIntercept);
    est = { b: b2, c: ybar, u: u2, ssr: dot(u2, u2), Vz };
  }
  const vout = est.Vz;
  const { u, ssr } = est;
  let terms = names;
  let b: Float64Array = est.b;
  let V = vout.V;
  if (withIntercept) {
    V = interceptVariance(vout.V, k, means);
    terms = ['(Intercept)', ...names];
    b = Float64Array.from([est.c - dot(means, est.b), ...est.b]);
  }
  if (vout.psdFixed) reporter.add(diag(M.linVcovNotPsd(input.id), { severity: 'warning' }));
  const dfT = vout.ssc.dfT;
  const dfResid = vout.ssc.dfResid;
  const centred = hasFe || design.intercept;
  const tss = lw ? weightedTss(design.y, lw.w, centred) : centred ? design.y.reduce((s, v) => s + (v - ybar) ** 2, 0) : dot(design.y, design.y);
  const r2 = 1 - ssr / tss;
  const slopeIdx = terms.map((_, j) => j).filter((j) => terms[j] !== '(Intercept)');
  const F = waldF(b, V, terms.length, slopeIdx, dfT);
  const sigma = Math.sqrt(ssr / dfResid);

  const exogT = keptExog.map((j) => XT[j]!);
  const instrT = keptInstr.map((j) => ZT[j]!);
  const fs = firstStages({
    design, kind, profile, withIntercept, fe,
    endogNames: keptEndog.map((j) => E.names[j]!),
    endogT: keptEndog.map((j) => ET[j]!),
    endogMeans: keptEndog.map((j) => mE[j]!),
    exogNames: keptExog.map((j) => design.names[j]!),
    exogMeans: keptExog.map((j) => mX[j]!),
    instrNames: keptInstr.map((j) => Zx.names[j]!),
    instrMeans: keptInstr.map((j) => T.means[1 + nx + ne + j]!),
    exogT,
    instrT,
    modelName: input.id,
    ...(lw ? { weights: lw } : {}),
  });
  const overid = overidTests({
    ...gmmIn, u, n, q: keptInstr.length, p: nEndog,
    ...(est.j !== undefined ? { j: est.j } : {}),
    ...(est.kappa !== undefined ? { kappa: est.kappa } : {}),
  });
  const tests = { ...fs.tests, ...overid };
  const hansen = tests.hansen_j as { chi2: number; df: number; p: number } | undefined;
  const stats: Record<string, number | null> = {
    r2,
    adj_r2: 1 - ((1 - r2) * (centred ? n - 1 : n)) / dfResid,
    r2_within: hasFe ? 1 - ssr / dot(yT, yT) : null,
    f: slopeIdx.length ? F.stat : null,
    f_df1: slopeIdx.length ? F.df1 : null,
    f_df2: slopeIdx.length ? dfT : null,
    f_p: slopeIdx.length ? F.p : null,
    rmse: profile === 'fixest' ? Math.sqrt(ssr / n) : sigma,
    sigma,
    ssr,
    df_resid: dfResid,
    k: terms.length,
    n_clusters: vout.nClusters ? Math.min(...vout.nClusters) : null,
    k_adj: vout.ssc.kAdj ?? null,
    ...fs.stats,
    ...(hansen ? { hansen_j: hansen.chi2, hansen_j_df: hansen.df, hansen_j_p: hansen.p } : {}),
    ...(est.kappa !== undefined ? { kappa: est.kappa } : {}),
  };
  return assembleResult<LinearResult>({
    input,
    family: 'linear',
    estimator: 'iv',
    terms,
    b,
    V,
    // Without `small`, ivregress/ivreg2 report z statistics.
    dist: options.small === false ? 'normal' : 't',
    df: dfT,
    ...(vout.nClusters ? { nClusters: vout.nClusters } : {}),
    vcovLabel: vcovLabel(kind, design, options.vcovText),
    ...(lw?.kind === 'frequency' ? { nobs: lw.n } : {}),
    stats,
    collinear: dropped.map((d) => d.name),
    extra: {
      collinear: dropped,
      method,
      ...(est.kappa !== undefined ? { kappa: est.kappa } : {}),
      ...(lw ? { weights: lw.kind } : {}),
      first_stage: fs.firstStage,
      tests,
      fe_levels: Object.fromEntries(design.fe.map((g) => [g.name, g.nlevels])),
      fe_dof: fe.dof.total,
      demean: { iterations: T.iterations, converged: T.converged, ...(T.solver ? { solver: T.solver } : {}) },
    },
  });
}
