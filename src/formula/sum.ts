/**
 * A sum of terms (the regressors, the IV parts, a `{name}` list, an sw() alternative) from
 * its CST: R's formula algebra on terms.
 *
 *   a:b, a#b    product of every term of a with every term of b (c.x#c.z = x:z)
 *   a*b, a##b   a + b + a:b
 *   x^2         I(x^2), as fixest; any other '^' is an error (it interacts fixed effects only)
 *   + t / - t   add a term / remove it;  1, +1 keep the intercept; 0, -1 drop it
 *   {name}      the term list `name`, parsed with the same grammar (recursion guarded)
 *   sw(..)      a multiple-estimation marker (csw, sw0, csw0 alike)
 */
import type { CstNode, IToken } from 'chevrotain';
import { tokenMatcher } from 'chevrotain';
import { grammarMessages as M } from '../diagnostics/messages/grammar.js';
import type { Span } from '../expr/ast.js';
import { formatExpr } from '../expr/format.js';
import { first, join, nodes, tokens, tokenSpan, toExpr, type Children } from '../expr/to-ast.js';
import { NumberLit } from '../expr/tokens.js';
import type { FactorTerm, MultiTerm, NumericTerm, RhsItem, Term } from './ast.js';
import { report, respan, slice, type BuildContext } from './context.js';
import { openTermList } from './term-list.js';
import { exprToTerms, makeFactor } from './terms.js';

export type Piece =
  | { readonly kind: 'item'; readonly item: RhsItem }
  | { readonly kind: 'number'; readonly value: number; readonly image: string; readonly span: Span };

export interface SumOptions {
  /** Top level of the regressors: numbers set the intercept. */
  readonly top: boolean;
  /** Whether sw()/csw() may appear (not inside another sw(), not in the IV part). */
  readonly allowMulti: boolean;
}

export interface SumResult {
  readonly items: RhsItem[];
  /** Set when the sum says 1, 0 or -1 explicitly. */
  readonly intercept?: boolean;
}

export function nodeSpan(node: CstNode): Span {
  let start = Infinity;
  let end = -Infinity;
  const visit = (n: CstNode): void => {
    for (const els of Object.values(n.children)) {
      for (const el of els ?? []) {
        if ('children' in el) visit(el);
        else {
          const s = tokenSpan(el);
          start = Math.min(start, s.start);
          end = Math.max(end, s.end);
        }
      }
    }
  };
  visit(node);
  return Number.isFinite(start) ? { start, end } : { start: 0, end: 0 };
}

export function sumToItems(node: CstNode, ctx: BuildContext, opts: SumOptions): SumResult {
  const c = node.children as Children;
  const products = nodes(c, 'products');
  const lead = tokens(c, 'lead')[0];
  const ops = tokens(c, 'ops');
  const items: RhsItem[] = [];
  let intercept: boolean | undefined;
  products.forEach((p, i) => {
    const sign = i === 0 ? (lead?.image ?? '+') : ops[i - 1]!.image;
    for (const piece of productToPieces(p, ctx, opts)) {
      if (piece.kind === 'number') {
        if (opts.top && (piece.value === 0 || piece.value === 1)) intercept = (piece.value === 1) === (sign === '+');
        else report(ctx, M.numberAsTerm(sign === '-' ? `-${piece.image}` : piece.image), piece.span);
      } else if (piece.item.kind === 'multi') {
        if (sign === '-') report(ctx, M.multiNesting(`${piece.item.op}() cannot be removed with '-'`), piece.item.span);
        else items.push(piece.item);
      } else if (sign === '-') {
        const name = piece.item.name;
        for (let j = items.length - 1; j >= 0; j--) if (items[j]!.kind !== 'multi' && (items[j] as Term).name === name) items.splice(j, 1);
      } else if (!items.some((t) => t.kind !== 'multi' && t.name === (piece.item as Term).name)) {
        items.push(piece.item);
      }
    }
  });
  return intercept === undefined ? { items } : { items, intercept };
}

function termsOf(pieces: readonly Piece[], op: IToken, ctx: BuildContext): Term[] | undefined {
  const out: Term[] = [];
  for (const p of pieces) {
    if (p.kind === 'number') {
      report(ctx, M.numberAsTerm(p.image), p.span);
      return undefined;
    }
    if (p.item.kind === 'multi') {
      report(ctx, M.multiNesting(`${p.item.op}() cannot be interacted with '${op.image}'; put the interactions inside it`), p.item.span);
      return undefined;
    }
    out.push(p.item);
  }
  return out;
}

function partsOf(t: Term): readonly (NumericTerm | FactorTerm)[] {
  return t.kind === 'interaction' ? t.parts : [t];
}

/** `a:b`; with Stata's `#`, a factor times a numeric is a varying slope (i.g#c.x = i(g, x)). */
export function interact(l: Term, r: Term, stata: boolean): Term {
  const span = join(l.span, r.span);
  if (stata && l.kind === 'factor' && !l.slope && !l.ref && !l.refs && r.kind === 'numeric') return makeFactor(l.variable, span, r);
  if (stata && r.kind === 'factor' && !r.slope && !r.ref && !r.refs && l.kind === 'numeric') return makeFactor(r.variable, span, l);
  const parts = [...partsOf(l), ...partsOf(r)];
  return { kind: 'interaction', name: parts.map((p) => p.name).join(':'), parts, span };
}

function productToPieces(node: CstNode, ctx: BuildContext, opts: SumOptions): Piece[] {
  const c = node.children as Children;
  const atoms = nodes(c, 'atoms');
  const ops = tokens(c, 'ops');
  let acc = atomToPieces(first(atoms), ctx, opts);
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    const atomNode = atoms[i + 1]!;
    if (op.image === '^') {
      acc = power(acc, atomNode, ctx, join(nodeSpan(first(atoms)), nodeSpan(atoms[i]!)));
      continue;
    }
    const left = termsOf(acc, op, ctx);
    const right = termsOf(atomToPieces(atomNode, ctx, opts), op, ctx);
    if (!left || !right) return [];
    const stata = op.image === '#' || op.image === '##';
    const crossed = left.flatMap((l) => right.map((r) => interact(l, r, stata)));
    const terms = op.image === ':' || op.image === '#' ? crossed : [...left, ...right, ...crossed];
    acc = terms.map((item) => ({ kind: 'item', item }));
  }
  return acc;
}

/** `x^2` on the regressors is fixest's shorthand for I(x^2); anything else is a mistake. */
function power(acc: Piece[], expNode: CstNode, ctx: BuildContext, leftSpan: Span): Piece[] {
  const expTok = tokens(expNode.children as Children, 'number')[0];
  const base = acc.length === 1 && acc[0]!.kind === 'item' && acc[0]!.item.kind === 'numeric' ? acc[0]!.item : undefined;
  if (!expTok || !base) {
    const l = slice(ctx, leftSpan);
    const r = slice(ctx, nodeSpan(expNode));
    report(ctx, M.caretOnRhs(expTok ? `I((${l})^${r})` : `${l}:${r} to interact them`), join(leftSpan, nodeSpan(expNode)));
    return acc;
  }
  const span = join(base.span, tokenSpan(expTok));
  const expr = {
    kind: 'binary' as const,
    op: '^' as const,
    left: base.expr,
    right: { kind: 'num' as const, value: Number(expTok.image), span: tokenSpan(expTok) },
    span,
  };
  return [{ kind: 'item', item: { kind: 'numeric', name: `I(${formatExpr(expr)})`, expr, span } }];
}

function atomToPieces(node: CstNode, ctx: BuildContext, opts: SumOptions): Piece[] {
  const c = node.children as Children;
  const num = tokens(c, 'number')[0];
  if (num && tokenMatcher(num, NumberLit)) return [{ kind: 'number', value: Number(num.image), image: num.image, span: tokenSpan(num) }];
  const str = tokens(c, 'string')[0];
  if (str) {
    report(ctx, M.stringAsTerm(), tokenSpan(str));
    return [];
  }
  const ref = nodes(c, 'ref')[0];
  if (ref) return termList(ref, ctx, opts).map((item) => ({ kind: 'item', item }));
  const multi = nodes(c, 'multi')[0];
  if (multi) {
    const m = multiTerm(multi, ctx, opts);
    return m ? [{ kind: 'item', item: m }] : [];
  }
  const call = nodes(c, 'call')[0];
  if (call) return exprToTerms(toExpr(call), ctx).map((item) => ({ kind: 'item', item }));
  const inner = first(nodes(c, 'inner'));
  return sumToItems(inner, ctx, { ...opts, top: false }).items.map((item) => ({ kind: 'item', item }));
}

function multiTerm(node: CstNode, ctx: BuildContext, opts: SumOptions): MultiTerm | undefined {
  const c = node.children as Children;
  const fn = first(tokens(c, 'fn'));
  const span = join(tokenSpan(fn), tokenSpan(first(tokens(c, 'close'))));
  if (!opts.allowMulti) {
    report(ctx, M.multiNesting(`${fn.image}() cannot be used here (not inside another sw()/csw(), nor in the IV part or the outcome)`), span);
    return undefined;
  }
  const alternatives = nodes(c, 'alternatives').map(
    (alt) => sumToItems(alt, ctx, { top: false, allowMulti: false }).items as Term[],
  );
  return { kind: 'multi', op: fn.image as MultiTerm['op'], alternatives, span };
}

/** `{name}`: parse the list's own text as a sum; its terms carry the span of `{name}`. */
function termList(node: CstNode, ctx: BuildContext, opts: SumOptions): RhsItem[] {
  const list = openTermList(node, ctx);
  return list ? respan(sumToItems(list.sum, list.inner, { ...opts, top: false }).items, list.origin) : [];
}
