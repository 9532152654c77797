/**
 * CST → expression AST. Pure functions over chevrotain CST nodes, dispatched on rule name,
 * so that the formula visitor can convert the expression parts of its own CST (call
 * arguments, `I(...)`) with exactly the same code.
 *
 * Spans are 0-based offsets into the parsed text; a parenthesised expression's span
 * includes its parentheses so errors underline what the user wrote.
 */
import { tokenMatcher, type CstElement, type CstNode, type IToken } from 'chevrotain';
import type { Arg, BinaryOp, Expr, Span } from './ast.js';
import { BackquotedIdent, False, Na, NumberLit, StringLit, True } from './tokens.js';

export type Children = Record<string, CstElement[] | undefined>;

export function tokenSpan(t: IToken): Span {
  return { start: t.startOffset, end: t.startOffset + t.image.length };
}

export function join(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

export function nodes(c: Children, key: string): CstNode[] {
  return (c[key] ?? []) as CstNode[];
}

export function tokens(c: Children, key: string): IToken[] {
  return (c[key] ?? []) as IToken[];
}

export function first<T>(xs: readonly T[] | undefined): T {
  // The grammar guarantees the element; a miss is a bug in the grammar/visitor pair.
  if (!xs || xs.length === 0) throw new Error('internal: CST element missing');
  return xs[0]!;
}

/** Name of an identifier token, without backquotes. */
export function nameOf(t: IToken): string {
  return tokenMatcher(t, BackquotedIdent) ? t.image.slice(1, -1) : t.image;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', f: '\f', v: '\v' };

export function unquote(image: string): string {
  const body = image.slice(1, -1);
  return body.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_m, e: string) =>
    e.length === 5 ? String.fromCharCode(parseInt(e.slice(1), 16)) : (ESCAPES[e] ?? e),
  );
}

function binaryChain(operands: CstNode[], ops: IToken[]): Expr {
  let acc = toExpr(first(operands));
  for (let i = 0; i < ops.length; i++) {
    const right = toExpr(operands[i + 1]!);
    const image = ops[i]!.image;
    const op = (image === '||' ? '|' : image === '&&' ? '&' : image) as BinaryOp;
    acc = { kind: 'binary', op, left: acc, right, span: join(acc.span, right.span) };
  }
  return acc;
}

/** Convert any expression-rule CST node (orExpr … atom, callOrName, listLit) to an Expr. */
export function toExpr(node: CstNode): Expr {
  const c = node.children as Children;
  switch (node.name) {
    case 'expression':
      return toExpr(first(nodes(c, 'body')));
    case 'orExpr':
    case 'andExpr':
    case 'additive':
    case 'multiplicative':
      return binaryChain(nodes(c, 'operands'), tokens(c, 'ops'));
    case 'notExpr': {
      const arg = toExpr(first(nodes(c, 'arg')));
      const bang = tokens(c, 'bang')[0];
      return bang ? { kind: 'unary', op: '!', arg, span: join(tokenSpan(bang), arg.span) } : arg;
    }
    case 'comparison': {
      const left = toExpr(first(nodes(c, 'left')));
      const op = tokens(c, 'op')[0];
      if (op) {
        const right = toExpr(first(nodes(c, 'right')));
        return { kind: 'binary', op: op.image as BinaryOp, left, right, span: join(left.span, right.span) };
      }
      const list = nodes(c, 'list')[0];
      if (list) {
        const l = listOf(list);
        return { kind: 'in', arg: left, values: l.items, span: join(left.span, l.span) };
      }
      return left;
    }
    case 'range': {
      const from = toExpr(first(nodes(c, 'from')));
      const to = nodes(c, 'to')[0];
      if (!to) return from;
      const toE = toExpr(to);
      return { kind: 'range', from, to: toE, span: join(from.span, toE.span) };
    }
    case 'unary': {
      const arg = toExpr(first(nodes(c, 'arg')));
      const sign = tokens(c, 'sign')[0];
      if (!sign) return arg;
      return { kind: 'unary', op: sign.image as '-' | '+', arg, span: join(tokenSpan(sign), arg.span) };
    }
    case 'power': {
      const base = toExpr(first(nodes(c, 'base')));
      const exp = nodes(c, 'exponent')[0];
      if (!exp) return base;
      const right = toExpr(exp);
      return { kind: 'binary', op: '^', left: base, right, span: join(base.span, right.span) };
    }
    case 'atom':
      return atomToExpr(c);
    case 'parenExpr': {
      const inner = toExpr(first(nodes(c, 'inner')));
      const span = join(tokenSpan(first(tokens(c, 'open'))), tokenSpan(first(tokens(c, 'close'))));
      return { ...inner, span };
    }
    case 'callOrName':
      return callOrName(c);
    case 'listLit':
      return listOf(node);
    default:
      throw new Error(`internal: no expression for CST node '${node.name}'`);
  }
}

function atomToExpr(c: Children): Expr {
  for (const key of Object.keys(c)) {
    const el = c[key]?.[0];
    if (!el) continue;
    if ('children' in el) return toExpr(el);
    const t = el;
    const span = tokenSpan(t);
    if (tokenMatcher(t, NumberLit)) return { kind: 'num', value: Number(t.image), span };
    if (tokenMatcher(t, StringLit)) return { kind: 'str', value: unquote(t.image), span };
    if (tokenMatcher(t, True)) return { kind: 'bool', value: true, span };
    if (tokenMatcher(t, False)) return { kind: 'bool', value: false, span };
    if (tokenMatcher(t, Na)) return { kind: 'na', span };
  }
  throw new Error('internal: empty atom');
}

function callOrName(c: Children): Expr {
  const nameTok = first(tokens(c, 'name'));
  const nameSpan = tokenSpan(nameTok);
  const open = tokens(c, 'open')[0];
  if (!open) return { kind: 'ident', name: nameOf(nameTok), span: nameSpan };
  const close = first(tokens(c, 'close'));
  const argsNode = nodes(c, 'args')[0];
  const args = argsNode ? argsOf(argsNode) : [];
  return { kind: 'call', name: nameOf(nameTok), args, span: join(nameSpan, tokenSpan(close)), nameSpan };
}

export function argsOf(argsNode: CstNode): Arg[] {
  return nodes(argsNode.children as Children, 'items').map((a) => {
    const ac = a.children as Children;
    const value = toExpr(first(nodes(ac, 'value')));
    const n = tokens(ac, 'argName')[0];
    if (!n) return { value, span: value.span };
    return { name: nameOf(n), value, span: join(tokenSpan(n), value.span) };
  });
}

function listOf(node: CstNode): { kind: 'list'; items: Expr[]; span: Span } {
  const c = node.children as Children;
  const items = nodes(c, 'items').map(toExpr);
  const span = join(tokenSpan(first(tokens(c, 'open'))), tokenSpan(first(tokens(c, 'close'))));
  return { kind: 'list', items, span };
}
