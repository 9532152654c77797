/**
 * Demeaned-column cache shared by models with the same sample and fixed-effect set
 * (csw steps, sw alternatives, placebo draws): each column is demeaned once.
 *
 * Keys are content fingerprints (sample rows × FE codes × column values), so a hit can
 * never return a column from a different sample or FE set even if names coincide.
 * The cache is an object the runner creates per run and passes in FitInput.cache.
 */
import type { Grouping } from '../../design/types.js';
import { demean, type DemeanOptions, type DemeanResult } from '../../linalg/demean.js';
import type { FeSolver } from '../../linalg/fe-solve/choose.js';

/**
 * A content hash of a typed array: its 32-bit words go round-robin to four lanes, and each
 * lane runs two independent 32-bit multiply–xor chains over its words (so any change is
 * caught by 64 bits of its lane, and the eight chains do not wait on one another). Remembered
 * per array: arrays are never written after they are built, and the models of a study share
 * the frame's columns and FE codes, so each is read once per run.
 */
const fingerprints = new WeakMap<Float64Array | Int32Array, string>();

export function fingerprint(a: Float64Array | Int32Array): string {
  let f = fingerprints.get(a);
  if (f === undefined) {
    f = hashWords(new Uint32Array(a.buffer, a.byteOffset, a.byteLength / 4), a.length);
    fingerprints.set(a, f);
  }
  return f;
}

function hashWords(u: Uint32Array, length: number): string {
  let a0 = 0x811c9dc5, a1 = 0x811c9dc5 ^ 1, a2 = 0x811c9dc5 ^ 2, a3 = 0x811c9dc5 ^ 3;
  let b0 = 0x01000193, b1 = 0x01000193 ^ 1, b2 = 0x01000193 ^ 2, b3 = 0x01000193 ^ 3;
  const n4 = u.length - (u.length % 4);
  for (let i = 0; i < n4; i += 4) {
    const w0 = u[i]!, w1 = u[i + 1]!, w2 = u[i + 2]!, w3 = u[i + 3]!;
    a0 = Math.imul(a0 ^ w0, 0x01000193);
    a1 = Math.imul(a1 ^ w1, 0x01000193);
    a2 = Math.imul(a2 ^ w2, 0x01000193);
    a3 = Math.imul(a3 ^ w3, 0x01000193);
    b0 = Math.imul(b0 ^ w0, 0x5bd1e995) ^ (b0 >>> 15);
    b1 = Math.imul(b1 ^ w1, 0x5bd1e995) ^ (b1 >>> 15);
    b2 = Math.imul(b2 ^ w2, 0x5bd1e995) ^ (b2 >>> 15);
    b3 = Math.imul(b3 ^ w3, 0x5bd1e995) ^ (b3 >>> 15);
  }
  for (let i = n4; i < u.length; i++) {
    a0 = Math.imul(a0 ^ u[i]!, 0x01000193);
    b0 = Math.imul(b0 ^ u[i]!, 0x5bd1e995) ^ (b0 >>> 15);
  }
  const hex = (h: number): string => (h >>> 0).toString(16).padStart(8, '0');
  return `${length}:${[a0, b0, a1, b1, a2, b2, a3, b3].map(hex).join('')}`;
}

export class DemeanCache {
  private readonly store = new Map<string, Float64Array>();
  private readonly feKeys = new WeakMap<readonly Grouping[], string>();
  /** The solver that demeaned the cached columns of an FE set and tolerance. */
  readonly solvers = new Map<string, FeSolver>();
  hits = 0;
  misses = 0;

  feKey(fes: readonly Grouping[]): string {
    let k = this.feKeys.get(fes);
    if (k === undefined) {
      k = fes.map((f) => `${f.name}#${f.nlevels}#${fingerprint(f.codes)}`).join('|');
      this.feKeys.set(fes, k);
    }
    return k;
  }

  get(key: string): Float64Array | undefined {
    return this.store.get(key);
  }

  set(key: string, v: Float64Array): void {
    this.store.set(key, v);
  }

  get size(): number {
    return this.store.size;
  }
}

/** Demeaned columns with what the solve reported (moments only when one call read every column). */
export type DemeanedColumns = DemeanResult;

/**
 * Demean `cols` by `fes`, taking what the cache already holds and demeaning the rest
 * together in one call (one pass over the FE codes per sweep for all of them).
 */
export function demeanCached(
  cols: readonly Float64Array[],
  fes: readonly Grouping[],
  opts: DemeanOptions,
  cache?: DemeanCache,
): DemeanedColumns {
  if (!cache || fes.length === 0) return demean(cols, fes, opts);
  const feKey = cache.feKey(fes);
  // The solver request is part of the key: a model that forces a solver gets that solver's columns.
  const keys = cols.map((c) => `${feKey}|${opts.tol ?? 1e-8}|${opts.solver ?? 'auto'}|${fingerprint(c)}`);
  const out: (Float64Array | undefined)[] = keys.map((k) => cache.get(k));
  const todo: number[] = [];
  out.forEach((v, j) => (v ? cache.hits++ : (cache.misses++, todo.push(j))));
  let iterations = 0;
  let converged = true;
  let moments: DemeanedColumns['moments'];
  const solverKey = `${feKey}|${opts.tol ?? 1e-8}|${opts.solver ?? 'auto'}`;
  let solver = cache.solvers.get(solverKey);
  let fellBack = false;
  if (todo.length) {
    const r = demean(todo.map((j) => cols[j]!), fes, opts);
    iterations = r.iterations;
    converged = r.converged;
    solver = r.solver;
    fellBack = r.fellBack ?? false;
    if (r.solver) cache.solvers.set(solverKey, r.solver);
    if (todo.length === cols.length) moments = r.moments;
    todo.forEach((j, p) => {
      out[j] = r.columns[p]!;
      if (r.converged) cache.set(keys[j]!, r.columns[p]!);
    });
  }
  return { columns: out as Float64Array[], iterations, converged, ...(moments ? { moments } : {}), ...(solver ? { solver, fellBack } : {}) };
}
