/**
 * Test helpers for the linear estimators: fixture CSV → Frame, a tiny expression evaluator
 * (identifiers, numbers, + − * / ^, log/exp/I — test-only stand-in for expr/evaluate),
 * hand-built formula ASTs, expected-JSON loading and relative comparisons.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { factorColumn, makeFrame, numColumn, type Column, type Frame } from '../../src/data/frame.js';
import type { Expr } from '../../src/expr/ast.js';
import type { FactorTerm, FixedEffect, InteractionTerm, NumericTerm, SingleFormula, Term } from '../../src/formula/ast.js';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixturesDir = join(repoRoot, 'test', 'fixtures');

function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Numeric columns where every non-empty cell parses as a number; text otherwise. */
export function readCsvFrame(file: string): Frame {
  const text = readFileSync(join(fixturesDir, 'data', file), 'utf8').replace(/\r/g, '');
  const lines = text.split('\n').filter((l) => l.length > 0);
  const header = splitCsvLine(lines[0]!);
  const rows = lines.slice(1).map(splitCsvLine);
  const cols: [string, Column][] = header.map((name, j) => {
    const cells = rows.map((r) => r[j] ?? '');
    const numeric = cells.every((c) => c === '' || Number.isFinite(Number(c)));
    if (numeric) return [name, numColumn(Float64Array.from(cells.map((c) => (c === '' ? Number.NaN : Number(c)))))];
    const levels: string[] = [];
    const index = new Map<string, number>();
    const codes = Int32Array.from(cells.map((c) => {
      if (c === '') return -1;
      let k = index.get(c);
      if (k === undefined) {
        k = levels.length;
        levels.push(c);
        index.set(c, k);
      }
      return k;
    }));
    return [name, factorColumn(codes, levels)];
  });
  return makeFrame(cols);
}

export function withNum(frame: Frame, name: string, values: Float64Array): Frame {
  return makeFrame([...frame.columns, [name, numColumn(values)]]);
}

export function num(frame: Frame, name: string): Float64Array {
  const c = frame.columns.get(name);
  if (!c || c.kind !== 'num') throw new Error(`no numeric column ${name}`);
  return c.values;
}

const sp = { start: 0, end: 0 };

function apply(op: string, a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    out[i] = op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : op === '/' ? x / y : x ** y;
  }
  return out;
}

/** Test-only evaluator: enough of the expression language for the fixture formulas. */
export function tinyEvaluator(frame: Frame): (e: Expr) => Column {
  const ev = (e: Expr): Column => {
    switch (e.kind) {
      case 'ident': {
        const c = frame.columns.get(e.name);
        if (!c) throw new Error(`unknown ${e.name}`);
        return c;
      }
      case 'num':
        return numColumn(new Float64Array(frame.nrows).fill(e.value));
      case 'binary': {
        const a = ev(e.left);
        const b = ev(e.right);
        if (a.kind !== 'num' || b.kind !== 'num') throw new Error('non-numeric');
        return numColumn(apply(e.op, a.values, b.values));
      }
      case 'call': {
        const a = ev(e.args[0]!.value);
        if (a.kind !== 'num') throw new Error('non-numeric');
        if (e.name === 'I') return a;
        if (e.name === 'log') return numColumn(a.values.map((v) => (v > 0 ? Math.log(v) : Number.NaN)));
        if (e.name === 'exp') return numColumn(a.values.map((v) => Math.exp(v)));
        throw new Error(`unsupported call ${e.name}`);
      }
      default:
        throw new Error(`unsupported ${e.kind}`);
    }
  };
  return ev;
}

export const ident = (name: string): Expr => ({ kind: 'ident', name, span: sp });

export function v(name: string, expr: Expr = ident(name)): NumericTerm {
  return { kind: 'numeric', name, expr, span: sp };
}

export function fac(variable: string, opts: { ref?: string | number; slope?: NumericTerm } = {}): FactorTerm {
  return { kind: 'factor', name: `i(${variable})`, variable, ...opts, span: sp };
}

export function inter(...parts: (NumericTerm | FactorTerm)[]): InteractionTerm {
  return { kind: 'interaction', name: parts.map((p) => p.name).join(':'), parts, span: sp };
}

export function formula(a: {
  y: string;
  x: Term[];
  fe?: string[];
  iv?: { endog: Term[]; instr: Term[] };
  intercept?: boolean;
}): SingleFormula {
  const fixedEffects: FixedEffect[] = (a.fe ?? []).map((f) => ({ name: f, variables: f.split('^'), span: sp }));
  return {
    text: `${a.y} ~ ...`,
    lhs: { kind: 'vars', outcomes: [v(a.y)], multi: false, span: sp },
    rhs: a.x,
    intercept: a.intercept ?? true,
    fixedEffects,
    ...(a.iv ? { iv: { endogenous: a.iv.endog, instruments: a.iv.instr, span: sp } } : {}),
    span: sp,
  };
}

export interface ExpectedCoef {
  estimate: number;
  se: number;
  t: number;
  p: number;
}

export interface Expected {
  case: string;
  nobs: number;
  coefficients: Record<string, ExpectedCoef>;
  stats: Record<string, number | string | null>;
  tests: Record<string, any>;
  alternative_se?: Record<string, any>;
}

export function loadExpected(name: string): Expected {
  return JSON.parse(readFileSync(join(fixturesDir, 'expected', `${name}.json`), 'utf8')) as Expected;
}

/** |a − e| ≤ tol·|e| (absolute when e = 0), with the quantity named in the failure. */
export function expectRel(actual: number | null | undefined, expected: number, tol: number, what: string): void {
  expect(actual, what).toBeTypeOf('number');
  const a = actual as number;
  const err = expected === 0 ? Math.abs(a) : Math.abs(a - expected) / Math.abs(expected);
  expect(err, `${what}: got ${a}, expected ${expected}`).toBeLessThanOrEqual(tol);
}
