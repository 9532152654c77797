/**
 * Runs the demeaning's row passes (demean-tasks.ts) over their partitions, on the main thread
 * alone or together with one helper thread.
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
import { availableParallelism } from 'node:os';
import { isMainThread, Worker } from 'node:worker_threads';
import type { ColumnAllocator } from '../data/alloc.js';
import { TASK_RUNNER_SOURCE } from './demean-tasks.js';

// Control words (Int32Array over a SharedArrayBuffer, one per job).
const SEQ = 0; // phase number; −1 once the job is over
const CLAIM = 1; // phase·64 + next unclaimed partition
const DONE = 2; // partitions finished in this phase
const KIND = 3;
const FE = 4;
const STATE = 5;
const FAILED = 6;
const HELPED = 7; // partitions the helper ran (for tests and benchmarks)
const MAX_PARTITIONS = 63;

/**
 * The helper thread: for each job it is sent, claim partitions of each published phase until
 * the job ends (SEQ = −1). Plain JavaScript source, for the same reason as TASK_RUNNER_SOURCE.
 */
const workerSource = `
const { parentPort } = require('node:worker_threads');
const runners = new Map();
function runnerFor(src) {
  let run = runners.get(src);
  if (!run) {
    run = new Function('return ' + src)()();
    runners.set(src, run);
  }
  return run;
}
function serveJob(ctl, job, run) {
  let seen = 0;
  for (;;) {
    const seq = Atomics.load(ctl, ${SEQ});
    if (seq === -1) return;
    if (seq === seen) {
      Atomics.wait(ctl, ${SEQ}, seq);
      continue;
    }
    seen = seq;
    for (;;) {
      const c = Atomics.load(ctl, ${CLAIM});
      if (c >> 6 !== seq || (c & 63) >= job.P) break;
      if (Atomics.compareExchange(ctl, ${CLAIM}, c, c + 1) !== c) continue;
      try {
        run(job, ctl[${KIND}], ctl[${FE}], ctl[${STATE}], c & 63);
        Atomics.add(ctl, ${HELPED}, 1);
      } catch {
        Atomics.store(ctl, ${FAILED}, 1);
      }
      Atomics.add(ctl, ${DONE}, 1);
      Atomics.notify(ctl, ${DONE});
    }
  }
}
parentPort.on('message', (m) => serveJob(m.ctl, m.job, runnerFor(m.src)));
`;

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
  try {
    const w = new Worker(workerSource, { eval: true });
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

/** A job's partition tasks: (job, kind, q, s, p) => void, compiled from RUNNER source text. */
export type Runner = (job: PartitionJob, kind: number, q: number, s: number, p: number) => void;
const mainRunners = new Map<string, Runner>();

export function runnerFor(source: string): Runner {
  let run = mainRunners.get(source);
  if (!run) {
    run = (new Function(`return ${source}`)() as () => Runner)();
    mainRunners.set(source, run);
  }
  return run;
}

/** What a job must offer the pool: its partition count (the rest is for its runner). */
export interface PartitionJob {
  readonly P: number;
}

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

export interface PhaseRunner {
  /** Runs task `kind` on every partition; returns when all are done. */
  phase(kind: number, q: number, s: number): void;
  /** Ends the job (releases the helper). */
  close(): void;
}

/**
 * Runs the tasks of `source` (a self-contained JavaScript expression evaluating to a factory
 * of the runner, like TASK_RUNNER_SOURCE) for `job`, whose arrays must be shared (alloc)
 * when a helper is to take part.
 */
export function phaseRunner<J extends PartitionJob>(job: J, alloc: Alloc, source: string = TASK_RUNNER_SOURCE): PhaseRunner {
  const mainRun = runnerFor(source);
  const w = alloc.shared ? getHelper() : null;
  if (!w) {
    return {
      phase: (kind, q, s) => {
        for (let p = 0; p < job.P; p++) mainRun(job, kind, q, s, p);
      },
      close: () => undefined,
    };
  }
  const ctl = new Int32Array(new SharedArrayBuffer(4 * 8));
  w.postMessage({ ctl, job, src: source });
  postedBytes += sharedBytes(job, 3);
  let seq = 0;
  return {
    phase: (kind, q, s) => {
      seq++;
      ctl[KIND] = kind;
      ctl[FE] = q;
      ctl[STATE] = s;
      Atomics.store(ctl, DONE, 0);
      Atomics.store(ctl, CLAIM, seq * 64);
      Atomics.store(ctl, SEQ, seq);
      Atomics.notify(ctl, SEQ);
      for (;;) {
        const c = Atomics.load(ctl, CLAIM);
        if ((c & 63) >= job.P) break;
        if (Atomics.compareExchange(ctl, CLAIM, c, c + 1) !== c) continue;
        mainRun(job, kind, q, s, c & 63);
        Atomics.add(ctl, DONE, 1);
      }
      for (let d = Atomics.load(ctl, DONE); d < job.P; d = Atomics.load(ctl, DONE)) Atomics.wait(ctl, DONE, d);
      if (Atomics.load(ctl, FAILED)) throw new HelperFailed();
    },
    close: () => {
      helperRuns += Atomics.load(ctl, HELPED);
      Atomics.store(ctl, SEQ, -1);
      Atomics.notify(ctl, SEQ);
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
