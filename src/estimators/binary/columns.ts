/**
 * Columns of a binary model: the probability of success as `fitted`, y − p as `resid`, and
 * for probit the inverse Mills ratio φ(x'b)/Φ(x'b) (Stata's heckman-by-hand step).
 */
import { normalCdf, normalPdf } from '../../linalg/distributions.js';
import { linearIndex } from '../columns.js';
import type { ColumnsInput } from '../registry.js';
import type { ModelColumns } from '../result.js';
import type { LinkName } from './link.js';

function inverseLink(link: LinkName, v: number): number {
  if (link === 'probit') return normalCdf(v);
  if (link === 'logit') return 1 / (1 + Math.exp(-v));
  return 1 - Math.exp(-Math.exp(v));
}

export function binaryColumns(link: LinkName): (m: ColumnsInput) => ModelColumns {
  return (m) => {
    const { design } = m;
    const xb = linearIndex(m);
    const n = design.n;
    const p = new Float64Array(n);
    for (let i = 0; i < n; i++) p[i] = inverseLink(link, xb[i]!);
    const resid = new Float64Array(n);
    for (let i = 0; i < n; i++) resid[i] = design.y[i]! - p[i]!;
    if (link !== 'probit') return { rows: design.rows, xb, fitted: p, resid };
    const mills = xb.map((z) => normalPdf(z) / normalCdf(z));
    return { rows: design.rows, xb, fitted: p, resid, mills: { rows: design.rows, values: mills } };
  };
}
