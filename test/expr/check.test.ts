import { describe, expect, it } from 'vitest';
import { checkExpr, FUNCTIONS, parseExpr, type ExprContext } from '../../src/expr/index.js';

function codes(text: string, context: ExprContext = 'row'): string[] {
  const r = parseExpr(text);
  expect(r.errors).toEqual([]);
  return checkExpr(r.value!, { context }).map((e) => e.code);
}

describe('checkExpr', () => {
  it('accepts the catalogue as used in the spec', () => {
    expect(codes('(export - base(export, year == 2008)) / base(export, year == 2008)')).toEqual([]);
    expect(codes('loo_mean(QUA, by = [industry, year])')).toEqual([]);
    expect(codes('winsorize(lp, 0.05, 0.95)')).toEqual([]);
    expect(codes('cummax(invest > 0)')).toEqual([]);
    expect(codes("employees >= 8 & !contains(name, '商贸')", 'sample')).toEqual([]);
    expect(codes('resid(khandelwal) / (sigma - 1)')).toEqual([]);
  });
  it('names an unknown function and suggests a close one', () => {
    const r = parseExpr('winsorise(x, 0.01, 0.99)');
    const errs = checkExpr(r.value!);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ code: 'SS205', span: { start: 0, end: 9 } });
    expect(errs[0]!.notes).toEqual(["did you mean 'winsorize'?"]);
  });
  it('checks arity, names and duplicates', () => {
    expect(codes('log(x, 2)')).toEqual(['SS206']);
    expect(codes('ifelse(a, b)')).toEqual(['SS207']);
    expect(codes('lag(x, k = 1)')).toEqual(['SS208']);
    expect(codes('lag(x, 1, n = 2)')).toEqual(['SS209']);
    expect(codes('pmin(a, b, c, d)')).toEqual([]);
  });
  it('checks argument kinds', () => {
    expect(codes('mean_by(x, by = x + 1)')).toEqual(['SS210']);
    expect(codes('mean_by(x, by = industry)')).toEqual([]);
    expect(codes('winsorize(x, lo)')).toEqual(['SS210']);
    expect(codes('winsorize(x, 0.01, 1.01)')).toEqual(['SS211']);
    expect(codes('winsorize(x, 0.9, 0.1)')).toEqual(['SS211']);
    expect(codes('winsorize(x, type = 7)')).toEqual([]);
    expect(codes('winsorize(x, type = 5)')).toEqual(['SS211']);
    expect(codes('recode(x, from = [1, 2], to = ["a", "b"])')).toEqual([]);
    expect(codes('recode(x, from = y, to = 1)')).toEqual(['SS210']);
  });
  it('allows aggregations only under aggregate:, each column inside exactly one', () => {
    expect(codes('sum(x)')).toEqual(['SS212']);
    expect(codes('weighted_mean(squality, value)', 'aggregate')).toEqual([]);
    expect(codes('sum(value) / count()', 'aggregate')).toEqual([]);
    expect(codes('hhi(value)', 'aggregate')).toEqual([]);
    expect(codes('hhi(value)')).toEqual(['SS207']);
    expect(codes('hhi(value, by = firm)')).toEqual([]);
    expect(codes('value', 'aggregate')).toEqual(['SS213']);
    expect(codes('sum(mean(x))', 'aggregate')).toEqual(['SS214']);
  });
  it('requires literals in in-lists and keeps lists and ranges as arguments', () => {
    expect(codes('x in [1, "a", -2, NA]')).toEqual([]);
    expect(codes('x in [y]')).toEqual(['SS215']);
    expect(codes('[1, 2]')).toEqual(['SS216']);
    expect(codes('x + 1:3')).toEqual(['SS217']);
  });
});

describe('FUNCTIONS', () => {
  it('holds every function of spec-language.md and methods.md', () => {
    const required = `log exp sqrt abs round floor ceil ifelse isna coalesce contains startswith endswith lower upper pmin pmax
      lag lead diff growth base cummax cumsum first_year mean_by sum_by min_by max_by count_by sd_by loo_mean share hhi
      winsorize standardize center rank cut recode dummy recovery_time recovered resilience_index spatial_lag absorbing
      sum mean weighted_mean min max sd count count_distinct first last resid fitted predict mills fe`.split(/\s+/);
    for (const name of required) expect(FUNCTIONS.has(name), name).toBe(true);
  });
  it('describes panel needs and parameters', () => {
    expect(FUNCTIONS.get('lag')).toMatchObject({ kind: 'panel', needsPanel: true, params: [{ name: 'x' }, { name: 'n', optional: true, default: 1 }] });
    expect(FUNCTIONS.get('winsorize')!.params.map((p) => p.name)).toEqual(['x', 'lo', 'hi', 'type', 'by']);
    expect(FUNCTIONS.get('mean_by')!.params[1]).toMatchObject({ name: 'by', type: 'columns' });
    for (const f of FUNCTIONS.values()) {
      expect(f.doc.length).toBeGreaterThan(5);
      expect(new Set(f.params.map((p) => p.name)).size).toBe(f.params.length);
    }
  });
});
