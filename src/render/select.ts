/**
 * Which coefficient rows a table shows, and in what order (keep / drop / order).
 *
 * A selector entry is one of
 *   - `/pattern/flags`: a JavaScript regular expression tested against the term name;
 *   - `{name}`: every term of the spec's `terms:` list `name`;
 *   - a term name, which also matches the levels of a factor (`year` and `i(year)` match
 *     `year::2009` and `i(year)::2009`).
 */
import { StudyError } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/messages/index.js';
import { renderMessages } from '../diagnostics/messages/render.js';
import { factorOf, factorParts } from './labels.js';

export type Matcher = (term: string) => boolean;

export interface SelectContext {
  readonly table: string;
  readonly terms?: Readonly<Record<string, readonly string[]>>;
}

/** Compile one selector entry into a predicate on term names. */
export function compileSelector(entry: string, ctx: SelectContext): Matcher {
  const re = /^\/(.*)\/([a-z]*)$/s.exec(entry);
  if (re) {
    let rx: RegExp;
    try {
      rx = new RegExp(re[1]!, re[2]!.replace(/[gy]/g, ''));
    } catch (e) {
      throw new StudyError(diag(renderMessages.tableBadRegex(ctx.table, entry, (e as Error).message)));
    }
    return (t) => rx.test(t);
  }
  const group = /^\{(\w+)\}$/.exec(entry);
  if (group) {
    const list = ctx.terms?.[group[1]!] ?? [];
    const ms = list.map((n) => nameMatcher(n));
    return (t) => ms.some((m) => m(t));
  }
  return nameMatcher(entry);
}

function nameMatcher(name: string): Matcher {
  const n = name.replace(/\s+/g, '');
  const factor = factorParts(n)[0];
  return (t) => {
    const c = t.replace(/\s+/g, '');
    if (c === n) return true;
    const f = factorOf(c);
    return f !== null && (f === factor || f === n);
  };
}

/**
 * Apply keep, drop and order to the union of terms (first-seen order). keep lists the
 * rows in its own entry order; order moves matched rows to the front. Entries that match
 * nothing are returned so the caller can warn.
 */
export function selectTerms(
  all: readonly string[],
  sel: { keep?: readonly string[]; drop?: readonly string[]; order?: readonly string[] },
  ctx: SelectContext,
): { terms: string[]; unmatched: string[] } {
  const unmatched: string[] = [];
  let terms = [...all];
  if (sel.keep && sel.keep.length) {
    const kept: string[] = [];
    for (const entry of sel.keep) {
      const m = compileSelector(entry, ctx);
      const hits = terms.filter((t) => m(t) && !kept.includes(t));
      if (!all.some(m)) unmatched.push(entry);
      kept.push(...hits);
    }
    terms = kept;
  }
  if (sel.drop && sel.drop.length) {
    const ms = sel.drop.map((e) => compileSelector(e, ctx));
    terms = terms.filter((t) => !ms.some((m) => m(t)));
  }
  if (sel.order && sel.order.length) {
    const front: string[] = [];
    for (const entry of sel.order) {
      const m = compileSelector(entry, ctx);
      const hits = terms.filter((t) => m(t) && !front.includes(t));
      if (!hits.length) unmatched.push(entry);
      front.push(...hits);
    }
    terms = [...front, ...terms.filter((t) => !front.includes(t))];
  }
  return { terms, unmatched };
}
