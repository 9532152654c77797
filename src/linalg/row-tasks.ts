/**
 * Running a fit's row jobs (row-kernels.ts) with the helper thread when it pays: the rows
 * are many, every array is already in shared memory (nothing is copied for this) and a
 * helper exists; else on this thread, task by task — the same arithmetic either way.
 */
import { isMainThread } from 'node:worker_threads';
import { allocFor, disableHelper, HelperFailed, partitionsFor, phaseRunner, type Alloc } from './demean-pool.js';
import { RowPass, type RowJob } from './row-kernels.js';

function sharedMemory(arrays: readonly (Float64Array | Int32Array)[]): boolean {
  return arrays.every((a) => a.buffer instanceof SharedArrayBuffer);
}

/** Runs every task of `job`; `arrays`: the long arrays it reads and writes (the helper needs them shared). */
export function runRowTasks(job: RowJob, arrays: readonly (Float64Array | Int32Array)[]): void {
  const parallel = isMainThread && partitionsFor(job.n) > 1 && job.P > 1 && sharedMemory(arrays);
  const once = (alloc: Alloc): void => {
    const runner = phaseRunner(job, alloc);
    try {
      runner.phase(RowPass.Run);
    } finally {
      runner.close();
    }
  };
  try {
    once(allocFor(parallel ? job.P : 1));
  } catch (e) {
    // Tasks write only their own outputs, so a failed helper's tasks can simply be redone here.
    if (!(e instanceof HelperFailed)) throw e;
    disableHelper();
    once(allocFor(1));
  }
}

/** Storage for a pass's outputs: shared memory when the pass may run on the helper thread. */
export function outputAlloc(n: number, P: number): Alloc {
  return allocFor(isMainThread && partitionsFor(n) > 1 ? P : 1);
}
