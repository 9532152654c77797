/**
 * Stata habits in formulas and expressions, recognised and answered with the studyspec
 * spelling instead of a generic syntax error. Each habit has its own code and points at the
 * offending text:
 *
 *   ln(x)                     SS280  log(x)
 *   y ~ x, absorb(firm year)  SS281  y ~ x | firm + year
 *   i.industry, c.size        SS282, SS285  in an expression (formulas accept them)
 *   y ~ x, vce(cluster firm)  SS283  vcov: cluster(firm) on the model (also `, robust`)
 *   xi: reg y i.x             SS284  no prefix: i(x) in the formula
 *
 * The formula scan runs only when the formula failed to parse, so it can never turn a valid
 * formula into an error; the function names are consulted only for unknown functions.
 */
import { grammarMessages as M } from '../diagnostics/messages/grammar.js';
import type { Message } from '../diagnostics/messages/index.js';
import { grammarError, type GrammarError } from '../expr/errors.js';

/** Stata function names that have a different name here. */
const STATA_FUNCTIONS: Readonly<Record<string, string>> = { ln: 'log' };

/** The hint for a Stata function name that is unknown here, or undefined. */
export function stataFunctionHint(name: string, span: { start: number; end: number }): GrammarError | undefined {
  const ours = STATA_FUNCTIONS[name];
  return ours ? grammarError(M.stataFunction(name, ours), span) : undefined;
}

const NAME = '[A-Za-z_][A-Za-z0-9_]*';

/**
 * A name like `i.industry` or `c.size` that is no column, where `industry`/`size` is one:
 * expression names may contain dots, so Stata's factor notation reaches the column check.
 */
export function stataColumnHint(name: string, isColumn: (n: string) => boolean): Message | undefined {
  const m = /^(i|c|ib\d+)\.(.+)$/.exec(name);
  if (!m || !isColumn(m[2]!)) return undefined;
  return m[1] === 'c' ? M.stataContinuous(m[2]!) : M.stataFactor(m[2]!);
}

/**
 * Habits in the text of a formula or expression that did not parse (empty when none is
 * recognised). `factor`: also Stata's i.x / c.x — formulas accept those spellings
 * themselves, so only expressions (variables, samples) are scanned for them.
 */
export function stataHabits(text: string, opts: { factor: boolean }): GrammarError[] {
  const out: GrammarError[] = [];
  const xi = /^\s*xi\s*:/.exec(text);
  if (xi) out.push(grammarError(M.stataXi(), { start: xi.index + xi[0].indexOf('xi'), end: xi.index + xi[0].length }));

  for (const m of text.matchAll(/,?\s*\babsorb\s*\(([^)]*)\)/g)) {
    const names = m[1]!.split(/[\s,]+/).filter(Boolean);
    const start = m.index + m[0].indexOf('absorb');
    const rest = (text.slice(0, m.index) + text.slice(m.index + m[0].length)).replace(/^\s*xi\s*:\s*/, '').trim();
    const fe = names.join(' + ');
    const rewritten = rest.includes('~') && names.length ? (rest.includes('|') ? `${rest} + ${fe}` : `${rest} | ${fe}`) : undefined;
    out.push(grammarError(M.stataAbsorb(names, rewritten), { start, end: m.index + m[0].length }));
  }

  for (const m of text.matchAll(/,?\s*\bvce\s*\(([^)]*)\)/g)) {
    const start = m.index + m[0].indexOf('vce');
    out.push(grammarError(M.stataVce(stataVcov(m[1]!)), { start, end: m.index + m[0].length }));
  }
  for (const m of text.matchAll(/,\s*\b(robust|r)\b\s*$/g)) {
    const start = m.index + m[0].indexOf(m[1]!);
    out.push(grammarError(M.stataVce('hc1'), { start, end: start + m[1]!.length }));
  }

  if (opts.factor) for (const m of text.matchAll(new RegExp(`(^|[^A-Za-z0-9_.])(i|c)\\.(${NAME})`, 'g'))) {
    const start = m.index + m[1]!.length;
    const end = start + 2 + m[3]!.length;
    out.push(grammarError(m[2] === 'i' ? M.stataFactor(m[3]!) : M.stataContinuous(m[3]!), { start, end }));
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

/** Stata's vce() contents in our vcov spelling. */
function stataVcov(inner: string): string {
  const words = inner.trim().split(/\s+/).filter(Boolean);
  const head = words[0]?.toLowerCase() ?? '';
  if (head.startsWith('cl')) return `cluster(${words.slice(1).join(', ')})`;
  if (head === 'robust' || head === 'r' || head === 'hc1') return 'hc1';
  if (head === 'ols' || head === 'iid') return 'iid';
  return 'hc1';
}
