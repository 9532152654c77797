/**
 * The statistics every GLM with absorbed FE reports beside its log-likelihood: the Wald χ² of
 * the slopes (also the model χ², as Stata shows it with a robust or cluster variance) and the
 * information criteria, whose parameter count includes the absorbed FE.
 */
import { chi2Sf } from '../../linalg/distributions.js';
import { waldChi2 } from '../../linalg/dense.js';
import { slopeIndices } from '../binary/result.js';

export function glmStats(
  fit: { readonly beta: Float64Array; readonly loglik: number; readonly deviance: number; readonly iterations: number },
  V: Float64Array,
  terms: readonly string[],
  n: number,
  feDof: number,
): Record<string, number> {
  const k = terms.length;
  const slopes = slopeIndices(terms);
  const wald = waldChi2(fit.beta, V, k, slopes);
  const p = chi2Sf(wald, slopes.length);
  return {
    loglik: fit.loglik,
    deviance: fit.deviance,
    wald_chi2: wald,
    wald_df: slopes.length,
    wald_p: p,
    chi2: wald,
    chi2_df: slopes.length,
    chi2_p: p,
    aic: -2 * fit.loglik + 2 * (k + feDof),
    bic: -2 * fit.loglik + Math.log(n) * (k + feDof),
    iterations: fit.iterations,
    fe_dof: feDof,
  };
}
