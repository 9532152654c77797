/**
 * Leverage-adjusted heteroskedasticity-robust meats (MacKinnon and White 1985):
 * HC2 = Σ u_i²/(1−h_i) x_i x_i', HC3 = Σ u_i²/(1−h_i)² x_i x_i', h_i = x_i'(X'X)⁻¹x_i the
 * diagonal of the hat matrix. No further small-sample factor (Stata `regress, vce(hc2)` /
 * `vce(hc3)`, R sandwich::vcovHC type "HC2"/"HC3").
 */
import { meatHC0 } from './meat.js';

/**
 * h_i = z_i' B z_i for the score rows z_i = [x_i, 1 if `constant`], B the k×k bread of
 * those columns (row-major). One pass over the rows; k² products per row.
 */
export function leverage(X: readonly Float64Array[], bread: Float64Array, constant: boolean, n: number): Float64Array {
  const k = X.length + (constant ? 1 : 0);
  const h = new Float64Array(n);
  const z = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < X.length; a++) z[a] = X[a]![i]!;
    if (constant) z[k - 1] = 1;
    let s = 0;
    for (let a = 0; a < k; a++) {
      const za = z[a]!;
      if (za === 0) continue;
      let t = 0;
      for (let b = 0; b < k; b++) t += bread[a * k + b]! * z[b]!;
      s += za * t;
    }
    h[i] = s;
  }
  return h;
}

/**
 * The HC2 or HC3 meat. Throws (via the returned `bad` row) when some h_i is 1 within
 * rounding: that row is fitted exactly and the leverage correction divides by zero, as
 * Stata reports missing standard errors there.
 */
export function meatLeverage(
  type: 'hc2' | 'hc3',
  X: readonly Float64Array[],
  u: Float64Array,
  bread: Float64Array,
  constant = false,
): { meat: Float64Array; bad: number } {
  const n = u.length;
  const h = leverage(X, bread, constant, n);
  const adj = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = 1 - h[i]!;
    if (!(r > 1e-10)) return { meat: new Float64Array(0), bad: i };
    // The meat is quadratic in u: scaling u by 1/√(1−h) gives u²/(1−h), by 1/(1−h) gives u²/(1−h)².
    adj[i] = type === 'hc2' ? u[i]! / Math.sqrt(r) : u[i]! / r;
  }
  return { meat: meatHC0(X, adj, constant), bad: -1 };
}
