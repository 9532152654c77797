/** margins/variables.ts: which variables a formula's regressors are made of. */
import { describe, expect, it } from 'vitest';
import { expandFormula, parseFormula } from '../../src/formula/index.js';
import { formulaVariables, hasOffset } from '../../src/margins/variables.js';

function single(text: string) {
  const r = parseFormula(text);
  if (!r.value) throw new Error(`parse ${text}: ${r.errors.map((e) => e.message).join('; ')}`);
  return expandFormula(r.value)[0]!;
}

describe('formulaVariables', () => {
  it('reads variables through I(), interactions, slopes and smooth functions', () => {
    const v = formulaVariables(single('y ~ x + I(x^2) + log(w) + x:z + i(f, s) + i(g) + c.a#c.b'));
    expect(v.continuous).toEqual(['x', 'w', 'z', 's', 'a', 'b']);
    expect(v.factors).toEqual(['f', 'g']);
    expect([...v.opaque]).toEqual([]);
  });

  it('holds lags and conditions fixed, and names the function', () => {
    const v = formulaVariables(single('y ~ z + l(x, 1) + I(q > 2)'));
    expect(v.continuous).toEqual(['z']);
    expect(v.opaque.get('q')).toBe('>');
    expect([...v.opaque.keys()]).toContain('x');
  });

  it('offsets and exposures are not regressors', () => {
    const f = single('y ~ x + exposure(pop)');
    expect(formulaVariables(f).continuous).toEqual(['x']);
    expect(hasOffset(f)).toBe(true);
    expect(hasOffset(single('y ~ x'))).toBe(false);
  });
});
