/**
 * Runs the row passes of a job (pool/jobs.ts: the demeaning's sweeps, the direct solve, the
 * fit's cross-products, residuals and cluster scores) over their partitions, on the main
 * thread alone or together with one helper thread (pool/worker.ts).
 *
 * Why a helper thread and not an async API: estimators are synchronous, and a demeaning is a
 * few hundred short phases (one per FE update of a sweep), each followed by a step that needs
 * all partitions (adding the partial level sums). The main thread and the helper share the
 * job's arrays (SharedArrayBuffers) and meet at each phase through Atomics: the main thread
 * publishes a phase, both threads claim partitions from a counter, and the main thread
 * blocks (Atomics.wait) until every partition is done. Claiming rather than assigning
 * partitions means a helper that is still starting, busy, or gone never stalls a phase — the
 * main thread simply takes the partition itself. Which thread ran a partition does not change
 * the arithmetic, so results are identical with and without the helper.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread, Worker } from 'node:worker_threads';
import type { ColumnAllocator } from '../data/alloc.js';
import { Ctl, CTL_WORDS, MAX_PARTITIONS } from './pool/control.js';
import { runPartition, type PassOf, type PoolJob } from './pool/jobs.js';
import type { JobMessage } from './pool/worker.js';

/**
 * Where the helper thread's module is. In the bundled CLI, dist/demean-worker.mjs next to the
 * chunk holding this code (scripts/build.mjs builds it from pool/worker.ts). From the sources
 * (vitest, `tsx`), pool/worker.ts itself, started through pool/ts-boot.mjs, which registers
 * tsx's loader in the new thread first. Neither found (e.g. the sources run by a loader
 * other than tsx): no helper, everything runs on the main thread (same numbers).
 */
function helperEntry(): { url: URL; workerData?: { entry: string } } | null {
  // Benchmarks run the sources but should time the helper the CLI starts: they point this at
  // dist/demean-worker.mjs (bench/linear.bench.ts).
  const forced = process.env['STUDYSPEC_HELPER_ENTRY'];
  if (forced) return existsSync(forced) ? { url: pathToFileURL(forced) } : null;
  const here = import.meta.url;
  if (!here.startsWith('file:')) return null;
  const built = new URL('./demean-worker.mjs', here);
  if (existsSync(fileURLToPath(built))) return { url: built };
  const entry = new URL('./pool/worker.ts', here);
  const boot = new URL('./pool/ts-boot.mjs', here);
  if (!existsSync(fileURLToPath(entry)) || !existsSync(fileURLToPath(boot))) return null;
  try {
    createRequire(here).resolve('tsx/esm/api');
  } catch {
    return null;
  }
  return { url: boot, workerData: { entry: entry.href } };
}

let helper: Worker | null | undefined;
let helpersStarted = 0;

/** Helper threads started so far in this process (a retired helper is replaced; tests read it). */
export function helperStarts(): number {
  return helpersStarted;
}

/** A task threw in the helper thread; the caller redoes the job without it. */
export class HelperFailed extends Error {}

/** Stop using the helper thread (after a failure). */
export function disableHelper(): void {
  const w = helper;
  helper = null;
  if (w) void w.terminate();
}

/** The helper thread, started on first use; null when threads are off or unavailable. */
function getHelper(): Worker | null {
  if (helper !== undefined) return helper;
  helper = null;
  if (!isMainThread || process.env.STUDYSPEC_THREADS === '1' || availableParallelism() < 2) return helper;
  const entry = helperEntry();
  if (!entry) return helper;
  try {
    const w = new Worker(entry.url, entry.workerData ? { workerData: entry.workerData } : {});
    helpersStarted++;
    // Never keeps the process alive, and a failed helper is simply not used again.
    w.unref();
    w.on('error', () => {
      if (helper === w) helper = null;
    });
    w.on('exit', () => {
      if (helper === w) helper = null;
    });
    helper = w;
  } catch {
    helper = null;
  }
  return helper;
}

let helperRuns = 0;

/** Partitions run by the helper thread so far in this process (tests and benchmarks read it). */
export function helperPartitions(): number {
  return helperRuns;
}

/** Partition count for n rows: fixed by n alone so that numbers never depend on the threads. */
export function partitionsFor(n: number, requested?: number): number {
  if (requested !== undefined) return Math.max(1, Math.min(MAX_PARTITIONS, Math.floor(requested), n || 1));
  return n >= 100_000 ? 2 : 1;
}

/** Storage for a job's arrays: shared when a helper will take part. */
export interface Alloc {
  readonly shared: boolean;
  f64(len: number): Float64Array;
  i32(len: number): Int32Array;
  /** `a` itself when the helper can read it (not shared, or already in shared memory), else a shared copy. */
  share<T extends Float64Array | Int32Array>(a: T): T;
}

export function allocFor(P: number, threads = true): Alloc {
  const shared = threads && P > 1 && getHelper() !== null;
  const f64 = (len: number): Float64Array => (shared ? new Float64Array(new SharedArrayBuffer(8 * len)) : new Float64Array(len));
  const i32 = (len: number): Int32Array => (shared ? new Int32Array(new SharedArrayBuffer(4 * len)) : new Int32Array(len));
  return {
    shared,
    f64,
    i32,
    share: <T extends Float64Array | Int32Array>(a: T): T => {
      if (!shared || a.buffer instanceof SharedArrayBuffer) return a;
      const c = (a instanceof Float64Array ? f64(a.length) : i32(a.length)) as T;
      c.set(a);
      return c;
    },
  };
}

/**
 * A long column (design outcome, regressors, FE codes) allocated where the demeaning's helper
 * thread can read it, so that demeaning shares it instead of copying it: shared memory when
 * n rows will be partitioned and a helper exists, plain memory otherwise.
 */
export function columnF64(n: number): Float64Array {
  return partitionsFor(n) > 1 && getHelper() !== null ? new Float64Array(new SharedArrayBuffer(8 * n)) : new Float64Array(n);
}

export function columnI32(n: number): Int32Array {
  return partitionsFor(n) > 1 && getHelper() !== null ? new Int32Array(new SharedArrayBuffer(4 * n)) : new Int32Array(n);
}

/** The allocator the run stage hands the data layer and the design builder (data/alloc.ts). */
export const sharedColumns: ColumnAllocator = { f64: columnF64, i32: columnI32 };

export interface PhaseRunner<J extends PoolJob> {
  /** Runs `pass` on every partition (q, s: the pass's FE and state arguments); returns when all are done. */
  phase(pass: PassOf<J>, q?: number, s?: number): void;
  /** Ends the job (releases the helper). */
  close(): void;
}

/**
 * Runs the passes of `job` over its partitions, with the helper thread when `alloc` is
 * shared (then the job's long arrays must be in shared memory, see Alloc).
 */
export function phaseRunner<J extends PoolJob>(job: J, alloc: Alloc): PhaseRunner<J> {
  const w = alloc.shared ? getHelper() : null;
  if (!w) {
    return {
      phase: (pass, q = 0, s = 0) => {
        for (let p = 0; p < job.P; p++) runPartition(job, pass, q, s, p);
      },
      close: () => undefined,
    };
  }
  const ctl = new Int32Array(new SharedArrayBuffer(4 * CTL_WORDS));
  const message: JobMessage = { ctl, job };
  w.postMessage(message);
  postedBytes += sharedBytes(job, 3);
  let seq = 0;
  return {
    phase: (pass, q = 0, s = 0) => {
      seq++;
      ctl[Ctl.Pass] = pass;
      ctl[Ctl.Fe] = q;
      ctl[Ctl.State] = s;
      Atomics.store(ctl, Ctl.Done, 0);
      Atomics.store(ctl, Ctl.Claim, seq * 64);
      Atomics.store(ctl, Ctl.Seq, seq);
      Atomics.notify(ctl, Ctl.Seq);
      for (;;) {
        const c = Atomics.load(ctl, Ctl.Claim);
        if ((c & 63) >= job.P) break;
        if (Atomics.compareExchange(ctl, Ctl.Claim, c, c + 1) !== c) continue;
        runPartition(job, pass, q, s, c & 63);
        Atomics.add(ctl, Ctl.Done, 1);
      }
      for (let d = Atomics.load(ctl, Ctl.Done); d < job.P; d = Atomics.load(ctl, Ctl.Done)) Atomics.wait(ctl, Ctl.Done, d);
      if (Atomics.load(ctl, Ctl.Failed)) throw new HelperFailed();
    },
    close: () => {
      helperRuns += Atomics.load(ctl, Ctl.Helped);
      Atomics.store(ctl, Ctl.Seq, -1);
      Atomics.notify(ctl, Ctl.Seq);
      if (postedBytes > RETIRE_AFTER_BYTES) retireHelper(w);
    },
  };
}

/**
 * An idle worker hardly allocates, so it hardly ever collects garbage, and the jobs it was
 * sent keep their shared buffers alive: ~110 MB per 1M-row fit accumulated (30 fits: 3.3 GiB
 * RSS). After this many bytes of distinct shared buffers have been sent, the helper is ended
 * (which frees all it held) and a fresh one is started on next use.
 */
const RETIRE_AFTER_BYTES = 384 * 2 ** 20;
let postedBytes = 0;

function retireHelper(w: Worker): void {
  if (helper === w) helper = undefined;
  postedBytes = 0;
  sentBuffers = new WeakSet();
  void w.terminate();
  // The successor starts now, so it has booted by the next job instead of during it.
  getHelper();
}

/** Shared buffers already sent to the current helper (each counts once). */
let sentBuffers = new WeakSet<SharedArrayBuffer>();

/** Bytes of shared memory not sent before, reachable from `v` within `depth` levels of objects and arrays. */
function sharedBytes(v: unknown, depth: number): number {
  if (ArrayBuffer.isView(v)) {
    const b = v.buffer;
    if (!(b instanceof SharedArrayBuffer) || sentBuffers.has(b)) return 0;
    sentBuffers.add(b);
    return b.byteLength;
  }
  if (depth === 0 || v === null || typeof v !== 'object') return 0;
  let total = 0;
  for (const x of Array.isArray(v) ? v : Object.values(v)) total += sharedBytes(x, depth - 1);
  return total;
}
