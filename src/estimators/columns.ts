/**
 * Per-row columns of a fitted model (resid(m), fitted(m), predict(m), mills(m)), computed
 * from the design and the coefficients so that no estimator carries per-row vectors in its
 * result. Each registry entry names the builder for its family; the linear and binary
 * builders live in their family folders, the ones here are shared.
 */
import type { ColumnsInput } from './registry.js';
import type { ModelColumns } from './result.js';

/** x'b over the design rows (absent coefficients, e.g. collinear drops, count as zero). */
export function linearIndex(m: ColumnsInput): Float64Array {
  const { design, result } = m;
  const n = design.n;
  const xb = new Float64Array(n);
  const coef = result.coefficients;
  const b0 = coef['(Intercept)']?.estimate;
  if (design.intercept && b0 !== undefined) xb.fill(b0);
  const add = (cols: readonly Float64Array[], names: readonly string[]): void => {
    for (let j = 0; j < cols.length; j++) {
      const b = coef[names[j]!]?.estimate;
      if (b === undefined || b === 0) continue;
      const x = cols[j]!;
      for (let i = 0; i < n; i++) xb[i] += b * x[i]!;
    }
  };
  add(design.X, design.names);
  if (design.endog) add(design.endog.X, design.endog.names);
  return xb;
}

/** Only the linear index (survival models, MTE: no residual on the outcome's scale). */
export function indexColumns(m: ColumnsInput): ModelColumns {
  return { rows: m.design.rows, xb: linearIndex(m) };
}
