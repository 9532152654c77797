/**
 * Canonical text of an expression: what results.json and term names show, and what
 * re-parses to the same AST (the fuzz test checks this round trip).
 *
 * Spacing follows R's deparse: spaces around `+ - * / == & |` etc., none around `^` and `:`.
 * Parentheses are added only where precedence requires them.
 */
import type { Expr } from './ast.js';
import { PLAIN_IDENT_RE } from './tokens.js';

/** Binding strength, matching the grammar layers in expr/rules.ts. */
const enum Prec {
  Or = 1,
  And = 2,
  Not = 3,
  Compare = 4,
  Add = 5,
  Mul = 6,
  Range = 7,
  Unary = 8,
  Power = 9,
  Atom = 10,
}

const KEYWORDS = new Set(['in', 'TRUE', 'true', 'FALSE', 'false', 'NA']);

function precOf(e: Expr): Prec {
  switch (e.kind) {
    case 'binary':
      switch (e.op) {
        case '|': return Prec.Or;
        case '&': return Prec.And;
        case '+': case '-': return Prec.Add;
        case '*': case '/': return Prec.Mul;
        case '^': return Prec.Power;
        default: return Prec.Compare;
      }
    case 'unary':
      return e.op === '!' ? Prec.Not : Prec.Unary;
    case 'in':
      return Prec.Compare;
    case 'range':
      return Prec.Range;
    case 'num':
      // A negative literal only arises from constructed ASTs; print it as a unary minus.
      return e.value < 0 ? Prec.Unary : Prec.Atom;
    default:
      return Prec.Atom;
  }
}

function wrap(e: Expr, needParens: boolean): string {
  const s = formatExpr(e);
  return needParens ? `(${s})` : s;
}

export function formatName(name: string): string {
  return PLAIN_IDENT_RE.test(name) && !KEYWORDS.has(name) ? name : `\`${name}\``;
}

export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NA';
  return String(v);
}

export function formatString(s: string): string {
  return JSON.stringify(s);
}

export function formatExpr(e: Expr): string {
  switch (e.kind) {
    case 'num':
      return formatNumber(e.value);
    case 'str':
      return formatString(e.value);
    case 'bool':
      return e.value ? 'TRUE' : 'FALSE';
    case 'na':
      return 'NA';
    case 'ident':
      return formatName(e.name);
    case 'unary':
      return e.op === '!'
        ? `!${wrap(e.arg, precOf(e.arg) < Prec.Not)}`
        : `${e.op}${wrap(e.arg, precOf(e.arg) < Prec.Unary)}`;
    case 'binary': {
      const p = precOf(e);
      if (e.op === '^') {
        return `${wrap(e.left, precOf(e.left) <= Prec.Power)}^${wrap(e.right, precOf(e.right) < Prec.Unary)}`;
      }
      if (p === Prec.Compare) {
        return `${wrap(e.left, precOf(e.left) <= Prec.Compare)} ${e.op} ${wrap(e.right, precOf(e.right) <= Prec.Compare)}`;
      }
      return `${wrap(e.left, precOf(e.left) < p)} ${e.op} ${wrap(e.right, precOf(e.right) <= p)}`;
    }
    case 'in':
      return `${wrap(e.arg, precOf(e.arg) < Prec.Add)} in [${e.values.map(formatExpr).join(', ')}]`;
    case 'list':
      return `[${e.items.map(formatExpr).join(', ')}]`;
    case 'range':
      return `${wrap(e.from, precOf(e.from) < Prec.Unary)}:${wrap(e.to, precOf(e.to) < Prec.Unary)}`;
    case 'call':
      return `${formatName(e.name)}(${e.args
        .map((a) => (a.name !== undefined ? `${formatName(a.name)} = ${formatExpr(a.value)}` : formatExpr(a.value)))
        .join(', ')})`;
  }
}
