/**
 * Elementwise numeric functions and the missing-value helpers (ifelse, isna, coalesce).
 * Values outside a function's domain (log of a non-positive number, sqrt of a negative)
 * become missing and are counted in one warning per expression, never silently.
 */
import { factorColumn, numColumn } from '../data/frame.js';
import { ExprError } from '../expr/errors.js';
import { variablesMessages as M } from '../diagnostics/messages/variables.js';
import type { CallArgs, FnImpl } from './call.js';
import { clean, isTextual, numValues, scalar, unifyText, type Val } from './value.js';

type Unary = 'log' | 'exp' | 'sqrt' | 'abs' | 'floor' | 'ceil';

/**
 * One explicit loop per function (a shared loop over a function parameter is not inlined).
 * Returns how many values were outside the domain and set to missing.
 */
function unaryLoop(fn: Unary, x: Float64Array, out: Float64Array): number {
  const n = x.length;
  let bad = 0;
  switch (fn) {
    case 'log':
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        if (v > 0) out[i] = Math.log(v);
        else {
          out[i] = NaN;
          if (v === v) bad++;
        }
      }
      return bad;
    case 'sqrt':
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        if (v >= 0) out[i] = Math.sqrt(v);
        else {
          out[i] = NaN;
          if (v === v) bad++;
        }
      }
      return bad;
    case 'exp': for (let i = 0; i < n; i++) out[i] = clean(Math.exp(x[i]!)); return 0;
    case 'abs': for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]!); return 0;
    case 'floor': for (let i = 0; i < n; i++) out[i] = Math.floor(x[i]!); return 0;
    case 'ceil': for (let i = 0; i < n; i++) out[i] = Math.ceil(x[i]!); return 0;
  }
}

const DOMAIN: Partial<Record<Unary, string>> = { log: 'non-positive', sqrt: 'negative' };

/** Elementwise function; out-of-domain values become missing and count towards the warning. */
function elementwise(fn: Unary): FnImpl {
  return (a) => {
    const v = a.value('x');
    if (isTextual(v)) throw new ExprError(M.varExpectedNumber(`argument 'x' of ${a.fn}()`), a.span('x'));
    const src = v.kind === 'scalar' ? Float64Array.of(v.value) : v.values;
    const res = new Float64Array(src.length);
    const bad = unaryLoop(fn, src, res);
    if (bad > 0) a.env.domain(a.fn, DOMAIN[fn]!, bad, a.call.span);
    return v.kind === 'scalar' ? scalar(res[0]!) : numColumn(res);
  };
}

/** Stata's round(): half away from zero, to `digits` decimals. */
function roundHalfAway(x: number, digits: number): number {
  const m = 10 ** digits;
  const y = Math.abs(x) * m;
  // Nudge by one ulp-scale step so that 2.675 written as 2.67499999… still rounds as written.
  const r = Math.floor(y + 0.5 + y * Number.EPSILON);
  return (Math.sign(x) * r) / m;
}

/** Row-wise min/max of any number of arguments; missing if any is missing (R's pmin). */
function parallel(pick: (a: number, b: number) => number): FnImpl {
  return (a) => {
    const vals = a.allValues();
    const out = new Float64Array(a.n);
    vals.forEach((v, j) => {
      if (isTextual(v)) throw new ExprError(M.varExpectedNumber(`argument ${j + 1} of ${a.fn}()`), a.call.args[j]!.span);
      const x = numValues(v, a.n);
      if (j === 0) out.set(x);
      else for (let i = 0; i < out.length; i++) out[i] = Number.isNaN(out[i]!) || Number.isNaN(x[i]!) ? NaN : pick(out[i]!, x[i]!);
    });
    return numColumn(out);
  };
}

function ifelse(a: CallArgs): Val {
  const cond = a.num('cond');
  const yes = a.value('yes');
  const no = a.value('no');
  const n = a.n;
  if (isTextual(yes) && isTextual(no)) {
    const { levels, codes } = unifyText([yes, no], n);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = cond[i]!;
      out[i] = Number.isNaN(c) ? -1 : c !== 0 ? codes[0]![i]! : codes[1]![i]!;
    }
    return factorColumn(out, levels);
  }
  if (isTextual(yes) || isTextual(no)) {
    throw new ExprError(M.varTextMismatch('ifelse'), a.call.span);
  }
  // A literal branch (ifelse(x > 0, 1, 0)) is read through stride 0 instead of being
  // spread over a column first.
  const [y, sy] = yes.kind === 'scalar' ? [Float64Array.of(yes.value), 0] : [yes.values, 1];
  const [z, sz] = no.kind === 'scalar' ? [Float64Array.of(no.value), 0] : [no.values, 1];
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = cond[i]!;
    out[i] = Number.isNaN(c) ? NaN : c !== 0 ? y[i * sy]! : z[i * sz]!;
  }
  return numColumn(out);
}

function isna(a: CallArgs): Val {
  const v = a.value('x');
  if (v.kind === 'scalar') return scalar(Number.isNaN(v.value) ? 1 : 0);
  if (v.kind === 'text') return scalar(0);
  const out = new Float64Array(a.n);
  if (v.kind === 'num') for (let i = 0; i < out.length; i++) out[i] = Number.isNaN(v.values[i]!) ? 1 : 0;
  else for (let i = 0; i < out.length; i++) out[i] = v.codes[i]! < 0 ? 1 : 0;
  return numColumn(out);
}

/** First non-missing of its arguments, row by row (all numeric or all text). */
function coalesce(a: CallArgs): Val {
  const vals = a.allValues();
  const n = a.n;
  if (vals.every(isTextual)) {
    const { levels, codes } = unifyText(vals as never, n);
    const out = new Int32Array(n).fill(-1);
    for (const c of codes) for (let i = 0; i < n; i++) if (out[i]! < 0) out[i] = c[i]!;
    return factorColumn(out, levels);
  }
  if (vals.some(isTextual)) throw new ExprError(M.varTextMismatch('coalesce'), a.call.span);
  const out = new Float64Array(n).fill(NaN);
  for (const v of vals) {
    const x = numValues(v as never, n);
    for (let i = 0; i < n; i++) if (Number.isNaN(out[i]!)) out[i] = x[i]!;
  }
  return numColumn(out);
}

export const mathFunctions: Record<string, FnImpl> = {
  log: elementwise('log'),
  exp: elementwise('exp'),
  sqrt: elementwise('sqrt'),
  abs: elementwise('abs'),
  floor: elementwise('floor'),
  ceil: elementwise('ceil'),
  round: (a) => {
    const d = a.constInt('digits', 0);
    const x = a.num('x');
    const out = new Float64Array(a.n);
    for (let i = 0; i < out.length; i++) out[i] = Number.isNaN(x[i]!) ? NaN : roundHalfAway(x[i]!, d);
    return numColumn(out);
  },
  pmin: parallel(Math.min),
  pmax: parallel(Math.max),
  ifelse,
  isna,
  coalesce,
};
