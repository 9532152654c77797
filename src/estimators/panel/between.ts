/**
 * The between estimator (Stata `xtreg, be`): OLS of the unit means of y on the unit means of
 * the regressors, one row per unit, unweighted. The unit is the single grouping after `|`
 * (`y ~ x | firm`), which is not absorbed. Singleton units are kept, as xtreg keeps them.
 *
 * Inference as xtreg, be: iid with σ² = SSR/(G − K − 1), t statistics on G − K − 1 degrees of
 * freedom; `nobs` is the rows used and `stats.n_groups` the units. xtreg, be offers no robust
 * or clustered variance, so those are refused rather than ignored.
 */
import { StudyError } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/messages/index.js';
import { glmMessages as G } from '../../diagnostics/messages/glm.js';
import { linearMessages as M } from '../../diagnostics/messages/linear.js';
import { fSf } from '../../linalg/distributions.js';
import { crossprod, crossprodVec, dot, groupCounts, groupSums, residuals } from '../../linalg/kernels.js';
import { cholInverse, cholSolve, choleskySkip, quadFormInv, subMatrix, toNested } from '../../linalg/dense.js';
import { coefficientTable } from '../binary/result.js';
import type { FitInput } from '../registry.js';
import { freezeResult, type PanelResult } from '../result.js';

export function fitBetween(input: FitInput): PanelResult {
  const { design: d, options } = input;
  if (d.fe.length !== 1) throw new StudyError(diag(M.linNeedsPanel(input.id)));
  if (options.vcov !== 'iid' && options.vcov !== 'default') throw new StudyError(diag(G.glmBetweenVcov(String(options.vcov))));
  const g = d.fe[0]!;
  const cnt = groupCounts(g.codes, g.nlevels);
  let units = 0;
  for (let j = 0; j < g.nlevels; j++) if (cnt[j]! > 0) units++;
  const means = (x: Float64Array): Float64Array => {
    const s = groupSums(x, g.codes, g.nlevels);
    const out = new Float64Array(units);
    for (let j = 0, r = 0; j < g.nlevels; j++) if (cnt[j]! > 0) out[r++] = s[j]! / cnt[j]!;
    return out;
  };
  const yb = means(d.y);
  const Xb = [new Float64Array(units).fill(1), ...d.X.map(means)];
  const names = ['(Intercept)', ...d.names];
  const ch = choleskySkip(crossprod(Xb), Xb.length, 1e-10);
  const kept = ch.kept;
  const cols = kept.map((j) => Xb[j]!);
  const terms = kept.map((j) => names[j]!);
  const k = cols.length;
  const df = units - k;
  if (df <= 0) throw new StudyError(diag(M.linNoDegreesOfFreedom(input.id, units, k)));
  const b = cholSolve(ch.L, k, kept.map((j) => crossprodVec(Xb, yb)[j]!));
  const u = residuals(yb, cols, b);
  const ssr = dot(u, u);
  const s2 = ssr / df;
  const V = cholInverse(ch.L, k).map((v) => v * s2);
  let ybar = 0;
  for (let i = 0; i < units; i++) ybar += yb[i]!;
  ybar /= units;
  let tss = 0;
  for (let i = 0; i < units; i++) tss += (yb[i]! - ybar) ** 2;
  const slopes = terms.map((_, a) => a).filter((a) => a > 0);
  const f = slopes.length ? quadFormInv(subMatrix(V, k, slopes), slopes.map((a) => b[a]!), slopes.length) / slopes.length : null;
  const collinear = ch.dropped.map((j) => names[j]!);
  const result: PanelResult = {
    family: 'panel',
    id: input.id,
    estimator: 'between',
    formula: input.formula,
    nobs: d.n,
    fixed_effects: [],
    vcov: 'iid',
    conventions: options.conventions ?? 'stata',
    terms,
    coefficients: coefficientTable(terms, b, V, 't', df),
    vcov_matrix: toNested(V, k),
    inference: { dist: 't', df },
    stats: {
      n_groups: units,
      r2_between: 1 - ssr / tss,
      r2: 1 - ssr / tss,
      adj_r2: 1 - (ssr / df) / (tss / (units - 1)),
      rmse: Math.sqrt(s2),
      df_resid: df,
      f,
      f_df1: slopes.length,
      f_df2: df,
      f_p: f === null ? null : fSf(f, slopes.length, df),
    },
    dropped: {
      singletons: 0,
      missing: d.dropped.missing,
      collinear: [...d.dropped.collinear.map((x) => x.name), ...collinear],
    },
  };
  return freezeResult(result);
}
