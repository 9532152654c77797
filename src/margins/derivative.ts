/**
 * Values and exact derivatives of a regressor expression with respect to one variable
 * (forward-mode differentiation over the expression tree), at a set of points: the
 * estimation rows (average marginal effects) or one point (effects at means).
 *
 * Only the nodes of margins/variables.ts's differentiable subset are differentiated;
 * anything else is a leaf held fixed (`Points.fixed`), with derivative zero — the same
 * reading `check` used to accept the dydx names. Derivatives are analytic, not finite
 * differences, so effects and their delta-method gradients are exact to rounding.
 */
import type { Expr } from '../expr/ast.js';
import { SMOOTH_FUNCTIONS } from './variables.js';

/** Where an expression is evaluated. */
export interface Points {
  readonly n: number;
  /** A variable's values at the points. */
  variable(name: string): Float64Array;
  /** A subexpression held fixed (a lag, a group statistic …), at the points. */
  fixed(e: Expr): Float64Array;
}

/** Values, and derivatives (null = zero everywhere). */
export interface Dual {
  readonly v: Float64Array;
  readonly d: Float64Array | null;
}

function map(n: number, f: (i: number) => number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f(i);
  return out;
}

/** Value and d/d`wrt` of `e` at `pts` (wrt undefined: values only). */
export function evalDual(e: Expr, pts: Points, wrt: string | undefined): Dual {
  const n = pts.n;
  switch (e.kind) {
    case 'num':
      return { v: new Float64Array(n).fill(e.value), d: null };
    case 'ident': {
      const v = pts.variable(e.name);
      return { v, d: e.name === wrt ? new Float64Array(n).fill(1) : null };
    }
    case 'unary': {
      if (e.op === '!') break;
      const a = evalDual(e.arg, pts, wrt);
      if (e.op === '+') return a;
      return { v: map(n, (i) => -a.v[i]!), d: a.d ? map(n, (i) => -a.d![i]!) : null };
    }
    case 'binary':
      if (e.op === '+' || e.op === '-' || e.op === '*' || e.op === '/' || e.op === '^') {
        return binary(e.op, evalDual(e.left, pts, wrt), evalDual(e.right, pts, wrt), n);
      }
      break;
    case 'call':
      if (SMOOTH_FUNCTIONS.has(e.name) && e.args.length === 1 && e.args[0]!.name === undefined) {
        return smooth(e.name, evalDual(e.args[0]!.value, pts, wrt), n);
      }
      break;
    default:
      break;
  }
  return { v: pts.fixed(e), d: null };
}

function binary(op: '+' | '-' | '*' | '/' | '^', l: Dual, r: Dual, n: number): Dual {
  const a = l.v;
  const b = r.v;
  const da = l.d;
  const db = r.d;
  switch (op) {
    case '+':
    case '-': {
      const s = op === '+' ? 1 : -1;
      const v = map(n, (i) => a[i]! + s * b[i]!);
      if (!da && !db) return { v, d: null };
      return { v, d: map(n, (i) => (da ? da[i]! : 0) + s * (db ? db[i]! : 0)) };
    }
    case '*': {
      const v = map(n, (i) => a[i]! * b[i]!);
      if (!da && !db) return { v, d: null };
      return { v, d: map(n, (i) => (da ? da[i]! * b[i]! : 0) + (db ? a[i]! * db[i]! : 0)) };
    }
    case '/': {
      const v = map(n, (i) => a[i]! / b[i]!);
      if (!da && !db) return { v, d: null };
      return { v, d: map(n, (i) => ((da ? da[i]! * b[i]! : 0) - (db ? a[i]! * db[i]! : 0)) / (b[i]! * b[i]!)) };
    }
    case '^': {
      const v = map(n, (i) => Math.pow(a[i]!, b[i]!));
      if (!da && !db) return { v, d: null };
      // d(u^c) = c u^(c−1) u′ for a constant exponent (also at u = 0); the general rule
      // u^w (w′ log u + w u′/u) only when the exponent itself varies with the variable.
      if (!db) return { v, d: map(n, (i) => b[i]! * Math.pow(a[i]!, b[i]! - 1) * da![i]!) };
      return { v, d: map(n, (i) => v[i]! * (db[i]! * Math.log(a[i]!) + (da ? (b[i]! * da[i]!) / a[i]! : 0))) };
    }
  }
}

function smooth(fn: string, a: Dual, n: number): Dual {
  const x = a.v;
  const dx = a.d;
  switch (fn) {
    case 'log': {
      const v = map(n, (i) => (x[i]! > 0 ? Math.log(x[i]!) : Number.NaN));
      return { v, d: dx ? map(n, (i) => dx[i]! / x[i]!) : null };
    }
    case 'exp': {
      const v = map(n, (i) => Math.exp(x[i]!));
      return { v, d: dx ? map(n, (i) => v[i]! * dx[i]!) : null };
    }
    case 'sqrt': {
      const v = map(n, (i) => (x[i]! >= 0 ? Math.sqrt(x[i]!) : Number.NaN));
      return { v, d: dx ? map(n, (i) => dx[i]! / (2 * v[i]!)) : null };
    }
    default: {
      // abs: the derivative is sign(x) (zero at x = 0, as the subgradient Stata's
      // numerical derivative would straddle).
      const v = map(n, (i) => Math.abs(x[i]!));
      return { v, d: dx ? map(n, (i) => Math.sign(x[i]!) * dx[i]!) : null };
    }
  }
}
