/**
 * margins/derivative.ts: exact derivatives of regressor expressions, checked against
 * central differences of the same expressions' values (the values themselves against
 * plain arithmetic).
 */
import { describe, expect, it } from 'vitest';
import { parseExpr } from '../../src/expr/index.js';
import { evalDual, type Points } from '../../src/margins/derivative.js';

const x = Float64Array.of(0.5, 1.3, 2.7, 4.1);
const z = Float64Array.of(1.2, -0.7, 0.4, 2.2);

function points(xv: Float64Array): Points {
  return {
    n: xv.length,
    variable: (name) => (name === 'x' ? xv : z),
    // a held-fixed subexpression: the points' z, whatever it is
    fixed: () => Float64Array.from(z, (v) => v * 10),
  };
}

function parse(text: string) {
  const r = parseExpr(text);
  if (!r.value) throw new Error(`parse ${text}`);
  return r.value;
}

describe('evalDual', () => {
  const cases: [string, (a: number, b: number) => number][] = [
    ['x', (a) => a],
    ['x^2', (a) => a * a],
    ['x^2 * z + 3 * x', (a, b) => a * a * b + 3 * a],
    ['log(x) / (1 + x)', (a) => Math.log(a) / (1 + a)],
    ['exp(-x / 2) - sqrt(x)', (a) => Math.exp(-a / 2) - Math.sqrt(a)],
    ['abs(x - 2) * z', (a, b) => Math.abs(a - 2) * b],
    ['x^x', (a) => Math.pow(a, a)],
    ['2^x', (a) => Math.pow(2, a)],
    ['-(x * z) + z / x', (a, b) => -(a * b) + b / a],
  ];
  for (const [text, f] of cases) {
    it(`${text}: values and d/dx (vs central differences)`, () => {
      const r = evalDual(parse(text), points(x), 'x');
      for (let i = 0; i < x.length; i++) {
        expect(r.v[i]).toBeCloseTo(f(x[i]!, z[i]!), 12);
        const h = 1e-6;
        const fd = (f(x[i]! + h, z[i]!) - f(x[i]! - h, z[i]!)) / (2 * h);
        expect(Math.abs(r.d![i]! - fd)).toBeLessThan(1e-7 * Math.max(1, Math.abs(fd)));
      }
    });
  }

  it('a variable that does not occur has derivative null (zero), not an array of zeros', () => {
    expect(evalDual(parse('z^2 + 1'), points(x), 'x').d).toBeNull();
    expect(evalDual(parse('x^2'), points(x), undefined).d).toBeNull();
  });

  it('functions outside the differentiable set are held fixed', () => {
    const r = evalDual(parse('lag(x, 1) + x'), points(x), 'x');
    expect(Array.from(r.d!)).toEqual([1, 1, 1, 1]);
    expect(r.v[0]).toBeCloseTo(z[0]! * 10 + x[0]!, 12);
  });

  it('d(u^c) at u = 0 is finite for c ≥ 1', () => {
    const r = evalDual(parse('x^2'), points(Float64Array.of(0)), 'x');
    expect(r.d![0]).toBe(0);
  });
});
