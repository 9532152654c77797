/**
 * Text predicates and case mapping on factor columns. Each runs once per level and is
 * spread over rows by code, so `contains(name, '商贸')` on a million rows costs one string
 * search per distinct name.
 */
import { numColumn } from '../data/frame.js';
import type { CallArgs, FnImpl } from './call.js';
import { mapLevels, perLevel, scalar, type Val } from './value.js';
import { ExprError } from '../expr/errors.js';
import { variablesMessages as M } from '../diagnostics/messages/variables.js';

/** `param` names the catalogue's pattern argument (pattern, prefix, suffix). */
function predicate(param: string, test: (s: string, pattern: string) => boolean): FnImpl {
  return (a: CallArgs): Val => {
    const pattern = a.value(param);
    if (pattern.kind !== 'text') throw new ExprError(M.varBadArgument(a.fn, param, 'a text literal'), a.span(param));
    const x = a.value('x');
    if (x.kind === 'text') return scalar(test(x.value, pattern.value) ? 1 : 0);
    if (x.kind !== 'factor') throw new ExprError(M.varExpectedText(`argument 'x' of ${a.fn}()`), a.span('x'));
    return numColumn(perLevel(x, (s) => (test(s, pattern.value) ? 1 : 0)));
  };
}

function caseMap(f: (s: string) => string): FnImpl {
  return (a: CallArgs): Val => {
    const x = a.value('x');
    if (x.kind === 'text') return { kind: 'text', value: f(x.value) };
    if (x.kind !== 'factor') throw new ExprError(M.varExpectedText(`argument 'x' of ${a.fn}()`), a.span('x'));
    return mapLevels(x, f);
  };
}

export const textFunctions: Record<string, FnImpl> = {
  contains: predicate('pattern', (s, p) => s.includes(p)),
  startswith: predicate('prefix', (s, p) => s.startsWith(p)),
  endswith: predicate('suffix', (s, p) => s.endsWith(p)),
  lower: caseMap((s) => s.toLowerCase()),
  upper: caseMap((s) => s.toUpperCase()),
};
