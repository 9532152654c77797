import { describe, expect, it } from 'vitest';
import { parseFormula } from '../../src/formula/index.js';
import { checkExpr, parseExpr } from '../../src/expr/index.js';
import { stataColumnHint } from '../../src/formula/stata-habits.js';

function formulaErrors(text: string) {
  return parseFormula(text).errors.map((e) => ({ code: e.code, at: text.slice(e.span.start, e.span.end), notes: e.notes ?? [] }));
}

function exprErrors(text: string) {
  const r = parseExpr(text);
  const errs = r.value ? checkExpr(r.value) : r.errors;
  return errs.map((e) => ({ code: e.code, at: text.slice(e.span.start, e.span.end), notes: e.notes ?? [] }));
}

describe('Stata habits get their own code, position and the studyspec spelling', () => {
  it('ln() → log() (SS280), in expressions and formulas', () => {
    expect(exprErrors('ln(sales) + 1')).toEqual([{ code: 'SS280', at: 'ln', notes: ['write log(…)'] }]);
    expect(formulaErrors('y ~ ln(capital) + x')[0]).toMatchObject({ code: 'SS280', at: 'ln' });
  });

  it('absorb() → | fe (SS281), with the formula rewritten', () => {
    expect(formulaErrors('y ~ x + z, absorb(firm year)')).toEqual([
      { code: 'SS281', at: 'absorb(firm year)', notes: ['write: y ~ x + z | firm + year'] },
    ]);
  });

  it('i.x and c.x where a column is expected (SS282, SS285); formulas accept them as they are', () => {
    const cols = (n: string) => ['industry', 'size'].includes(n);
    expect(stataColumnHint('i.industry', cols)?.code).toBe('SS282');
    expect(stataColumnHint('ib2.industry', cols)?.code).toBe('SS282');
    expect(stataColumnHint('c.size', cols)?.code).toBe('SS285');
    expect(stataColumnHint('i.nothing', cols)).toBeUndefined();
    expect(stataColumnHint('x.size', cols)).toBeUndefined();
    expect(parseFormula('y ~ i.industry + c.size').errors).toEqual([]);
  });

  it('vce() and , robust → vcov: (SS283)', () => {
    expect(formulaErrors('y ~ x | firm, vce(cluster firm)')).toEqual([
      { code: 'SS283', at: 'vce(cluster firm)', notes: ['remove it from the formula and add to the model: vcov: cluster(firm)'] },
    ]);
    expect(formulaErrors('y ~ x, vce(robust)')[0]!.notes).toEqual(['remove it from the formula and add to the model: vcov: hc1']);
    expect(formulaErrors('y ~ x, robust')).toMatchObject([{ code: 'SS283', at: 'robust' }]);
  });

  it('xi: (SS284)', () => {
    expect(formulaErrors('xi: y ~ i.g')).toMatchObject([{ code: 'SS284', at: 'xi:' }]);
  });

  it('a formula that parses is never second-guessed; other errors stay generic', () => {
    expect(parseFormula('y ~ x | firm').errors).toEqual([]);
    expect(formulaErrors('y ~ x +').map((e) => e.code)).not.toContain('SS281');
    expect(exprErrors('lg(x)')[0]!.code).not.toBe('SS280');
  });
});

describe('Stata option names as model keys', () => {
  it('vce:, absorb:, robust: get SS160 with where the setting goes', async () => {
    const { compileSpec } = await import('../../src/spec/pipeline.js');
    const { defaultParsers } = await import('../../src/spec/parsers.js');
    const text = 'version: 1\ndata:\n  d: { source: d.csv }\nmodels:\n  m:\n    formula: y ~ x\n    vce: cluster firm\n    absorb: firm\n';
    const r = await compileSpec(text, '/tmp/x/s.yaml', { parsers: defaultParsers(), skipPlan: true });
    const ds = r.diagnostics.filter((d) => d.code === 'SS160');
    expect(ds.map((d) => [d.pos?.line, d.pos?.col])).toEqual([[7, 5], [8, 5]]);
    expect(ds[0]!.message).toContain('vcov:');
    expect(ds[1]!.message).toContain('| firm + year');
  });
});
