/** Shared helpers for the evaluator tests: parse an expression and evaluate it on a frame. */
import { expect } from 'vitest';
import { factorColumn, makeFrame, numColumn, type Column, type Frame, type PanelIndex } from '../../src/data/frame.js';
import { evaluate, evaluateMask, type EvalContext } from '../../src/expr/evaluate.js';
import { parseExpr } from '../../src/expr/index.js';
import type { Expr } from '../../src/expr/ast.js';
import { ExprError } from '../../src/expr/errors.js';

export function parse(text: string): Expr {
  const r = parseExpr(text);
  if (!r.value || r.errors.length) throw new Error(`parse failed: ${text}: ${JSON.stringify(r.errors)}`);
  return r.value;
}

/** Numbers (null = missing) → num column; strings (null = missing) → factor column. */
export function col(values: readonly (number | null)[] | readonly (string | null)[]): Column {
  if (values.every((v) => v === null || typeof v === 'number')) {
    return numColumn(Float64Array.from(values as (number | null)[], (v) => (v === null ? NaN : v)));
  }
  const levels = [...new Set(values.filter((v): v is string => typeof v === 'string'))].sort();
  return factorColumn(Int32Array.from(values as (string | null)[], (v) => (v === null ? -1 : levels.indexOf(v))), levels);
}

export function frame(cols: Record<string, readonly (number | null)[] | readonly (string | null)[]>, panel?: PanelIndex): Frame {
  return makeFrame(Object.entries(cols).map(([k, v]) => [k, col(v)] as [string, Column]), panel);
}

/** Evaluate and return plain values: numbers with null for missing, or level text. */
export function run(text: string, f: Frame, ctx: Partial<EvalContext> = {}): (number | string | null)[] {
  const c = evaluate(parse(text), { frame: f, ...ctx });
  if (c.kind === 'num') return Array.from(c.values, (v) => (Number.isNaN(v) ? null : v));
  return Array.from(c.codes, (k) => (k < 0 ? null : c.levels[k]!));
}

export function mask(text: string, f: Frame, ctx: Partial<EvalContext> = {}): number[] {
  return Array.from(evaluateMask(parse(text), { frame: f, ...ctx }));
}

/** The ExprError code thrown by evaluating `text`. */
export function errorCode(text: string, f: Frame, ctx: Partial<EvalContext> = {}): string {
  try {
    evaluate(parse(text), { frame: f, ...ctx });
  } catch (e) {
    expect(e).toBeInstanceOf(ExprError);
    return (e as ExprError).code;
  }
  throw new Error(`expected ${text} to fail`);
}

/** Element-wise closeness with null for missing. */
export function expectClose(actual: (number | string | null)[], expected: (number | null)[], tol = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    if (e === null) expect(a, `row ${i}`).toBeNull();
    else {
      expect(typeof a, `row ${i}`).toBe('number');
      expect(Math.abs((a as number) - e), `row ${i}: ${a} vs ${e}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e)));
    }
  });
}
