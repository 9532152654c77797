/**
 * A job that exercises the pool itself (test/linalg/demean-pool.test.ts): each task adds 1
 * to its partition's counter after about a millisecond of work, so that the helper gets to
 * claim partitions before the main thread has taken them all, and it throws when run in the
 * helper if asked to, to check that a helper's failure reaches the main thread.
 */
import { isMainThread } from 'node:worker_threads';

export enum ProbePass {
  Count = 0,
}

export interface ProbeJob {
  readonly kind: 'probe';
  readonly P: number;
  /** Runs per partition (shared memory, so the helper's runs count too). */
  readonly hits: Int32Array;
  /** [1] = throw when run in the helper thread. */
  readonly failInHelper: Int32Array;
}

export function runProbeTask(job: ProbeJob, p: number): void {
  if (job.failInHelper[0] === 1 && !isMainThread) throw new Error('probe task failed in the helper thread');
  const t = Date.now();
  while (Date.now() - t < 1);
  Atomics.add(job.hits, p, 1);
}
