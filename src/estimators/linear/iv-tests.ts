/**
 * IV diagnostics: first-stage regressions and F statistics, Cragg–Donald F,
 * Kleibergen–Paap rk LM and rk Wald F (kp.ts); the over-identification tests are in
 * gmm.ts. With weights every statistic is formed from the transformed (√w-scaled) columns
 * as ivreg2/ranktest form them (weights.ts's momentMeat). Formulas and the Stata/R
 * references they were checked against are in docs/conventions.md.
 */
import { dict } from '../../spec/dict.js';
import type { Design } from '../../design/types.js';
import { chi2Sf, fSf } from '../../linalg/distributions.js';
import { crossprod, crossprodVec, dot, residuals } from '../../linalg/kernels.js';
import { cholInverse, cholSolve, choleskySkip, invertSpd, lowerInverse, matmul, quadFormInv, symEigen, transpose } from '../../linalg/dense.js';
import type { Profile, VcovKind } from '../../vcov/index.js';
import type { Ssc } from '../../vcov/ssc.js';
import { interceptVariance, linearVcov, type FeInfo } from './fit.js';
import { kpRankTest } from './kp.js';
import { momentMeat, type LinearWeights } from './weights.js';
import { coefficientTable, waldF } from './result.js';

export interface FirstStageInput {
  readonly design: Design;
  readonly kind: VcovKind;
  readonly profile: Profile;
  readonly withIntercept: boolean;
  readonly fe: FeInfo;
  readonly endogNames: readonly string[];
  readonly endogT: readonly Float64Array[];
  readonly endogMeans: readonly number[];
  readonly exogNames: readonly string[];
  readonly exogMeans: readonly number[];
  readonly instrNames: readonly string[];
  readonly instrMeans: readonly number[];
  readonly exogT: readonly Float64Array[];
  readonly instrT: readonly Float64Array[];
  readonly modelName: string;
  readonly weights?: LinearWeights;
}

/** Residuals of each column after OLS on `on` (FWL partialling); copies when `on` is empty. */
function partial(cols: readonly Float64Array[], on: readonly Float64Array[]): Float64Array[] {
  if (on.length === 0) return cols.map((c) => c.slice());
  const ch = choleskySkip(crossprod(on), on.length, 1e-12);
  return cols.map((c) => residuals(c, on, cholSolve(ch.L, on.length, crossprodVec(on, c))));
}

function robustMeat(kind: VcovKind, design: Design, X: readonly Float64Array[], u: Float64Array, lw?: LinearWeights): Float64Array {
  return momentMeat(kind === 'cluster' ? 'cluster' : 'hc1', X, u, design.clusters, lw);
}

export function firstStages(a: FirstStageInput): {
  firstStage: Record<string, unknown>;
  tests: Record<string, unknown>;
  stats: Record<string, number | null>;
} {
  // Frequency weights: n = Σw in every degrees-of-freedom rule (weights.ts).
  const n = a.weights?.n ?? a.design.n;
  const Z = [...a.exogT, ...a.instrT];
  const zNames = [...a.exogNames, ...a.instrNames];
  const zMeans = Float64Array.from([...a.exogMeans, ...a.instrMeans]);
  const q = a.instrT.length;
  const m = Z.length;
  const L = m + (a.withIntercept ? 1 : 0);
  const df2 = n - L - a.fe.dof.total;
  const chZ = choleskySkip(crossprod(Z), m, 1e-12);
  const bread = cholInverse(chZ.L, m);
  const instrIdx = a.instrT.map((_, j) => a.exogT.length + j + (a.withIntercept ? 1 : 0));
  const Et = partial(a.endogT, a.exogT);
  const Zt = partial(a.instrT, a.exogT);
  const firstStage: Record<string, unknown> = dict();
  let minF = Number.POSITIVE_INFINITY;
  let ssc: Ssc | undefined;
  a.endogT.forEach((e, p) => {
    const pi = cholSolve(chZ.L, m, crossprodVec(Z, e));
    const v = residuals(e, Z, pi);
    const ssrU = dot(v, v);
    const ssrR = dot(Et[p]!, Et[p]!);
    const fIid = ((ssrR - ssrU) / q) / (ssrU / df2);
    minF = Math.min(minF, fIid);
    const vout = linearVcov(
      {
        design: a.design, kind: a.kind, profile: a.profile, scoreX: Z, bread, u: v, ssr: ssrU, fe: a.fe, withIntercept: a.withIntercept, modelName: a.modelName,
        ...(a.weights ? { weights: a.weights } : {}),
      },
      a.withIntercept,
    );
    ssc = vout.ssc;
    let V = vout.V;
    let terms = zNames;
    let b: Float64Array = pi;
    if (a.withIntercept) {
      V = interceptVariance(vout.V, m, zMeans);
      terms = ['(Intercept)', ...zNames];
      b = Float64Array.from([a.endogMeans[p]! - dot(zMeans, pi), ...pi]);
    }
    const entry: Record<string, unknown> = {
      coefficients: coefficientTable(terms, b, V, 't', vout.ssc.dfT),
      f_iid: { F: fIid, df1: q, df2, p: fSf(fIid, q, df2) },
      partial_r2: (ssrR - ssrU) / ssrR,
    };
    if (a.kind !== 'iid') {
      const w = waldF(b, V, terms.length, instrIdx, vout.ssc.dfT);
      entry.f_robust = { F: w.stat, df1: q, df2: vout.ssc.dfT, p: w.p };
    }
    firstStage[a.endogNames[p]!] = entry;
  });

  const tests: Record<string, unknown> = dict();
  const stats: Record<string, number | null> = { first_stage_f: Number.isFinite(minF) ? minF : null };
  // Cragg–Donald: smallest eigenvalue of the concentration matrix, scaled to an F.
  const ZtZ = crossprod(Zt);
  const ZtZinv = invertSpd(ZtZ, q, 1e-14);
  if (ZtZinv && Et.length) {
    const pE = Et.length;
    const ZE = crossprod(Zt, Et);
    const Spp = matmul(matmul(transpose(ZE, q, pE), ZtZinv, pE, q, q), ZE, pE, q, pE);
    const EE = crossprod(Et);
    const Sres = EE.map((x, j) => (x - Spp[j]!) / df2);
    const chR = choleskySkip(Sres, pE, 1e-14);
    if (!chR.dropped.length) {
      const Rinv = lowerInverse(chR.L, pE);
      const G = matmul(matmul(Rinv, Spp, pE, pE, pE), transpose(Rinv, pE, pE), pE, pE, pE);
      const ev = symEigen(G, pE).values;
      const cd = Math.min(...ev) / q;
      tests.cragg_donald_f = cd;
      stats.cragg_donald_f = cd;
    }
  }
  const rk = Et.length && ZtZinv ? kpRankTest(Et, Zt, (X, u) => robustMeat(a.kind, a.design, X, u, a.weights)) : null;
  if (rk && ssc) {
    // ivreg2's scaling of the rk Wald statistic to an F: with one endogenous regressor it
    // is the first-stage robust (HC1 or CR1) F of the excluded instruments.
    let factor = ssc.dfResid / n;
    if (a.kind === 'cluster') {
      const G = Math.min(...a.design.clusters.map((c) => c.nlevels));
      factor = ((n - ssc.kAdj!) / (n - 1)) * ((G - 1) / G);
    }
    const kpF = (rk.wald / q) * factor;
    const lmP = chi2Sf(rk.lm, rk.df);
    tests.kleibergen_paap_rk_lm = { chi2: rk.lm, df: rk.df, p: lmP };
    tests.kleibergen_paap_rk_wald_f = { F: kpF, wald: rk.wald, df: rk.df, p: chi2Sf(rk.wald, rk.df) };
    tests.canonical_correlations = rk.canonical;
    stats.kp_rk_lm = rk.lm;
    stats.kp_rk_lm_p = lmP;
    stats.kp_rk_f = kpF;
  }
  return { firstStage, tests, stats };
}
