import { describe, expect, it } from 'vitest';
import { expandFormula, formatFormula, formulaColumns, parseFormula } from '../../src/formula/index.js';

function expand(text: string): [string | undefined, string][] {
  const r = parseFormula(text);
  expect(r.errors).toEqual([]);
  return expandFormula(r.value!).map((f) => [f.step, formatFormula(f)]);
}

describe('expandFormula', () => {
  it('csw with 5 steps gives the cumulative sets', () => {
    expect(expand('SL ~ csw(Vag, GDP, TAX, CPI, FDI) | year')).toEqual([
      ['1', 'SL ~ Vag | year'],
      ['2', 'SL ~ Vag + GDP | year'],
      ['3', 'SL ~ Vag + GDP + TAX | year'],
      ['4', 'SL ~ Vag + GDP + TAX + CPI | year'],
      ['5', 'SL ~ Vag + GDP + TAX + CPI + FDI | year'],
    ]);
  });
  it('sw gives one model per alternative, around the fixed terms', () => {
    expect(expand('y ~ a + sw(b, c + d) + e')).toEqual([
      ['1', 'y ~ a + b + e'],
      ['2', 'y ~ a + c + d + e'],
    ]);
  });
  it('sw0 and csw0 add the model without any alternative first', () => {
    expect(expand('y ~ x + sw0(a, b)').map((s) => s[1])).toEqual(['y ~ x', 'y ~ x + a', 'y ~ x + b']);
    expect(expand('y ~ x + csw0(a, b)').map((s) => s[1])).toEqual(['y ~ x', 'y ~ x + a', 'y ~ x + a + b']);
    expect(expand('y ~ csw0(a)').map((s) => s[1])).toEqual(['y ~ 1', 'y ~ a']);
  });
  it('c(y1, y2) × csw: outcomes outer, steps inner, labelled "y1/2"', () => {
    expect(expand('c(y1, y2) ~ x + csw(a, b)')).toEqual([
      ['y1/1', 'y1 ~ x + a'],
      ['y1/2', 'y1 ~ x + a + b'],
      ['y2/1', 'y2 ~ x + a'],
      ['y2/2', 'y2 ~ x + a + b'],
    ]);
  });
  it('fixed-effect steps are outermost, as fixest orders them', () => {
    expect(expand('c(y1, y2) ~ x | sw0(firm)')).toEqual([
      ['1/y1', 'y1 ~ x'],
      ['1/y2', 'y2 ~ x'],
      ['2/y1', 'y1 ~ x | firm'],
      ['2/y2', 'y2 ~ x | firm'],
    ]);
    expect(expand('y ~ x | firm + csw(year, industry^year)').map((s) => s[1])).toEqual([
      'y ~ x | firm + year',
      'y ~ x | firm + year + industry^year',
    ]);
  });
  it('a formula without multiple estimation expands to itself without a step', () => {
    const r = parseFormula('y ~ x | fe | e ~ z').value!;
    const out = expandFormula(r);
    expect(out).toHaveLength(1);
    expect(out[0]!.step).toBeUndefined();
    expect(formatFormula(out[0]!)).toBe('y ~ x | fe | e ~ z');
  });
  it('keeps the IV part in every step', () => {
    expect(expand('y ~ csw(a, b) | fe | e ~ z').map((s) => s[1])).toEqual(['y ~ a | fe | e ~ z', 'y ~ a + b | fe | e ~ z']);
  });
});

describe('formulaColumns', () => {
  it('lists every column read, through expressions, factors, FE, IV and Surv', () => {
    const f = parseFormula('Surv(t0, t1, ev) ~ log(x) + i(g, w) + I(a / b) + mean_by(q, by = [ind, yr]) + csw(s1, s2) | f1 + f2^f3 + sw(f4) | e ~ z').value!;
    expect([...formulaColumns(f)].sort()).toEqual(
      ['t0', 't1', 'ev', 'x', 'g', 'w', 'a', 'b', 'q', 'ind', 'yr', 's1', 's2', 'f1', 'f2', 'f3', 'f4', 'e', 'z'].sort(),
    );
  });
  it('includes default column arguments and lagged variables', () => {
    const f = parseFormula('y ~ spatial_lag(v) + L.k').value!;
    expect([...formulaColumns(f)].sort()).toEqual(['k', 'lat', 'lon', 'v', 'y']);
  });
});
