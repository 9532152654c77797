/**
 * Canonical text of a formula, for results.json and for the round-trip test: `{name}` lists
 * expanded, Stata spellings and `x*z` rewritten, terms in their canonical names.
 *
 *   y ~ x + z + x:z + l(x,1) + i(g, ref = "east") | firm + industry^year | q ~ q_iv
 */
import type { FixedEffect, Formula, Lhs, MultiFe, RhsItem, SingleFormula, Term } from './ast.js';

function terms(ts: readonly Term[]): string {
  return ts.map((t) => t.name).join(' + ');
}

function item(i: RhsItem): string {
  return i.kind === 'multi' ? `${i.op}(${i.alternatives.map(terms).join(', ')})` : i.name;
}

function fes(fs: readonly FixedEffect[]): string {
  return fs.map((f) => f.name).join(' + ');
}

function feMulti(m: MultiFe): string {
  return `${m.op}(${m.alternatives.map(fes).join(', ')})`;
}

export function formatLhs(l: Lhs): string {
  if (l.kind === 'surv') {
    return `Surv(${[l.start, l.time, l.event].filter((t) => t !== undefined).map((t) => t!.name).join(', ')})`;
  }
  return l.multi ? `c(${l.outcomes.map((o) => o.name).join(', ')})` : terms(l.outcomes);
}

export function formatRhs(items: readonly RhsItem[], intercept: boolean): string {
  const body = items.map(item).join(' + ');
  if (!body) return intercept ? '1' : '0';
  return intercept ? body : `${body} - 1`;
}

export function formatFormula(f: SingleFormula | Formula): string {
  let s = `${formatLhs(f.lhs)} ~ ${formatRhs(f.rhs, f.intercept)}`;
  const multi = 'fixedEffectsMulti' in f ? f.fixedEffectsMulti : undefined;
  const fe = [fes(f.fixedEffects), multi ? feMulti(multi) : ''].filter((x) => x).join(' + ');
  if (fe) s += ` | ${fe}`;
  if (f.iv) s += ` | ${terms(f.iv.endogenous)} ~ ${terms(f.iv.instruments)}`;
  return s;
}
