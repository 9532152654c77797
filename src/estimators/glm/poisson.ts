/**
 * `estimator: poisson` — Poisson pseudo-maximum likelihood with any number of absorbed
 * fixed effects (Stata ppmlhdfe, fixest fepois), an offset/exposure, and the vcov menu.
 *
 *   Design (y ≥ 0, X, fe, offset, clusters)
 *     | 1. outcome checks (finite, ≥ 0, not all zero)
 *     | 2. separation: all-zero FE groups, regressors nonzero only where y = 0 (separation.ts)
 *     | 3. IRLS with weighted HDFE demeaning (poisson-irls.ts)
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
 */
import { toNested } from '../../linalg/dense.js';
import type { Design, Grouping } from '../../design/types.js';
import { StudyError } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/messages/index.js';
import { glmMessages as M } from '../../diagnostics/messages/glm.js';
import { lgamma } from '../../linalg/distributions.js';
import { feDof } from '../../linalg/fe-dof.js';
import { coefficientTable, withConstant } from '../binary/result.js';
import type { FitInput } from '../registry.js';
import { freezeResult, type GlmResult, type ModelResult } from '../result.js';
import { fitGlmIrls, poissonFamily } from './irls.js';
import { glmStats } from './stats.js';
import { glmVcov } from './vcov.js';
import { feSeparation, pick, regressorSeparation, subsetGrouping } from './separation.js';

interface Sample {
  readonly y: Float64Array;
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
function separate(d: Design, input: FitInput): Sample {
  let keep: Int32Array | null = null;
  const restrict = (rows: Int32Array): void => {
    keep = keep ? Int32Array.from(rows, (r) => keep![r]!) : rows;
  };
  let y = d.y;
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
  }
  const clusters = keep ? d.clusters.map((g) => subsetGrouping(g, keep!)) : d.clusters.slice();
  return { y, X, fe, clusters, ...(offset ? { offset } : {}), keep, separatedRows, separatedVars };
}

/** Log-likelihood of the constant-only Poisson model: μ = exp(c + offset), c in closed form. */
function constantOnlyLoglik(y: Float64Array, offset?: Float64Array): number {
  let sy = 0;
  let se = 0;
  for (let i = 0; i < y.length; i++) {
    sy += y[i]!;
    se += offset ? Math.exp(offset[i]!) : 1;
  }
  const c = Math.log(sy / se);
  let ll = 0;
  for (let i = 0; i < y.length; i++) {
    const e = c + (offset ? offset[i]! : 0);
    ll += y[i]! * e - Math.exp(e) - lgamma(y[i]! + 1);
  }
  return ll;
}

export function fitPoisson(input: FitInput): GlmResult {
  const { design: d, options } = input;
  checkOutcome(d, input.id);
  const s = separate(d, input);
  const n = s.y.length;
  const { cols, terms: allTerms } = withConstant(s.X, d.names, d.intercept && s.fe.length === 0, n);
  const fit = fitGlmIrls({ family: poissonFamily,
    y: s.y,
    X: cols,
    fes: s.fe,
    ...(s.offset ? { offset: s.offset } : {}),
    ...(options.tol !== undefined ? { tol: options.tol } : {}),
    ...(options.maxIter !== undefined ? { maxIter: options.maxIter } : {}),
  });
  if (!fit.converged) throw new StudyError(diag(M.glmNotConverged(input.id, fit.iterations)));
  if (fit.kept.length === 0) throw new StudyError(diag(M.glmNoRegressors(input.id)));
  const terms = fit.kept.map((j) => allTerms[j]!);
  const collinear = fit.collinear.map((j) => allTerms[j]!).filter((t) => !s.separatedVars.includes(t));
  const k = terms.length;
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) u[i] = s.y[i]! - Math.exp(fit.eta[i]!);
  const v = glmVcov({ bread: fit.bread, Xd: fit.Xd, scores: u, fe: s.fe, clusters: s.clusters, options, modelOim: 'oim' });
  const profile = options.conventions ?? 'stata';
  const llNull = constantOnlyLoglik(s.y);
  // ppmlhdfe's ll_0 needs a second IRLS (the FE alone); only the stata profile reports it.
  const ll0 = profile !== 'stata'
    ? null
    : s.fe.length === 0
      ? constantOnlyLoglik(s.y, s.offset)
      : fitGlmIrls({ family: poissonFamily, y: s.y, X: [], fes: s.fe, ...(s.offset ? { offset: s.offset } : {}) }).loglik;
  const dof = feDof(s.fe);
  const result: GlmResult = {
    family: 'glm',
    id: input.id,
    estimator: 'poisson',
    formula: input.formula,
    nobs: n,
    fixed_effects: s.fe.map((g) => g.name),
    vcov: v.text,
    conventions: profile,
    terms,
    coefficients: coefficientTable(terms, fit.beta, v.V),
    vcov_matrix: toNested(v.V, k),
    inference: { dist: 'normal', ...(v.nClusters ? { n_clusters: v.nClusters } : {}) },
    stats: {
      ...glmStats(fit, v.V, terms, n, dof.total),
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
