/**
 * The record of a fit inside the data engine: the same variance, statistics and `_cons` as
 * the in-memory OLS (estimators/linear/ols.ts), formed from k×k aggregates. The meat always
 * carries a trailing constant column, so one meat serves the slopes (its top-left block),
 * the intercept of a model without fixed effects and reghdfe's `_cons` of one with them.
 */
import type { Grouping } from '../design/types.js';
import { StudyError } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/messages/index.js';
import { linearMessages as L } from '../diagnostics/messages/linear.js';
import type { FeDof } from '../linalg/fe-dof.js';
import { interceptVariance } from '../estimators/linear/fit.js';
import { coefficientTable, toRows, waldF } from '../estimators/linear/result.js';
import { freezeResult, type LinearExtra, type ModelResult } from '../estimators/result.js';
import { computeVcov, topLeft, type VcovOutput } from '../vcov/index.js';
import type { SqlFitOptions } from './fit.js';
import type { Gram } from './moments.js';
import type { SqlDesign, SqlSample } from './sample.js';

export interface Collinear {
  readonly kept: readonly number[];
  readonly dropped: readonly { readonly name: string; readonly reason: 'fixed_effects' | 'regressors' }[];
  /** Cholesky factor of the kept columns' cross-product. */
  readonly L: Float64Array;
}

export interface SqlFitParts {
  readonly d: SqlDesign;
  readonly o: SqlFitOptions;
  readonly sample: SqlSample;
  readonly gram: Gram;
  readonly col: Collinear;
  readonly b: Float64Array;
  readonly bread: Float64Array;
  readonly ssr: number;
  readonly meat?: Float64Array;
  readonly feDof: FeDof;
  readonly nestedLevels: number;
  readonly anyNested: boolean;
  readonly between?: { readonly between: number; readonly overall: number };
  readonly demean: { readonly iterations: number; readonly converged: boolean };
  readonly engine: { readonly statements: number; readonly seconds: number };
}

function augmentBread(bread: Float64Array, k: number, n: number): Float64Array {
  const out = new Float64Array((k + 1) * (k + 1));
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) out[i * (k + 1) + j] = bread[i * k + j]!;
  out[k * (k + 1) + k] = 1 / n;
  return out;
}

export function assembleSqlResult(p: SqlFitParts): ModelResult {
  const { d, o, sample, gram: g, col } = p;
  const n = sample.n;
  const kk = col.kept.length;
  const hasFe = d.fe.length > 0;
  const withIntercept = d.intercept && !hasFe;
  const kCoef = kk + (withIntercept ? 1 : 0);
  const dfResid0 = n - kCoef - p.feDof.total;
  if (dfResid0 <= 0) throw new StudyError(diag(L.linNoDegreesOfFreedom(o.id, n, kCoef + p.feDof.total)));
  // computeVcov reads the cluster counts from groupings and the dimension from X's length.
  const clusters: Grouping[] = d.clusters.map((c, i) => ({ name: c.name, codes: new Int32Array(0), nlevels: sample.clusterLevels[i]! }));
  const vcov = (augmented: boolean, kSsc: number, meat: Float64Array | undefined): VcovOutput => {
    const dim = kk + (augmented ? 1 : 0);
    return computeVcov({
      kind: o.kind,
      profile: o.profile,
      X: Array.from({ length: dim }, () => new Float64Array(0)),
      u: new Float64Array(0),
      bread: augmented ? augmentBread(p.bread, kk, n) : p.bread,
      ssr: p.ssr,
      clusters,
      ...(meat ? { meat } : {}),
      ssc: { n, k: kSsc, feDof: p.feDof.total, nestedLevels: p.nestedLevels, anyNested: p.anyNested, ...(o.noadjust ? { noadjust: true } : {}) },
    });
  };
  const names = col.kept.map((j) => d.x[j]!.name);
  const xbar = Float64Array.from(col.kept, (j) => g.means[j + 1]!);
  const ybar = g.means[0]!;
  let xbDot = 0;
  for (let i = 0; i < kk; i++) xbDot += xbar[i]! * p.b[i]!;

  let terms = names;
  let b: Float64Array = p.b;
  let V: Float64Array;
  const vout = withIntercept ? vcov(true, kCoef, p.meat) : vcov(false, kCoef, p.meat && topLeft(p.meat, kk + 1, kk));
  if (withIntercept) {
    V = interceptVariance(vout.V, kk, xbar);
    terms = ['(Intercept)', ...names];
    b = Float64Array.from([ybar - xbDot, ...p.b]);
  } else V = vout.V;
  const dfT = vout.ssc.dfT;
  const dfResid = vout.ssc.dfResid;

  const centred = hasFe || d.intercept;
  const tss = centred ? g.centred[0]! : g.sumsq[0]!;
  const r2 = 1 - p.ssr / tss;
  const slopeIdx = terms.map((_, j) => j).filter((j) => terms[j] !== '(Intercept)');
  const F = waldF(b, V, terms.length, slopeIdx, dfT);
  const sigma = Math.sqrt(p.ssr / dfResid);
  const stats: Record<string, number | null> = {
    r2,
    adj_r2: 1 - ((1 - r2) * (centred ? n - 1 : n)) / dfResid,
    r2_within: hasFe ? 1 - p.ssr / g.G[0]! : null,
    f: slopeIdx.length ? F.stat : null,
    f_df1: slopeIdx.length ? F.df1 : null,
    f_df2: slopeIdx.length ? dfT : null,
    f_p: slopeIdx.length ? F.p : null,
    rmse: o.profile === 'fixest' ? Math.sqrt(p.ssr / n) : sigma,
    sigma,
    ssr: p.ssr,
    tss,
    loglik: (-n / 2) * (1 + Math.log(2 * Math.PI) + Math.log(p.ssr / n)),
    df_resid: dfResid,
    k: terms.length,
    n_clusters: vout.nClusters ? Math.min(...vout.nClusters) : null,
    k_adj: vout.ssc.kAdj ?? null,
  };
  if (p.between) {
    stats.r2_between = p.between.between;
    stats.r2_overall = p.between.overall;
  }
  const extra: { -readonly [K in keyof LinearExtra]: LinearExtra[K] } = {
    collinear: col.dropped,
    fe_levels: Object.fromEntries(d.fe.map((f, q) => [f.name, sample.feLevels[q]!])),
    fe_dof: p.feDof.total,
    demean: { iterations: p.demean.iterations, converged: p.demean.converged },
    engine: { name: 'sql', statements: p.engine.statements },
  };
  if (hasFe) {
    const aug = vcov(true, kCoef, p.meat);
    const Vc = interceptVariance(aug.V, kk, xbar);
    extra.cons = coefficientTable(['_cons'], [ybar - xbDot], Vc.subarray(0, 1), 't', dfT)._cons;
  }
  const vcovLabel = o.kind === 'cluster' ? `cluster(${d.clusters.map((c) => c.name).join(', ')})` : (o.vcovText ?? o.kind);
  return freezeResult({
    family: 'linear',
    id: o.id,
    estimator: 'ols',
    formula: o.formula,
    nobs: n,
    fixed_effects: d.fe.map((f) => f.name),
    vcov: vcovLabel,
    conventions: o.profile,
    terms: [...terms],
    coefficients: coefficientTable(terms, b, V, 't', dfT),
    vcov_matrix: toRows(V, terms.length),
    inference: { dist: 't', df: dfT, ...(vout.nClusters ? { n_clusters: vout.nClusters } : {}) },
    stats,
    dropped: { singletons: sample.singletons, missing: sample.missing, collinear: col.dropped.map((x) => x.name), missing_by: sample.missingBy, sample: 0 },
    extra,
  } satisfies ModelResult);
}
