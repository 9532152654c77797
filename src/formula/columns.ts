/**
 * Every data column a formula reads: through term expressions, factors and their slopes,
 * fixed effects, the IV part and Surv(). The plan uses it to know which columns (and derived
 * variables) a model needs before any data is loaded.
 */
import { exprColumns } from '../expr/columns.js';
import type { Formula, Lhs, SingleFormula, Term } from './ast.js';

function addTerm(t: Term, out: Set<string>): void {
  switch (t.kind) {
    case 'numeric':
      exprColumns(t.expr, out);
      break;
    case 'factor':
      out.add(t.variable);
      if (t.slope) exprColumns(t.slope.expr, out);
      break;
    case 'interaction':
      for (const p of t.parts) addTerm(p, out);
      break;
  }
}

function addLhs(l: Lhs, out: Set<string>): void {
  if (l.kind === 'surv') {
    for (const t of [l.start, l.time, l.event]) if (t) exprColumns(t.expr, out);
  } else {
    for (const o of l.outcomes) exprColumns(o.expr, out);
  }
}

export function formulaColumns(f: Formula | SingleFormula): Set<string> {
  const out = new Set<string>();
  addLhs(f.lhs, out);
  for (const i of f.rhs) {
    if (i.kind === 'multi') for (const alt of i.alternatives) for (const t of alt) addTerm(t, out);
    else addTerm(i, out);
  }
  for (const fe of f.fixedEffects) for (const v of fe.variables) out.add(v);
  if ('fixedEffectsMulti' in f && f.fixedEffectsMulti) {
    for (const alt of f.fixedEffectsMulti.alternatives) for (const fe of alt) for (const v of fe.variables) out.add(v);
  }
  if (f.iv) for (const t of [...f.iv.endogenous, ...f.iv.instruments]) addTerm(t, out);
  return out;
}
