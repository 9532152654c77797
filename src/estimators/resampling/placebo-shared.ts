/**
 * What the main thread hands a placebo worker: the design columns in SharedArrayBuffers
 * (copied once, then read by every worker without further copies), the permutation
 * inputs, and the slice of draws to compute. Results go straight into a shared array.
 */
import type { Design, Grouping } from '../../design/types.js';
import type { FitOptions } from '../registry.js';

export interface WorkerJob {
  readonly design: Design;
  readonly options: FitOptions;
  readonly focal: string;
  readonly values: Float64Array;
  readonly within: Int32Array | undefined;
  readonly units: Int32Array | undefined;
  readonly seed: number;
  /** Draws from..to−1 are this worker's; results and done flags are shared with the caller. */
  readonly from: number;
  readonly to: number;
  readonly out: Float64Array;
  readonly done: Uint8Array;
}

export type WorkerReply =
  | { readonly kind: 'progress'; readonly count: number }
  | { readonly kind: 'done' }
  | { readonly kind: 'error'; readonly message: string };

function sharedF64(a: Float64Array): Float64Array {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const s = new Float64Array(new SharedArrayBuffer(8 * a.length));
  s.set(a);
  return s;
}

function sharedI32(a: Int32Array): Int32Array {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const s = new Int32Array(new SharedArrayBuffer(4 * a.length));
  s.set(a);
  return s;
}

function sharedGrouping(g: Grouping): Grouping {
  return { name: g.name, codes: sharedI32(g.codes), nlevels: g.nlevels };
}

/**
 * The parts of a Design a linear refit reads, with every column in shared memory.
 * Survival, IV and strata pieces are left out: the worker path serves OLS/HDFE models only.
 */
export function shareDesign(d: Design): Design {
  return {
    n: d.n,
    y: sharedF64(d.y),
    yName: d.yName,
    X: d.X.map(sharedF64),
    names: [...d.names],
    intercept: d.intercept,
    fe: d.fe.map(sharedGrouping),
    clusters: d.clusters.map(sharedGrouping),
    rows: sharedI32(d.rows),
    dropped: { missing: d.dropped.missing, missingBy: { ...d.dropped.missingBy }, singletons: d.dropped.singletons, collinear: d.dropped.collinear.map((c) => ({ ...c })) },
  };
}
