/**
 * Every kind of job the pool runs, as one discriminated union, and the dispatch from a
 * job's partition task to its typed pass function. The main thread (demean-pool.ts) and
 * the helper thread (pool/worker.ts) both run partitions through runPartition, so both
 * threads execute the same compiled functions on the same shared arrays.
 *
 * Adding a job kind: give its job interface a `kind` literal and a pass enum, add it to
 * PoolJob and PassOf, and one case below.
 */
import { runDemeanTask, type DemeanJob, type DemeanPass } from '../demean-tasks.js';
import { runDirectTask, type DirectJob, type DirectPass } from '../demean-exact-tasks.js';
import { runRowTask, type RowJob, type RowPass } from '../row-kernels.js';
import { runProbeTask, type ProbeJob, type ProbePass } from './probe.js';

export type PoolJob = DemeanJob | DirectJob | RowJob | ProbeJob;

/** The passes a job of type J can be asked to run. */
export type PassOf<J extends PoolJob> = J extends DemeanJob
  ? DemeanPass
  : J extends DirectJob
    ? DirectPass
    : J extends RowJob
      ? RowPass
      : ProbePass;

/**
 * Runs pass `pass` of `job` on partition p; q and s are the pass's FE and state arguments
 * (used by the demeaning's sweep). The pass arrives as a control word from the other
 * thread, hence a number here; each job's own function takes its enum.
 */
export function runPartition(job: PoolJob, pass: number, q: number, s: number, p: number): void {
  switch (job.kind) {
    case 'demean':
      return runDemeanTask(job, pass as DemeanPass, q, s, p);
    case 'direct':
      return runDirectTask(job, pass as DirectPass, p);
    case 'crossprod':
    case 'resid':
    case 'scores':
      return runRowTask(job, p);
    case 'probe':
      return runProbeTask(job, p);
  }
}
