/**
 * One label dictionary for every table and figure, applied through the structure of a term
 * name so that a label given once for `x` also labels `l(x, 1)`, `x:z` and `i(x)::east`.
 *
 * Term names follow results.json: `x`, `x:z` (interaction), `g::east` or `i(g)::east`
 * (factor level), `i(g, x)::east` (varying slope), `l(x,1)`/`f(x,2)`/`d(x)` (panel
 * operators, also Stata `L.x`, `L2.x`, `F.x`, `D.x`), `(Intercept)`.
 */
import { dict, hasOwn, setOwn } from '../spec/dict.js';
import type { Lang } from './types.js';

export type Labels = Readonly<Record<string, string>>;

/**
 * Where labels come from. One lookup for tables and figures, with one precedence:
 * the table's (or figure's) own `labels:` > the study's top-level `labels:` > variable
 * labels read from the data (e.g. Stata .dta files) > the name itself.
 */
export interface LabelSources {
  readonly own?: Labels;
  readonly study?: Labels;
  readonly data?: Labels;
}

/** One dictionary with the precedence applied (later spreads win). */
export function labelDictionary(s: LabelSources): Labels {
  // Without a prototype: a variable called `constructor` or `toString` must not find a method.
  const out = dict<string>();
  for (const src of [s.data, s.study, s.own]) if (src) for (const [k, v] of Object.entries(src)) setOwn(out, k, v);
  return out;
}

/** Label of a plain name (variable, statistic key, FE), or the name itself. */
export function lookupLabel(name: string, s: LabelSources): string {
  for (const src of [s.own, s.study, s.data]) if (src && hasOwn(src, name)) return src[name]!;
  return name;
}

const INTERCEPT: Record<Lang, string> = { en: 'Constant', zh: '常数项' };
const TIMES = ' × ';

/** Display label of one term. */
export function labelTerm(term: string, labels: Labels, lang: Lang = 'en'): string {
  const t = term.trim();
  const direct = labels[t] ?? labels[t.replace(/\s+/g, '')];
  if (direct !== undefined) return direct;
  if (t === '(Intercept)' || t === '_cons' || t === 'Intercept') return labels['(Intercept)'] ?? INTERCEPT[lang];

  const parts = splitTopLevel(t, ':');
  if (parts.length > 1) return parts.map((p) => labelTerm(p, labels, lang)).join(TIMES);

  const level = splitFactorLevel(t);
  if (level) {
    const [factor, slope] = factorParts(level.factor);
    const base = `${labelTerm(factor, labels, lang)} = ${level.level}`;
    return slope ? `${base}${TIMES}${labelTerm(slope, labels, lang)}` : base;
  }

  const op = panelOperator(t);
  if (op) return `${op.prefix}.${labelTerm(op.inner, labels, lang)}`;

  const fn = /^(log|exp|sqrt|abs)\((.+)\)$/.exec(t);
  if (fn) return `${fn[1]}(${labelTerm(fn[2]!, labels, lang)})`;
  return t;
}

/** Split on `sep` outside parentheses, treating `::` as part of a name (never a separator). */
export function splitTopLevel(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth === 0 && c === sep) {
      if (sep === ':' && (s[i + 1] === ':' || s[i - 1] === ':')) continue;
      out.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(s.slice(start).trim());
  return out.filter((p) => p.length > 0);
}

/** `g::east` / `i(g)::east` → {factor: 'g' | 'i(g)', level: 'east'}; null when not a level. */
export function splitFactorLevel(t: string): { factor: string; level: string } | null {
  let depth = 0;
  for (let i = 0; i < t.length - 1; i++) {
    const c = t[i]!;
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && c === ':' && t[i + 1] === ':') {
      return { factor: t.slice(0, i).trim(), level: t.slice(i + 2).trim() };
    }
  }
  return null;
}

/** `i(g)` → ['g'], `i(g, x)` → ['g', 'x'], `g` → ['g']. */
export function factorParts(f: string): [string, string?] {
  const m = /^i\((.*)\)$/.exec(f);
  if (!m) return [f];
  const args = splitTopLevel(m[1]!, ',').filter((a) => !/^ref\s*=/.test(a));
  return [args[0] ?? f, args[1]];
}

/** The factor variable a level term belongs to (`i(g)::east` → g), or null. */
export function factorOf(term: string): string | null {
  const level = splitFactorLevel(term);
  return level ? factorParts(level.factor)[0] : null;
}

/** Lag/lead/difference operators: `l(x,2)` → {prefix: 'L2', inner: 'x'}. */
function panelOperator(t: string): { prefix: string; inner: string } | null {
  const fn = /^([lfd])\((.+)\)$/.exec(t);
  if (fn) {
    const args = splitTopLevel(fn[2]!, ',');
    const k = args[1] !== undefined ? Number(args[1]) : 1;
    const letter = fn[1]!.toUpperCase();
    return { prefix: k === 1 || !Number.isFinite(k) ? letter : `${letter}${k}`, inner: args[0]! };
  }
  const stata = /^([LFD])(\d*)\.(.+)$/.exec(t);
  if (stata) {
    const k = stata[2] ? Number(stata[2]) : 1;
    return { prefix: k === 1 ? stata[1]! : `${stata[1]}${k}`, inner: stata[3]! };
  }
  return null;
}
