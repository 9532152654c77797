/**
 * Multiple estimation: one SingleFormula per combination of outcome (c()), regressor step
 * (sw/csw/sw0/csw0) and fixed-effect step, in fixest's order — fixed effects outermost, then
 * outcomes, then regressors.
 *
 *   sw(a, b)    → [a], [b]          csw(a, b)  → [a], [a, b]
 *   sw0(a, b)   → [], [a], [b]      csw0(a, b) → [], [a], [a, b]
 *
 * Step labels: "1", "2", … for sw/csw steps (counting the empty step of sw0/csw0), the outcome
 * name for c(); combined with '/', e.g. "y1/2" (or "fe/y1/2" with a fixed-effect step).
 */
import type { Formula, Lhs, MultiFe, MultiTerm, SingleFormula, Term, FixedEffect } from './ast.js';

interface Step<T> {
  readonly value: T;
  readonly label?: string;
}

function steps<T>(op: MultiTerm['op'] | MultiFe['op'], alternatives: readonly (readonly T[])[]): (readonly T[])[] {
  const cumulative = op === 'csw' || op === 'csw0';
  const out: (readonly T[])[] = op === 'sw0' || op === 'csw0' ? [[]] : [];
  let acc: T[] = [];
  for (const alt of alternatives) {
    acc = cumulative ? [...acc, ...alt] : [...alt];
    out.push(acc);
  }
  return out;
}

function dedupe<T extends { readonly name: string }>(xs: readonly T[]): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => (seen.has(x.name) ? false : (seen.add(x.name), true)));
}

function lhsSteps(lhs: Lhs): Step<Lhs>[] {
  if (lhs.kind !== 'vars' || !lhs.multi) return [{ value: lhs }];
  return lhs.outcomes.map((o) => ({ value: { kind: 'vars', outcomes: [o], multi: false, span: lhs.span }, label: o.name }));
}

function rhsSteps(f: Formula): Step<Term[]>[] {
  const idx = f.rhs.findIndex((i) => i.kind === 'multi');
  if (idx < 0) return [{ value: f.rhs as Term[] }];
  const m = f.rhs[idx] as MultiTerm;
  const before = f.rhs.slice(0, idx) as Term[];
  const after = f.rhs.slice(idx + 1).filter((i): i is Term => i.kind !== 'multi');
  return steps(m.op, m.alternatives).map((alt, k) => ({ value: dedupe([...before, ...alt, ...after]), label: String(k + 1) }));
}

function feSteps(f: Formula): Step<FixedEffect[]>[] {
  const m = f.fixedEffectsMulti;
  if (!m) return [{ value: [...f.fixedEffects] }];
  return steps(m.op, m.alternatives).map((alt, k) => ({ value: dedupe([...f.fixedEffects, ...alt]), label: String(k + 1) }));
}

export function expandFormula(f: Formula | SingleFormula): SingleFormula[] {
  if (!('fixedEffectsMulti' in f) && f.rhs.every((i) => i.kind !== 'multi') && !(f.lhs.kind === 'vars' && f.lhs.multi)) {
    return [f as SingleFormula];
  }
  const full = f as Formula;
  const out: SingleFormula[] = [];
  for (const fe of feSteps(full)) {
    for (const lhs of lhsSteps(full.lhs)) {
      for (const rhs of rhsSteps(full)) {
        const labels = [fe.label, lhs.label, rhs.label].filter((l): l is string => l !== undefined);
        out.push({
          text: full.text,
          lhs: lhs.value,
          rhs: rhs.value,
          intercept: full.intercept,
          fixedEffects: fe.value,
          ...(full.iv ? { iv: full.iv } : {}),
          span: full.span,
          ...(labels.length ? { step: labels.join('/') } : {}),
        });
      }
    }
  }
  return out;
}
