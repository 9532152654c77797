/**
 * The row passes of the demeaning (src/linalg/demean.ts), as tasks over one partition of the
 * rows. The main thread and the helper thread of demean-pool.ts run the same functions
 * (through pool/jobs.ts) on the job's shared arrays; the kernels are in sweep-kernels.ts.
 */
import { gather, scatterAdd, scatterSub } from './sweep-kernels.js';

/** Everything a task reads or writes; typed arrays over SharedArrayBuffers when a helper thread takes part. */
export interface DemeanJob {
  readonly kind: 'demean';
  readonly n: number;
  /** Columns demeaned together. */
  readonly K: number;
  /** Partitions of the rows (decided by n only, so results never depend on the thread count). */
  readonly P: number;
  /** Row bounds of the partitions: partition p is rows [bounds[p], bounds[p+1]). */
  readonly bounds: Int32Array;
  readonly codes: readonly Int32Array[];
  /** Offsets of each FE's block in the interleaved coefficient vectors (level·K + k). */
  readonly offsets: Int32Array;
  /** The columns: read by Sums, demeaned in place by Resid. */
  readonly x: readonly Float64Array[];
  /** Per-partition level sums of the columns (Sums). */
  readonly sumsPart: readonly Float64Array[];
  /** Σ over partitions of sumsPart, filled by the caller between phases. */
  readonly sums: Float64Array;
  /** Per-partition accumulators of the FE block being updated (Gather). */
  readonly acc: readonly Float64Array[];
  /** Coefficient vectors (X, G(X), G(G(X)) of the fixed-point iteration). */
  readonly states: readonly Float64Array[];
}

export enum DemeanPass {
  /** sumsPart[p] = the level sums of every column for every FE. */
  Sums = 0,
  /** acc[p] = (p = 0: the level sums of FE q) − Σ_{r≠q} coefficients of FE r in states[s], by level of q. */
  Gather = 1,
  /** x −= Σ_r coefficients of FE r in states[s] (the residuals, in place). */
  Resid = 2,
}

export function runDemeanTask(job: DemeanJob, pass: DemeanPass, q: number, s: number, p: number): void {
  const lo = job.bounds[p]!;
  const hi = job.bounds[p + 1]!;
  const Q = job.codes.length;
  switch (pass) {
    case DemeanPass.Sums: {
      const part = job.sumsPart[p]!;
      part.fill(0);
      for (let r = 0; r < Q; r++) scatterAdd(part, job.offsets[r]!, job.codes[r]!, job.x, lo, hi);
      return;
    }
    case DemeanPass.Gather: {
      const off = job.offsets[q]!;
      const size = job.offsets[q + 1]! - off;
      const acc = job.acc[p]!;
      // Partition 0 starts from the level sums, the others from zero; the caller adds them in order.
      if (p === 0) acc.set(job.sums.subarray(off, off + size));
      else acc.fill(0, 0, size);
      const coef = job.states[s]!;
      for (let r = 0; r < Q; r++) if (r !== q) gather(acc, job.codes[q]!, coef, job.codes[r]!, job.offsets[r]!, lo, hi, job.K);
      return;
    }
    case DemeanPass.Resid: {
      const coef = job.states[s]!;
      for (let r = 0; r < Q; r++) scatterSub(coef, job.offsets[r]!, job.codes[r]!, job.x, lo, hi);
      return;
    }
  }
}
