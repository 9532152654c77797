import { describe, expect, it } from 'vitest';
import type { Expr } from '../../src/expr/ast.js';
import { formatExpr, parseExpr } from '../../src/expr/index.js';

const s = { start: 0, end: 0 };
const n = (value: number): Expr => ({ kind: 'num', value, span: s });
const v = (name: string): Expr => ({ kind: 'ident', name, span: s });
const bin = (op: '+' | '-' | '*' | '/' | '^' | '==', left: Expr, right: Expr): Expr => ({ kind: 'binary', op, left, right, span: s });

describe('formatExpr', () => {
  it('adds parentheses only where precedence needs them', () => {
    expect(formatExpr(bin('*', bin('+', v('a'), v('b')), v('c')))).toBe('(a + b) * c');
    expect(formatExpr(bin('+', v('a'), bin('*', v('b'), v('c'))))).toBe('a + b * c');
    expect(formatExpr(bin('-', v('a'), bin('-', v('b'), v('c'))))).toBe('a - (b - c)');
    expect(formatExpr(bin('^', bin('^', v('a'), v('b')), v('c')))).toBe('(a^b)^c');
    expect(formatExpr(bin('^', { kind: 'unary', op: '-', arg: n(2), span: s }, n(2)))).toBe('(-2)^2');
    expect(formatExpr(bin('==', bin('==', v('a'), v('b')), v('c')))).toBe('(a == b) == c');
  });
  it('quotes names that are not plain identifiers and escapes strings', () => {
    expect(formatExpr(v('a b'))).toBe('`a b`');
    expect(formatExpr(v('in'))).toBe('`in`');
    expect(formatExpr({ kind: 'str', value: 'say "hi"\n', span: s })).toBe('"say \\"hi\\"\\n"');
  });
  it('re-parses to the same tree', () => {
    for (const text of ['a - (b - c) / d^-e', '!(a | b) & c', 'f(x, by = [a, b], lo = -1)', '(a == b) == c', '`x y` in ["a", 1]']) {
      const e = parseExpr(text).value!;
      const again = parseExpr(formatExpr(e)).value!;
      expect(formatExpr(again)).toBe(formatExpr(e));
    }
  });
});
