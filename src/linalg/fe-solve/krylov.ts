/**
 * Demeaning by a Krylov solve of the fixed-effect coefficients (solver `cg`).
 *
 * The largest FE is eliminated exactly (its level means); the coefficients of the others solve
 * the Schur system S β = D_s' M_B x (schur.ts) by Jacobi-preconditioned conjugate gradients
 * (pcg.ts), one column at a time. This is what makes low-mobility graphs tractable: alternating
 * projections converge at a rate set by the graph's algebraic connectivity λ (iterations ∝ 1/λ,
 * thousands on a worker–firm panel with few movers), CG at a rate ∝ 1/√κ (κ ∝ 1/λ): tens to a
 * few hundred iterations, each a sparse product over the movers instead of a pass over the rows.
 *
 * S is stored when it is sparse (few small levels per level of the eliminated FE, as with
 * workers and firms); otherwise it is applied through the rows (two passes per product).
 */
import type { FeCodes } from '../demean.js';
import { pcg, type Preconditioner } from './pcg.js';
import { skylineCholesky, skylineSolve } from './skyline.js';
import {
  buildSchur,
  groundedLevels,
  rowsApply,
  rowsDiagonal,
  schurLayout,
  schurResidual,
  schurRhs,
  sparseApply,
  sparseDiagonal,
  type SchurLayout,
  type SparseSym,
} from './schur.js';

export interface KrylovOptions {
  readonly tol: number;
  readonly maxIter: number;
  /** Entries S may hold before merging (default: 4n + 2²⁰); past it S is applied through the rows. */
  readonly maxEntries?: number;
  /** 'jacobi' skips the sparse Cholesky (tests of the iterative path). */
  readonly preconditioner?: 'auto' | 'jacobi';
}

export interface KrylovResult {
  readonly columns: Float64Array[];
  /** The largest iteration count over the columns. */
  readonly iterations: number;
  readonly converged: boolean;
  /** Size of the solved system: levels of the non-eliminated FE, and S's stored non-zeros (0: applied through the rows). */
  readonly levels: number;
  readonly nonzeros: number;
  readonly preconditioner: PreconditionerKind;
}

export type PreconditionerKind = 'cholesky' | 'jacobi';

/** The Schur operator with its preconditioner: stored when sparse, else through the rows. */
export interface SchurOperator {
  readonly layout: SchurLayout;
  readonly matrix: SparseSym | null;
  readonly apply: (v: Float64Array, out: Float64Array) => void;
  readonly precond: Preconditioner;
  readonly preconditioner: PreconditionerKind;
}

/**
 * Budget of the sparse Cholesky: its envelope (8 bytes an entry) and multiply–adds. 2²⁵ entries
 * is 256 MiB; 2·10¹⁰ multiply–adds are some tens of seconds, the price of a few thousand Jacobi
 * steps on the graphs that need it.
 */
const MAX_ENVELOPE = 2 ** 25;
const MAX_FLOPS = 2e10;

export function schurOperator(
  fes: readonly FeCodes[],
  big: number,
  small: readonly number[],
  maxEntries?: number,
  preconditioner: 'auto' | 'jacobi' = 'auto',
): SchurOperator {
  const layout = schurLayout(fes, big, small);
  const matrix = buildSchur(layout, maxEntries ?? 4 * layout.n + (1 << 20));
  const diag = matrix ? sparseDiagonal(matrix) : rowsDiagonal(layout);
  // A level whose diagonal is ~0 is spanned by the eliminated FE; grounded levels fix each piece's constant.
  const grounded = groundedLevels(layout);
  const active = Uint8Array.from(diag, (d, l) => (d > 1e-12 && !grounded[l] ? 1 : 0));
  const g = matrix ? null : new Float64Array(layout.n);
  const apply = matrix ? (v: Float64Array, out: Float64Array) => sparseApply(matrix, v, out) : (v: Float64Array, out: Float64Array) => rowsApply(layout, v, out, g!);
  const factor = matrix && preconditioner === 'auto' ? skylineCholesky(matrix, active, MAX_ENVELOPE, MAX_FLOPS) : null;
  if (factor) {
    const work = new Float64Array(factor.perm.length);
    return { layout, matrix, apply, precond: (r, z) => skylineSolve(factor, r, z, work), preconditioner: 'cholesky' };
  }
  const invDiag = diag.map((d, l) => (active[l] ? 1 / d : 0));
  const jacobi: Preconditioner = (r, z) => {
    for (let j = 0; j < r.length; j++) z[j] = invDiag[j]! * r[j]!;
  };
  return { layout, matrix, apply, precond: jacobi, preconditioner: 'jacobi' };
}

export function demeanKrylov(
  cols: readonly Float64Array[],
  fes: readonly FeCodes[],
  big: number,
  small: readonly number[],
  opts: KrylovOptions,
): KrylovResult {
  const op = schurOperator(fes, big, small, opts.maxEntries, opts.preconditioner);
  let iterations = 0;
  let converged = true;
  const columns = cols.map((x) => {
    const { rhs, ssq } = schurRhs(op.layout, x);
    const r = pcg(op.apply, op.precond, rhs, ssq, { ...opts, exact: op.preconditioner === 'cholesky' });
    iterations = Math.max(iterations, r.iterations);
    converged &&= r.converged;
    const out = new Float64Array(x.length);
    schurResidual(op.layout, x, r.beta, out);
    return out;
  });
  return { columns, iterations, converged, levels: op.layout.m, nonzeros: op.matrix ? op.matrix.col.length : 0, preconditioner: op.preconditioner };
}
