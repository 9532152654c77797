/**
 * The row passes of the direct solve (demean-exact.ts) as partition tasks, run by the main
 * thread and the helper thread alike (pool/jobs.ts). Each pass handles every column and every
 * small FE of a row range (kernels in direct-kernels.ts and direct-level-*.ts, D'M_B D in
 * direct-schur.ts).
 * Partitions are cut at level boundaries of B, so passes that write per level of B write
 * disjoint levels; per-partition partial sums are added by the caller in partition order.
 */
import { directGbar, directResid, directRhs, directSums } from './direct-kernels.js';
import { directLevelResid } from './direct-level-resid.js';
import { directLevelSumsRhs } from './direct-level-sums.js';
import { schur } from './direct-schur.js';

/** What the direct solve's row passes read and write (shared memory when the helper takes part). */
export interface DirectJob {
  readonly kind: 'direct';
  readonly P: number;
  /** Partition p is rows [bounds[p], bounds[p+1]), cut at level boundaries of B. */
  readonly bounds: Int32Array;
  readonly K: number;
  readonly S: number;
  readonly x: readonly Float64Array[];
  readonly out: readonly Float64Array[];
  /** Codes of the big FE B. */
  readonly bc: Int32Array;
  /** Codes of the small FE, and each one's first level in the stacked small levels. */
  readonly sc: readonly Int32Array[];
  readonly off: Int32Array;
  /** Level means of B, interleaved by column (level·K + k). */
  readonly xbar: Float64Array;
  /** Coefficients of the small levels (level·K + k). */
  readonly gamma: Float64Array;
  /** ḡ_b, the level means of Σ_q γ (ungrouped rows only; grouped, a local of the level pass). */
  readonly gbar: Float64Array;
  /** Per-partition D'M_B x (partitions share small levels; added in partition order). */
  readonly rhsPart: readonly Float64Array[];
  /** Partition p covers levels [levelBounds[p], levelBounds[p+1]) of B. */
  readonly levelBounds: Int32Array;
  readonly start: Int32Array;
  /** Rows grouped by level of B when they are not already (then P = 1). */
  readonly order: Int32Array | null;
  readonly m: number;
  /** Per-partition lower triangle of D'M_B D. */
  readonly schurPart: readonly Float64Array[];
  /** Per-partition Σx and Σx² of each input column (level-by-level pass only). */
  readonly momPart: readonly Float64Array[];
}

export enum DirectPass {
  /** xbar[b·K+k] += x_k (ungrouped rows). */
  Sums = 0,
  /** rhsPart[p][l_q·K+k] += x_k − xbar[b·K+k] (ungrouped rows). */
  Rhs = 1,
  /** gbar[b·K+k] += Σ_q γ[l_q·K+k] (ungrouped rows). */
  Gbar = 2,
  /** out_k = (x_k − xbar[b·K+k]) − (Σ_q γ[l_q·K+k] − gbar[b·K+k]) (ungrouped rows). */
  Resid = 3,
  /** schurPart[p] = the partition's levels' part of D'M_B D. */
  Schur = 4,
  /** Sums and Rhs level by level of B, on grouped rows (plus the column moments). */
  SumsRhs = 5,
  /** Gbar and Resid level by level of B, on grouped rows. */
  GbarResid = 6,
}

export function runDirectTask(job: DirectJob, pass: DirectPass, p: number): void {
  const { K, x, bc } = job;
  const small = { sc: job.sc, off: job.off };
  const lo = job.bounds[p]!;
  const hi = job.bounds[p + 1]!;
  const b0 = job.levelBounds[p]!;
  const b1 = job.levelBounds[p + 1]!;
  switch (pass) {
    case DirectPass.Sums:
      return directSums(job.xbar, bc, x, lo, hi, K);
    case DirectPass.Rhs: {
      const part = job.rhsPart[p]!;
      part.fill(0);
      return directRhs(part, bc, small, job.xbar, x, lo, hi, K);
    }
    case DirectPass.Gbar:
      // With no small FE, Σ_q γ is 0 and ḡ stays 0.
      if (job.S > 0) directGbar(job.gbar, bc, small, job.gamma, lo, hi, K);
      return;
    case DirectPass.Resid:
      if (job.S > 0) return directResid(job.out, bc, small, job.xbar, job.gamma, job.gbar, x, lo, hi, K);
      // (x − x̄_b) − (0 − 0) is x − x̄_b, bit for bit.
      for (let k = 0; k < K; k++) {
        const xk = x[k]!;
        const ok = job.out[k]!;
        for (let i = lo; i < hi; i++) ok[i] = xk[i]! - job.xbar[bc[i]! * K + k]!;
      }
      return;
    case DirectPass.Schur:
      return schur(job, job.schurPart[p]!, b0, b1);
    case DirectPass.SumsRhs: {
      const part = job.rhsPart[p]!;
      part.fill(0);
      return directLevelSumsRhs(part, job.start, small, job.xbar, job.momPart[p]!, x, b0, b1, K);
    }
    case DirectPass.GbarResid:
      if (job.S > 0) return directLevelResid(job.out, job.start, small, job.xbar, job.gamma, x, b0, b1, K);
      for (let k = 0; k < K; k++) {
        const xk = x[k]!;
        const ok = job.out[k]!;
        for (let b = b0; b < b1; b++) {
          const a = job.xbar[b * K + k]!;
          for (let i = job.start[b]!; i < job.start[b + 1]!; i++) ok[i] = xk[i]! - a;
        }
      }
      return;
  }
}
