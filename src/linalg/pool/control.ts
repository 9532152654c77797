/**
 * The control words through which the main thread and the helper thread meet at each phase
 * of a job (an Int32Array over a SharedArrayBuffer, one per job). Read by both sides of the
 * pool: demean-pool.ts (main thread) and pool/worker.ts (helper thread).
 */
export enum Ctl {
  /** Phase number; −1 once the job is over. */
  Seq = 0,
  /** Phase·64 + next unclaimed partition. */
  Claim = 1,
  /** Partitions finished in this phase. */
  Done = 2,
  /** The pass of this phase (the job's own pass enum). */
  Pass = 3,
  /** The pass's FE argument (q). */
  Fe = 4,
  /** The pass's state argument (s). */
  State = 5,
  /** Set when a task threw in the helper. */
  Failed = 6,
  /** Partitions the helper ran (for tests and benchmarks). */
  Helped = 7,
}

/** Control words per job. */
export const CTL_WORDS = 8;

/** Partitions per job at most: the claim word keeps the partition in its low 6 bits. */
export const MAX_PARTITIONS = 63;
