import { describe, expect, it } from 'vitest';
import type { Formula } from '../../src/formula/ast.js';
import { formatFormula, parseFormula } from '../../src/formula/index.js';

function ok(text: string, terms?: Record<string, string>): Formula {
  const r = parseFormula(text, terms ? { terms } : {});
  expect(r.errors).toEqual([]);
  return r.value!;
}

function codes(text: string, terms?: Record<string, string>): string[] {
  const r = parseFormula(text, terms ? { terms } : {});
  expect(r.value).toBeUndefined();
  return r.errors.map((e) => e.code);
}

describe('parseFormula: AST shapes', () => {
  it('reads outcome, regressors, fixed effects and the IV part', () => {
    const f = ok('RES ~ QUA + lnage | firm + industry^year | q ~ z1 + z2');
    expect(f.lhs).toMatchObject({ kind: 'vars', multi: false, outcomes: [{ name: 'RES', expr: { kind: 'ident', name: 'RES' } }] });
    expect(f.rhs.map((t) => (t.kind === 'multi' ? t.op : t.name))).toEqual(['QUA', 'lnage']);
    expect(f.intercept).toBe(true);
    expect(f.fixedEffects).toEqual([
      { name: 'firm', variables: ['firm'], span: { start: 20, end: 24 } },
      { name: 'industry^year', variables: ['industry', 'year'], span: { start: 27, end: 40 } },
    ]);
    expect(f.iv?.endogenous.map((t) => t.name)).toEqual(['q']);
    expect(f.iv?.instruments.map((t) => t.name)).toEqual(['z1', 'z2']);
  });
  it('builds numeric terms from functions, I() and lags with canonical names', () => {
    const f = ok('y ~ log(x) + I(x^2) + l(x, 1:2) + d(x)');
    expect(f.rhs).toMatchObject([
      { kind: 'numeric', name: 'log(x)', expr: { kind: 'call', name: 'log' } },
      { kind: 'numeric', name: 'I(x^2)', expr: { kind: 'binary', op: '^' } },
      { kind: 'numeric', name: 'l(x,1)', expr: { kind: 'call', name: 'lag', args: [{ value: { kind: 'ident', name: 'x' } }, { value: { kind: 'num', value: 1 } }] } },
      { kind: 'numeric', name: 'l(x,2)', expr: { kind: 'call', name: 'lag', args: [{}, { value: { kind: 'num', value: 2 } }] } },
      { kind: 'numeric', name: 'd(x)', expr: { kind: 'call', name: 'diff' } },
    ]);
  });
  it('builds factor terms with references and slopes', () => {
    const f = ok('y ~ i(region, ref = "east") + i(year, ref = 2000) + i(g, x) + i(t, ref = [1, 2])');
    expect(f.rhs).toMatchObject([
      { kind: 'factor', variable: 'region', ref: 'east', name: 'i(region, ref = "east")' },
      { kind: 'factor', variable: 'year', ref: 2000 },
      { kind: 'factor', variable: 'g', slope: { name: 'x' }, name: 'i(g, x)' },
      { kind: 'factor', variable: 't', refs: [1, 2] },
    ]);
  });
  it('expands x*z to x + z + x:z with an interaction of both parts', () => {
    const f = ok('y ~ x*z');
    expect(f.rhs).toMatchObject([
      { kind: 'numeric', name: 'x' },
      { kind: 'numeric', name: 'z' },
      { kind: 'interaction', name: 'x:z', parts: [{ name: 'x' }, { name: 'z' }] },
    ]);
  });
  it('reads the intercept markers', () => {
    expect(ok('y ~ x - 1').intercept).toBe(false);
    expect(ok('y ~ 0 + x').intercept).toBe(false);
    expect(ok('y ~ 1 + x').intercept).toBe(true);
    expect(ok('y ~ 1 | fe').rhs).toEqual([]);
  });
  it('reads Surv() outcomes and c() outcomes', () => {
    expect(ok('Surv(t, e) ~ x').lhs).toMatchObject({ kind: 'surv', time: { name: 't' }, event: { name: 'e' } });
    expect(ok('Surv(a, b, e) ~ x').lhs).toMatchObject({ kind: 'surv', start: { name: 'a' }, time: { name: 'b' }, event: { name: 'e' } });
    expect(ok('c(y1, y2) ~ x').lhs).toMatchObject({ kind: 'vars', multi: true, outcomes: [{ name: 'y1' }, { name: 'y2' }] });
  });
  it('reads multiple-estimation markers on the regressors and the fixed effects', () => {
    const f = ok('y ~ x + csw0(a, b + c) | firm + sw(year, industry^year)');
    expect(f.rhs[1]).toMatchObject({ kind: 'multi', op: 'csw0', alternatives: [[{ name: 'a' }], [{ name: 'b' }, { name: 'c' }]] });
    expect(f.fixedEffects.map((x) => x.name)).toEqual(['firm']);
    expect(f.fixedEffectsMulti).toMatchObject({ op: 'sw', alternatives: [[{ name: 'year' }], [{ name: 'industry^year' }]] });
  });
});

describe('parseFormula: Stata spellings', () => {
  const same = (stata: string, ours: string): void => {
    expect(formatFormula(ok(stata))).toBe(formatFormula(ok(ours)));
  };
  it('normalises factor-variable and time-series operators', () => {
    same('y ~ c.x#c.z', 'y ~ x:z');
    same('y ~ x##z', 'y ~ x*z');
    same('y ~ c.x##c.z', 'y ~ x*z');
    same('y ~ i.g', 'y ~ i(g)');
    same('y ~ i.g#c.x', 'y ~ i(g, x)');
    same('y ~ ib2000.year', 'y ~ i(year, ref = 2000)');
    same('y ~ L.x + L2.x + F.x + D.x', 'y ~ l(x, 1) + l(x, 2) + f(x, 1) + d(x)');
  });
});

describe('parseFormula: {name} term lists', () => {
  const terms = { controls: 'lnage + lnassets', nested: '{controls} + lp', self: '{self}' };
  it('expands term lists, nested ones too; their terms point at {name}', () => {
    const f = ok('RES ~ QUA + {nested}', terms);
    expect(f.rhs.map((t) => (t.kind === 'multi' ? '' : t.name))).toEqual(['QUA', 'lnage', 'lnassets', 'lp']);
    expect(f.rhs[1]!.span).toEqual({ start: 12, end: 20 });
    expect(f.text).toBe('RES ~ QUA + {nested}');
  });
  it('reports unknown and recursive lists at the reference', () => {
    const r = parseFormula('y ~ x + {control}', { terms });
    expect(r.errors).toMatchObject([{ code: 'SS250', span: { start: 8, end: 17 }, notes: ["did you mean 'controls'?"] }]);
    expect(codes('y ~ {self}', terms)).toEqual(['SS251']);
  });
  it('reports errors inside a list at the reference', () => {
    const r = parseFormula('y ~ x + {bad}', { terms: { bad: 'a + mean(b)' } });
    expect(r.errors).toMatchObject([{ code: 'SS237', span: { start: 8, end: 13 } }]);
  });
});

describe('parseFormula: errors in fixest words', () => {
  it('suggests fe1^fe2 for interacted fixed effects', () => {
    const r = parseFormula('y ~ x | industry:year');
    expect(r.errors[0]!.code).toBe('SS227');
    expect(r.errors[0]!.message).toContain('industry^year');
  });
  it('suggests the variable for i() among fixed effects', () => {
    const r = parseFormula('y ~ x | i(firm)');
    expect(r.errors[0]).toMatchObject({ code: 'SS225', span: { start: 8, end: 15 } });
    expect(r.errors[0]!.message).toContain('write firm');
  });
  it('suggests c() for several outcomes', () => {
    expect(parseFormula('y1 + y2 ~ x').errors[0]!.message).toContain('c(y1, y2)');
  });
  it('collects several errors at once', () => {
    expect(codes('y ~ Surv(a, b) + c(d) | i(g)')).toEqual(['SS228', 'SS230', 'SS225']);
  });
  it('places errors at the end of input on its length', () => {
    const r = parseFormula('y ~ x +');
    expect(r.errors[0]).toMatchObject({ code: 'SS203', span: { start: 7, end: 7 } });
  });
});
