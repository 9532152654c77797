import { describe, expect, it } from 'vitest';
import { checkExpr, formatExpr, parseExpr } from '../../src/expr/index.js';
import { formatFormula, parseFormula } from '../../src/formula/index.js';
import { CASE_TERMS, readCases } from './cases.js';

const opts = { terms: CASE_TERMS };

describe('grammar/cases/formula-accept.txt', () => {
  const cases = readCases('formula-accept.txt');
  it('has enough cases', () => expect(cases.length).toBeGreaterThanOrEqual(60));
  it.each(cases.map((c) => [c.line, c] as const))('line %i parses to its canonical form', (_l, c) => {
    const r = parseFormula(c.input, opts);
    expect(r.errors).toEqual([]);
    if (c.expected !== undefined) expect(formatFormula(r.value!)).toBe(c.expected);
  });
});

describe('grammar/cases/formula-reject.txt', () => {
  const cases = readCases('formula-reject.txt');
  it('has enough cases', () => expect(cases.length).toBeGreaterThanOrEqual(40));
  it.each(cases.map((c) => [c.line, c] as const))('line %i is rejected with its code', (_l, c) => {
    const r = parseFormula(c.input, opts);
    expect(r.value).toBeUndefined();
    expect(r.errors.map((e) => e.code)).toContain(c.expected);
    for (const e of r.errors) {
      expect(e.span.start).toBeGreaterThanOrEqual(0);
      expect(e.span.end).toBeLessThanOrEqual(c.input.length);
      expect(e.span.start).toBeLessThanOrEqual(e.span.end);
    }
  });
});

describe('grammar/cases/expr-accept.txt', () => {
  const cases = readCases('expr-accept.txt');
  it('has enough cases', () => expect(cases.length).toBeGreaterThanOrEqual(60));
  it.each(cases.map((c) => [c.line, c] as const))('line %i parses, checks and prints canonically', (_l, c) => {
    const r = parseExpr(c.input);
    expect(r.errors).toEqual([]);
    expect(checkExpr(r.value!)).toEqual([]);
    if (c.expected !== undefined) expect(formatExpr(r.value!)).toBe(c.expected);
  });
});

describe('grammar/cases/expr-reject.txt', () => {
  const cases = readCases('expr-reject.txt');
  it('has enough cases', () => expect(cases.length).toBeGreaterThanOrEqual(40));
  it.each(cases.map((c) => [c.line, c] as const))('line %i is rejected with its code', (_l, c) => {
    const aggregate = c.input.startsWith('aggregate: ');
    const input = aggregate ? c.input.slice('aggregate: '.length) : c.input;
    const r = parseExpr(input);
    const errors = r.value ? checkExpr(r.value, { context: aggregate ? 'aggregate' : 'row' }) : r.errors;
    expect(errors.map((e) => e.code)).toContain(c.expected);
    for (const e of errors) {
      expect(e.span.start).toBeGreaterThanOrEqual(0);
      expect(e.span.end).toBeLessThanOrEqual(input.length);
    }
  });
});
