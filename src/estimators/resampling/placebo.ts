/**
 * Placebo / permutation inference (methods.md E8): shuffle one regressor, re-estimate its
 * coefficient, many times, and compare the observed coefficient with the draws.
 *
 *   permute column ──(seed, draw b)──> permutation b ──refit──> draw b      b = 0..B−1
 *                                  └── split over worker threads (same draws for any split)
 *
 * Assignment: with `units` the values move as whole unit paths (a firm's series goes to
 * another firm with the same number of rows); otherwise single rows are shuffled; `within`
 * restricts either to groups. The run stage passes `units` for panel tables, so the panel
 * default is assignment by unit (methods.md: re-assign QUA across firms).
 *
 * p-value (two-sided): p = #{b : |draw_b| ≥ |observed|} / B over the finite draws — the
 * rule of the reference R script (no +1). `p_value_plus1` = (count + 1)/(B + 1) is also given.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Design } from '../../design/types.js';
import { StudyError } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/messages/index.js';
import { nonlinearMessages as M } from '../../diagnostics/messages/nonlinear.js';
import { permutationPlan, permuteInto } from './placebo-permute.js';
import { PLACEBO_BATCH, prepareBatchRefit, runBatches } from './placebo-batch.js';
import type { FitOptions } from '../registry.js';
import { shareDesign, type WorkerJob, type WorkerReply } from './placebo-shared.js';

export interface PlaceboOptions {
  readonly observed: number;
  readonly draws: number;
  readonly seed: number;
  /** The column to shuffle (design order). */
  readonly permute: Float64Array;
  /** Group codes: shuffle only inside groups. */
  readonly within?: Int32Array;
  /** Unit codes: shuffle whole unit paths across units (assignment by unit). */
  readonly units?: Int32Array;
  /** Coefficient of interest on a design with the column replaced (used when `linear` is absent). */
  readonly refit: (permuted: Float64Array) => number;
  /** Threads to use (default 1 = in-thread). Needs `linear` to run in workers. */
  readonly workers?: number;
  /**
   * A linear (OLS/HDFE) model: draws then use the batched FWL refit (placebo-batch.ts) in
   * every thread, including this one, so results do not depend on `workers`.
   */
  readonly linear?: { readonly design: Design; readonly options: FitOptions; readonly focal: string };
  readonly onProgress?: (done: number, total: number) => void;
}

export interface PlaceboResult {
  readonly draws: Float64Array;
  readonly observed: number;
  readonly mean: number;
  readonly sd: number;
  readonly p_value: number;
  readonly p_value_plus1: number;
  /** Draws whose refit failed (NaN); excluded from the moments and the p-value. */
  readonly failed: number;
  /** Threads that actually ran draws (1 = in-thread), and why workers were not used. */
  readonly threads: number;
  readonly fallback?: string;
}

export async function runPlacebo(opts: PlaceboOptions): Promise<PlaceboResult> {
  const B = opts.draws;
  if (!Number.isInteger(B) || B < 1) throw new StudyError(diag(M.nlPlaceboArgs(`draws must be a positive integer, got ${B}`)));
  if (!Number.isFinite(opts.seed)) throw new StudyError(diag(M.nlPlaceboArgs('seed must be a number')));
  const n = opts.permute.length;
  for (const [name, v] of [['within', opts.within], ['units', opts.units]] as const) {
    if (v && v.length !== n) throw new StudyError(diag(M.nlPlaceboArgs(`${name} has ${v.length} rows, the permuted column ${n}`)));
  }
  const draws = new Float64Array(new SharedArrayBuffer(8 * B)).fill(Number.NaN);
  const done = new Uint8Array(new SharedArrayBuffer(B));
  let threads = 1;
  let fallback: string | undefined;
  const want = Math.min(opts.workers ?? 1, B);
  if (want > 1) {
    const loc = opts.linear ? workerLocation() : null;
    if (!opts.linear) fallback = 'no linear model to rebuild in the workers';
    else if (!loc) fallback = 'worker file not found';
    else {
      const r = await runInWorkers(opts, loc, want, draws, done);
      threads = r.threads;
      fallback = r.error;
    }
  }
  // In-thread: everything when no workers ran, or whatever a failed worker left undone.
  const plan = permutationPlan(n, opts.within, opts.units);
  let count = 0;
  for (let b = 0; b < B; b++) count += done[b]!;
  if (opts.linear) {
    const batch = prepareBatchRefit(opts.linear.design, opts.linear.options, opts.linear.focal);
    runBatches(batch, plan, opts.permute, opts.seed, 0, B, draws, done, (fresh) => {
      count += fresh;
      opts.onProgress?.(count, B);
    });
  } else {
    const buf = new Float64Array(n);
    for (let b = 0; b < B; b++) {
      if (done[b]) continue;
      permuteInto(plan, opts.permute, buf, opts.seed, b);
      draws[b] = opts.refit(buf);
      done[b] = 1;
      count++;
      if (opts.onProgress && (count % 10 === 0 || count === B)) opts.onProgress(count, B);
    }
  }
  return summarise(Float64Array.from(draws), opts.observed, threads, fallback);
}

export function summarise(draws: Float64Array, observed: number, threads = 1, fallback?: string): PlaceboResult {
  let m = 0;
  let k = 0;
  let hits = 0;
  for (const d of draws) {
    if (!Number.isFinite(d)) continue;
    k++;
    m += d;
    // Ties count as extreme; a relative guard keeps exact FWL ties from rounding either way.
    if (Math.abs(d) >= Math.abs(observed) * (1 - 1e-12)) hits++;
  }
  m /= k;
  let ss = 0;
  for (const d of draws) if (Number.isFinite(d)) ss += (d - m) ** 2;
  return {
    draws,
    observed,
    mean: m,
    sd: Math.sqrt(ss / (k - 1)),
    p_value: hits / k,
    p_value_plus1: (hits + 1) / (k + 1),
    failed: draws.length - k,
    threads,
    ...(fallback ? { fallback } : {}),
  };
}

/** How to start the worker: the bundled file, or the TypeScript worker through a loader bootstrap (ts-worker.mjs). */
type WorkerLocation = { readonly kind: 'file'; readonly url: URL } | { readonly kind: 'ts'; readonly boot: URL; readonly entry: string };

/**
 * The worker file next to this module: dist/placebo-worker.mjs in the bundle; from src/
 * (tests, `tsx`) the TypeScript worker, started by ts-worker.mjs, which first registers
 * tsx's loader in the new thread.
 */
function workerLocation(): WorkerLocation | null {
  const here = import.meta.url;
  if (!here.startsWith('file:')) return null;
  const mjs = new URL('./placebo-worker.mjs', here);
  if (existsSync(fileURLToPath(mjs))) return { kind: 'file', url: mjs };
  const ts = new URL('./placebo-worker.ts', here);
  const boot = new URL('./ts-worker.mjs', here);
  if (!existsSync(fileURLToPath(ts)) || !existsSync(fileURLToPath(boot))) return null;
  try {
    createRequire(here).resolve('tsx/package.json');
  } catch {
    return null;
  }
  return { kind: 'ts', boot, entry: ts.href };
}

async function runInWorkers(
  opts: PlaceboOptions,
  loc: WorkerLocation,
  count: number,
  draws: Float64Array,
  done: Uint8Array,
): Promise<{ threads: number; error?: string }> {
  const { Worker } = await import('node:worker_threads');
  const B = draws.length;
  const lin = opts.linear!;
  const share = (a: Float64Array): Float64Array => {
    const s = new Float64Array(new SharedArrayBuffer(8 * a.length));
    s.set(a);
    return s;
  };
  const shareInt = (a: Int32Array | undefined): Int32Array | undefined => {
    if (!a) return undefined;
    const s = new Int32Array(new SharedArrayBuffer(4 * a.length));
    s.set(a);
    return s;
  };
  const base = {
    design: shareDesign(lin.design),
    options: JSON.parse(JSON.stringify(lin.options)) as FitOptions,
    focal: lin.focal,
    values: share(opts.permute),
    within: shareInt(opts.within),
    units: shareInt(opts.units),
    seed: opts.seed,
    out: draws,
    done,
  };
  let progress = 0;
  let firstError: string | undefined;
  let ran = 0;
  const jobs: Promise<void>[] = [];
  // Split whole batches, so each worker's range starts on a batch boundary.
  const nb = Math.ceil(B / PLACEBO_BATCH);
  for (let w = 0; w < count; w++) {
    const from = Math.min(B, Math.floor((w * nb) / count) * PLACEBO_BATCH);
    const to = Math.min(B, Math.floor(((w + 1) * nb) / count) * PLACEBO_BATCH);
    if (from >= to) continue;
    const job: WorkerJob = { ...base, from, to };
    jobs.push(
      new Promise<void>((resolve) => {
        let worker: InstanceType<typeof Worker>;
        try {
          worker =
            loc.kind === 'file'
              ? new Worker(loc.url, { workerData: job })
              : new Worker(loc.boot, { workerData: { ...job, entry: loc.entry } });
        } catch (e) {
          firstError ??= e instanceof Error ? e.message : String(e);
          resolve();
          return;
        }
        let finished = false;
        worker.on('message', (m: WorkerReply) => {
          if (m.kind === 'progress') {
            progress += m.count;
            opts.onProgress?.(progress, B);
          } else if (m.kind === 'done') {
            finished = true;
            ran++;
          } else firstError ??= m.message;
        });
        worker.on('error', (e) => {
          firstError ??= e.message;
        });
        worker.on('exit', () => {
          if (!finished) firstError ??= 'worker exited early';
          resolve();
        });
      }),
    );
  }
  await Promise.all(jobs);
  return { threads: Math.max(ran, 1), ...(firstError ? { error: firstError } : {}) };
}
