/**
 * Columns of a Heckman model: resid/fitted of the outcome equation (x'b without λ, as
 * Stata's `predict, xb`), and mills(m), the inverse Mills ratio of the selection probit on
 * every row of the selection sample, rebuilt from the selection design and its
 * coefficients with the same index the fit used.
 */
import { linearIndex as indexOf } from '../../linalg/kernels.js';
import { millsRatio } from '../binary/link.js';
import { withConstant } from '../binary/result.js';
import { linearColumns } from '../linear/columns.js';
import type { ColumnsInput } from '../registry.js';
import type { ModelColumns } from '../result.js';

export function heckmanColumns(m: ColumnsInput): ModelColumns {
  const base = linearColumns(m);
  const sel = m.selection;
  const coef = m.result.family === 'selection' ? m.result.extra.selection.coefficients : undefined;
  if (!sel || !coef) return base;
  const W = withConstant(sel.X, sel.names, sel.intercept, sel.n);
  const gamma = Float64Array.from(W.terms, (t) => coef[t]?.estimate ?? 0);
  const eta = indexOf(W.cols, gamma, sel.n);
  return { ...base, mills: { rows: sel.rows, values: Float64Array.from(eta, (e) => millsRatio(e)) } };
}
