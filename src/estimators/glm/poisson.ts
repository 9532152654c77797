/**
 * `estimator: poisson` — Poisson pseudo-maximum likelihood with any number of absorbed
 * fixed effects (Stata ppmlhdfe, fixest fepois), an offset/exposure, and the vcov menu.
 *
 *   Design (y ≥ 0, X, fe, offset, clusters)
 *     | 1. outcome checks (finite, ≥ 0, not all zero)
 *     | 2. separation: all-zero FE groups, regressors nonzero only where y = 0, combinations
 *     |    of regressors and FE (the iterated rectifier) (separation.ts)
 *     | 3. IRLS with weighted HDFE demeaning (irls.ts)
 *     | 4. vcov from the demeaned regressors and y − μ, scaled per convention (below)
 *     v
 *   ModelResult: z inference, loglik, deviance, pseudo R², Wald χ²
 *
 * Conventions (docs/conventions.md, "Poisson"):
 *   stata  — Stata's ML rules (poisson, ppmlhdfe): iid = inverse information (oim),
 *            robust = HC0 × n/(n−1), cluster = each way's G/(G−1); pseudo R² against the
 *            model with only the FE (ppmlhdfe's ll_0; the constant-only model without FE).
 *   fixest — fixest 0.12 fepois: iid × (n−1)/(n−K), robust = HC0 × n/(n−K),
 *            cluster × G/(G−1)·(n−1)/(n−K) with FE nested in the cluster not counted in K;
 *            pseudo R² against the constant-only model without offset (fixest's ll_null).
 * Without `vcov:` the stata profile reports robust (ppmlhdfe's default), fixest clustered by
 * the first FE (iid without FE), as fepois does. Weights: see poissonWeights.
 */
import { toNested } from '../../linalg/dense.js';
import type { Design, Grouping } from '../../design/types.js';
import { StudyError } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/messages/index.js';
import { glmMessages as M } from '../../diagnostics/messages/glm.js';
import { feDof } from '../../linalg/fe-dof.js';
import { coefficientTable, withConstant } from '../binary/result.js';
import type { FitInput, WeightKind } from '../registry.js';
import { inferenceMessages as IM } from '../../diagnostics/messages/inference.js';
import { freezeResult, type GlmResult } from '../result.js';
import { fitGlmIrls, poissonFamily, sumLogFactorial } from './irls.js';
import { glmStats } from './stats.js';
import { glmVcov } from './vcov.js';
import { feSeparation, pick, regressorSeparation, reluSeparation, subsetGrouping } from './separation.js';

interface Sample {
  readonly y: Float64Array;
  /** Observation weights on the kept rows (see poissonWeights), if any. */
  readonly w?: Float64Array;
  readonly X: Float64Array[];
  readonly fe: Grouping[];
  readonly clusters: Grouping[];
  readonly offset?: Float64Array;
  /** Indices into the design's rows, when rows were dropped. */
  readonly keep: Int32Array | null;
  readonly separatedRows: number;
  readonly separatedVars: string[];
}

function checkOutcome(d: Design, id: string): void {
  let neg = 0;
  let first = -1;
  let positive = 0;
  for (let i = 0; i < d.n; i++) {
    const v = d.y[i]!;
    if (v < 0) {
      if (first < 0) first = i;
      neg++;
    } else if (v > 0) positive++;
  }
  if (neg) throw new StudyError(diag(M.glmNegativeOutcome(id, d.yName, neg, first + 1, d.y[first]!)));
  if (positive === 0) throw new StudyError(diag(M.glmOutcomeAllZero(id, d.yName)));
}

/** Drop separated rows (FE groups, then single regressors) and restrict every column. */
function separate(d: Design, input: FitInput, weights: Float64Array | undefined): Sample {
  let keep: Int32Array | null = null;
  const restrict = (rows: Int32Array): void => {
    keep = keep ? Int32Array.from(rows, (r) => keep![r]!) : rows;
  };
  let y = d.y;
  let w = weights;
  let X = d.X.slice() as Float64Array[];
  let fe = d.fe.slice();
  let offset = d.offset;
  let separatedRows = 0;
  const fs = feSeparation(y, fe);
  if (fs.keep) {
    const detail = fe.map((g, q) => (fs.levels[q] ? `${fs.levels[q]} of ${g.name}` : '')).filter(Boolean).join(', ');
    input.reporter.add(diag(M.glmFeSeparation(fs.rows, detail), { severity: 'warning' }));
    separatedRows += fs.rows;
    restrict(fs.keep);
    y = pick(y, fs.keep);
    X = X.map((c) => pick(c, fs.keep!));
    fe = fe.map((g) => subsetGrouping(g, fs.keep!));
    if (offset) offset = pick(offset, fs.keep);
    if (w) w = pick(w, fs.keep);
  }
  const rs = regressorSeparation(y, X);
  const separatedVars = rs.separated.map((s) => d.names[s.index]!);
  if (rs.keep) {
    for (const s of rs.separated) input.reporter.add(diag(M.glmRegressorSeparation(d.names[s.index]!, s.rows), { severity: 'warning' }));
    separatedRows += y.length - rs.keep.length;
    restrict(rs.keep);
    y = pick(y, rs.keep);
    X = X.map((c) => pick(c, rs.keep!));
    fe = fe.map((g) => subsetGrouping(g, rs.keep!));
    if (offset) offset = pick(offset, rs.keep);
    if (w) w = pick(w, rs.keep);
  }
  // Separation by a combination of regressors (and FE): the constant is one of them without FE.
  const withOnes = d.intercept && fe.length === 0 ? [...X, new Float64Array(y.length).fill(1)] : X;
  const relu = reluSeparation(y, withOnes, fe);
  if (!relu.converged) input.reporter.add(diag(M.glmReluNotConverged(relu.iterations), { severity: 'warning' }));
  if (relu.keep) {
    input.reporter.add(diag(M.glmReluSeparation(relu.rows, relu.iterations), { severity: 'warning' }));
    separatedRows += relu.rows;
    restrict(relu.keep);
    y = pick(y, relu.keep);
    X = X.map((c) => pick(c, relu.keep!));
    fe = fe.map((g) => subsetGrouping(g, relu.keep!));
    if (offset) offset = pick(offset, relu.keep);
    if (w) w = pick(w, relu.keep);
  }
  const clusters = keep ? d.clusters.map((g) => subsetGrouping(g, keep!)) : d.clusters.slice();
  return { y, ...(w ? { w } : {}), X, fe, clusters, ...(offset ? { offset } : {}), keep, separatedRows, separatedVars };
}

/** Log-likelihood of the constant-only Poisson model: μ = exp(c + offset), c in closed form. */
function constantOnlyLoglik(y: Float64Array, w: Float64Array | undefined, offset?: Float64Array): number {
  let sy = 0;
  let se = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w ? w[i]! : 1;
    sy += wi * y[i]!;
    se += wi * (offset ? Math.exp(offset[i]!) : 1);
  }
  const c = Math.log(sy / se);
  let ll = 0;
  for (let i = 0; i < y.length; i++) {
    const e = c + (offset ? offset[i]! : 0);
    ll += (w ? w[i]! : 1) * (y[i]! * e - Math.exp(e));
  }
  return ll - sumLogFactorial(y, w);
}

/**
 * Observation weights as the fit uses them: frequency weights as counts; analytic and
 * probability weights rescaled to mean 1 under the stata profile (Stata normalises [aw=] to
 * sum to N; only the model-based variance depends on the scale), as given under fixest
 * (fepois uses `weights =` as they are).
 */
function poissonWeights(d: Design, options: FitInput['options']): { w: Float64Array; kind: WeightKind; sum: number } | undefined {
  const spec = options.weights as { column: string; kind: WeightKind } | undefined;
  const raw = d.weights;
  if (!raw || !spec) return undefined;
  let sum = 0;
  for (let i = 0; i < raw.length; i++) sum += raw[i]!;
  if (spec.kind === 'frequency') {
    for (let i = 0; i < raw.length; i++) if (!Number.isInteger(raw[i]!)) throw new StudyError(diag(IM.infFrequencyNotInteger(spec.column, raw[i]!)));
    return { w: raw, kind: spec.kind, sum };
  }
  const scale = (options.conventions ?? 'stata') === 'stata' ? raw.length / sum : 1;
  return { w: scale === 1 ? raw : raw.map((v) => v * scale), kind: spec.kind, sum };
}

/**
 * The variance when the spec names none: robust under stata (ppmlhdfe's default vce), and
 * under fixest what fepois 0.12 does — clustered by the first FE when there are FE, else iid.
 * A vcov written in the spec, or implied by probability weights, is kept.
 */
function defaultVcov(options: FitInput['options'], fe: readonly Grouping[]): { options: FitInput['options']; clusters?: Grouping[] } {
  const unasked = options['vcovGiven'] === false && (options.vcov === 'iid' || options.vcov === 'default');
  if (!unasked && options.vcov !== 'default') return { options };
  if ((options.conventions ?? 'stata') === 'stata') return { options: { ...options, vcov: 'hc1' } };
  if (fe.length === 0) return { options: { ...options, vcov: 'iid' } };
  return { options: { ...options, vcov: 'cluster' }, clusters: [fe[0]!] };
}

export function fitPoisson(input: FitInput): GlmResult {
  const { design: d } = input;
  checkOutcome(d, input.id);
  const pw = poissonWeights(d, input.options);
  const s = separate(d, input, pw?.w);
  const dv = defaultVcov(input.options, s.fe);
  const options = dv.options;
  const clusters = dv.clusters ?? s.clusters;
  const n = s.y.length;
  // Frequency weights are copies of rows: n = Σw in nobs and every small-sample rule.
  let nEff = n;
  if (pw?.kind === 'frequency') {
    nEff = 0;
    for (let i = 0; i < n; i++) nEff += s.w![i]!;
  }
  const { cols, terms: allTerms } = withConstant(s.X, d.names, d.intercept && s.fe.length === 0, n);
  const fit = fitGlmIrls({ family: poissonFamily,
    y: s.y,
    X: cols,
    fes: s.fe,
    ...(s.offset ? { offset: s.offset } : {}),
    ...(s.w ? { weights: s.w } : {}),
    ...(options.tol !== undefined ? { tol: options.tol } : {}),
    ...(options.maxIter !== undefined ? { maxIter: options.maxIter } : {}),
  });
  if (!fit.converged) throw new StudyError(diag(M.glmNotConverged(input.id, fit.iterations)));
  if (fit.kept.length === 0) throw new StudyError(diag(M.glmNoRegressors(input.id)));
  const terms = fit.kept.map((j) => allTerms[j]!);
  const collinear = fit.collinear.map((j) => allTerms[j]!).filter((t) => !s.separatedVars.includes(t));
  const k = terms.length;
  // Score of row i: w_i (y_i − μ_i) x̃_i. A robust meat counts a frequency-weighted row w_i
  // times (Σ w u² x̃x̃'), so its scores carry √w; cluster sums add the copies, w·u.
  const rootW = pw?.kind === 'frequency' && options.vcov === 'hc1';
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = s.y[i]! - Math.exp(fit.eta[i]!);
    u[i] = s.w ? (rootW ? Math.sqrt(s.w[i]!) : s.w[i]!) * r : r;
  }
  const v = glmVcov({ bread: fit.bread, Xd: fit.Xd, scores: u, n: nEff, fe: s.fe, clusters, options, modelOim: 'oim' });
  const profile = options.conventions ?? 'stata';
  const llNull = constantOnlyLoglik(s.y, s.w);
  // ppmlhdfe's ll_0 needs a second IRLS (the FE alone); only the stata profile reports it.
  const ll0 = profile !== 'stata'
    ? null
    : s.fe.length === 0
      ? constantOnlyLoglik(s.y, s.w, s.offset)
      : fitGlmIrls({ family: poissonFamily, y: s.y, X: [], fes: s.fe, ...(s.offset ? { offset: s.offset } : {}), ...(s.w ? { weights: s.w } : {}) }).loglik;
  const dof = feDof(s.fe);
  const result: GlmResult = {
    family: 'glm',
    id: input.id,
    estimator: 'poisson',
    formula: input.formula,
    nobs: nEff,
    fixed_effects: s.fe.map((g) => g.name),
    vcov: v.text,
    conventions: profile,
    terms,
    coefficients: coefficientTable(terms, fit.beta, v.V),
    vcov_matrix: toNested(v.V, k),
    inference: { dist: 'normal', ...(v.nClusters ? { n_clusters: v.nClusters } : {}) },
    stats: {
      ...glmStats(fit, v.V, terms, nEff, dof.total),
      loglik_0: ll0,
      loglik_null: llNull,
      pseudo_r2: 1 - fit.loglik / (ll0 ?? llNull),
    },
    dropped: {
      singletons: d.dropped.singletons,
      missing: d.dropped.missing,
      collinear: [...d.dropped.collinear.map((x) => x.name), ...collinear],
      separated: s.separatedRows,
      separated_regressors: s.separatedVars,
    },
    ...(s.keep ? { extra: { rows_used: Int32Array.from(s.keep, (r) => d.rows[r]!) } } : {}),
  };
  return freezeResult(result);
}
