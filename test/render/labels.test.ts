import { describe, expect, it } from 'vitest';
import { factorOf, labelTerm, splitTopLevel } from '../../src/render/labels.js';

const labels = { x: 'Price', z: 'Income', g: 'Region', QUA: 'QUA$_{it}$' };

describe('labelTerm', () => {
  it('uses the dictionary directly', () => {
    expect(labelTerm('x', labels)).toBe('Price');
    expect(labelTerm('unknown', labels)).toBe('unknown');
  });
  it('survives lags, leads and differences (fixest and Stata spellings)', () => {
    expect(labelTerm('l(x,1)', labels)).toBe('L.Price');
    expect(labelTerm('l(x, 2)', labels)).toBe('L2.Price');
    expect(labelTerm('f(x,1)', labels)).toBe('F.Price');
    expect(labelTerm('d(x)', labels)).toBe('D.Price');
    expect(labelTerm('L2.x', labels)).toBe('L2.Price');
  });
  it('labels interactions part by part', () => {
    expect(labelTerm('x:z', labels)).toBe('Price × Income');
    expect(labelTerm('l(x,1):QUA', labels)).toBe('L.Price × QUA$_{it}$');
  });
  it('labels factor levels and varying slopes', () => {
    expect(labelTerm('g::east', labels)).toBe('Region = east');
    expect(labelTerm('i(g)::east', labels)).toBe('Region = east');
    expect(labelTerm('i(g, ref = "west")::east', labels)).toBe('Region = east');
    expect(labelTerm('i(g, x)::east', labels)).toBe('Region = east × Price');
    expect(labelTerm('g::east:x', labels)).toBe('Region = east × Price');
  });
  it('labels the intercept by language unless the dictionary names it', () => {
    expect(labelTerm('(Intercept)', {})).toBe('Constant');
    expect(labelTerm('(Intercept)', {}, 'zh')).toBe('常数项');
    expect(labelTerm('(Intercept)', { '(Intercept)': '_cons' })).toBe('_cons');
  });
  it('an exact dictionary entry wins over structure', () => {
    expect(labelTerm('x:z', { ...labels, 'x:z': 'Price·Income' })).toBe('Price·Income');
  });
});

describe('term-name helpers', () => {
  it('splits interactions but not factor levels', () => {
    expect(splitTopLevel('g::east:x', ':')).toEqual(['g::east', 'x']);
    expect(splitTopLevel('l(x,1):i(g, x)::a', ':')).toEqual(['l(x,1)', 'i(g, x)::a']);
  });
  it('finds the factor of a level term', () => {
    expect(factorOf('i(year)::2009')).toBe('year');
    expect(factorOf('year::2009')).toBe('year');
    expect(factorOf('year')).toBeNull();
  });
});
