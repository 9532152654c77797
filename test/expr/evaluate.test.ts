import { describe, expect, it } from 'vitest';
import { numColumn } from '../../src/data/frame.js';
import { Reporter } from '../../src/diagnostics/diagnostic.js';
import { evaluate } from '../../src/expr/evaluate.js';
import { errorCode, expectClose, frame, mask, parse, run } from '../variables/helpers.js';

const f = frame({
  x: [1, 2, null, 4],
  y: [2, 0, 1, null],
  region: ['east', 'west', null, 'east'],
  name: ['Acme 商贸', 'Beta', 'acme ltd', null],
});

describe('arithmetic and missing values', () => {
  it('propagates missing through arithmetic', () => {
    expect(run('x + y * 2', f)).toEqual([5, 2, null, null]);
    expect(run('x ^ 2 - 1', f)).toEqual([0, 3, null, 15]);
  });
  it('makes division by zero missing (Stata) rather than Infinity', () => {
    expect(run('x / y', f)).toEqual([0.5, null, null, null]);
  });
  it('broadcasts a literal expression to every row', () => {
    expect(run('1 + 2', f)).toEqual([3, 3, 3, 3]);
    expect(run('NA', f)).toEqual([null, null, null, null]);
  });
  it('unary minus and not', () => {
    expect(run('-x', f)).toEqual([-1, -2, null, -4]);
    expect(run('!(x > 1)', f)).toEqual([1, 0, null, 0]);
  });
});

describe('comparisons and three-valued logic', () => {
  it('comparisons with missing are missing', () => {
    expect(run('x > 1', f)).toEqual([0, 1, null, 1]);
    expect(run('x == y', f)).toEqual([0, 0, null, null]);
  });
  it('FALSE & NA = FALSE, TRUE | NA = TRUE (R)', () => {
    // rows: x>1 = [0,1,NA,1]; y>0 = [1,0,1,NA]
    expect(run('x > 1 & y > 0', f)).toEqual([0, 0, null, null]);
    expect(run('x > 1 | y > 0', f)).toEqual([1, 1, 1, 1]);
    expect(run('x > 5 | y > 5', f)).toEqual([0, 0, null, null]);
    // row 3: NA & FALSE = FALSE
    expect(run('x > 5 & isna(y)', f)).toEqual([0, 0, 0, 0]);
  });
  it('compares a factor with a string literal by level', () => {
    expect(run('region == "east"', f)).toEqual([1, 0, null, 1]);
    expect(run('"east" != region', f)).toEqual([0, 1, null, 0]);
    expect(run('region < "f"', f)).toEqual([1, 0, null, 1]);
  });
  it('compares two factor columns on their text', () => {
    const g = frame({ a: ['x', 'y', 'z'], b: ['x', 'z', 'y'] });
    expect(run('a == b', g)).toEqual([1, 0, 0]);
    expect(run('a < b', g)).toEqual([0, 1, 0]);
  });
  it('refuses to compare text with a number', () => {
    expect(errorCode('region == 1', f)).toBe('SS473');
    expect(errorCode('region + 1', f)).toBe('SS473');
  });
});

describe('in lists', () => {
  it('numbers, with ranges', () => {
    expect(run('x in [1, 4]', f)).toEqual([1, 0, null, 1]);
    expect(run('x in [2:4]', f)).toEqual([0, 1, null, 1]);
  });
  it('text on factor levels', () => {
    expect(run('region in ["west", "north"]', f)).toEqual([0, 1, null, 0]);
  });
  it('rejects numbers against a text column', () => {
    expect(errorCode('region in [1, 2]', f)).toBe('SS472');
  });
});

describe('row functions', () => {
  it('ifelse with missing condition, numbers and text', () => {
    expect(run('ifelse(x > 1, x, 0)', f)).toEqual([0, 2, null, 4]);
    expect(run('ifelse(x > 1, 1, x)', f)).toEqual([1, 1, null, 1]);
    expect(run('ifelse(x >= 2, 1, 0)', f)).toEqual([0, 1, null, 1]);
    expect(run('ifelse(x > 1, "big", "small")', f)).toEqual(['small', 'big', null, 'big']);
    expect(run('ifelse(x > 1, region, "none")', f)).toEqual(['none', 'west', null, 'east']);
  });
  it('isna and coalesce', () => {
    expect(run('isna(x)', f)).toEqual([0, 0, 1, 0]);
    expect(run('isna(region)', f)).toEqual([0, 0, 1, 0]);
    expect(run('coalesce(x, y, -1)', f)).toEqual([1, 2, 1, 4]);
    expect(run('coalesce(region, "unknown")', f)).toEqual(['east', 'west', 'unknown', 'east']);
  });
  it('exp sqrt abs round floor ceil pmin pmax', () => {
    const g = frame({ v: [-2.5, 2.5, 1.25, null] });
    expectClose(run('exp(v)', g), [Math.exp(-2.5), Math.exp(2.5), Math.exp(1.25), null]);
    expect(run('abs(v)', g)).toEqual([2.5, 2.5, 1.25, null]);
    expect(run('round(v)', g)).toEqual([-3, 3, 1, null]);
    expect(run('round(v, 1)', g)).toEqual([-2.5, 2.5, 1.3, null]);
    expect(run('floor(v)', g)).toEqual([-3, 2, 1, null]);
    expect(run('ceil(v)', g)).toEqual([-2, 3, 2, null]);
    expect(run('pmin(v, 0, 2)', g)).toEqual([-2.5, 0, 0, null]);
    expect(run('pmax(v, 2)', g)).toEqual([2, 2.5, 2, null]);
    expect(run('sqrt(abs(v)) ^ 2', g).map((v) => (v === null ? null : Math.round((v as number) * 1e12) / 1e12))).toEqual([2.5, 2.5, 1.25, null]);
  });
  it('text predicates and case mapping work per level', () => {
    expect(run('contains(name, "商贸")', f)).toEqual([1, 0, 0, null]);
    expect(run('startswith(lower(name), "acme")', f)).toEqual([1, 0, 1, null]);
    expect(run('endswith(name, "ltd")', f)).toEqual([0, 0, 1, null]);
    expect(run('upper(region)', f)).toEqual(['EAST', 'WEST', null, 'EAST']);
  });
  it('merges levels that case mapping makes equal', () => {
    const g = frame({ s: ['A', 'a', 'b'] });
    const c = evaluate(parse('lower(s)'), { frame: g });
    expect(c.kind === 'factor' && c.levels).toEqual(['a', 'b']);
  });
});

describe('log warning', () => {
  it('sets log of non-positive values to missing with one counted warning per expression', () => {
    const g = frame({ v: [1, 0, -1, null, Math.E] });
    const reporter = new Reporter();
    const out = run('log(v) + log(v - 1)', g, { reporter, path: ['variables', 'lv'] });
    expectClose(out, [null, null, null, null, 1 + Math.log(Math.E - 1)]);
    expect(reporter.warnings).toHaveLength(1);
    const w = reporter.warnings[0]!;
    expect(w.code).toBe('SS450');
    expect(w.path).toEqual(['variables', 'lv']);
    // log(v): 0 and -1; log(v - 1): 1 - 1 = 0, 0 - 1, -1 - 1 → 5 values in all
    expect(w.message).toContain('5');
  });
  it('gives no warning when every value is positive', () => {
    const reporter = new Reporter();
    run('log(x)', f, { reporter });
    expect(reporter.diagnostics).toHaveLength(0);
  });
});

describe('names, errors and masks', () => {
  it('resolves top-level variables through ctx.resolve', () => {
    const resolve = (name: string) => (name === 'z' ? numColumn(Float64Array.of(10, 20, 30, 40)) : undefined);
    expect(run('z + x', f, { resolve })).toEqual([11, 22, null, 44]);
  });
  it('unknown column and unknown function carry the node span', () => {
    expect(errorCode('xx + 1', f)).toBe('SS451');
    expect(errorCode('lgo(x)', f)).toBe('SS452');
    try {
      evaluate(parse('x + nope'), { frame: f });
    } catch (e) {
      expect((e as { span: unknown }).span).toEqual({ start: 4, end: 8 });
    }
  });
  it('masks drop missing and false rows', () => {
    expect(mask('x > 1', f)).toEqual([0, 1, 0, 1]);
    expect(mask('region == "east" | y > 0', f)).toEqual([1, 0, 1, 1]);
    expect(mask('TRUE', f)).toEqual([1, 1, 1, 1]);
  });
  it('a text expression is not a condition', () => {
    expect(() => mask('region', f)).toThrowError(expect.objectContaining({ code: 'SS465' }));
  });
});

describe('model-derived columns', () => {
  it('delegate to ctx.modelColumn with the model name and arguments', () => {
    const calls: unknown[] = [];
    const modelColumn = (fn: string, model: string, args: Record<string, unknown>) => {
      calls.push([fn, model, args]);
      return numColumn(Float64Array.of(1, 2, 3, 4));
    };
    expect(run('resid(m1) * 2', f, { modelColumn })).toEqual([2, 4, 6, 8]);
    run('predict(sel, type = "prob")', f, { modelColumn });
    run('fe(m1, "firm")', f, { modelColumn });
    expect(calls).toEqual([
      ['resid', 'm1', {}],
      ['predict', 'sel', { type: 'prob' }],
      ['fe', 'm1', { name: 'firm' }],
    ]);
  });
  it('is an error where no model is available', () => {
    expect(errorCode('mills(h)', f)).toBe('SS464');
  });
});
