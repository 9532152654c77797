/**
 * Columns an expression reads, as the plan needs them: identifiers anywhere, minus model
 * names (`resid(m)` reads model m, not a column), plus the default column arguments the user
 * did not write (`spatial_lag(x)` reads `lat` and `lon`).
 */
import type { Expr } from './ast.js';
import { FUNCTIONS } from './functions.js';

export function exprColumns(e: Expr, out: Set<string> = new Set()): Set<string> {
  switch (e.kind) {
    case 'ident':
      out.add(e.name);
      break;
    case 'unary':
      exprColumns(e.arg, out);
      break;
    case 'binary':
      exprColumns(e.left, out);
      exprColumns(e.right, out);
      break;
    case 'in':
      exprColumns(e.arg, out);
      break;
    case 'list':
      for (const i of e.items) exprColumns(i, out);
      break;
    case 'range':
      break;
    case 'call': {
      const spec = FUNCTIONS.get(e.name);
      const given = new Set<string>();
      e.args.forEach((a, k) => {
        const param = a.name !== undefined ? spec?.params.find((p) => p.name === a.name) : spec?.params[Math.min(k, spec.params.length - 1)];
        if (param) given.add(param.name);
        if (param?.type === 'model' || param?.type === 'string' || param?.type === 'number' || param?.type === 'values') return;
        exprColumns(a.value, out);
      });
      for (const p of spec?.params ?? []) {
        if (p.type === 'columns' && !given.has(p.name) && typeof p.default === 'string') out.add(p.default);
      }
      break;
    }
    default:
      break;
  }
  return out;
}
