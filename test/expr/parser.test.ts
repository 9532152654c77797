import { describe, expect, it } from 'vitest';
import type { Expr } from '../../src/expr/ast.js';
import { parseExpr } from '../../src/expr/index.js';

function ok(text: string): Expr {
  const r = parseExpr(text);
  expect(r.errors).toEqual([]);
  return r.value!;
}

/** Drop spans to compare shapes. */
function shape(e: unknown): unknown {
  if (Array.isArray(e)) return e.map(shape);
  if (e && typeof e === 'object') {
    return Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'span' && k !== 'nameSpan').map(([k, v]) => [k, shape(v)]));
  }
  return e;
}

const id = (name: string) => ({ kind: 'ident', name });
const num = (value: number) => ({ kind: 'num', value });

describe('parseExpr precedence', () => {
  it('unary minus binds looser than ^ (R: -2^2 = -4)', () => {
    expect(shape(ok('-2^2'))).toEqual({ kind: 'unary', op: '-', arg: { kind: 'binary', op: '^', left: num(2), right: num(2) } });
  });
  it('^ is right-associative and takes a signed exponent', () => {
    expect(shape(ok('a^b^c'))).toEqual({ kind: 'binary', op: '^', left: id('a'), right: { kind: 'binary', op: '^', left: id('b'), right: id('c') } });
    expect(shape(ok('2^-1'))).toEqual({ kind: 'binary', op: '^', left: num(2), right: { kind: 'unary', op: '-', arg: num(1) } });
  });
  it('* binds tighter than +, both left-associative', () => {
    expect(shape(ok('a - b * c - d'))).toEqual({
      kind: 'binary', op: '-',
      left: { kind: 'binary', op: '-', left: id('a'), right: { kind: 'binary', op: '*', left: id('b'), right: id('c') } },
      right: id('d'),
    });
  });
  it('& binds tighter than |, and ! looser than comparisons', () => {
    expect(shape(ok('a | b & c'))).toEqual({ kind: 'binary', op: '|', left: id('a'), right: { kind: 'binary', op: '&', left: id('b'), right: id('c') } });
    expect(shape(ok('!x == 1'))).toEqual({ kind: 'unary', op: '!', arg: { kind: 'binary', op: '==', left: id('x'), right: num(1) } });
  });
  it('&& and || are the same operators as & and |', () => {
    expect(shape(ok('a && b || c'))).toEqual(shape(ok('a & b | c')));
  });
  it('in takes a list; !(x in [...]) negates it', () => {
    expect(shape(ok('!(year in [2009, 2010])'))).toEqual({ kind: 'unary', op: '!', arg: { kind: 'in', arg: id('year'), values: [num(2009), num(2010)] } });
  });
  it('reads calls with positional and named arguments, lists and ranges', () => {
    expect(shape(ok('loo_mean(QUA, by = [industry, year])'))).toEqual({
      kind: 'call', name: 'loo_mean',
      args: [{ value: id('QUA') }, { name: 'by', value: { kind: 'list', items: [id('industry'), id('year')] } }],
    });
    expect(shape(ok('l(x, 1:2)'))).toEqual({ kind: 'call', name: 'l', args: [{ value: id('x') }, { value: { kind: 'range', from: num(1), to: num(2) } }] });
  });
});

describe('parseExpr literals and names', () => {
  it('numbers, strings with escapes, booleans, NA', () => {
    expect(shape(ok('1e-3'))).toEqual(num(0.001));
    expect(shape(ok('"a\\"b\\n"'))).toEqual({ kind: 'str', value: 'a"b\n' });
    expect(shape(ok("'商贸'"))).toEqual({ kind: 'str', value: '商贸' });
    expect(shape(ok('"\\u00e9"'))).toEqual({ kind: 'str', value: 'é' });
    expect(shape(ok('true'))).toEqual({ kind: 'bool', value: true });
    expect(shape(ok('FALSE'))).toEqual({ kind: 'bool', value: false });
    expect(shape(ok('NA'))).toEqual({ kind: 'na' });
  });
  it('identifiers with dots, underscores, digits, CJK; backquoted names', () => {
    expect(shape(ok('x.y_2'))).toEqual(id('x.y_2'));
    expect(shape(ok('企业规模'))).toEqual(id('企业规模'));
    expect(shape(ok('`a b-c`'))).toEqual(id('a b-c'));
    expect(shape(ok('index'))).toEqual(id('index'));
    expect(shape(ok('NAME'))).toEqual(id('NAME'));
    expect(shape(ok('trueish'))).toEqual(id('trueish'));
  });
});

describe('parseExpr spans', () => {
  it('nodes carry 0-based, end-exclusive offsets; parentheses are included', () => {
    const e = ok('a + (b * c)');
    expect(e.span).toEqual({ start: 0, end: 11 });
    if (e.kind !== 'binary') throw new Error('binary expected');
    expect(e.left.span).toEqual({ start: 0, end: 1 });
    expect(e.right.span).toEqual({ start: 4, end: 11 });
  });
  it('a call keeps the span of its name', () => {
    const e = ok('  log(x)');
    expect(e).toMatchObject({ kind: 'call', span: { start: 2, end: 8 }, nameSpan: { start: 2, end: 5 } });
  });
  it('errors at the end of input point at the input length', () => {
    const r = parseExpr('x + ');
    expect(r.value).toBeUndefined();
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ code: 'SS203', span: { start: 4, end: 4 } });
  });
  it('an unexpected token is underlined', () => {
    expect(parseExpr('a + ) + b').errors[0]).toMatchObject({ code: 'SS202', span: { start: 4, end: 5 } });
  });
  it('an unexpected character and an unterminated string have their own codes', () => {
    expect(parseExpr('a @ b').errors[0]).toMatchObject({ code: 'SS201', span: { start: 2, end: 3 } });
    expect(parseExpr('x == "abc').errors[0]).toMatchObject({ code: 'SS204', span: { start: 5, end: 9 } });
  });
});
