/**
 * Preconditioned conjugate gradients for S β = r with S symmetric positive semi-definite and r
 * in its range (the Schur system of schur.ts). The preconditioner is Jacobi or a sparse
 * Cholesky (skyline.ts), chosen by krylov.ts.
 *
 * Stopping rule: what matters is the demeaned column x̃ = M_B(x − D_s β), and the error of x̃ is
 * the S-norm of the error of β: ‖x̃_k − x̃‖² = (β_k − β)' S (β_k − β). CG minimises exactly this
 * norm over its Krylov space, and the sum of the next d step terms α_j r_j'z_j estimates it
 * from below, closely once d steps have passed (Hestenes–Stiefel; Strakoš & Tichý 2002). We stop
 * when that estimate for iterate k is below tol² · ‖x̃_k‖², i.e. when x̃ is relatively accurate
 * to about tol, and return iterate k + d (CG's error only falls). ‖x̃_k‖² is taken as
 * ‖M_B x‖² − r'β_k (exact at the solution; no pass over the rows).
 *
 * Levels where the preconditioner returns 0 are held at 0 (z and so p stay 0 there): CG then solves the system
 * without them. krylov.ts holds one level per connected piece of the graph (schur.ts,
 * groundedLevels), which makes the system definite, and levels absorbed by the eliminated FE.
 */

/** Number of later steps summed to estimate the error of an iterate. */
export const ERROR_DELAY = 10;

export interface PcgResult {
  readonly beta: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
}

export interface PcgOptions {
  readonly tol: number;
  readonly maxIter: number;
  /**
   * The preconditioner is S's own factor: then r'z = r'S⁻¹r is the squared S-norm of the
   * error itself, checked at every step instead of d steps later.
   */
  readonly exact?: boolean;
}

/** z = M⁻¹ r for a symmetric positive (semi-)definite M approximating S. */
export type Preconditioner = (r: Float64Array, z: Float64Array) => void;

/** Solve S β = rhs. `apply(v, out)` writes S v; `ssq` is ‖M_B x‖². */
export function pcg(
  apply: (v: Float64Array, out: Float64Array) => void,
  precond: Preconditioner,
  rhs: Float64Array,
  ssq: number,
  opts: PcgOptions,
): PcgResult {
  const m = rhs.length;
  const beta = new Float64Array(m);
  const r = rhs.slice();
  const z = new Float64Array(m);
  const p = new Float64Array(m);
  const q = new Float64Array(m);
  precond(r, z);
  p.set(z);
  let rz = dot(r, z);
  // Columns absorbed by the eliminated FE (x̃ = 0) still need an error far below 1e-10 of their
  // raw variation, so the scale never falls below ssq·1e-6.
  const floor = ssq * 1e-6;
  const tol2 = opts.tol * opts.tol;
  const ring = new Float64Array(ERROR_DELAY);
  let ringSum = 0;
  let rb = 0; // r'β_k, for ‖x̃_k‖²
  const lagged = new Float64Array(ERROR_DELAY); // rhs'β at the iterate the ring sum refers to
  if (!(rz > 0)) return { beta, iterations: 0, converged: true };
  for (let it = 0; it < opts.maxIter; it++) {
    apply(p, q);
    const pq = dot(p, q);
    if (!(pq > 0)) return { beta, iterations: it, converged: true };
    const alpha = rz / pq;
    const slot = it % ERROR_DELAY;
    lagged[slot] = rb;
    for (let j = 0; j < m; j++) {
      beta[j]! += alpha * p[j]!;
      r[j]! -= alpha * q[j]!;
    }
    precond(r, z);
    rb = dot(rhs, beta);
    ringSum += alpha * rz - ring[slot]!;
    ring[slot] = alpha * rz;
    const rzNew = dot(r, z);
    if (!(rzNew > 0)) return { beta, iterations: it + 1, converged: true };
    if (opts.exact && rzNew <= tol2 * Math.max(ssq - rb, floor)) return { beta, iterations: it + 1, converged: true };
    if (it + 1 >= ERROR_DELAY) {
      // The ring holds the terms of iterates it−d+1 … it: the error estimate of iterate it−d+1,
      // whose r'β was stored d steps ago (the slot about to be overwritten next).
      const k = (it + 1) % ERROR_DELAY;
      const scale = Math.max(ssq - lagged[k]!, floor);
      if (ringSum <= tol2 * scale) return { beta, iterations: it + 1, converged: true };
    }
    const ratio = rzNew / rz;
    rz = rzNew;
    for (let j = 0; j < m; j++) p[j] = z[j]! + ratio * p[j]!;
  }
  return { beta, iterations: opts.maxIter, converged: false };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}
