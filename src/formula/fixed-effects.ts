/**
 * The fixed-effects part (`| firm + year`, `| industry^year`, `| sw0(firm, firm + year)`)
 * from its CST. Fixed effects are column names combined with `^`; everything else gets a
 * fixest-style message that says what to write instead.
 */
import type { CstNode } from 'chevrotain';
import { grammarMessages as M } from '../diagnostics/messages/grammar.js';
import type { Span } from '../expr/ast.js';
import { formatExpr, formatName } from '../expr/format.js';
import { first, join, nodes, tokens, tokenSpan, toExpr, type Children } from '../expr/to-ast.js';
import type { FixedEffect, MultiFe } from './ast.js';
import { at, report, respan, slice, type BuildContext } from './context.js';
import { openTermList } from './term-list.js';
import { nodeSpan } from './sum.js';

export interface FeResult {
  readonly fixed: FixedEffect[];
  readonly multi?: MultiFe;
}

const STATA_FACTOR = /^(?:i|ib\d+)\.(.+)$/;

export function feSum(node: CstNode, ctx: BuildContext, allowMulti: boolean): FeResult {
  const c = node.children as Children;
  const products = nodes(c, 'products');
  const lead = tokens(c, 'lead')[0];
  const ops = tokens(c, 'ops');
  const fixed: FixedEffect[] = [];
  let multi: MultiFe | undefined;
  products.forEach((p, i) => {
    const sign = i === 0 ? (lead?.image ?? '+') : ops[i - 1]!.image;
    if (sign === '-') {
      report(ctx, M.expressionAsFixedEffect(`-${slice(ctx, nodeSpan(p))}`), nodeSpan(p));
      return;
    }
    const r = feProduct(p, ctx, allowMulti);
    if (r.multi) {
      if (multi) report(ctx, M.multiNesting('only one sw()/csw() is allowed in the fixed-effects part'), r.multi.span);
      multi = r.multi;
    }
    for (const fe of r.fixed) if (!fixed.some((f) => f.name === fe.name)) fixed.push(fe);
  });
  return multi ? { fixed, multi } : { fixed };
}

function feProduct(node: CstNode, ctx: BuildContext, allowMulti: boolean): FeResult {
  const c = node.children as Children;
  const atoms = nodes(c, 'atoms');
  const ops = tokens(c, 'ops');
  const bad = ops.find((o) => o.image !== '^');
  if (bad) {
    const suggestion = atoms.map((a) => slice(ctx, nodeSpan(a)).replace(/^[ci]\./, '')).join('^');
    report(ctx, M.interactFixedEffects(suggestion), nodeSpan(node));
    return { fixed: [] };
  }
  if (atoms.length === 1) return feAtom(first(atoms), ctx, allowMulti);
  const variables: string[] = [];
  for (const a of atoms) {
    const r = feAtom(a, ctx, false);
    if (r.fixed.length === 1 && r.fixed[0]!.variables.length === 1) variables.push(r.fixed[0]!.variables[0]!);
    else if (r.fixed.length > 0) report(ctx, M.expressionAsFixedEffect(slice(ctx, nodeSpan(a))), nodeSpan(a));
  }
  if (variables.length !== atoms.length) return { fixed: [] };
  return { fixed: [makeFe(variables, at(ctx, nodeSpan(node)))] };
}

function makeFe(variables: readonly string[], span: Span): FixedEffect {
  return { name: variables.map(formatName).join('^'), variables, span };
}

function feAtom(node: CstNode, ctx: BuildContext, allowMulti: boolean): FeResult {
  const c = node.children as Children;
  const span = nodeSpan(node);
  const call = nodes(c, 'call')[0];
  if (call) {
    const e = toExpr(call);
    if (e.kind === 'ident') {
      const m = STATA_FACTOR.exec(e.name);
      if (m) {
        report(ctx, M.factorInFixedEffects(formatName(m[1]!)), e.span);
        return { fixed: [] };
      }
      return { fixed: [makeFe([e.name], at(ctx, e.span))] };
    }
    if (e.kind === 'call' && e.name === 'i') {
      const v = e.args[0]?.value;
      report(ctx, M.factorInFixedEffects(v ? formatExpr(v) : 'the column name'), e.span);
      return { fixed: [] };
    }
    report(ctx, M.expressionAsFixedEffect(formatExpr(e)), e.span);
    return { fixed: [] };
  }
  const multiNode = nodes(c, 'multi')[0];
  if (multiNode) return { fixed: [], ...multiFe(multiNode, ctx, allowMulti) };
  const ref = nodes(c, 'ref')[0];
  if (ref) return { fixed: feTermList(ref, ctx) };
  const inner = nodes(c, 'inner')[0];
  if (inner) return { fixed: feSum(inner, ctx, false).fixed };
  report(ctx, M.expressionAsFixedEffect(slice(ctx, span)), span);
  return { fixed: [] };
}

function multiFe(node: CstNode, ctx: BuildContext, allowMulti: boolean): { multi?: MultiFe } {
  const c = node.children as Children;
  const fn = first(tokens(c, 'fn'));
  const span = join(tokenSpan(fn), tokenSpan(first(tokens(c, 'close'))));
  if (!allowMulti) {
    report(ctx, M.multiNesting(`${fn.image}() cannot be nested or combined with '^'`), span);
    return {};
  }
  const alternatives = nodes(c, 'alternatives').map((alt) => feSum(alt, ctx, false).fixed);
  return { multi: { op: fn.image as MultiFe['op'], alternatives, span: at(ctx, span) } };
}

function feTermList(node: CstNode, ctx: BuildContext): FixedEffect[] {
  const list = openTermList(node, ctx);
  return list ? respan(feSum(list.sum, list.inner, false).fixed, list.origin) : [];
}
