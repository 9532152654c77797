/**
 * The O(n) passes of a linear fit after demeaning — cross-products, residuals, cluster
 * scores — as kernels generated from one source text, so that the helper thread of
 * demean-pool.ts can run some of the work (its tasks are compiled from the same text).
 *
 * Splitting never changes a value: cross-products are split by tile (each product is still
 * one running sum over all rows in order), residuals by rows (each row's arithmetic is the
 * same), cluster scores by rows cut at cluster boundaries when the rows are grouped by
 * cluster (each cluster's sum runs over its rows in order; otherwise one partition). So the
 * numbers are identical with or without the helper.
 */
import { isMainThread } from 'node:worker_threads';
import { allocFor, disableHelper, HelperFailed, partitionsFor, phaseRunner, runnerFor, type Alloc } from './demean-pool.js';

type Cols = readonly Float64Array[];
/** out[off + i·kb + j] = Σ_{r∈[lo,hi)} A_i[r]·B_j[r] (j ≤ i when diag). */
export type TileKernel = (out: Float64Array, off: number, A: Cols, B: Cols, lo: number, hi: number) => void;
/** u[r] −= Σ_j b_j x_j[r] over [lo, hi), columns in order. */
export type ResidKernel = (u: Float64Array, X: Cols, b: Float64Array, lo: number, hi: number) => void;
/** S[g·k + j] += x_j[r]·u[r] (and += u[r] for a trailing constant) over [lo, hi). */
export type ScoreKernel = (S: Float64Array, X: Cols, u: Float64Array, codes: Int32Array, lo: number, hi: number) => void;

export interface RowKernels {
  tile(ka: number, kb: number, diag: boolean): TileKernel;
  resid(k: number): ResidKernel;
  scores(kx: number, constant: boolean): ScoreKernel;
}

const SOURCE = `(function makeRowKernels() {
  const cache = new Map();
  const gen = (key, params, make) => {
    let f = cache.get(key);
    if (!f) {
      f = new Function(...params, make());
      cache.set(key, f);
    }
    return f;
  };
  const tile = (ka, kb, diag) => gen('t' + ka + 'x' + kb + (diag ? 'd' : ''), ['out', 'off', 'A', 'B', 'lo', 'hi'], () => {
    const head = [], body = [], store = [];
    for (let i = 0; i < ka; i++) head.push('const a' + i + ' = A[' + i + '];');
    for (let j = 0; j < kb; j++) head.push('const b' + j + ' = B[' + j + '];');
    for (let i = 0; i < ka; i++) {
      for (let j = 0; j < (diag ? i + 1 : kb); j++) {
        head.push('let s' + i + '_' + j + ' = 0;');
        body.push('s' + i + '_' + j + ' += a' + i + '[r] * b' + j + '[r];');
        store.push('out[off + ' + (i * kb + j) + '] = s' + i + '_' + j + ';');
      }
    }
    return head.join(' ') + ' for (let r = lo; r < hi; r++) { ' + body.join(' ') + ' } ' + store.join(' ');
  });
  const resid = (k) => gen('r' + k, ['u', 'X', 'b', 'lo', 'hi'], () => {
    const head = [], body = [];
    for (let j = 0; j < k; j++) {
      head.push('const x' + j + ' = X[' + j + ']; const b' + j + ' = b[' + j + '];');
      body.push('v -= b' + j + ' * x' + j + '[i];');
    }
    return head.join(' ') + ' for (let i = lo; i < hi; i++) { let v = u[i]; ' + body.join(' ') + ' u[i] = v; }';
  });
  const scores = (kx, constant) => gen('s' + kx + (constant ? '+1' : ''), ['S', 'X', 'u', 'codes', 'lo', 'hi'], () => {
    const k = kx + (constant ? 1 : 0);
    const head = [], body = [];
    for (let j = 0; j < kx; j++) {
      head.push('const x' + j + ' = X[' + j + '];');
      body.push('S[g + ' + j + '] += x' + j + '[i] * ui;');
    }
    if (constant) body.push('S[g + ' + kx + '] += ui;');
    return head.join(' ') + ' for (let i = lo; i < hi; i++) { const g = codes[i] * ' + k + '; const ui = u[i]; ' + body.join(' ') + ' }';
  });
  // Tasks: 0 = tile p of job.tiles; 1 = residual rows of partition p; 2 = cluster scores of partition p.
  const run = (job, kind, q, s, p) => {
    if (kind === 0) {
      const t = job.tiles[p];
      tile(t.ka, t.kb, t.diag)(job.out, t.off, t.A, t.B, 0, job.n);
    } else if (kind === 1) {
      for (const blk of job.blocks) resid(blk.X.length)(job.u, blk.X, blk.b, job.bounds[p], job.bounds[p + 1]);
    } else {
      scores(job.X.length, job.constant)(job.S, job.X, job.u, job.codes, job.bounds[p], job.bounds[p + 1]);
    }
  };
  run.kernels = { tile, resid, scores };
  return run;
})`;

/** The kernels on this thread (compiled from the shared source). */
export const rowKernels = (runnerFor(SOURCE) as unknown as { kernels: RowKernels }).kernels;

function sharedMemory(arrays: readonly (Float64Array | Int32Array)[]): boolean {
  return arrays.every((a) => a.buffer instanceof SharedArrayBuffer);
}

/**
 * Runs `kind` over `P` tasks of `job`, on the helper thread too when the rows are many,
 * every array is already in shared memory (nothing is copied for this) and a helper exists;
 * else on this thread, task by task — the same arithmetic either way.
 */
export function runRowTasks<J extends { readonly P: number; readonly n: number }>(job: J, kind: number, arrays: readonly (Float64Array | Int32Array)[]): void {
  const parallel = isMainThread && partitionsFor(job.n) > 1 && job.P > 1 && sharedMemory(arrays);
  const once = (alloc: Alloc): void => {
    const runner = phaseRunner(job, alloc, SOURCE);
    try {
      runner.phase(kind, 0, 0);
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
