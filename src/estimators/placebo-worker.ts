/**
 * Worker-thread entry for placebo draws (bundled as dist/placebo-worker.mjs). Rebuilds the
 * linear model's FWL refit once from the shared design, then computes its slice of draws;
 * each draw's permutation depends only on (seed, draw index), so the split is irrelevant.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { prepareFocalRefit } from './linear-refit.js';
import { permutationPlan, permuteInto } from './placebo-permute.js';
import type { WorkerJob, WorkerReply } from './placebo-shared.js';

function run(job: WorkerJob): void {
  const post = (m: WorkerReply): void => parentPort!.postMessage(m);
  try {
    const refit = prepareFocalRefit(job.design, job.options, job.focal);
    const plan = permutationPlan(job.values.length, job.within, job.units);
    const buf = new Float64Array(job.values.length);
    let pending = 0;
    for (let b = job.from; b < job.to; b++) {
      permuteInto(plan, job.values, buf, job.seed, b);
      job.out[b] = refit.coefficient(buf);
      job.done[b] = 1;
      if (++pending === 10) {
        post({ kind: 'progress', count: pending });
        pending = 0;
      }
    }
    if (pending) post({ kind: 'progress', count: pending });
    post({ kind: 'done' });
  } catch (e) {
    post({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

if (parentPort) run(workerData as WorkerJob);
