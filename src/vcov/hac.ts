/**
 * Heteroskedasticity- and autocorrelation-consistent meats on a panel's time, with Bartlett
 * weights w_l = 1 − l/(L+1):
 *
 *   Newey–West (panel):   Γ_0 + Σ_{l=1..L} w_l (Γ_l + Γ_l'),  Γ_l = Σ_i Σ_t s_it s_{i,t−l}'
 *     — products only within a unit (Stata `newey` on xtset data; fixest `NW`).
 *   Driscoll–Kraay:       the same on the period sums S_t = Σ_i s_it, so every pair of rows
 *     l periods apart counts, across units too (Driscoll and Kraay 1998; Stata `xtscc`; fixest `DK`).
 *
 * s_it = z_it u_it are the score rows (z = the score regressors, plus a constant when
 * `constant`). `period` holds integer period indices: row i is l periods after row j when
 * period[i] − period[j] = l (run/inference.ts chooses them: ranks of the distinct times
 * under fixest, calendar steps of the time variable under Stata).
 */

export interface HacInput {
  readonly X: readonly Float64Array[];
  readonly u: Float64Array;
  readonly constant: boolean;
  /** Period index per row (≥ 0). */
  readonly period: Int32Array;
  /** Unit code per row (Newey–West only). */
  readonly unit?: Int32Array;
  readonly lag: number;
}

/** Score rows as one n×k row-major block. */
export function scoreRows(X: readonly Float64Array[], u: Float64Array, constant: boolean): { S: Float64Array; k: number } {
  const n = u.length;
  const k = X.length + (constant ? 1 : 0);
  const S = new Float64Array(n * k);
  for (let a = 0; a < X.length; a++) {
    const x = X[a]!;
    for (let i = 0; i < n; i++) S[i * k + a] = x[i]! * u[i]!;
  }
  if (constant) for (let i = 0; i < n; i++) S[i * k + k - 1] = u[i]!;
  return { S, k };
}

/** M += w (s_i s_j' + s_j s_i'), or w s_i s_i' when i = j (rows of S). */
function addPair(M: Float64Array, S: Float64Array, k: number, i: number, j: number, w: number): void {
  const oi = i * k;
  const oj = j * k;
  if (i === j) {
    for (let a = 0; a < k; a++) {
      const sa = w * S[oi + a]!;
      for (let b = 0; b < k; b++) M[a * k + b]! += sa * S[oi + b]!;
    }
    return;
  }
  for (let a = 0; a < k; a++) {
    const sia = w * S[oi + a]!;
    const sja = w * S[oj + a]!;
    for (let b = 0; b < k; b++) M[a * k + b]! += sia * S[oj + b]! + sja * S[oi + b]!;
  }
}

/** Bartlett weight of lag l. */
export function bartlett(l: number, lag: number): number {
  return 1 - l / (lag + 1);
}

/**
 * Panel Newey–West meat. Rows are visited unit by unit in period order; a row's partners are
 * the earlier rows of its unit at most L periods before it. A duplicate (unit, period) is an
 * error the caller reports (`duplicate` gives the first such row).
 */
export function meatNeweyWest(inp: HacInput): { meat: Float64Array; duplicate: number } {
  const { S, k } = scoreRows(inp.X, inp.u, inp.constant);
  const n = inp.u.length;
  const unit = inp.unit ?? new Int32Array(n);
  const p = inp.period;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => unit[a]! - unit[b]! || p[a]! - p[b]!);
  const M = new Float64Array(k * k);
  for (let r = 0; r < n; r++) {
    const i = order[r]!;
    if (r > 0 && unit[order[r - 1]!] === unit[i] && p[order[r - 1]!] === p[i]) return { meat: M, duplicate: i };
    addPair(M, S, k, i, i, 1);
    for (let q = r - 1; q >= 0; q--) {
      const j = order[q]!;
      if (unit[j] !== unit[i]) break;
      const l = p[i]! - p[j]!;
      if (l > inp.lag) break;
      addPair(M, S, k, i, j, bartlett(l, inp.lag));
    }
  }
  return { meat: M, duplicate: -1 };
}

/** Driscoll–Kraay meat: Newey–West on the period sums of the scores. */
export function meatDriscollKraay(inp: Omit<HacInput, 'unit'>, nPeriods: number): Float64Array {
  const { S, k } = scoreRows(inp.X, inp.u, inp.constant);
  const n = inp.u.length;
  const St = new Float64Array(nPeriods * k);
  for (let i = 0; i < n; i++) {
    const o = inp.period[i]! * k;
    for (let a = 0; a < k; a++) St[o + a]! += S[i * k + a]!;
  }
  const M = new Float64Array(k * k);
  for (let t = 0; t < nPeriods; t++) {
    addPair(M, St, k, t, t, 1);
    for (let l = 1; l <= inp.lag && l <= t; l++) addPair(M, St, k, t, t - l, bartlett(l, inp.lag));
  }
  return M;
}
