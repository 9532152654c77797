/**
 * The helper thread of the pool (demean-pool.ts). For each job it is sent, it claims
 * partitions of each phase the main thread publishes, until the job ends (Seq = −1). A task
 * that throws marks the job failed; the main thread then redoes the job without the helper.
 *
 * Built as its own file next to the CLI bundle (scripts/build.mjs: dist/demean-worker.mjs);
 * from the sources (tests, `tsx`) it is started through pool/ts-boot.mjs.
 */
import { parentPort } from 'node:worker_threads';
import { Ctl } from './control.js';
import { runPartition, type PoolJob } from './jobs.js';

export interface JobMessage {
  readonly ctl: Int32Array;
  readonly job: PoolJob;
}

function serveJob(ctl: Int32Array, job: PoolJob): void {
  let seen = 0;
  for (;;) {
    const seq = Atomics.load(ctl, Ctl.Seq);
    if (seq === -1) return;
    if (seq === seen) {
      Atomics.wait(ctl, Ctl.Seq, seq);
      continue;
    }
    seen = seq;
    for (;;) {
      const c = Atomics.load(ctl, Ctl.Claim);
      if (c >> 6 !== seq || (c & 63) >= job.P) break;
      if (Atomics.compareExchange(ctl, Ctl.Claim, c, c + 1) !== c) continue;
      try {
        runPartition(job, ctl[Ctl.Pass]!, ctl[Ctl.Fe]!, ctl[Ctl.State]!, c & 63);
        Atomics.add(ctl, Ctl.Helped, 1);
      } catch {
        Atomics.store(ctl, Ctl.Failed, 1);
      }
      Atomics.add(ctl, Ctl.Done, 1);
      Atomics.notify(ctl, Ctl.Done);
    }
  }
}

parentPort?.on('message', (m: JobMessage) => serveJob(m.ctl, m.job));
