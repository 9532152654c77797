// The partitioned demeaning: row partitions give the LSDV residuals like one pass does, a
// helper thread changes no bit of the result, and the helper really takes part when the
// machine has a second core.
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { demean } from '../../src/linalg/demean.js';
import { disableHelper, helperPartitions, partitionsFor } from '../../src/linalg/demean-pool.js';
import { DemeanPass, runDemeanTask, type DemeanJob } from '../../src/linalg/demean-tasks.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** Three crossed FE on n rows with K columns, deterministic. */
function data(n: number, K: number) {
  const rnd = lcg(11);
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  const c = new Int32Array(n);
  const cols = Array.from({ length: K }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    a[i] = Math.floor(rnd() * 400);
    b[i] = Math.floor(rnd() * 15);
    c[i] = Math.floor(rnd() * 7);
    for (let k = 0; k < K; k++) cols[k]![i] = (k + 1) * 0.01 * a[i]! + b[i]! * 0.5 - c[i]! + rnd();
  }
  const fes = [
    { codes: a, nlevels: 400 },
    { codes: b, nlevels: 15 },
    { codes: c, nlevels: 7 },
  ];
  return { cols, fes };
}

function maxAbsDiff(x: readonly Float64Array[], y: readonly Float64Array[]): number {
  let m = 0;
  for (let k = 0; k < x.length; k++) for (let i = 0; i < x[k]!.length; i++) m = Math.max(m, Math.abs(x[k]![i]! - y[k]![i]!));
  return m;
}

const settle = () => new Promise((r) => setTimeout(r, 50));

describe('partitioned demeaning', () => {
  it('partition count depends on the rows only (so never on the machine)', () => {
    expect(partitionsFor(1000)).toBe(1);
    expect(partitionsFor(100_000)).toBe(2);
    expect(partitionsFor(5_000_000)).toBe(2);
    expect(partitionsFor(10, 4)).toBe(4);
    expect(partitionsFor(3, 9)).toBe(3);
  });

  it('the gather task runs over the row range of its partition', () => {
    const job: DemeanJob = {
      kind: 'demean',
      n: 4,
      K: 1,
      P: 2,
      bounds: Int32Array.from([0, 2, 4]),
      codes: [Int32Array.from([0, 0, 1, 1]), Int32Array.from([0, 1, 0, 1])],
      offsets: Int32Array.from([0, 2, 4]),
      x: [Float64Array.from([1, 2, 3, 4])],
      sumsPart: [new Float64Array(4), new Float64Array(4)],
      sums: Float64Array.from([3, 7, 4, 6]),
      acc: [new Float64Array(2), new Float64Array(2)],
      states: [Float64Array.from([0, 0, 10, 20]), new Float64Array(4), new Float64Array(4)],
    };
    runDemeanTask(job, DemeanPass.Gather, 0, 0, 1);
    // Rows 2 and 3 (level 1 of FE 0) minus the coefficients of their FE-1 levels.
    expect(Array.from(job.acc[1]!)).toEqual([0, -30]);
  });

  it('2, 3 and 5 partitions reach the one-partition residuals (tol 1e-12)', () => {
    const { cols, fes } = data(6000, 3);
    const one = demean(cols, fes, { tol: 1e-12, partitions: 1, method: 'iterative' });
    for (const P of [2, 3, 5]) {
      const r = demean(cols, fes, { tol: 1e-12, partitions: P, method: 'iterative' });
      expect(r.converged).toBe(true);
      expect(maxAbsDiff(r.columns, one.columns)).toBeLessThan(1e-9);
    }
  });

  it('direct solve: partitions cut at level boundaries, the helper changes no bit', async () => {
    // Rows grouped by the largest FE (as the loader delivers panels): the partitioned path.
    const { cols, fes } = data(150_000, 5);
    const perm = Int32Array.from(fes[0]!.codes.keys()).sort((i, j) => fes[0]!.codes[i]! - fes[0]!.codes[j]! || i - j);
    const g = <T extends Int32Array | Float64Array>(v: T): T => {
      const out = v.slice() as T;
      for (let i = 0; i < perm.length; i++) out[i] = v[perm[i]!]!;
      return out;
    };
    const gc = cols.map(g);
    const gf = fes.map((f) => ({ codes: g(f.codes), nlevels: f.nlevels }));
    const one = demean(gc, gf, { partitions: 1 });
    expect(one.iterations).toBe(0);
    for (const P of [2, 3]) expect(maxAbsDiff(demean(gc, gf, { partitions: P }).columns, one.columns)).toBeLessThan(1e-10);
    const before = helperPartitions();
    let threaded = demean(gc, gf);
    for (let t = 0; t < 40 && helperPartitions() === before; t++) {
      await settle();
      threaded = demean(gc, gf);
    }
    if (availableParallelism() >= 2 && process.env.STUDYSPEC_THREADS !== '1') expect(helperPartitions()).toBeGreaterThan(before);
    const sequential = demean(gc, gf, { threads: false });
    for (let k = 0; k < gc.length; k++) expect(Buffer.compare(Buffer.from(threaded.columns[k]!.buffer), Buffer.from(sequential.columns[k]!.buffer))).toBe(0);
    // The column moments that come with it too (partition partials added in partition order).
    expect(Array.from(threaded.moments!.sums)).toEqual(Array.from(sequential.moments!.sums));
    expect(Array.from(threaded.moments!.sumsq)).toEqual(Array.from(sequential.moments!.sumsq));
  });

  it('the helper thread changes no bit of the result, and takes part on a multi-core machine', async () => {
    const { cols, fes } = data(120_000, 6);
    const before = helperPartitions();
    const it = { method: 'iterative' } as const;
    let threaded = demean(cols, fes, it);
    // The helper starts on first use; give it time to come up, then demean again.
    for (let t = 0; t < 40 && helperPartitions() === before; t++) {
      await settle();
      threaded = demean(cols, fes, it);
    }
    const helped = helperPartitions() - before;
    if (availableParallelism() >= 2 && process.env.STUDYSPEC_THREADS !== '1') expect(helped).toBeGreaterThan(0);
    else expect(helped).toBe(0);
    disableHelper();
    const alone = demean(cols, fes, it);
    expect(helperPartitions() - before).toBe(helped);
    expect(threaded.iterations).toBe(alone.iterations);
    for (let k = 0; k < cols.length; k++) expect(Buffer.compare(Buffer.from(threaded.columns[k]!.buffer), Buffer.from(alone.columns[k]!.buffer))).toBe(0);
  });
});
