/**
 * CST → Formula: splits the parts (regressors | fixed effects | endogenous ~ instruments),
 * reads the outcome (plain, c(y1, y2) or Surv(...)) and applies the structural rules that
 * fixest enforces, each with its own code.
 *
 * Parts: [rhs], [rhs | fe], [rhs | iv], [rhs | fe | iv]. The IV part is recognised by its
 * '~', so `y ~ x | a | b` is an IV part without '~' and `y ~ x | a ~ b | c` an IV part that
 * is not last.
 */
import type { CstNode } from 'chevrotain';
import { grammarMessages as M } from '../diagnostics/messages/grammar.js';
import type { Span } from '../expr/ast.js';
import { first, join, nodes, tokens, tokenSpan, toExpr, type Children } from '../expr/to-ast.js';
import type { FixedEffect, Formula, IvPart, Lhs, MultiFe, NumericTerm, RhsItem, Term } from './ast.js';
import { report, slice, type BuildContext } from './context.js';
import { feSum } from './fixed-effects.js';
import { nodeSpan, sumToItems } from './sum.js';
import { exprToNumeric } from './terms.js';

export function buildFormula(text: string, cst: CstNode, ctx: BuildContext): Formula | undefined {
  const c = cst.children as Children;
  const whole: Span = { start: 0, end: text.length };
  const tilde = tokens(c, 'tilde')[0];
  if (!tilde) {
    report(ctx, M.noTilde(), whole);
    return undefined;
  }
  const lhsNode = nodes(c, 'lhs')[0];
  if (!lhsNode) report(ctx, M.noOutcome(), tokenSpan(tilde));
  const lhs = lhsNode ? buildLhs(lhsNode, ctx) : undefined;

  const parts = nodes(c, 'parts');
  if (parts.length > 3) report(ctx, M.tooManyParts(parts.length), join(nodeSpan(parts[3]!), nodeSpan(parts[parts.length - 1]!)));

  const rhsPart = first(parts).children as Children;
  const misplaced = tokens(rhsPart, 'tilde')[0];
  if (misplaced) report(ctx, M.misplacedTilde(), tokenSpan(misplaced));
  const rhs = sumToItems(first(nodes(rhsPart, 'left')), ctx, { top: true, allowMulti: true });
  const multis = rhs.items.filter((i) => i.kind === 'multi');
  if (multis.length > 1) report(ctx, M.multiNesting('only one sw(), csw(), sw0() or csw0() is allowed among the regressors'), multis[1]!.span);

  let fixed: FixedEffect[] = [];
  let feMulti: MultiFe | undefined;
  let iv: IvPart | undefined;
  parts.slice(1, 3).forEach((p, k) => {
    const pc = p.children as Children;
    const isIv = tokens(pc, 'tilde').length > 0;
    const isLast = k + 2 === Math.min(parts.length, 3);
    if (isIv) {
      if (!isLast) report(ctx, M.ivNotLast(), nodeSpan(p));
      else iv = buildIv(p, ctx);
    } else if (k === 0) {
      const fe = feSum(first(nodes(pc, 'left')), ctx, true);
      fixed = fe.fixed;
      feMulti = fe.multi;
    } else {
      report(ctx, M.ivNeedsTilde(), nodeSpan(p));
    }
  });
  if (iv) checkIv(iv, rhs.items, ctx);
  if (!lhs || ctx.errors.length) return undefined;
  return {
    text,
    lhs,
    rhs: rhs.items,
    intercept: rhs.intercept ?? true,
    fixedEffects: fixed,
    ...(feMulti ? { fixedEffectsMulti: feMulti } : {}),
    ...(iv ? { iv } : {}),
    span: whole,
  };
}

function buildIv(part: CstNode, ctx: BuildContext): IvPart {
  const c = part.children as Children;
  const opts = { top: false, allowMulti: false };
  const endogenous = sumToItems(first(nodes(c, 'left')), ctx, opts).items as Term[];
  const instruments = sumToItems(first(nodes(c, 'right')), ctx, opts).items as Term[];
  return { endogenous, instruments, span: nodeSpan(part) };
}

function checkIv(iv: IvPart, rhs: readonly RhsItem[], ctx: BuildContext): void {
  if (iv.instruments.length < iv.endogenous.length && iv.instruments.every((t) => t.kind !== 'factor')) {
    report(ctx, M.underidentified(iv.endogenous.length, iv.instruments.length), iv.span);
  }
  const exo = new Set<string>();
  for (const r of rhs) {
    if (r.kind === 'multi') for (const alt of r.alternatives) for (const t of alt) exo.add(t.name);
    else exo.add(r.name);
  }
  for (const e of iv.endogenous) if (exo.has(e.name)) report(ctx, M.endogenousAlsoExogenous(e.name), e.span);
}

/** The outcome: one variable or expression, c(y1, y2), or Surv(time, event) / Surv(start, stop, event). */
function buildLhs(node: CstNode, ctx: BuildContext): Lhs | undefined {
  const c = node.children as Children;
  const products = nodes(c, 'products');
  const span = nodeSpan(node);
  if (products.length > 1 || tokens(c, 'lead').length > 0) {
    const names = products.map((p) => slice(ctx, nodeSpan(p)));
    report(ctx, M.severalOutcomes(`c(${names.join(', ')})`), span);
    return undefined;
  }
  const pc = first(products).children as Children;
  const atoms = nodes(pc, 'atoms');
  if (atoms.length > 1) {
    report(ctx, M.badOutcome('an interaction'), span);
    return undefined;
  }
  const ac = first(atoms).children as Children;
  if (nodes(ac, 'multi').length) {
    const m = first(nodes(ac, 'multi'));
    report(ctx, M.multiNesting('several outcomes are written c(y1, y2), not with sw()/csw()'), nodeSpan(m));
    return undefined;
  }
  const call = nodes(ac, 'call')[0];
  if (!call) {
    report(ctx, M.badOutcome(`'${slice(ctx, span)}'`), span);
    return undefined;
  }
  const e = toExpr(call);
  const bad = (): void => report(ctx, M.badOutcome(`'${slice(ctx, span)}'`), span);
  if (e.kind === 'call' && e.name === 'c') {
    const outcomes: NumericTerm[] = [];
    for (const a of e.args) {
      if (a.name !== undefined) {
        report(ctx, M.badOutcome(`the named argument '${a.name}'`), a.span);
        continue;
      }
      if (a.value.kind === 'call' && a.value.name === 'Surv') {
        report(ctx, M.badOutcome('Surv() inside c()'), a.span);
        continue;
      }
      const t = exprToNumeric(a.value, ctx, () => report(ctx, M.badOutcome(`'${slice(ctx, a.span)}'`), a.span));
      if (t && !outcomes.some((o) => o.name === t.name)) outcomes.push(t);
    }
    if (outcomes.length === 0) {
      if (e.args.length === 0) report(ctx, M.badOutcome('an empty c()'), e.span);
      return undefined;
    }
    return { kind: 'vars', outcomes, multi: true, span: e.span };
  }
  if (e.kind === 'call' && e.name === 'Surv') {
    if ((e.args.length !== 2 && e.args.length !== 3) || e.args.some((a) => a.name !== undefined)) {
      report(ctx, M.badSurv(), e.span);
      return undefined;
    }
    const ts = e.args.map((a) => exprToNumeric(a.value, ctx, () => report(ctx, M.badSurv(), a.span)));
    if (ts.some((t) => !t)) return undefined;
    const [a, b, d] = ts as NumericTerm[];
    return d ? { kind: 'surv', start: a!, time: b!, event: d, span: e.span } : { kind: 'surv', time: a!, event: b!, span: e.span };
  }
  const t = exprToNumeric(e, ctx, bad);
  return t ? { kind: 'vars', outcomes: [t], multi: false, span: e.span } : undefined;
}
