/**
 * Probit, logit and cloglog with absorbed fixed effects (fixest `feglm`; in Stata the same
 * estimates come from `probit y x i.firm`, the unconditional ML with dummies).
 *
 *   1. y read as Stata does (0 = failure, any other value = success)
 *   2. FE groups whose outcomes are all 0 or all 1 are dropped (they are separated: their FE
 *      would go to ∓∞), repeatedly, since dropping one FE's rows can empty another's mix
 *   3. IRLS with the observed information as weights: Newton steps (glm/irls.ts)
 *   4. the variance: bread from the observed information (Stata, default) or the expected one
 *      (fixest, R; `information: expected`) — for logit the two coincide; with FE the β block
 *      of the inverse information is (X̃'WX̃)⁻¹ with X̃ demeaned using those same weights
 *      (the Schur complement of the FE block), so the expected bread needs one more demeaning
 *
 * Regressor separation with FE is not searched for; a separated regressor makes IRLS diverge,
 * which is reported (SS704). Weights (binary/weights.ts) multiply the IRLS weights, the
 * information and the scores; frequency weights set N = Σw in nobs and the small-sample rules.
 */
import type { Grouping } from '../../design/types.js';
import { StudyError } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/messages/index.js';
import { glmMessages as G } from '../../diagnostics/messages/glm.js';
import { nonlinearMessages as M } from '../../diagnostics/messages/nonlinear.js';
import { demeanWeighted } from '../../linalg/demean-weighted.js';
import { feDof } from '../../linalg/fe-dof.js';
import { cholInverse, choleskySkip, toNested } from '../../linalg/dense.js';
import { binaryLink, type LinkName } from '../binary/link.js';
import { coefficientTable } from '../binary/result.js';
import type { FitInput } from '../registry.js';
import { freezeResult, type BinaryResult } from '../result.js';
import { binaryFamily, fitGlmIrls } from './irls.js';
import { pick, subsetGrouping } from './separation.js';
import { glmStats } from './stats.js';
import { glmVcov } from './vcov.js';
import { binaryWeights, subsetWeights, weightedEvents, weightedN, weightedScores } from '../binary/weights.js';

/** Rows kept after dropping FE groups with no variation in y, repeated to a fixed point. */
function dropConstantGroups(y: Float64Array, fes: readonly Grouping[]): { keep: Int32Array | null; levels: number[] } {
  const n = y.length;
  const alive = new Uint8Array(n).fill(1);
  const levels = fes.map(() => 0);
  for (let changed = true; changed; ) {
    changed = false;
    fes.forEach((fe, q) => {
      const cnt = new Float64Array(fe.nlevels);
      const sum = new Float64Array(fe.nlevels);
      for (let i = 0; i < n; i++) {
        if (!alive[i]) continue;
        cnt[fe.codes[i]!]++;
        sum[fe.codes[i]!] += y[i]!;
      }
      for (let l = 0; l < fe.nlevels; l++) if (cnt[l]! > 0 && (sum[l] === 0 || sum[l] === cnt[l])) levels[q]!++;
      for (let i = 0; i < n; i++) {
        if (!alive[i]) continue;
        const l = fe.codes[i]!;
        if (sum[l] === 0 || sum[l] === cnt[l]) {
          alive[i] = 0;
          changed = true;
        }
      }
    });
  }
  let kept = 0;
  for (let i = 0; i < n; i++) kept += alive[i]!;
  if (kept === n) return { keep: null, levels };
  const keep = new Int32Array(kept);
  for (let i = 0, j = 0; i < n; i++) if (alive[i]) keep[j++] = i;
  return { keep, levels };
}

export function fitBinaryFe(input: FitInput, linkName: LinkName): BinaryResult {
  const { design: d, options, reporter } = input;
  const link = binaryLink(linkName);
  const y0 = new Float64Array(d.n);
  for (let i = 0; i < d.n; i++) {
    const v = d.y[i]!;
    if (!Number.isFinite(v)) throw new StudyError(diag(M.nlOutcomeNotBinary(linkName, d.yName)));
    y0[i] = v !== 0 ? 1 : 0;
  }
  const weights0 = binaryWeights(d, options);
  const sep = dropConstantGroups(y0, d.fe);
  let y: Float64Array = y0;
  let X = d.X.slice() as Float64Array[];
  let fe = d.fe.slice();
  let clusters = d.clusters.slice();
  if (sep.keep) {
    const k = sep.keep;
    const detail = fe.map((g, q) => (sep.levels[q] ? `${sep.levels[q]} of ${g.name}` : '')).filter(Boolean).join(', ');
    reporter.add(diag(G.glmBinaryFeSeparation(d.n - k.length, detail), { severity: 'warning' }));
    y = pick(y, k);
    X = X.map((c) => pick(c, k));
    fe = fe.map((g) => subsetGrouping(g, k));
    clusters = clusters.map((g) => subsetGrouping(g, k));
  }
  const bw = subsetWeights(weights0, sep.keep);
  const pw = bw?.w;
  const n = y.length;
  if (n === 0) throw new StudyError(diag(M.nlOutcomeConstant(linkName, d.yName)));
  // N of nobs, the small-sample rules and BIC: Σw with frequency weights, else rows.
  const nObs = weightedN(bw, n);
  const fit = fitGlmIrls({
    family: binaryFamily(link),
    y,
    X,
    fes: fe,
    ...(pw ? { weights: pw } : {}),
    ...(options.tol !== undefined ? { tol: options.tol } : {}),
    ...(options.maxIter !== undefined ? { maxIter: options.maxIter } : {}),
  });
  if (!fit.converged) throw new StudyError(diag(G.glmNotConverged(input.id, fit.iterations)));
  if (fit.kept.length === 0) throw new StudyError(diag(G.glmNoRegressors(input.id)));
  const terms = fit.kept.map((j) => d.names[j]!);
  const k = terms.length;
  const information = options.information ?? 'observed';
  // The bread at the final η: IRLS's own (X̃'WX̃)⁻¹ carries the weights of the iterate
  // before it, ~1e-7 away, which a small p-value magnifies by z².
  let bread: Float64Array;
  let Xd: readonly Float64Array[];
  {
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) w[i] = (pw ? pw[i]! : 1) * (information === 'expected' ? link.expected(fit.eta[i]!) : link.observed(y[i]!, fit.eta[i]!));
    const cols = fit.kept.map((j) => X[j]!);
    Xd = demeanWeighted(cols, fe, w, { tol: 1e-12 }).columns;
    const A = new Float64Array(k * k);
    for (let a = 0; a < k; a++) {
      for (let b = a; b < k; b++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += w[i]! * Xd[a]![i]! * Xd[b]![i]!;
        A[a * k + b] = A[b * k + a] = s;
      }
    }
    const ch = choleskySkip(A, k, 1e-12);
    if (ch.dropped.length) throw new StudyError(diag(M.nlSingularHessian(linkName)));
    bread = cholInverse(ch.L, k);
  }
  const s0 = new Float64Array(n);
  for (let i = 0; i < n; i++) s0[i] = link.score(y[i]!, fit.eta[i]!);
  const scores = weightedScores(s0, bw);
  const v = glmVcov({
    bread, Xd, scores: scores.cluster, fe, clusters, options, modelOim: information === 'observed' ? 'oim' : 'eim',
    ...(bw ? { n: nObs, hcScores: scores.hc } : {}),
  });
  // Constant-only model: μ = ȳ (weighted mean), ℓ₀ = Σw [ȳ log ȳ + (1 − ȳ) log(1 − ȳ)].
  let ybar = 0;
  let sw = 0;
  for (let i = 0; i < n; i++) {
    ybar += (pw ? pw[i]! : 1) * y[i]!;
    sw += pw ? pw[i]! : 1;
  }
  ybar /= sw;
  const llNull = sw * (ybar > 0 && ybar < 1 ? ybar * Math.log(ybar) + (1 - ybar) * Math.log(1 - ybar) : 0);
  const pseudo = bw?.kind === 'probability';
  const dof = feDof(fe);
  const common = glmStats(fit, v.V, terms, nObs, dof.total);
  const result: BinaryResult = {
    family: 'binary',
    id: input.id,
    estimator: linkName,
    formula: input.formula,
    nobs: nObs,
    fixed_effects: fe.map((g) => g.name),
    vcov: v.text,
    conventions: options.conventions ?? 'stata',
    terms,
    coefficients: coefficientTable(terms, fit.beta, v.V),
    vcov_matrix: toNested(v.V, k),
    inference: { dist: 'normal', ...(v.nClusters ? { n_clusters: v.nClusters } : {}) },
    stats: {
      ...common,
      // A probability-weighted likelihood is a pseudo-likelihood: no information criteria.
      ...(pseudo ? { aic: null, bic: null } : {}),
      loglik_0: llNull,
      pseudo_r2: 1 - fit.loglik / llNull,
      n_events: weightedEvents(y, bw),
    },
    dropped: {
      singletons: d.dropped.singletons,
      missing: d.dropped.missing,
      collinear: [...d.dropped.collinear.map((x) => x.name), ...fit.collinear.map((j) => d.names[j]!)],
      separated: d.n - n,
      ...(d.dropped.zeroWeight ? { zero_weight: d.dropped.zeroWeight } : {}),
    },
    ...(sep.keep ? { extra: { rows_used: Int32Array.from(sep.keep, (r) => d.rows[r]!) } } : {}),
  };
  return freezeResult(result);
}

