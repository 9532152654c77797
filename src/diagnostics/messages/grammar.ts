/**
 * Messages of the grammar stage (codes SS2xx): formulas and expressions.
 * Each builder returns {code, message[, notes]}. Codes are stable once released: add new
 * codes, never renumber. SS20x–SS21x are lexical/syntax/expression problems, SS22x–SS24x
 * formula structure, SS25x term lists.
 */
import type { Message } from './index.js';

const q = (s: string): string => `'${s}'`;

export const grammarMessages = {
  // --- lexical and syntax -------------------------------------------------------------
  unexpectedChar: (ch: string): Message => ({
    code: 'SS201',
    message: `unexpected character ${q(ch)}`,
  }),
  unexpectedToken: (found: string, expected: string): Message => ({
    code: 'SS202',
    message: `expected ${expected} but found ${q(found)}`,
  }),
  unexpectedEnd: (expected: string): Message => ({
    code: 'SS203',
    message: `the text ends too early: expected ${expected}`,
  }),
  unterminatedString: (): Message => ({
    code: 'SS204',
    message: 'this string is never closed: add the closing quote',
  }),
  // --- expressions --------------------------------------------------------------------
  unknownFunction: (name: string): Message => ({
    code: 'SS205',
    message: `unknown function ${q(name)}`,
  }),
  tooManyArgs: (fn: string, max: number): Message => ({
    code: 'SS206',
    message: `${fn}() takes at most ${max} argument${max === 1 ? '' : 's'}`,
  }),
  missingArg: (fn: string, param: string): Message => ({
    code: 'SS207',
    message: `${fn}() needs the argument ${q(param)}`,
  }),
  unknownArgName: (fn: string, name: string, allowed: readonly string[]): Message => ({
    code: 'SS208',
    message: `${fn}() has no argument named ${q(name)}`,
    notes: allowed.length ? [`its arguments are: ${allowed.join(', ')}`] : [],
  }),
  duplicateArg: (fn: string, name: string): Message => ({
    code: 'SS209',
    message: `the argument ${q(name)} of ${fn}() is given twice`,
  }),
  badArgKind: (fn: string, param: string, expected: string): Message => ({
    code: 'SS210',
    message: `the argument ${q(param)} of ${fn}() must be ${expected}`,
  }),
  argOutOfRange: (fn: string, param: string, range: string): Message => ({
    code: 'SS211',
    message: `the argument ${q(param)} of ${fn}() must be ${range}`,
  }),
  aggregateOutsideAggregation: (fn: string): Message => ({
    code: 'SS212',
    message: `${fn}() aggregates rows and can only be used under 'aggregate:'`,
    notes: [`for a per-row value over groups, use ${fn}_by(x, by = [..]) or the group functions`],
  }),
  notAggregated: (name: string): Message => ({
    code: 'SS213',
    message: `the column ${q(name)} is not aggregated: write, for example, first(${name}) or mean(${name})`,
  }),
  nestedAggregate: (fn: string): Message => ({
    code: 'SS214',
    message: `${fn}() cannot be used inside another aggregation`,
  }),
  inListValue: (): Message => ({
    code: 'SS215',
    message: "the values after 'in' must be literals, as in: year in [2009, 2010]",
  }),
  misplacedList: (): Message => ({
    code: 'SS216',
    message: "a list [..] can only follow 'in' or be a function argument such as by = [industry, year]",
  }),
  misplacedRange: (): Message => ({
    code: 'SS217',
    message: 'a range a:b can only be a function argument, as in l(x, 1:2)',
  }),
  // --- formula structure --------------------------------------------------------------
  noTilde: (): Message => ({
    code: 'SS220',
    message: "a formula needs '~' between the outcome and the regressors, as in: y ~ x + z",
  }),
  tooManyParts: (n: number): Message => ({
    code: 'SS221',
    message: `a formula has at most 3 parts after '~' (regressors | fixed effects | endogenous ~ instruments); this one has ${n}`,
  }),
  ivNeedsTilde: (): Message => ({
    code: 'SS222',
    message: "the last part of a formula is the IV part and needs '~', as in: | x_endo ~ z1 + z2",
  }),
  ivNotLast: (): Message => ({
    code: 'SS223',
    message: 'the IV part (endogenous ~ instruments) must be the last part of the formula',
  }),
  misplacedTilde: (): Message => ({
    code: 'SS224',
    message: "'~' can appear only once here: after the outcome, or inside the IV part",
  }),
  factorInFixedEffects: (hint: string): Message => ({
    code: 'SS225',
    message: `the function i() should not be used in the fixed-effects part of the formula; write ${hint}`,
  }),
  expressionAsFixedEffect: (what: string): Message => ({
    code: 'SS226',
    message: `fixed effects must be column names, not ${q(what)}`,
    notes: ['define a derived variable under variables: and use its name here'],
  }),
  interactFixedEffects: (suggestion: string): Message => ({
    code: 'SS227',
    message: `to interact fixed effects, write fe1^fe2 (here ${suggestion})`,
  }),
  survNotOnLhs: (): Message => ({
    code: 'SS228',
    message: 'Surv() describes a survival outcome and can only be on the left of ~',
  }),
  severalOutcomes: (suggestion: string): Message => ({
    code: 'SS229',
    message: `several outcomes must be wrapped in c(): write ${suggestion}`,
  }),
  cOnlyOnLhs: (): Message => ({
    code: 'SS230',
    message: 'c() lists several outcomes and can only be on the left of ~; use sw() or csw() for regressors',
  }),
  multiNesting: (what: string): Message => ({
    code: 'SS231',
    message: `multiple estimation: ${what}`,
  }),
  caretOnRhs: (suggestion: string): Message => ({
    code: 'SS232',
    message: `'^' interacts fixed effects only; for regressors write ${suggestion}`,
  }),
  badFactor: (what: string): Message => ({
    code: 'SS233',
    message: `i(): ${what}`,
    notes: ['write i(g), i(g, ref = "east"), i(g, ref = 2000) or i(g, x) for slopes varying by g'],
  }),
  badLag: (fn: string): Message => ({
    code: 'SS234',
    message: `${fn}(x, k): k must be a whole number or a range such as 1:2`,
  }),
  badSurv: (): Message => ({
    code: 'SS235',
    message: 'Surv() takes (time, event) or (start, stop, event)',
  }),
  numberAsTerm: (n: string): Message => ({
    code: 'SS236',
    message: `the number ${n} is not a regressor: only 1 (keep the intercept) and 0 or -1 (drop it) are allowed`,
  }),
  functionNotATerm: (fn: string, kind: string): Message => ({
    code: 'SS237',
    message: `${fn}() is ${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} function and cannot be a regressor directly`,
    notes: ['define it under variables: and use its name in the formula'],
  }),
  badOutcome: (what: string): Message => ({
    code: 'SS238',
    message: `the outcome must be a variable or an expression such as log(y), not ${what}`,
  }),
  noOutcome: (): Message => ({
    code: 'SS239',
    message: 'the formula has no outcome before ~',
  }),
  stringAsTerm: (): Message => ({
    code: 'SS240',
    message: 'a string is not a regressor; write the column name without quotes (or in `backquotes`)',
  }),
  underidentified: (endog: number, inst: number): Message => ({
    code: 'SS241',
    message: `the IV part has ${endog} endogenous variable${endog === 1 ? '' : 's'} but only ${inst} instrument${inst === 1 ? '' : 's'}`,
  }),
  endogenousAlsoExogenous: (name: string): Message => ({
    code: 'SS242',
    message: `${q(name)} is endogenous in the IV part and must not also be among the regressors`,
  }),
  badStrata: (): Message => ({
    code: 'SS243',
    message: 'strata() takes the name of one column: separate baseline hazards per level (Cox models)',
  }),
  // --- {name} term lists ---------------------------------------------------------------
  unknownTermList: (name: string): Message => ({
    code: 'SS250',
    message: `unknown term list {${name}}`,
  }),
  recursiveTermList: (chain: readonly string[]): Message => ({
    code: 'SS251',
    message: `the term list {${chain[0] ?? ''}} refers to itself (${chain.map((c) => `{${c}}`).join(' → ')})`,
  }),
  badTermList: (name: string): Message => ({
    code: 'SS252',
    message: `the term list {${name}} is not a valid list of terms`,
  }),
  // --- limits (SS260–SS279; docs/spec-reference.md, "Limits") ----------------------------
  nestedTooDeep: (limit: number): Message => ({
    code: 'SS260',
    message: `nested more than ${limit} levels deep (parentheses, brackets, function calls and signs count)`,
    notes: ['split the expression into named variables under variables:'],
  }),
  chainTooDeep: (limit: number): Message => ({
    code: 'SS261',
    message: `more than ${limit} operations chained or nested in one formula or expression`,
    notes: ['build long sums in steps under variables: (s1: a + b + …, then s2: s1 + …)'],
  }),
  // --- Stata habits (src/formula/stata-habits.ts) ---------------------------------------
  stataFunction: (name: string, ours: string): Message => ({
    code: 'SS280',
    message: `${q(name)} is Stata's name for it; here the function is ${q(ours)}`,
    notes: [`write ${ours}(…)`],
  }),
  stataAbsorb: (names: readonly string[], rewritten?: string): Message => ({
    code: 'SS281',
    message: 'absorb() is Stata (reghdfe) syntax; fixed effects go after | in the formula',
    notes: [`write: ${rewritten ?? `y ~ x | ${names.length ? names.join(' + ') : 'fe1 + fe2'}`}`],
  }),
  stataFactor: (name: string): Message => ({
    code: 'SS282',
    message: `i.${name} is Stata's factor notation; here it is i(${name})`,
    notes: [`write i(${name}); interactions: i(${name}, other)`],
  }),
  stataVce: (vcov: string): Message => ({
    code: 'SS283',
    message: 'standard errors are not part of the formula here: they are the model\'s `vcov:` key',
    notes: [`remove it from the formula and add to the model: vcov: ${vcov}`],
  }),
  stataXi: (): Message => ({
    code: 'SS284',
    message: 'the xi: prefix is not needed: a formula expands factor variables itself',
    notes: ['remove xi: and write i(x) for each factor variable'],
  }),
  stataContinuous: (name: string): Message => ({
    code: 'SS285',
    message: `c.${name} is Stata's continuous-variable notation; here a variable is continuous unless wrapped in i()`,
    notes: [`write ${name}`],
  }),
} satisfies Record<string, (...args: never[]) => Message>;
