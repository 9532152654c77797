/**
 * Property test of both grammars: seeded random formulas and expressions built from the
 * grammar, then mutated character by character. Every input must either parse or produce
 * at least one GrammarError with a span inside the input, never throw; every accepted input
 * must re-parse from its canonical text to the same AST (spans aside).
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { formatExpr, parseExpr } from '../../src/expr/index.js';
import type { GrammarError } from '../../src/expr/errors.js';
import { formatFormula, parseFormula } from '../../src/formula/index.js';
import { CASE_TERMS } from './cases.js';

/** mulberry32: small deterministic generator, so a failure reproduces from the seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type R = () => number;
const pick = <T>(r: R, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const NAMES = ['x', 'z', 'y2', 'QUA', 'lnage', 'firm', 'year', 'g', 'a.b', '企业', '`a b`', 'industry'];
const FUNS = ['log', 'exp', 'sqrt', 'abs', 'lag', 'winsorize', 'mean_by', 'ifelse', 'cummax', 'pmin'];
const LITS = ['1', '0', '2.5', '1e-3', '"east"', "'西部'", 'TRUE', 'NA', '2000'];

function genExpr(r: R, depth: number): string {
  const roll = r();
  if (depth <= 0 || roll < 0.3) return r() < 0.6 ? pick(r, NAMES) : pick(r, LITS);
  if (roll < 0.55) return `${genExpr(r, depth - 1)} ${pick(r, ['+', '-', '*', '/', '^', '==', '<', '>=', '&', '|', '!=', '&&', '||'])} ${genExpr(r, depth - 1)}`;
  if (roll < 0.65) return `${pick(r, ['-', '!', '+'])}${genExpr(r, depth - 1)}`;
  if (roll < 0.72) return `(${genExpr(r, depth - 1)})`;
  if (roll < 0.8) return `${pick(r, NAMES)} in [${pick(r, LITS)}, ${pick(r, LITS)}]`;
  const args = Array.from({ length: 1 + Math.floor(r() * 3) }, () => (r() < 0.2 ? `by = [${pick(r, NAMES)}, ${pick(r, NAMES)}]` : genExpr(r, depth - 1)));
  return `${pick(r, FUNS)}(${args.join(', ')})`;
}

function genAtom(r: R, depth: number): string {
  const roll = r();
  if (depth <= 0 || roll < 0.35) return pick(r, NAMES);
  if (roll < 0.45) return `I(${genExpr(r, 2)})`;
  if (roll < 0.52) return `log(${pick(r, NAMES)})`;
  if (roll < 0.6) return pick(r, [`i(g)`, `i(g, ref = "east")`, `i(year, ref = 2000)`, `i(g, x)`, 'i.g', 'ib2000.year']);
  if (roll < 0.68) return pick(r, ['l(x, 1)', 'l(x, 1:2)', 'f(x, 1)', 'd(x)', 'L.x', 'L2.x', 'F.x', 'D.x']);
  if (roll < 0.74) return pick(r, ['{controls}', '{fes}', '{more}', '{nope}']);
  if (roll < 0.8) return `(${genSum(r, depth - 1)})`;
  if (roll < 0.86) return `${pick(r, ['sw', 'csw', 'sw0', 'csw0'])}(${genSum(r, depth - 1)}, ${genSum(r, depth - 1)})`;
  return `${pick(r, ['c.x', 'x', 'i.g'])}${pick(r, ['#', '##'])}${pick(r, ['c.z', 'z'])}`;
}

function genProduct(r: R, depth: number): string {
  let s = genAtom(r, depth);
  while (r() < 0.25) s += `${pick(r, [':', '*', ':', '^'])}${genAtom(r, depth - 1)}`;
  return s;
}

function genSum(r: R, depth: number): string {
  let s = r() < 0.1 ? `${pick(r, ['0', '1', '-1'])} + ${genProduct(r, depth)}` : genProduct(r, depth);
  while (r() < 0.5) s += ` ${r() < 0.85 ? '+' : '-'} ${genProduct(r, depth)}`;
  return s;
}

function genFormula(r: R): string {
  const lhs = pick(r, ['y', 'log(y)', 'c(y1, y2)', 'Surv(t, e)', 'Surv(t0, t1, e)', 'RES']);
  let s = `${lhs} ~ ${genSum(r, 3)}`;
  const roll = r();
  if (roll < 0.4) s += ` | ${pick(r, ['firm', 'firm + year', 'industry^year', 'firm + sw(year, industry^year)', 'csw0(firm, year)'])}`;
  if (roll > 0.7) s += ` | ${pick(r, ['q', 'q1 + q2'])} ~ ${pick(r, ['z1', 'z1 + z2', 'z1 + z2 + z3'])}`;
  return s;
}

const NOISE = ['(', ')', '[', ']', ',', '~', '|', '+', '-', '*', ':', '^', '#', '{', '}', '"', "'", '`', '=', '!', ' ', 'x', '1', '.', '@', '企', '\n'];

function mutate(r: R, s: string): string {
  let out = s;
  const n = 1 + Math.floor(r() * 3);
  for (let k = 0; k < n; k++) {
    const at = Math.floor(r() * (out.length + 1));
    const op = r();
    if (op < 0.35) out = out.slice(0, at) + out.slice(at + 1);
    else if (op < 0.75) out = out.slice(0, at) + pick(r, NOISE) + out.slice(at);
    else {
      const len = Math.floor(r() * 6);
      out = out.slice(0, at) + out.slice(at + len, at + 2 * len) + out.slice(at, at + len) + out.slice(at + 2 * len);
    }
  }
  return out;
}

function stripSpans(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripSpans);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v).filter(([k]) => k !== 'span' && k !== 'nameSpan' && k !== 'text').map(([k, x]) => [k, stripSpans(x)]),
    );
  }
  return v;
}

function spansInside(errors: readonly GrammarError[], input: string): boolean {
  return errors.every((e) => e.span.start >= 0 && e.span.start <= e.span.end && e.span.end <= input.length && !!e.code);
}

function inputs(seed: number, count: number): string[] {
  const r = rng(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const base = i % 2 === 0 ? genFormula(r) : genExpr(r, 4);
    out.push(base, mutate(r, base));
  }
  return out;
}

const ALL = inputs(20240601, 1000);
const opts = { terms: CASE_TERMS };

describe('grammar fuzz (seeded)', () => {
  it('formula parser: never throws, errors lie inside the input, accepted formulas round-trip', () => {
    let accepted = 0;
    const failures: string[] = [];
    for (const input of ALL) {
      const r = parseFormula(input, opts);
      if (r.value === undefined) {
        if (r.errors.length === 0 || !spansInside(r.errors, input)) failures.push(`bad errors: ${input}`);
        continue;
      }
      accepted++;
      const canonical = formatFormula(r.value);
      const again = parseFormula(canonical, opts);
      if (r.errors.length || again.errors.length || !isDeepStrictEqual(stripSpans(again.value), stripSpans(r.value))) {
        failures.push(`no round trip: ${input} → ${canonical}`);
      }
    }
    expect(failures).toEqual([]);
    // The generator must exercise both outcomes, or the property says little.
    expect(accepted).toBeGreaterThan(ALL.length / 10);
    expect(accepted).toBeLessThan(ALL.length);
  });

  it('expression parser: never throws, errors lie inside the input, accepted expressions round-trip', () => {
    let accepted = 0;
    const failures: string[] = [];
    for (const input of ALL) {
      const r = parseExpr(input);
      if (r.value === undefined) {
        if (r.errors.length === 0 || !spansInside(r.errors, input)) failures.push(`bad errors: ${input}`);
        continue;
      }
      accepted++;
      const canonical = formatExpr(r.value);
      const again = parseExpr(canonical);
      if (again.errors.length || !isDeepStrictEqual(stripSpans(again.value), stripSpans(r.value))) {
        failures.push(`no round trip: ${input} → ${canonical}`);
      }
    }
    expect(failures).toEqual([]);
    expect(accepted).toBeGreaterThan(ALL.length / 10);
    expect(accepted).toBeLessThan(ALL.length);
  });
});
