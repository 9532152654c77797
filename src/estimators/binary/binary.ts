/**
 * Binary-outcome ML estimators (probit, logit, cloglog) as registry entries.
 *
 *   Design (y, X, intercept, clusters)
 *     |  1. outcome check (Stata: 0 = failure, any other value = success)
 *     |  2. perfect predictors dropped with their rows (Stata's "x != 0 predicts failure perfectly")
 *     |  3. Newton–Raphson (binary-fit.ts)
 *     |  4. VCE: oim (or eim) | robust ×N/(N−1) | cluster ×G/(G−1) (vcov.ts), or under
 *     |     `conventions: fixest` feglm's rules (glm/vcov.ts with no FE)
 *     v
 *   ModelResult with z inference, loglik, LR and Wald χ², McFadden pseudo R²
 */
import type { Design, Grouping } from '../../design/types.js';
import { StudyError } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/messages/index.js';
import { nonlinearMessages as M } from '../../diagnostics/messages/nonlinear.js';
import { chi2Sf } from '../../linalg/distributions.js';
import { toNested, waldChi2 } from '../../linalg/dense.js';
import { fitBinaryCore, nullLoglik } from './fit.js';
import type { LinkName } from './link.js';
import { coefficientTable, slopeIndices, withConstant } from './result.js';
import { scoreSandwich } from './vcov.js';
import type { FitInput } from '../registry.js';
import { fitBinaryFe } from '../glm/binary-fe.js';
import { glmVcov } from '../glm/vcov.js';
import { freezeResult, type BinaryExtra, type BinaryResult, type ModelResult } from '../result.js';
import { binaryWeights, subsetWeights, weightedEvents, weightedN, weightedScores } from './weights.js';

export interface BinaryExtras {
  /** Terms left out of `wald_chi2_covariates` (e.g. the person-period dummies). */
  readonly nuisance?: (term: string) => boolean;
  /** Extra stats merged into the result (e.g. person-period counts). */
  readonly stats?: Readonly<Record<string, number | null>>;
  readonly extra?: BinaryExtra;
}

export interface Cleaned {
  readonly y: Float64Array;
  readonly X: Float64Array[];
  readonly names: string[];
  readonly keep: Int32Array | null;
  readonly perfect: string[];
  readonly perfectRows: number;
}

/** Fit one binary model from a Design; throws StudyError on user-fixable failures. */
export function fitBinaryModel(input: FitInput, link: LinkName, more: BinaryExtras = {}): BinaryResult {
  const { design: d, options, reporter } = input;
  // Absorbed FE: the feglm path (IRLS with weighted demeaning) in glm/binary-fe.ts.
  if (d.fe.length > 0) return fitBinaryFe(input, link);
  if (d.clusters.length > 2) throw new StudyError(diag(M.nlClusterUnsupported(link, d.clusters.length)));
  const y01 = new Float64Array(d.n);
  for (let i = 0; i < d.n; i++) {
    const v = d.y[i]!;
    if (!Number.isFinite(v)) throw new StudyError(diag(M.nlOutcomeNotBinary(link, d.yName)));
    y01[i] = v !== 0 ? 1 : 0;
  }
  const weights0 = binaryWeights(d, options);
  const c = dropPerfectPredictors(y01, d, link, reporter);
  const bw = subsetWeights(weights0, c.keep);
  const w = bw?.w;
  const n = c.y.length;
  // N of nobs, N/(N−1) and BIC: Σw with frequency weights (Stata's e(N)), else rows.
  const nObs = weightedN(bw, n);
  const { cols, terms } = withConstant(c.X, c.names, d.intercept, n);
  const k = cols.length;
  const information = options.information ?? 'observed';
  const fit = fitBinaryCore({
    y: c.y,
    cols,
    link,
    information,
    ...(w ? { weights: w } : {}),
    ...(options.maxIter !== undefined ? { maxIter: options.maxIter } : {}),
  });
  if (fit.singular || !fit.converged) {
    // Diverging indices (weights underflow, Hessian goes singular) are the signature of separation.
    if (fit.maxAbsEta > 30) throw new StudyError(diag(M.nlSeparation(link)));
    if (fit.singular) throw new StudyError(diag(M.nlSingularHessian(link)));
    throw new StudyError(diag(M.nlNotConverged(link, fit.iterations)));
  }
  const bread = fit.vcov!;
  const clusters = c.keep ? d.clusters.map((g) => subsetGrouping(g, c.keep!)) : d.clusters;
  let V = bread;
  let vcovText = information === 'observed' ? 'oim' : 'eim';
  let nClusters: readonly number[] | undefined;
  const noadjust = options.noadjust === true;
  const scores = weightedScores(fit.scoreWeight, bw);
  if ((options.conventions ?? 'stata') === 'fixest') {
    // fixest feglm without FE: iid × (n−1)/(n−K), robust × n/(n−K), cluster × G/(G−1)·(n−1)/(n−K).
    const v = glmVcov({ bread, Xd: cols, scores: scores.cluster, hcScores: scores.hc, fe: [], clusters, options, modelOim: vcovText, n: nObs });
    V = v.V;
    vcovText = v.text;
    nClusters = v.nClusters;
  } else if (options.vcov === 'hc1' || (options.vcov === 'cluster' && clusters.length > 0)) {
    const kind = options.vcov === 'hc1' ? 'robust' : 'cluster';
    const r = scoreSandwich(bread, cols, kind === 'robust' ? scores.hc : scores.cluster, kind, clusters, noadjust, nObs);
    V = r.V;
    nClusters = r.nClusters;
    vcovText = kind === 'robust' ? 'robust' : `cluster(${clusters.map((g) => g.name).join(', ')})`;
  }
  const slopes = slopeIndices(terms);
  const ll0 = nullLoglik(c.y, link, d.intercept, w);
  const lr = 2 * (fit.ll - ll0);
  const wald = waldChi2(fit.beta, V, k, slopes);
  const robustLike = vcovText !== 'oim' && vcovText !== 'eim' && vcovText !== 'iid';
  const events = weightedEvents(c.y, bw);
  // A probability-weighted log-likelihood is a pseudo-likelihood: no LR test and no
  // information criteria (Stata reports the Wald χ² and leaves them out).
  const pseudo = bw?.kind === 'probability';
  const stats: Record<string, number | null> = {
    loglik: fit.ll,
    loglik_0: ll0,
    lr_chi2: pseudo ? null : lr,
    lr_df: slopes.length,
    lr_p: pseudo ? null : chi2Sf(lr, slopes.length),
    wald_chi2: wald,
    wald_df: slopes.length,
    wald_p: chi2Sf(wald, slopes.length),
    // Stata's header: LR χ² with the model VCE, Wald χ² with a robust or cluster VCE.
    chi2: robustLike ? wald : lr,
    chi2_df: slopes.length,
    chi2_p: chi2Sf(robustLike ? wald : lr, slopes.length),
    pseudo_r2: d.intercept ? 1 - fit.ll / ll0 : null,
    n_events: events,
    aic: pseudo ? null : -2 * fit.ll + 2 * k,
    bic: pseudo ? null : -2 * fit.ll + Math.log(nObs) * k,
    iterations: fit.iterations,
  };
  if (more.nuisance) {
    const cov = slopeIndices(terms, more.nuisance);
    const wc = waldChi2(fit.beta, V, k, cov);
    stats.wald_chi2_covariates = wc;
    stats.wald_df_covariates = cov.length;
    stats.wald_p_covariates = chi2Sf(wc, cov.length);
  }
  Object.assign(stats, more.stats ?? {});
  const result: BinaryResult = {
    family: 'binary',
    id: input.id,
    estimator: link,
    formula: input.formula,
    nobs: nObs,
    fixed_effects: [],
    vcov: vcovText,
    conventions: options.conventions ?? 'stata',
    terms,
    coefficients: coefficientTable(terms, fit.beta, V),
    vcov_matrix: toNested(V, k),
    inference: { dist: 'normal', ...(nClusters ? { n_clusters: nClusters } : {}) },
    stats,
    dropped: {
      singletons: d.dropped.singletons,
      missing: d.dropped.missing,
      collinear: d.dropped.collinear.map((x) => x.name),
      perfect_prediction: c.perfect,
      perfect_prediction_rows: c.perfectRows,
      ...(d.dropped.zeroWeight ? { zero_weight: d.dropped.zeroWeight } : {}),
    },
    ...(more.extra ? { extra: more.extra } : {}),
  };
  return freezeResult(result);
}

/**
 * Stata's rule: if every row with x ≠ 0 has the same outcome, x predicts it perfectly, so x
 * and those rows are dropped (and noted); for a 0/1-type x the same holds for the x = 0 rows.
 * Repeated until nothing changes, since dropping rows can make another regressor perfect.
 */
export function dropPerfectPredictors(y: Float64Array, d: Design, link: LinkName, reporter: FitInput['reporter']): Cleaned {
  let rows: number[] | null = null;
  let X = d.X.slice() as Float64Array[];
  let names = d.names.slice();
  let yy = y;
  const perfect: string[] = [];
  let dropped = 0;
  for (let changed = true; changed; ) {
    changed = false;
    for (let a = 0; a < X.length; a++) {
      const x = X[a]!;
      const hit = perfectSide(x, yy);
      const cut = hit ? null : separatingCut(x, yy);
      if (!hit && !cut) continue;
      if (cut && !cut.quasi) throw new StudyError(diag(M.nlCompleteSeparation(link, names[a]!, cut.op, cut.at)));
      const keepIdx: number[] = [];
      if (hit) {
        for (let i = 0; i < yy.length; i++) if ((x[i] !== 0) !== (hit.side === 'nonzero')) keepIdx.push(i);
        reporter.add(diag(M.nlPerfectPrediction(names[a]!, hit.side, hit.outcome, yy.length - keepIdx.length), { severity: 'warning' }));
      } else {
        // Quasi-complete: only the rows at the cut are not determined; Stata keeps those.
        for (let i = 0; i < yy.length; i++) if (x[i] === cut!.at) keepIdx.push(i);
        reporter.add(diag(M.nlQuasiSeparation(names[a]!, cut!.op, cut!.at, yy.length - keepIdx.length), { severity: 'warning' }));
      }
      perfect.push(names[a]!);
      dropped += yy.length - keepIdx.length;
      const sel = Int32Array.from(keepIdx);
      rows = rows ? keepIdx.map((i) => rows![i]!) : keepIdx;
      yy = pick(yy, sel);
      X = X.filter((_, b) => b !== a).map((col) => pick(col, sel));
      names = names.filter((_, b) => b !== a);
      changed = true;
      break;
    }
  }
  let s = 0;
  for (let i = 0; i < yy.length; i++) s += yy[i]!;
  if (yy.length === 0 || s === 0 || s === yy.length) throw new StudyError(diag(M.nlOutcomeConstant(link, d.yName)));
  return { y: yy, X, names, keep: rows ? Int32Array.from(rows) : null, perfect, perfectRows: dropped };
}

function perfectSide(x: Float64Array, y: Float64Array): { side: 'nonzero' | 'zero'; outcome: 0 | 1 } | null {
  let nz = 0;
  let nzY = 0;
  let z = 0;
  let zY = 0;
  let other: number | null = null;
  let twoValued = true;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v !== 0) {
      nz++;
      nzY += y[i]!;
      if (other === null) other = v;
      else if (v !== other) twoValued = false;
    } else {
      z++;
      zY += y[i]!;
    }
  }
  if (nz === 0 || z === 0) return null;
  if (nzY === 0 || nzY === nz) return { side: 'nonzero', outcome: nzY === 0 ? 0 : 1 };
  if (twoValued && (zY === 0 || zY === z)) return { side: 'zero', outcome: zY === 0 ? 0 : 1 };
  return null;
}

/**
 * Stata's check of one regressor with more than two values: the outcome is a step
 * function of x. With c the largest x among failures and c' the smallest among successes,
 * c < c' means outcome = (x > c) exactly (complete separation: no MLE, an error); c = c'
 * means every row but those with x = c is determined (quasi-complete: x is dropped and only
 * the x = c rows are kept). The mirror image (successes below failures) likewise.
 */
function separatingCut(x: Float64Array, y: Float64Array): { op: '>' | '<'; at: number; quasi: boolean } | null {
  let max0 = -Infinity;
  let min0 = Infinity;
  let max1 = -Infinity;
  let min1 = Infinity;
  let varies = false;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v !== x[0]) varies = true;
    if (y[i]! === 0) {
      if (v > max0) max0 = v;
      if (v < min0) min0 = v;
    } else {
      if (v > max1) max1 = v;
      if (v < min1) min1 = v;
    }
  }
  if (!Number.isFinite(max0) || !Number.isFinite(max1) || !varies) return null;
  if (max0 < min1) return { op: '>', at: max0, quasi: false };
  if (max1 < min0) return { op: '<', at: min0, quasi: false };
  if (max0 === min1) return { op: '>', at: max0, quasi: true };
  if (max1 === min0) return { op: '<', at: min0, quasi: true };
  return null;
}

function pick(v: Float64Array, idx: Int32Array): Float64Array {
  const out = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = v[idx[i]!]!;
  return out;
}

function subsetGrouping(g: Grouping, idx: Int32Array): Grouping {
  const codes = new Int32Array(idx.length);
  for (let i = 0; i < idx.length; i++) codes[i] = g.codes[idx[i]!]!;
  return { ...g, codes };
}
