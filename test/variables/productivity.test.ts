/**
 * tfp_lp (Levinsohn–Petrin, value added): on a simulated panel where the proxy is monotone in
 * productivity and labour responds to the productivity shock (so OLS is biased), the
 * coefficients are recovered; too few rows is a clear error (SS476).
 */
import { describe, expect, it } from 'vitest';
import { makeFrame, numColumn } from '../../src/data/frame.js';
import { evaluate } from '../../src/expr/evaluate.js';
import { parseExpr } from '../../src/expr/index.js';
import { ExprError } from '../../src/expr/errors.js';

function simulate(firms: number, years: number) {
  let s = 12345;
  const u = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const z = () => Math.sqrt(-2 * Math.log(u() + 1e-12)) * Math.cos(2 * Math.PI * u());
  const cols: Record<string, number[]> = { id: [], t: [], va: [], l: [], k: [], m: [] };
  for (let f = 0; f < firms; f++) {
    let omega = 0.3 * z();
    let k = 3 + z();
    for (let t = 0; t < years; t++) {
      const shock = 0.1 * z();
      omega = 0.7 * omega + shock;
      const l = 2 + 0.5 * k + 1.0 * shock + 0.3 * z();
      const m = -1 + 0.6 * k + omega;
      cols.id!.push(f);
      cols.t!.push(2000 + t);
      cols.va!.push(0.3 * l + 0.15 * k + omega + 0.05 * z());
      cols.l!.push(l);
      cols.k!.push(k);
      cols.m!.push(m);
      k = 0.92 * k + 0.3 + 0.2 * z();
    }
  }
  return makeFrame(Object.entries(cols).map(([k, v]) => [k, numColumn(Float64Array.from(v))]), { id: 'id', time: 't' });
}

describe('tfp_lp', () => {
  it('recovers β_l and β_k: va − tfp regressed on l and k gives them back', () => {
    const frame = simulate(800, 8);
    const tfp = evaluate(parseExpr('tfp_lp(va, l, k, m)').value!, { frame });
    if (tfp.kind !== 'num') throw new Error('numeric column expected');
    const va = frame.columns.get('va') as { values: Float64Array };
    const l = frame.columns.get('l') as { values: Float64Array };
    const k = frame.columns.get('k') as { values: Float64Array };
    // Solve the 2×2 normal equations of (va − tfp) = b_l·l + b_k·k (exact, zero residual).
    let sll = 0, slk = 0, skk = 0, sly = 0, sky = 0;
    for (let i = 0; i < frame.nrows; i++) {
      const y = va.values[i]! - tfp.values[i]!;
      sll += l.values[i]! ** 2; slk += l.values[i]! * k.values[i]!; skk += k.values[i]! ** 2;
      sly += l.values[i]! * y; sky += k.values[i]! * y;
    }
    const det = sll * skk - slk * slk;
    const bl = (sly * skk - sky * slk) / det;
    const bk = (sky * sll - sly * slk) / det;
    expect(Math.abs(bl - 0.3)).toBeLessThan(0.02);
    expect(Math.abs(bk - 0.15)).toBeLessThan(0.05);
  });
  it('too few rows is an error with its code', () => {
    const frame = simulate(2, 3);
    expect(() => evaluate(parseExpr('tfp_lp(va, l, k, m)').value!, { frame })).toThrowError(ExprError);
    try {
      evaluate(parseExpr('tfp_lp(va, l, k, m)').value!, { frame });
    } catch (e) {
      expect((e as ExprError).code).toBe('SS476');
    }
  });
});
