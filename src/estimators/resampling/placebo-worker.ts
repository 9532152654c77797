/**
 * Worker-thread entry for placebo draws (bundled as dist/placebo-worker.mjs). Rebuilds the
 * linear model's batched FWL refit once from the shared design, then computes its slice of draws;
 * each draw's permutation depends only on (seed, draw index), so the split is irrelevant.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { prepareBatchRefit, runBatches } from './placebo-batch.js';
import { permutationPlan } from './placebo-permute.js';
import type { WorkerJob, WorkerReply } from './placebo-shared.js';

function run(job: WorkerJob): void {
  const post = (m: WorkerReply): void => parentPort!.postMessage(m);
  try {
    const refit = prepareBatchRefit(job.design, job.options, job.focal);
    const plan = permutationPlan(job.values.length, job.within, job.units);
    runBatches(refit, plan, job.values, job.seed, job.from, job.to, job.out, job.done, (count) => post({ kind: 'progress', count }));
    post({ kind: 'done' });
  } catch (e) {
    post({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

if (parentPort) run(workerData as WorkerJob);
