/**
 * Two-stage least squares with absorbed fixed effects: structural coefficients with
 * iid / HC1 / cluster variances (scores from the projected regressors X̂ and the
 * structural residuals y − Xb, as ivregress/ivreg2 with `small`), plus the first stage
 * and the identification diagnostics (first-stage F, Cragg–Donald, Kleibergen–Paap rk LM
 * and Wald F, Sargan / Hansen J). Diagnostics live in iv-diagnostics (linear-iv-tests.ts).
 */
import { StudyError } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/messages/index.js';
import { linearMessages as M } from '../../diagnostics/messages/linear.js';
import { crossprod, crossprodVec, dot, linearCombination, residuals } from '../../linalg/kernels.js';
import { cholInverse, cholSolve, choleskySkip } from '../../linalg/dense.js';
import type { FitInput } from '../registry.js';
import type { ModelResult } from '../result.js';
import { feInfo, interceptVariance, linearVcov } from './fit.js';
import { firstStages, overidTest } from './iv-tests.js';
import { checkVcov, detectCollinear, transformColumns, vcovKind, vcovLabel } from './prepare.js';
import { assembleResult, waldF } from './result.js';

export function fitIv(input: FitInput): ModelResult {
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
  const T = transformColumns(design, [design.y, ...design.X, ...E.X, ...Zx.Z], options, reporter, input.cache);
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
  if (keptInstr.length < keptEndog.length) {
    throw new StudyError(diag(M.linUnderidentified(input.id, keptEndog.length, keptInstr.length)));
  }
  if (colS.kept.length === 0) throw new StudyError(diag(M.linSingularDesign(input.id)));
  for (const reason of ['fixed_effects', 'regressors'] as const) {
    const names = dropped.filter((d) => d.reason === reason).map((d) => d.name);
    if (names.length) reporter.add(diag(M.linCollinearDropped(names, reason), { severity: 'warning' }));
  }
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
  const b0 = cholSolve(ch.L, k, crossprodVec(Xhat, yT));
  const bread = cholInverse(ch.L, k);
  const u = residuals(yT, Xs, b0);
  const ssr = dot(u, u);
  const fe = feInfo(design.fe, design.clusters, kind);
  const withIntercept = design.intercept && !hasFe;
  const base = {
    design, kind, profile, scoreX: Xhat, bread, u, ssr, fe, withIntercept,
    modelName: input.id, ...(options.noadjust ? { noadjust: true } : {}),
    ...(options.small === false ? { large: true } : {}),
  };
  const vout = linearVcov(base, withIntercept);
  const means = Float64Array.from(colS.kept.map((j) => (j < ne ? mE[j]! : mX[keptExog[j - ne]!]!)));
  const ybar = T.means[0]!;
  let terms = names;
  let b: Float64Array = b0;
  let V = vout.V;
  if (withIntercept) {
    V = interceptVariance(vout.V, k, means);
    terms = ['(Intercept)', ...names];
    b = Float64Array.from([ybar - dot(means, b0), ...b0]);
  }
  if (vout.psdFixed) reporter.add(diag(M.linVcovNotPsd(input.id), { severity: 'warning' }));
  const dfT = vout.ssc.dfT;
  const dfResid = vout.ssc.dfResid;
  const n = design.n;
  const centred = hasFe || design.intercept;
  const tss = centred ? design.y.reduce((s, v) => s + (v - ybar) ** 2, 0) : dot(design.y, design.y);
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
  });
  const overid = overidTest({ design, kind, Z: Zk, u, ssr, q: keptInstr.length, p: keptEndog.length });
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
  };
  return assembleResult({
    input,
    estimator: 'iv',
    terms,
    b,
    V,
    // Without `small`, ivregress/ivreg2 report z statistics.
    dist: options.small === false ? 'normal' : 't',
    df: dfT,
    ...(vout.nClusters ? { nClusters: vout.nClusters } : {}),
    vcovLabel: vcovLabel(kind, design, options.vcovText),
    stats,
    collinear: dropped.map((d) => d.name),
    extra: {
      collinear: dropped,
      first_stage: fs.firstStage,
      tests: { ...fs.tests, ...overid },
      fe_levels: Object.fromEntries(design.fe.map((g) => [g.name, g.nlevels])),
      fe_dof: fe.dof.total,
      demean: { iterations: T.iterations, converged: T.converged, ...(T.solver ? { solver: T.solver } : {}) },
    },
  });
}
