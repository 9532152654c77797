/**
 * The row passes of the demeaning (src/linalg/demean.ts), as tasks over one partition of the
 * rows. The same task code runs on the main thread and in the helper thread of
 * demean-pool.ts (from one source text, below), and its kernels are generated per column count with the
 * column loop unrolled — a sweep is bound by loading the level codes of each row, so handling
 * all K columns per load is ~1.5× faster than blocks of columns, and an inner loop of variable
 * length costs 2–3× on V8 at this access pattern.
 */

/** Everything a task reads or writes; typed arrays over SharedArrayBuffers when a helper thread takes part. */
export interface DemeanJob {
  readonly n: number;
  /** Columns demeaned together. */
  readonly K: number;
  /** Partitions of the rows (decided by n only, so results never depend on the thread count). */
  readonly P: number;
  /** Row bounds of the partitions: partition p is rows [bounds[p], bounds[p+1]). */
  readonly bounds: Int32Array;
  readonly codes: readonly Int32Array[];
  /** Offsets of each FE's block in the interleaved coefficient vectors (level·K + k). */
  readonly offsets: Int32Array;
  /** The columns: read by SUMS, demeaned in place by RESID. */
  readonly x: readonly Float64Array[];
  /** Per-partition level sums of the columns (SUMS). */
  readonly sumsPart: readonly Float64Array[];
  /** Σ over partitions of sumsPart, filled by the caller between phases. */
  readonly sums: Float64Array;
  /** Per-partition accumulators of the FE block being updated (GATHER). */
  readonly acc: readonly Float64Array[];
  /** Coefficient vectors (X, G(X), G(G(X)) of the fixed-point iteration). */
  readonly states: readonly Float64Array[];
}

export const TASK_SUMS = 0;
export const TASK_GATHER = 1;
export const TASK_RESID = 2;

/**
 * The task runner's source text: compiled with `new Function` both here and in the helper
 * thread (demean-pool.ts runnerFor), so both threads run the same code whatever a
 * transpiler does to this module (tsx and esbuild's keepNames wrap functions in helpers
 * that a worker would not have). Plain JavaScript: a factory of the runner
 * (job, kind, q, s, p) => void.
 */
export const TASK_RUNNER_SOURCE = `(function makeTaskRunner() {
  const cache = new Map();
  const unrolled = (K, line) => {
    let body = '';
    for (let k = 0; k < K; k++) body += line(k);
    return body;
  };
  // acc[a(i)·K + k] -= coef[off + b(i)·K + k]
  const gather = (K) => {
    let f = cache.get('g' + K);
    if (!f) {
      const body = unrolled(K, (k) => 'acc[a + ' + k + '] -= coef[b + ' + k + '];');
      f = new Function('acc', 'ca', 'coef', 'cb', 'off', 'lo', 'hi',
        'for (let i = lo; i < hi; i++) { const a = ca[i] * ' + K + '; const b = off + cb[i] * ' + K + '; ' + body + ' }');
      cache.set('g' + K, f);
    }
    return f;
  };
  // sign > 0: coef[off + c(i)·K + k] += x_k[i];  sign < 0: x_k[i] -= coef[off + c(i)·K + k]
  const scatter = (K, sign) => {
    const key = 's' + K + (sign > 0 ? '+' : '-');
    let f = cache.get(key);
    if (!f) {
      const xs = unrolled(K, (k) => 'const x' + k + ' = cols[' + k + ']; ');
      const body = unrolled(K, (k) => (sign > 0 ? 'coef[b + ' + k + '] += x' + k + '[i]; ' : 'x' + k + '[i] -= coef[b + ' + k + ']; '));
      f = new Function('coef', 'off', 'codes', 'cols', 'lo', 'hi',
        xs + 'for (let i = lo; i < hi; i++) { const b = off + codes[i] * ' + K + '; ' + body + '}');
      cache.set(key, f);
    }
    return f;
  };
  return (job, kind, q, s, p) => {
    const lo = job.bounds[p];
    const hi = job.bounds[p + 1];
    const Q = job.codes.length;
    const K = job.K;
    if (kind === 0) {
      const part = job.sumsPart[p];
      part.fill(0);
      for (let r = 0; r < Q; r++) scatter(K, 1)(part, job.offsets[r], job.codes[r], job.x, lo, hi);
    } else if (kind === 1) {
      const off = job.offsets[q];
      const size = job.offsets[q + 1] - off;
      const acc = job.acc[p];
      // Partition 0 starts from the level sums, the others from zero; the caller adds them in order.
      if (p === 0) acc.set(job.sums.subarray(off, off + size));
      else acc.fill(0, 0, size);
      const coef = job.states[s];
      for (let r = 0; r < Q; r++) if (r !== q) gather(K)(acc, job.codes[q], coef, job.codes[r], job.offsets[r], lo, hi);
    } else {
      const coef = job.states[s];
      for (let r = 0; r < Q; r++) scatter(K, -1)(coef, job.offsets[r], job.codes[r], job.x, lo, hi);
    }
  };
})`;
