/**
 * Levinsohn–Petrin (2003) total factor productivity, value-added version (methods.md M13):
 *
 *   tfp_lp(va, l, k, m)  with va, l, k, m the logs of value added, the free input (labour),
 *                        the state (capital) and the proxy (intermediate inputs)
 *
 *   1. OLS of va on l and a full cubic in (k, m)                → β_l;  φ = fitted − β_l·l
 *   2. β_k minimises Σ (va_t − β_l l_t − β_k k_t − g(φ_{t−1} − β_k k_{t−1}))² over rows whose
 *      previous period is present, g a cubic re-fitted by OLS for each β_k
 *   3. tfp = va − β_l·l − β_k·k
 *
 * Rows used are those of the table (the sample is the table's rows) with all four inputs;
 * a lag across a missing period is missing (the panel index matches on time values). k and m
 * are standardised before the cubic is formed: the polynomial space is unchanged, and the
 * normal equations stay well conditioned with log levels around 20.
 */
import { numColumn } from '../data/frame.js';
import { ExprError } from '../expr/errors.js';
import { variablesMessages as M } from '../diagnostics/messages/variables.js';
import { crossprod, crossprodVec, residuals, dot } from '../linalg/kernels.js';
import { choleskySkip, cholSolve } from '../linalg/dense.js';
import type { CallArgs, FnImpl } from './call.js';
import type { Val } from './value.js';

/** Least squares of y on columns (with the constant among them); null when singular. */
function ols(cols: readonly Float64Array[], y: Float64Array): { b: Float64Array; ssr: number } | null {
  const k = cols.length;
  const chol = choleskySkip(crossprod(cols), k, 1e-12);
  if (chol.dropped.length > 0) return null;
  const b = cholSolve(chol.L, k, crossprodVec(cols, y));
  const u = residuals(y, cols, b);
  return { b, ssr: dot(u, u) };
}

function standardise(x: Float64Array): Float64Array {
  let s = 0;
  for (const v of x) s += v;
  const mean = s / x.length;
  let ss = 0;
  for (const v of x) ss += (v - mean) ** 2;
  const sd = Math.sqrt(ss / Math.max(1, x.length - 1)) || 1;
  return x.map((v) => (v - mean) / sd);
}

/** Full cubic in (a, b): a, b, a², ab, b², a³, a²b, ab², b³ (the constant is added by the caller). */
function cubic2(a: Float64Array, b: Float64Array): Float64Array[] {
  const m = (f: (x: number, y: number) => number) => a.map((x, i) => f(x, b[i]!));
  return [a, b, m((x) => x * x), m((x, y) => x * y), m((_, y) => y * y), m((x) => x * x * x), m((x, y) => x * x * y), m((x, y) => x * y * y), m((_, y) => y * y * y)];
}

/** Golden-section minimum of f on [lo, hi] to `tol`. */
function golden(f: (x: number) => number, lo: number, hi: number, tol: number): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let a = lo;
  let b = hi;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(c);
  let fd = f(d);
  while (b - a > tol) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  return (a + b) / 2;
}

function tfpLp(a: CallArgs): Val {
  const va = a.num('va');
  const l = a.num('l');
  const k = a.num('k');
  const m = a.num('m');
  const n = a.n;
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if (Number.isFinite(va[i]!) && Number.isFinite(l[i]!) && Number.isFinite(k[i]!) && Number.isFinite(m[i]!)) rows.push(i);
  if (rows.length < 20) throw new ExprError(M.varProductionFunction(`only ${rows.length} rows with all four inputs`), a.call.span);
  const take = (x: Float64Array) => Float64Array.from(rows, (r) => x[r]!);
  const [vaS, lS, kS, mS] = [take(va), take(l), take(k), take(m)];

  // 1. First stage: β_l and φ.
  const one = new Float64Array(rows.length).fill(1);
  const poly = cubic2(standardise(kS), standardise(mS));
  const s1 = ols([one, lS, ...poly], vaS);
  if (!s1) throw new ExprError(M.varProductionFunction('the first stage (l and a cubic in k, m) is collinear'), a.call.span);
  const betaL = s1.b[1]!;
  const phi = new Float64Array(n).fill(NaN);
  rows.forEach((r, j) => {
    let fit = s1.b[0]!;
    for (let c = 0; c < poly.length; c++) fit += s1.b[c + 2]! * poly[c]![j]!;
    phi[r] = fit; // fitted − β_l·l: the l term is left out
  });

  // 2. Second stage on rows whose previous period has φ and k.
  const prev = a.env.cache.shifted(a.env.frame, -1, a.fn, a.call.span);
  const cur: number[] = [];
  const lag: number[] = [];
  for (const r of rows) {
    const p = prev[r]!;
    if (p >= 0 && Number.isFinite(phi[p]!)) {
      cur.push(r);
      lag.push(p);
    }
  }
  if (cur.length < 10) throw new ExprError(M.varProductionFunction(`only ${cur.length} rows have the previous period`), a.call.span);
  const y0 = Float64Array.from(cur, (r) => va[r]! - betaL * l[r]!);
  const kc = Float64Array.from(cur, (r) => k[r]!);
  const phiL = Float64Array.from(lag, (p) => phi[p]!);
  const kL = Float64Array.from(lag, (p) => k[p]!);
  const ones = new Float64Array(cur.length).fill(1);
  const ssr = (bk: number): number => {
    const w = phiL.map((v, j) => v - bk * kL[j]!);
    const y = y0.map((v, j) => v - bk * kc[j]!);
    const fit = ols([ones, w, w.map((x) => x * x), w.map((x) => x * x * x)], y);
    return fit ? fit.ssr : Infinity;
  };
  // A grid locates the basin (the objective need not be unimodal far from it), golden refines.
  let best = 0;
  let bestF = Infinity;
  for (let bk = -1; bk <= 2 + 1e-9; bk += 0.01) {
    const f = ssr(bk);
    if (f < bestF) {
      bestF = f;
      best = bk;
    }
  }
  const betaK = golden(ssr, best - 0.01, best + 0.01, 1e-10);

  // 3. Productivity.
  const out = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(va[i]!) && Number.isFinite(l[i]!) && Number.isFinite(k[i]!)) out[i] = va[i]! - betaL * l[i]! - betaK * k[i]!;
  }
  return numColumn(out);
}

export const productivityFunctions: Record<string, FnImpl> = {
  tfp_lp: tfpLp,
};
