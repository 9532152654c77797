// The helper-thread pool on its own, with its probe job (pool/probe.ts: ~1 ms per task, counts
// its runs, throws in the helper when asked): every partition of a phase runs exactly once
// whichever thread claims it, and a task that throws in the helper surfaces as HelperFailed
// (which the demeaning answers by redoing the job on the main thread).
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { allocFor, HelperFailed, helperPartitions, helperStarts, phaseRunner } from '../../src/linalg/demean-pool.js';
import { ProbePass, type ProbeJob } from '../../src/linalg/pool/probe.js';

const settle = () => new Promise((r) => setTimeout(r, 50));
const multiCore = availableParallelism() >= 2 && process.env.STUDYSPEC_THREADS !== '1';

function job(P: number) {
  const alloc = allocFor(P);
  const hits = alloc.i32(P);
  const failInHelper = alloc.i32(1);
  const j: ProbeJob = { kind: 'probe', P, hits, failInHelper };
  return { alloc, job: j };
}

describe('helper-thread pool', () => {
  it('runs every partition of every phase exactly once', async () => {
    const before = helperPartitions();
    for (let round = 0; round < 40; round++) {
      const { alloc, job: j } = job(7);
      const runner = phaseRunner(j, alloc);
      for (let phase = 0; phase < 10; phase++) runner.phase(ProbePass.Count);
      runner.close();
      expect(Array.from(j.hits)).toEqual(Array(7).fill(10));
      if (helperPartitions() > before) break;
      await settle();
    }
    if (multiCore) expect(helperPartitions()).toBeGreaterThan(before);
  });

  it('a helper that was sent much shared memory is replaced (an idle worker would keep it alive)', () => {
    if (!multiCore) return void expect(helperStarts()).toBe(0);
    const started = helperStarts();
    // 10 jobs × 64 MiB of new shared arrays > the 384 MiB after which the helper is retired.
    for (let r = 0; r < 10; r++) {
      const alloc = allocFor(2);
      const j = { kind: 'probe' as const, P: 2, hits: alloc.i32(2), failInHelper: alloc.i32(1), big: alloc.f64(8 * 2 ** 20) };
      const runner = phaseRunner(j, alloc);
      runner.phase(ProbePass.Count);
      runner.close();
      expect(Array.from(j.hits)).toEqual([1, 1]);
    }
    expect(helperStarts()).toBeGreaterThan(started);
  });

  it('a task failing in the helper raises HelperFailed on the main thread', async () => {
    if (!multiCore) {
      // Without a helper everything runs on the main thread, where the task does not fail.
      const { alloc, job: j } = job(3);
      j.failInHelper[0] = 1;
      const runner = phaseRunner(j, alloc);
      runner.phase(ProbePass.Count);
      runner.close();
      expect(Array.from(j.hits)).toEqual([1, 1, 1]);
      return;
    }
    let raised = false;
    for (let round = 0; round < 40 && !raised; round++) {
      const { alloc, job: j } = job(16);
      j.failInHelper[0] = 1;
      const runner = phaseRunner(j, alloc);
      try {
        for (let phase = 0; phase < 10; phase++) runner.phase(ProbePass.Count);
      } catch (e) {
        expect(e).toBeInstanceOf(HelperFailed);
        raised = true;
      } finally {
        runner.close();
      }
      if (!raised) await settle();
    }
    expect(raised).toBe(true);
  });
});
