/**
 * Removing any number of fixed effects from many columns at once (within transformation).
 *
 * Method: alternating projections written in the space of the fixed-effect coefficients
 * (as fixest's demean.cpp does), with Irons–Tuck acceleration of the fixed-point map.
 * Why this and not reghdfe's conjugate gradient / symmetric Kaczmarz: in coefficient space a
 * sweep never reads the data columns — only the FE codes and the precomputed group sums — so
 * all columns share one pass over the codes per FE update, and the state being accelerated
 * is Σ levels × columns long instead of n × columns. Irons–Tuck needs no tuning and gives
 * the same fixed point as plain iteration; on balanced panels the first sweep is exact.
 *
 * Layout: coefficients are interleaved by column (index = offset_q + level·K + k) so the
 * inner loop over columns reads contiguous memory for each gathered level.
 *
 * Threads: the passes over rows run as tasks on row partitions (demean-tasks.ts), shared with
 * a helper thread when the machine has one (demean-pool.ts); the partial level sums are added
 * here in partition order. The partition count depends on n only, so the numbers are the
 * same on every machine and with STUDYSPEC_THREADS=1.
 */
import { allocFor, disableHelper, HelperFailed, partitionsFor, phaseRunner, type PhaseRunner } from './demean-pool.js';
import { demeanDirect, directPlan } from './demean-exact.js';
import { DemeanPass, type DemeanJob } from './demean-tasks.js';
import { chooseSolver, schurPlan, type FeSolver, type SolverRequest } from './fe-solve/choose.js';
import { demeanKrylov } from './fe-solve/krylov.js';

export interface FeCodes {
  readonly codes: Int32Array;
  readonly nlevels: number;
}

export interface DemeanOptions {
  /** Convergence tolerance on the coefficients, |a−b|/(0.1+|a|) (fixest's criterion). */
  readonly tol?: number;
  /** Cap on accelerated iterations (each is two sweeps). */
  readonly maxIter?: number;
  /**
   * 'auto' (default): the direct solve (demean-exact.ts) when the smaller FE have few levels,
   * else alternating projections; 'iterative' forces the latter (tests compare the two).
   */
  readonly method?: 'auto' | 'iterative';
  /** The solver (fe-solve/choose.ts); 'auto' decides from the FE graph. Overrides `method`. */
  readonly solver?: SolverRequest;
  /** Row partitions (default: from n, see partitionsFor); for tests of the partitioned path. */
  readonly partitions?: number;
  /** false: never use the helper thread (same numbers; for tests). */
  readonly threads?: boolean;
}

export interface DemeanResult {
  readonly columns: Float64Array[];
  readonly iterations: number;
  readonly converged: boolean;
  /** Σx and Σx² of the input columns, when the method read them anyway (direct solve on grouped rows). */
  readonly moments?: { readonly sums: Float64Array; readonly sumsq: Float64Array };
  /** The solver that ran, and whether a requested one could not (fe-solve/choose.ts). */
  readonly solver?: FeSolver;
  readonly fellBack?: boolean;
}

/** Columns demeaned together; wider sets are split (the coefficient vector grows with K). */
const MAX_BLOCK = 16;

interface Layout {
  readonly job: DemeanJob;
  readonly runner: PhaseRunner<DemeanJob>;
  readonly invCounts: readonly Float64Array[];
  readonly total: number;
}

function layout(cols: readonly Float64Array[], fes: readonly FeCodes[], opts: DemeanOptions): Layout {
  const K = cols.length;
  const n = cols[0]!.length;
  const Q = fes.length;
  const P = partitionsFor(n, opts.partitions);
  const alloc = allocFor(P, opts.threads !== false);
  const offsets = new Int32Array(Q + 1);
  for (let q = 0; q < Q; q++) offsets[q + 1] = offsets[q]! + fes[q]!.nlevels * K;
  const total = offsets[Q]!;
  let maxBlock = 0;
  for (let q = 0; q < Q; q++) maxBlock = Math.max(maxBlock, offsets[q + 1]! - offsets[q]!);
  const bounds = new Int32Array(P + 1);
  for (let p = 0; p <= P; p++) bounds[p] = Math.floor((p * n) / P);
  const job: DemeanJob = {
    kind: 'demean',
    n,
    K,
    P,
    bounds,
    codes: fes.map((f) => alloc.share(f.codes)),
    offsets,
    // The copy that becomes the result (demeaned in place), in shared memory when the helper takes part.
    x: cols.map((c) => {
      const x = alloc.f64(n);
      x.set(c);
      return x;
    }),
    sumsPart: Array.from({ length: P }, () => alloc.f64(total)),
    sums: alloc.f64(total),
    acc: Array.from({ length: P }, () => alloc.f64(maxBlock)),
    states: [alloc.f64(total), alloc.f64(total), alloc.f64(total)],
  };
  const invCounts = fes.map((f) => {
    const c = new Float64Array(f.nlevels);
    const codes = f.codes;
    for (let i = 0; i < n; i++) c[codes[i]!]! += 1;
    for (let g = 0; g < c.length; g++) c[g] = c[g]! > 0 ? 1 / c[g]! : 0;
    return c;
  });
  const runner = phaseRunner(job, alloc);
  runner.phase(DemeanPass.Sums);
  job.sums.set(job.sumsPart[0]!);
  for (let p = 1; p < P; p++) {
    const part = job.sumsPart[p]!;
    for (let j = 0; j < total; j++) job.sums[j]! += part[j]!;
  }
  return { job, runner, invCounts, total };
}

/** One Gauss–Seidel sweep: states[o] = F(states[i]). */
function sweep(L: Layout, i: number, o: number): void {
  const { job, invCounts } = L;
  const out = job.states[o]!;
  out.set(job.states[i]!);
  const K = job.K;
  for (let q = 0; q < job.codes.length; q++) {
    L.runner.phase(DemeanPass.Gather, q, o);
    const off = job.offsets[q]!;
    const acc0 = job.acc[0]!;
    const inv = invCounts[q]!;
    if (job.P === 1) {
      for (let g = 0; g < inv.length; g++) {
        const w = inv[g]!;
        for (let k = 0; k < K; k++) out[off + g * K + k] = acc0[g * K + k]! * w;
      }
      continue;
    }
    const size = job.offsets[q + 1]! - off;
    for (let p = 1; p < job.P; p++) {
      const part = job.acc[p]!;
      for (let j = 0; j < size; j++) acc0[j]! += part[j]!;
    }
    for (let g = 0; g < inv.length; g++) {
      const w = inv[g]!;
      for (let k = 0; k < K; k++) out[off + g * K + k] = acc0[g * K + k]! * w;
    }
  }
}

function converged(a: Float64Array, b: Float64Array, tol: number): boolean {
  for (let j = 0; j < a.length; j++) {
    if (Math.abs(a[j]! - b[j]!) / (0.1 + Math.abs(a[j]!)) > tol) return false;
  }
  return true;
}

/** Irons–Tuck step, one coefficient per column (each column is its own fixed-point problem). */
function ironsTuck(K: number, X: Float64Array, GX: Float64Array, GGX: Float64Array, vp: Float64Array, ss: Float64Array): void {
  vp.fill(0);
  ss.fill(0);
  for (let b = 0; b < X.length; b += K) {
    for (let k = 0; k < K; k++) {
      const j = b + k;
      const dGX = GGX[j]! - GX[j]!;
      const d2 = dGX - GX[j]! + X[j]!;
      vp[k]! += dGX * d2;
      ss[k]! += d2 * d2;
    }
  }
  for (let b = 0; b < X.length; b += K) {
    for (let k = 0; k < K; k++) {
      const j = b + k;
      const coef = ss[k]! > 0 ? vp[k]! / ss[k]! : 0;
      X[j] = GGX[j]! - coef * (GGX[j]! - GX[j]!);
    }
  }
}

/**
 * Residuals of every column after removing all fixed effects. Columns must have equal
 * length; codes must be dense 0..nlevels−1. With no FE the columns are copied unchanged.
 */
export function demean(cols: readonly Float64Array[], fes: readonly FeCodes[], opts: DemeanOptions = {}): DemeanResult {
  const request = opts.solver ?? (opts.method === 'iterative' ? 'ap' : 'auto');
  const { solver, fellBack } = chooseSolver(fes, request, request !== 'ap' && fes.length > 1 && directPlan(fes) !== null);
  if (solver === 'cg' && cols.length > 0) {
    const { big, small } = schurPlan(fes);
    const r = demeanKrylov(cols, fes, big, small, { tol: opts.tol ?? 1e-8, maxIter: opts.maxIter ?? 10_000 });
    return { columns: r.columns, iterations: r.iterations, converged: r.converged, solver, fellBack };
  }
  const method = solver === 'ap' ? 'iterative' : 'auto';
  return { ...demeanAp(cols, fes, method === opts.method ? opts : { ...opts, method }), solver, fellBack };
}

function demeanAp(cols: readonly Float64Array[], fes: readonly FeCodes[], opts: DemeanOptions): DemeanResult {
  if (cols.length === 0) return { columns: [], iterations: 0, converged: true };
  if (fes.length === 0) return { columns: cols.map((c) => c.slice()), iterations: 0, converged: true };
  const plan = opts.method === 'iterative' ? null : directPlan(fes);
  if (plan) {
    try {
      return demeanDirect(cols, fes, plan, opts);
    } catch (e) {
      // A failed helper thread is never fatal: the job is redone on the main thread alone.
      if (!(e instanceof HelperFailed)) throw e;
      disableHelper();
      return demeanDirect(cols, fes, plan, opts);
    }
  }
  if (cols.length <= MAX_BLOCK) return demeanBlock(cols, fes, opts);
  // Blocks of at most MAX_BLOCK columns keep the coefficient vectors small (and in cache).
  const columns: Float64Array[] = [];
  let iterations = 0;
  let ok = true;
  for (let s = 0; s < cols.length; s += MAX_BLOCK) {
    const r = demeanBlock(cols.slice(s, s + MAX_BLOCK), fes, opts);
    columns.push(...r.columns);
    iterations = Math.max(iterations, r.iterations);
    ok &&= r.converged;
  }
  return { columns, iterations, converged: ok };
}

function demeanBlock(cols: readonly Float64Array[], fes: readonly FeCodes[], opts: DemeanOptions): DemeanResult {
  try {
    return demeanWith(cols, fes, opts);
  } catch (e) {
    // A failed helper thread is never fatal: the job is redone on the main thread alone.
    if (!(e instanceof HelperFailed)) throw e;
    disableHelper();
    return demeanWith(cols, fes, opts);
  }
}

function demeanWith(cols: readonly Float64Array[], fes: readonly FeCodes[], opts: DemeanOptions): DemeanResult {
  const tol = opts.tol ?? 1e-8;
  const maxIter = opts.maxIter ?? 10_000;
  const L = layout(cols, fes, opts);
  try {
    const [X, GX, GGX] = L.job.states as [Float64Array, Float64Array, Float64Array];
    const K = L.job.K;
    const vp = new Float64Array(K);
    const ss = new Float64Array(K);
    let iterations = 0;
    let ok = fes.length === 1;
    if (ok) sweep(L, 0, 1);
    while (!ok && iterations < maxIter) {
      iterations++;
      sweep(L, 0, 1);
      if (converged(X, GX, tol)) {
        ok = true;
        break;
      }
      sweep(L, 1, 2);
      if (converged(GX, GGX, tol)) {
        GX.set(GGX);
        ok = true;
        break;
      }
      ironsTuck(K, X, GX, GGX, vp, ss);
    }
    L.runner.phase(DemeanPass.Resid, 0, ok ? 1 : 0);
    return { columns: L.job.x as Float64Array[], iterations, converged: ok };
  } finally {
    L.runner.close();
  }
}
