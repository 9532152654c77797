/**
 * resid/fitted of a linear model: y − x'b, and with absorbed fixed effects that residual
 * demeaned over them (at the demeaning fixed point this equals y − x'b − Σ FE exactly). A
 * weighted model's fixed effects are weighted means, so its residual is demeaned with the
 * model's weights (reghdfe's `predict, resid` after `[aw=]`).
 */
import { demean } from '../../linalg/demean.js';
import { demeanWeighted } from '../../linalg/demean-weighted.js';
import { linearIndex } from '../columns.js';
import type { ColumnsInput } from '../registry.js';
import type { ModelColumns } from '../result.js';

export function linearColumns(m: ColumnsInput): ModelColumns {
  const { design } = m;
  const xb = linearIndex(m);
  const raw = new Float64Array(design.n);
  for (let i = 0; i < design.n; i++) raw[i] = design.y[i]! - xb[i]!;
  const resid =
    design.fe.length === 0
      ? raw
      : design.weights
        ? demeanWeighted([raw], design.fe, design.weights, { tol: 1e-13, maxIter: 100_000 }).columns[0]!
        : demean([raw], design.fe, { tol: 1e-12, maxIter: 100_000 }).columns[0]!;
  const fitted = new Float64Array(design.n);
  for (let i = 0; i < design.n; i++) fitted[i] = design.y[i]! - resid[i]!;
  return { rows: design.rows, xb, fitted, resid };
}
