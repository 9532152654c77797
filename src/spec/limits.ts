/**
 * Limits on what a spec may ask for, each with its reason, checked before anything big is
 * built. Every limit is listed in docs/spec-reference.md ("Limits") with its error code.
 *
 * A limit is a promise to fail early and clearly: a spec beyond one is almost always a
 * mistake or hostile input, and without the limit the same spec would end in a stack
 * overflow, an out-of-memory abort or a run that never finishes.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/messages/index.js';
import { specMessages as messages } from '../diagnostics/messages/spec.js';
import { describePath } from './describe-path.js';

export const LIMITS = {
  /** Bytes of a spec file (read and parsed in memory; a large study is ~100 KB). */
  specBytes: 2 * 1024 * 1024,
  /** Nesting of YAML mappings and lists (a spec needs about 6). */
  yamlDepth: 64,
  /** Characters of a title, axis label, column header or label (drawn on one line). */
  labelChars: 500,
  /** Characters of any other text value (formulas, expressions, notes). */
  textChars: 200_000,
  /** Nesting depth of a formula or expression (parentheses, calls, operators). */
  exprDepth: 100,
  /** Terms of one formula after expansion, and operands of one flat sum/product. */
  formulaTerms: 10_000,
  /** Evaluation points of an MTE curve (`grid:`). */
  mteGrid: 10_000,
  /** Characters of a `/regex/` selector in keep, drop or order. */
  regexChars: 200,
  /** Levels of one `i(x)` factor (one dummy column each). */
  factorLevels: 1_000,
  /** Lines of a trend figure (`by:` groups). */
  trendGroups: 100,
  /** Periods of a person-period expansion (`period:`, one dummy each). */
  personPeriods: 1_000,
  /** Rows of a person-period expansion. */
  personPeriodRows: 20_000_000,
  /** Nesting of arrays/objects in a JSON data file. */
  jsonDepth: 100,
} as const;

type Path = (string | number)[];

/** Keys whose text value is drawn as one line: titles and labels. */
const LABEL_KEYS = new Set(['title', 'x_label', 'y_label', 'label', 'mark']);
/** Keys whose map values are labels (`labels: {x: "…"}`, `titles: {m: "…"}`). */
const LABEL_MAPS = new Set(['labels', 'titles', 'indicators', 'words']);
/** Keys holding term selectors that may be `/regex/`. */
const SELECTOR_KEYS = new Set(['keep', 'drop', 'order']);

/**
 * Length, size and regex limits on the validated spec value, each located at its value.
 * Iterative over the value (its depth is already bounded by the loader).
 */
export function checkSpecLimits(value: unknown): Diagnostic[] {
  const out: Diagnostic[] = [];
  const stack: [unknown, Path][] = [[value, []]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      checkString(v, path, out);
    } else if (typeof v === 'number') {
      if (path[path.length - 1] === 'grid' && path[0] === 'models' && v > LIMITS.mteGrid) {
        out.push(diag(messages.valueTooLarge(describePath(path), v, LIMITS.mteGrid), { path }));
      }
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], [...path, i]]);
    } else if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) stack.push([(v as Record<string, unknown>)[keys[i]!], [...path, keys[i]!]]);
    }
  }
  return out;
}

function checkString(s: string, path: Path, out: Diagnostic[]): void {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  const isLabel =
    (typeof last === 'string' && LABEL_KEYS.has(last)) || (typeof parent === 'string' && LABEL_MAPS.has(parent)) || path[path.length - 3] === 'extra_rows';
  const limit = isLabel ? LIMITS.labelChars : LIMITS.textChars;
  if (s.length > limit) {
    out.push(diag(messages.textTooLong(describePath(path), s.length, limit), { path, span: { start: limit, end: s.length } }));
    return;
  }
  const inSelector = (typeof last === 'number' && typeof parent === 'string' && SELECTOR_KEYS.has(parent)) || (typeof last === 'string' && SELECTOR_KEYS.has(last));
  if (inSelector) {
    const re = /^\/(.*)\/([a-z]*)$/s.exec(s);
    if (re) {
      const why = unsafeRegex(re[1]!);
      if (why) out.push(diag(messages.unsafeRegex(s, why.reason), { path, span: { start: 1 + why.at, end: 2 + why.at } }));
    }
  }
}

/**
 * Why a selector regex could backtrack catastrophically, or undefined when it cannot:
 * JavaScript's engine backtracks, so a pattern is refused when it is long, uses a
 * backreference, or repeats without bound a group that itself repeats or has
 * alternatives (`(a+)+`, `(a|ab)*`: star height above one). What is left runs in time
 * polynomial in the (short, bounded) term names it is tested against.
 */
export function unsafeRegex(pattern: string): { reason: string; at: number } | undefined {
  if (pattern.length > LIMITS.regexChars) {
    return { reason: `it is longer than ${LIMITS.regexChars} characters`, at: LIMITS.regexChars };
  }
  interface Group {
    start: number;
    risky: boolean;
  }
  const groups: Group[] = [];
  let lastGroup: Group | undefined;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const n = pattern[i + 1] ?? '';
      if (!inClass && (/[1-9]/.test(n) || n === 'k')) return { reason: 'backreferences are not allowed', at: i };
      i++;
      lastGroup = undefined;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      lastGroup = undefined;
      continue;
    }
    if (c === '(') {
      groups.push({ start: i, risky: false });
      lastGroup = undefined;
      continue;
    }
    if (c === ')') {
      const g = groups.pop();
      if (g && groups.length) groups[groups.length - 1]!.risky ||= g.risky;
      lastGroup = g;
      continue;
    }
    if (c === '|') {
      if (groups.length) groups[groups.length - 1]!.risky = true;
      lastGroup = undefined;
      continue;
    }
    const unbounded = c === '*' || c === '+' || (c === '{' && /^\{\d*,\}/.test(pattern.slice(i)));
    const bounded = c === '?' || (c === '{' && /^\{\d+(,\d+)?\}/.test(pattern.slice(i)));
    if (unbounded || bounded) {
      if (unbounded && lastGroup?.risky) {
        return { reason: 'a repeated group contains a repetition or alternatives (nested quantifiers)', at: i };
      }
      if (groups.length) groups[groups.length - 1]!.risky = true;
      if (c === '{') i = pattern.indexOf('}', i);
      if (pattern[i + 1] === '?') i++;
      lastGroup = undefined;
      continue;
    }
    lastGroup = undefined;
  }
  return undefined;
}
