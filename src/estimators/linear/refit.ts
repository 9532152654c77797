/**
 * prepareFocalRefit: re-estimate one coefficient many times with a replaced column
 * (placebo / permutation draws) without redoing the whole regression.
 *
 * By Frisch–Waugh–Lovell, the focal coefficient equals the regression of ỹ on the focal
 * column after both are residualised on the fixed effects and the other regressors. The
 * other regressors are demeaned once here; each draw demeans only its replacement column
 * (one FE pass, or a centring) and projects it on the prepared controls: O(n·k) per draw.
 */
import type { Design } from '../../design/types.js';
import { StudyError, Reporter } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/messages/index.js';
import { linearMessages as M } from '../../diagnostics/messages/linear.js';
import { centered, crossprod, crossprodVec, dot, residuals } from '../../linalg/kernels.js';
import { demean } from '../../linalg/demean.js';
import { cholSolve, choleskySkip } from '../../linalg/dense.js';
import type { FitOptions } from '../registry.js';
import type { DemeanCache } from './cache.js';
import { transformColumns } from './prepare.js';

export interface FocalRefit {
  /** Coefficient of the focal regressor when its column is replaced by `replacement` (length design.n). */
  coefficient(replacement: Float64Array): number;
  /**
   * The same for several replacement columns at once: they are demeaned together, so one
   * sweep over the FE codes serves all of them (placebo batches). NaN where a column is absorbed.
   */
  coefficients(replacements: readonly Float64Array[]): Float64Array;
}

export function prepareFocalRefit(design: Design, options: FitOptions, focal: string, cache?: DemeanCache): FocalRefit {
  const j = design.names.indexOf(focal);
  if (j < 0) throw new StudyError(diag(M.linFocalNotInModel(focal)));
  const others = design.X.filter((_, p) => p !== j);
  const reporter = new Reporter();
  const T = transformColumns(design, [design.y, ...others], options, reporter, cache);
  const yT = T.columns[0]!;
  const W = T.columns.slice(1);
  const ch = choleskySkip(crossprod(W), W.length, 1e-10);
  const Wk = ch.kept.map((p) => W[p]!);
  const m = Wk.length;
  // ỹ residualised on the controls once; each draw only needs x̃ residualised too.
  const yR = m ? residuals(yT, Wk, cholSolve(ch.L, m, crossprodVec(Wk, yT))) : yT;
  const tol = options.tol ?? 1e-8;
  const maxIter = options.maxIter ?? 10_000;
  const transform = (xs: readonly Float64Array[]): Float64Array[] => {
    if (design.fe.length) return demean(xs, design.fe, { tol, maxIter }).columns;
    return design.intercept ? xs.map((x) => centered(x)) : xs.slice();
  };
  const coefficients = (replacements: readonly Float64Array[]): Float64Array =>
    Float64Array.from(transform(replacements), (xT, b) => {
      const xR = m ? residuals(xT, Wk, cholSolve(ch.L, m, crossprodVec(Wk, xT))) : xT;
      const sxx = dot(xR, xR);
      const raw = replacements[b]!;
      if (!(sxx > 1e-10 * dot(raw, raw))) return Number.NaN;
      return dot(xR, yR) / sxx;
    });
  return { coefficients, coefficient: (replacement) => coefficients([replacement])[0]! };
}
