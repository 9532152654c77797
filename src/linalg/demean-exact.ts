/**
 * Direct (non-iterative) removal of several fixed effects when all but the largest have few
 * levels in total — firm + year, firm + year + industry^year: Stata's `areg y x i.year,
 * absorb(firm)` construction. The largest FE ("big", B) is swept out exactly by its level
 * means; the smaller ones enter as dummy columns D, also demeaned by B, so by
 * Frisch–Waugh–Lovell the residual of x on both is
 *
 *     r = M_B x − M_B D γ,   (D'M_B D) γ = D'M_B x,
 *
 * with D'M_B D = Σ_b (C_b − c_b c_b' / n_b) built level by level of B (C_b: the dummies'
 * cross-counts within level b, c_b their counts) and solved by the pivot-skipping Cholesky
 * (the dummies are collinear with B and with each other — year is nested in industry^year
 * — and a dropped column does not change the projection). Cost: a few passes over the rows
 * plus O(m³) for m small levels, instead of dozens of alternating-projection passes, and the
 * result is the projection itself, not an iterate within a tolerance.
 */
import { choleskySkip, cholSolve } from './dense.js';
import type { DemeanOptions, DemeanResult, FeCodes } from './demean.js';
import { schurPlan } from './fe-solve/choose.js';
import { allocFor, partitionsFor, phaseRunner } from './demean-pool.js';
import { DirectPass, type DirectJob } from './demean-exact-tasks.js';

/** Up to this many levels in the smaller FE together, the direct solve is used. */
export const DIRECT_MAX_LEVELS = 1000;

/**
 * Budget for building D'M_B D, in (lower-triangle) products per row: each level b of B costs
 * up to min(n_b·S, m)²/2. Past it (long panels crossed with several small FE), the
 * alternating projections are cheaper.
 */
const DIRECT_PAIRS_PER_ROW = 100;

/** How to run the direct solve: the FE swept out by its means, and the FE entering as dummies. */
export interface DirectPlan {
  readonly big: number;
  readonly small: readonly number[];
  /** Row offsets of the levels of the big FE once grouped (levelStarts). */
  readonly start: Int32Array;
}

/**
 * The direct-solve plan, or null when it does not apply. The FE with most levels is swept
 * out exactly; a smaller FE that is a function of another one kept (year, given
 * industry^year; industry, given firm) adds no column to the span and is left out, which
 * keeps D'M_B D small and cheap to build.
 */
export function directPlan(fes: readonly FeCodes[]): DirectPlan | null {
  if (fes.length < 2) return null;
  const { big, small } = schurPlan(fes);
  let m = 0;
  for (const q of small) m += fes[q]!.nlevels;
  if (m > DIRECT_MAX_LEVELS) return null;
  const B = fes[big]!;
  const start = layoutOf(B).start;
  const pairs = pairBound(start, small.length, m);
  return pairs <= DIRECT_PAIRS_PER_ROW * B.codes.length ? { big, small, start } : null;
}

/** Upper bound of the products building D'M_B D: Σ_b t(t+1)/2 with t = min(n_b·S, m). */
function pairBound(start: Int32Array, S: number, m: number): number {
  let pairs = 0;
  for (let b = 0; b + 1 < start.length; b++) {
    const t = Math.min((start[b + 1]! - start[b]!) * S, m);
    pairs += (t * (t + 1)) / 2;
  }
  return pairs;
}

/** Relative pivot under which a demeaned dummy counts as spanned by the others. */
const PIVOT_TOL = 1e-10;

/*
 * demeanDirect is split into small functions with one hot loop each: V8 optimizes a long
 * function loop by loop (on-stack replacement) and deoptimizes it again whenever execution
 * reaches a later loop without type feedback, which left the whole solve ~5× slower.
 */
export function demeanDirect(cols: readonly Float64Array[], fes: readonly FeCodes[], plan: DirectPlan, opts: DemeanOptions = {}): DemeanResult {
  const K = cols.length;
  const n = cols[0]!.length;
  const B = fes[plan.big]!;
  const L = B.nlevels;
  const small = plan.small.map((q) => fes[q]!);
  const S = small.length;
  const off = new Int32Array(S + 1);
  for (let q = 0; q < S; q++) off[q + 1] = off[q]! + small[q]!.nlevels;
  const m = off[S]!;

  const start = plan.start;
  // Panels come sorted by their id (the loader sorts them), so the rows usually are grouped
  // already: then no permutation is built, and the rows can be cut into partitions at level
  // boundaries (ungrouped rows run as one partition).
  const grouped = layoutOf(B).grouped;
  const order = grouped ? null : permutation(B.codes, start);
  const P = grouped ? partitionsFor(n, opts.partitions) : 1;
  const alloc = allocFor(P, opts.threads !== false);
  const cuts = levelBounds(start, P);
  const job: DirectJob = {
    kind: 'direct',
    P,
    bounds: cuts.rows,
    levelBounds: cuts.levels,
    start: alloc.share(start),
    order: order && alloc.share(order),
    m,
    schurPart: Array.from({ length: P }, () => alloc.f64(m * m)),
    K,
    S,
    x: cols.map((c) => alloc.share(c)),
    out: cols.map(() => alloc.f64(n)),
    bc: alloc.share(B.codes),
    sc: small.map((f) => alloc.share(f.codes)),
    off,
    xbar: alloc.f64(L * K),
    gamma: alloc.f64(m * K),
    // ḡ_b has its own pass only for ungrouped rows; grouped, it is a local of the level pass.
    gbar: alloc.f64(grouped ? 0 : L * K),
    rhsPart: Array.from({ length: P }, () => alloc.f64(m * K)),
    momPart: grouped ? Array.from({ length: P }, () => alloc.f64(2 * K)) : [],
  };
  const runner = phaseRunner(job, alloc);
  try {
    // M_B x: level means of B, interleaved by column (level·K + k) like every vector here.
    // Grouped rows: the level means and D'M_B x in one pass, level by level (the level's rows
    // are still in cache for the second loop). Otherwise a pass each, in row order.
    if (!grouped) {
      runner.phase(DirectPass.Sums);
      scaleByLevelSize(job.xbar, start, K);
    }
    // D'M_B D = Σ_b (C_b − c_b c_b'/n_b): lower triangles per partition, added in order.
    runner.phase(DirectPass.Schur);
    const A = job.schurPart[0]!;
    for (let p = 1; p < P; p++) {
      const part = job.schurPart[p]!;
      for (let j = 0; j < A.length; j++) A[j]! += part[j]!;
    }
    for (let a = 0; a < m; a++) for (let c = 0; c < a; c++) A[c * m + a] = A[a * m + c]!;
    const ch = choleskySkip(A, m, PIVOT_TOL);
    const kept = ch.kept;
    // D'M_B x for every column, then γ (zero for the dummies found spanned by the others).
    runner.phase(grouped ? DirectPass.SumsRhs : DirectPass.Rhs);
    const rhs = job.rhsPart[0]!;
    for (let p = 1; p < P; p++) {
      const part = job.rhsPart[p]!;
      for (let j = 0; j < rhs.length; j++) rhs[j]! += part[j]!;
    }
    for (let k = 0; k < K; k++) {
      const sol = cholSolve(ch.L, kept.length, Float64Array.from(kept, (j) => rhs[j * K + k]!));
      for (let p = 0; p < kept.length; p++) job.gamma[kept[p]! * K + k] = sol[p]!;
    }
    // r = (x − x̄_b) − (g − ḡ_b) with g_i = Σ_q γ_q(i): ḡ first, then the residuals.
    if (grouped) runner.phase(DirectPass.GbarResid);
    else {
      runner.phase(DirectPass.Gbar);
      scaleByLevelSize(job.gbar, start, K);
      runner.phase(DirectPass.Resid);
    }
  } finally {
    runner.close();
  }
  return { columns: job.out as Float64Array[], iterations: 0, converged: true, ...(grouped ? { moments: momentsOf(job.momPart, K) } : {}) };
}

/** Σx and Σx² of the input columns from the partitions, added in partition order. */
function momentsOf(parts: readonly Float64Array[], K: number): { sums: Float64Array; sumsq: Float64Array } {
  const sums = new Float64Array(K);
  const sumsq = new Float64Array(K);
  for (const part of parts) {
    for (let k = 0; k < K; k++) {
      sums[k]! += part[k]!;
      sumsq[k]! += part[K + k]!;
    }
  }
  return { sums, sumsq };
}

/** P ranges cut at the level boundary at or after each p·n/P: as rows, and as levels of B. */
function levelBounds(start: Int32Array, P: number): { rows: Int32Array; levels: Int32Array } {
  const L = start.length - 1;
  const n = start[L]!;
  const rows = new Int32Array(P + 1);
  const levels = new Int32Array(P + 1);
  let b = 0;
  for (let p = 1; p < P; p++) {
    const target = Math.floor((p * n) / P);
    while (b < L && start[b]! < target) b++;
    rows[p] = start[b]!;
    levels[p] = b;
  }
  rows[P] = n;
  levels[P] = L;
  return { rows, levels };
}

/**
 * Where the levels of an FE start once grouped, and whether the rows already are grouped:
 * pure functions of the codes, remembered per codes array (the models of a study share their
 * FE codes, see design/groups.ts), never written.
 */
const layouts = new WeakMap<Int32Array, { start: Int32Array; grouped: boolean }>();
function layoutOf(fe: FeCodes): { start: Int32Array; grouped: boolean } {
  let l = layouts.get(fe.codes);
  if (!l || l.start.length !== fe.nlevels + 1) {
    l = { start: levelStarts(fe.codes, fe.nlevels), grouped: isGrouped(fe.codes) };
    layouts.set(fe.codes, l);
  }
  return l;
}

/** start[b]..start[b+1] = the rows of level b once grouped (prefix sums of the level sizes). */
function levelStarts(codes: Int32Array, L: number): Int32Array {
  const start = new Int32Array(L + 1);
  for (let i = 0; i < codes.length; i++) start[codes[i]! + 1]!++;
  for (let b = 0; b < L; b++) start[b + 1]! += start[b]!;
  return start;
}

/** True when codes never decrease (rows grouped by level, in level order). */
export function isGrouped(codes: Int32Array): boolean {
  for (let i = 1; i < codes.length; i++) if (codes[i]! < codes[i - 1]!) return false;
  return true;
}

/** Row indices grouped by level (a stable counting sort). */
function permutation(codes: Int32Array, start: Int32Array): Int32Array {
  const order = new Int32Array(codes.length);
  const fill = start.slice(0, start.length - 1);
  for (let i = 0; i < codes.length; i++) order[fill[codes[i]!]!++] = i;
  return order;
}

/** v[b·K + k] /= n_b. */
function scaleByLevelSize(v: Float64Array, start: Int32Array, K: number): void {
  for (let b = 0; b + 1 < start.length; b++) {
    const nb = start[b + 1]! - start[b]!;
    const w = nb > 0 ? 1 / nb : 0;
    for (let k = 0; k < K; k++) v[b * K + k]! *= w;
  }
}
