/**
 * Operators of the expression language on column values.
 *
 * Missing values (NaN) propagate through arithmetic and comparisons; `&` and `|` follow
 * R's three-valued logic (FALSE & NA = FALSE, TRUE | NA = TRUE) so that a sample rule
 * `a & b` drops a row when either part is known false. Infinite results (x/0) are missing,
 * as Stata does. Text compares by level: a comparison with a literal is decided once per
 * level of the factor and spread over rows by code.
 */
import type { FactorColumn } from '../data/frame.js';
import { numColumn } from '../data/frame.js';
import type { BinaryOp, Expr, Span, UnaryOp } from '../expr/ast.js';
import { ExprError } from '../expr/errors.js';
import { variablesMessages as M } from '../diagnostics/messages/variables.js';
import { clean, isTextual, perLevel, scalar, unifyText, type ScalarVal, type TextVal, type Val } from './value.js';
import type { NumColumn } from '../data/frame.js';

type NumVal = NumColumn | ScalarVal;

const truth = (x: number): number => (Number.isNaN(x) ? NaN : x !== 0 ? 1 : 0);

function and3(a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  return 1;
}

function or3(a: number, b: number): number {
  if ((!Number.isNaN(a) && a !== 0) || (!Number.isNaN(b) && b !== 0)) return 1;
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  return 0;
}

/**
 * One explicit loop per operator: a shared loop calling a kernel closure would see every
 * operator at one call site and stop being inlined, which costs ~10× on long columns.
 * A scalar operand is read through stride 0 from a one-element array.
 */
function numericLoop(op: BinaryOp, a: Float64Array, sa: number, b: Float64Array, sb: number, out: Float64Array): void {
  const n = out.length;
  switch (op) {
    case '+': for (let i = 0; i < n; i++) out[i] = a[i * sa]! + b[i * sb]!; return;
    case '-': for (let i = 0; i < n; i++) out[i] = a[i * sa]! - b[i * sb]!; return;
    case '*': for (let i = 0; i < n; i++) out[i] = a[i * sa]! * b[i * sb]!; return;
    case '/': for (let i = 0; i < n; i++) out[i] = clean(a[i * sa]! / b[i * sb]!); return;
    case '^': for (let i = 0; i < n; i++) out[i] = clean(a[i * sa]! ** b[i * sb]!); return;
    case '&': for (let i = 0; i < n; i++) out[i] = and3(a[i * sa]!, b[i * sb]!); return;
    case '|': for (let i = 0; i < n; i++) out[i] = or3(a[i * sa]!, b[i * sb]!); return;
    // NaN compares false in JS; comparisons must yield missing instead.
    case '==': for (let i = 0; i < n; i++) { const x = a[i * sa]!, y = b[i * sb]!; out[i] = x !== x || y !== y ? NaN : x === y ? 1 : 0; } return;
    case '!=': for (let i = 0; i < n; i++) { const x = a[i * sa]!, y = b[i * sb]!; out[i] = x !== x || y !== y ? NaN : x !== y ? 1 : 0; } return;
    case '<': for (let i = 0; i < n; i++) { const x = a[i * sa]!, y = b[i * sb]!; out[i] = x !== x || y !== y ? NaN : x < y ? 1 : 0; } return;
    case '<=': for (let i = 0; i < n; i++) { const x = a[i * sa]!, y = b[i * sb]!; out[i] = x !== x || y !== y ? NaN : x <= y ? 1 : 0; } return;
    case '>': for (let i = 0; i < n; i++) { const x = a[i * sa]!, y = b[i * sb]!; out[i] = x !== x || y !== y ? NaN : x > y ? 1 : 0; } return;
    case '>=': for (let i = 0; i < n; i++) { const x = a[i * sa]!, y = b[i * sb]!; out[i] = x !== x || y !== y ? NaN : x >= y ? 1 : 0; } return;
  }
}

function numericBinary(op: BinaryOp, l: NumVal, r: NumVal): Val {
  if (l.kind === 'scalar' && r.kind === 'scalar') {
    const out = new Float64Array(1);
    numericLoop(op, Float64Array.of(l.value), 0, Float64Array.of(r.value), 0, out);
    return scalar(out[0]!);
  }
  const n = l.kind === 'num' ? l.values.length : (r as NumColumn).values.length;
  const out = new Float64Array(n);
  const [a, sa] = l.kind === 'num' ? [l.values, 1] : [Float64Array.of(l.value), 0];
  const [b, sb] = r.kind === 'num' ? [r.values, 1] : [Float64Array.of(r.value), 0];
  numericLoop(op, a, sa, b, sb, out);
  return numColumn(out);
}

const COMPARISONS = new Set<BinaryOp>(['==', '!=', '<', '<=', '>', '>=']);

function compareStrings(op: BinaryOp, a: string, b: string): number {
  switch (op) {
    case '==': return a === b ? 1 : 0;
    case '!=': return a !== b ? 1 : 0;
    case '<': return a < b ? 1 : 0;
    case '<=': return a <= b ? 1 : 0;
    case '>': return a > b ? 1 : 0;
    default: return a >= b ? 1 : 0;
  }
}

/** A comparison operator with its operands swapped: "east" < region ≡ region > "east". */
function flip(op: BinaryOp): BinaryOp {
  return op === '<' ? '>' : op === '>' ? '<' : op === '<=' ? '>=' : op === '>=' ? '<=' : op;
}

function textBinary(op: BinaryOp, l: FactorColumn | TextVal, r: FactorColumn | TextVal, n: number): Val {
  if (l.kind === 'text' && r.kind === 'text') return scalar(compareStrings(op, l.value, r.value));
  if (l.kind === 'factor' && r.kind === 'text') return numColumn(perLevel(l, (s) => compareStrings(op, s, r.value)));
  if (l.kind === 'text' && r.kind === 'factor') return numColumn(perLevel(r, (s) => compareStrings(flip(op), s, l.value)));
  // Two text columns: put both on one level set, then compare level ranks per row.
  const { levels, codes } = unifyText([l, r], n);
  const sorted = levels.map((s, k) => [s, k] as const).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const rank = new Float64Array(levels.length);
  sorted.forEach(([, k], j) => (rank[k] = j));
  const ra = new Float64Array(n);
  const rb = new Float64Array(n);
  const a = codes[0]!;
  const b = codes[1]!;
  for (let i = 0; i < n; i++) {
    ra[i] = a[i]! < 0 ? NaN : rank[a[i]!]!;
    rb[i] = b[i]! < 0 ? NaN : rank[b[i]!]!;
  }
  const out = new Float64Array(n);
  numericLoop(op, ra, 1, rb, 1, out);
  return numColumn(out);
}

export function binary(op: BinaryOp, l: Val, r: Val, n: number, span: Span): Val {
  const lt = isTextual(l);
  const rt = isTextual(r);
  if (!lt && !rt) return numericBinary(op, l as NumVal, r as NumVal);
  if (lt && rt && COMPARISONS.has(op)) return textBinary(op, l as FactorColumn | TextVal, r as FactorColumn | TextVal, n);
  if (lt && rt) throw new ExprError(M.varExpectedNumber(`an operand of '${op}'`), span);
  throw new ExprError(M.varTextMismatch(op), span);
}

export function unary(op: UnaryOp, v: Val, span: Span): Val {
  if (isTextual(v)) throw new ExprError(M.varExpectedNumber(`the operand of '${op}'`), span);
  const f = op === '-' ? (x: number) => -x : op === '+' ? (x: number) => x : (x: number) => 1 - truth(x);
  if (v.kind === 'scalar') return scalar(f(v.value));
  const a = (v as NumColumn).values;
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = f(a[i]!);
  return numColumn(out);
}

/**
 * `x in [..]`. Numeric lists may contain ranges (`year in [2009:2012]`); text lists are
 * matched against each level once.
 */
export function inList(arg: Val, values: readonly Expr[], ev: (e: Expr) => Val, span: Span): Val {
  const items = values.map((e) => ({ e, v: e.kind === 'range' ? undefined : ev(e) }));
  if (isTextual(arg)) {
    const set = new Set<string>();
    for (const { e, v } of items) {
      if (!v || v.kind !== 'text') throw new ExprError(M.varInListType(), e.span);
      set.add(v.value);
    }
    if (arg.kind === 'text') return scalar(set.has(arg.value) ? 1 : 0);
    return numColumn(perLevel(arg, (s) => (set.has(s) ? 1 : 0)));
  }
  const set = new Set<number>();
  const ranges: [number, number][] = [];
  for (const { e, v } of items) {
    if (e.kind === 'range') {
      const from = ev(e.from);
      const to = ev(e.to);
      if (from.kind !== 'scalar' || to.kind !== 'scalar') throw new ExprError(M.varInListType(), e.span);
      ranges.push([from.value, to.value]);
    } else if (v && v.kind === 'scalar') {
      set.add(v.value === 0 ? 0 : v.value);
    } else {
      throw new ExprError(M.varInListType(), e.span);
    }
  }
  const test = (x: number): number => {
    if (Number.isNaN(x)) return NaN;
    if (set.has(x)) return 1;
    for (const [a, b] of ranges) if (x >= a && x <= b) return 1;
    return 0;
  };
  if (arg.kind === 'scalar') return scalar(test(arg.value));
  const a = (arg as NumColumn).values;
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = test(a[i]!);
  return numColumn(out);
}
