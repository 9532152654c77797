/**
 * Demeaned-column cache shared by models with the same sample and fixed-effect set
 * (csw steps, sw alternatives, placebo draws): each column is demeaned once.
 *
 * Keys are content fingerprints (sample rows × FE codes × column values), so a hit can
 * never return a column from a different sample or FE set even if names coincide.
 * The cache is an object the runner creates per run and passes in FitInput.cache.
 */
import type { Grouping } from '../design/types.js';
import { demean, type DemeanOptions } from '../linalg/demean.js';

/** FNV-1a over the bytes of a typed array, as a hex string (O(n), far cheaper than demeaning). */
export function fingerprint(a: Float64Array | Int32Array): string {
  const u = new Uint32Array(a.buffer, a.byteOffset, a.byteLength / 4);
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < u.length; i++) {
    h1 = Math.imul(h1 ^ u[i]!, 0x01000193);
    h2 = Math.imul(h2 ^ u[i]!, 0x5bd1e995) ^ (h2 >>> 15);
  }
  return `${a.length}:${(h1 >>> 0).toString(16)}${(h2 >>> 0).toString(16)}`;
}

export class DemeanCache {
  private readonly store = new Map<string, Float64Array>();
  private readonly feKeys = new WeakMap<readonly Grouping[], string>();
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

export interface DemeanedColumns {
  readonly columns: Float64Array[];
  readonly iterations: number;
  readonly converged: boolean;
  /** Σx and Σx² of every input column, when one demeaning call read them all. */
  readonly moments?: { readonly sums: Float64Array; readonly sumsq: Float64Array };
}

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
  const keys = cols.map((c) => `${feKey}|${opts.tol ?? 1e-8}|${fingerprint(c)}`);
  const out: (Float64Array | undefined)[] = keys.map((k) => cache.get(k));
  const todo: number[] = [];
  out.forEach((v, j) => (v ? cache.hits++ : (cache.misses++, todo.push(j))));
  let iterations = 0;
  let converged = true;
  let moments: DemeanedColumns['moments'];
  if (todo.length) {
    const r = demean(todo.map((j) => cols[j]!), fes, opts);
    iterations = r.iterations;
    converged = r.converged;
    if (todo.length === cols.length) moments = r.moments;
    todo.forEach((j, p) => {
      out[j] = r.columns[p]!;
      if (r.converged) cache.set(keys[j]!, r.columns[p]!);
    });
  }
  return { columns: out as Float64Array[], iterations, converged, ...(moments ? { moments } : {}) };
}
