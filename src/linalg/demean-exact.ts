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
import { isNestedIn } from './fe-dof.js';
import { allocFor, partitionsFor, phaseRunner } from './demean-pool.js';

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
  let big = 0;
  for (let q = 1; q < fes.length; q++) if (fes[q]!.nlevels > fes[big]!.nlevels) big = q;
  const small: number[] = [];
  for (let q = 0; q < fes.length; q++) {
    if (q === big) continue;
    const others = [big, ...small, ...fes.map((_, p) => p).filter((p) => p > q && p !== big)];
    if (!others.some((p) => isNestedIn(fes[p]!, fes[q]!))) small.push(q);
  }
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
  const runner = phaseRunner(job, alloc, DIRECT_RUNNER_SOURCE);
  try {
    // M_B x: level means of B, interleaved by column (level·K + k) like every vector here.
    // Grouped rows: the level means and D'M_B x in one pass, level by level (the level's rows
    // are still in cache for the second loop). Otherwise a pass each, in row order.
    if (!grouped) {
      runner.phase(PASS_SUMS, 0, 0);
      scaleByLevelSize(job.xbar, start, K);
    }
    // D'M_B D = Σ_b (C_b − c_b c_b'/n_b): lower triangles per partition, added in order.
    runner.phase(PASS_SCHUR, 0, 0);
    const A = job.schurPart[0]!;
    for (let p = 1; p < P; p++) {
      const part = job.schurPart[p]!;
      for (let j = 0; j < A.length; j++) A[j]! += part[j]!;
    }
    for (let a = 0; a < m; a++) for (let c = 0; c < a; c++) A[c * m + a] = A[a * m + c]!;
    const ch = choleskySkip(A, m, PIVOT_TOL);
    const kept = ch.kept;
    // D'M_B x for every column, then γ (zero for the dummies found spanned by the others).
    runner.phase(grouped ? PASS_SUMS_RHS : PASS_RHS, 0, 0);
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
    if (grouped) runner.phase(PASS_GBAR_RESID, 0, 0);
    else {
      runner.phase(PASS_GBAR, 0, 0);
      scaleByLevelSize(job.gbar, start, K);
      runner.phase(PASS_RESID, 0, 0);
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

/** What the direct solve's row passes read and write (shared memory when the helper takes part). */
interface DirectJob {
  readonly P: number;
  /** Partition p is rows [bounds[p], bounds[p+1]), cut at level boundaries of B. */
  readonly bounds: Int32Array;
  readonly K: number;
  readonly S: number;
  readonly x: readonly Float64Array[];
  readonly out: readonly Float64Array[];
  readonly bc: Int32Array;
  readonly sc: readonly Int32Array[];
  readonly off: Int32Array;
  readonly xbar: Float64Array;
  readonly gamma: Float64Array;
  readonly gbar: Float64Array;
  /** Per-partition D'M_B x (partitions share small levels; added in partition order). */
  readonly rhsPart: readonly Float64Array[];
  /** Partition p covers levels [levelBounds[p], levelBounds[p+1]) of B. */
  readonly levelBounds: Int32Array;
  readonly start: Int32Array;
  /** Rows grouped by level of B when they are not already (then P = 1). */
  readonly order: Int32Array | null;
  readonly m: number;
  /** Per-partition lower triangle of D'M_B D. */
  readonly schurPart: readonly Float64Array[];
  /** Per-partition Σx and Σx² of each input column (level-by-level pass only). */
  readonly momPart: readonly Float64Array[];
}

const PASS_SUMS = 0;
const PASS_RHS = 1;
const PASS_GBAR = 2;
const PASS_RESID = 3;
const PASS_SCHUR = 4;
/** Grouped rows only: passes 0+1 and 2+3, each level's rows twice while they are in cache. */
const PASS_SUMS_RHS = 5;
const PASS_GBAR_RESID = 6;

/**
 * The row passes as partition tasks, one source text for the main thread and the helper
 * (see demean-pool.ts). Each pass handles all K columns and S small FE per row, generated
 * with both loops unrolled (the pass is bound by loading each row's level codes):
 *   0 sums:  xbar[b·K+k] += x_k            1 rhs:   v[l_q·K+k] += x_k − xbar[b·K+k]
 *   2 gbar:  w[b·K+k] += Σ_q γ[l_q·K+k]    3 resid: out_k = (x_k − xbar[b·K+k]) − (Σ_q γ[l_q·K+k] − w[b·K+k])
 *   4 the partition's part of D'M_B D (per level of B, see schur below)
 * Partitions are cut at level boundaries of B, so passes 0 and 2 write disjoint levels.
 */
const DIRECT_RUNNER_SOURCE = `(function makeDirectRunner() {
  const cache = new Map();
  // Shared pieces of the generated kernels: the column and code locals, each row's small
  // levels l_q (offset into the K-interleaved vectors), and Σ_q v[l_q + k].
  const locals = (K, S, withOut) => {
    const head = [];
    for (let k = 0; k < K; k++) head.push('const x' + k + ' = x[' + k + '];');
    if (withOut) for (let k = 0; k < K; k++) head.push('const o' + k + ' = out[' + k + '];');
    for (let q = 0; q < S; q++) head.push('const c' + q + ' = sc[' + q + ']; const f' + q + ' = off[' + q + '];');
    return head;
  };
  const smallLevels = (K, S) => {
    const codes = [];
    for (let q = 0; q < S; q++) codes.push('const l' + q + ' = (f' + q + ' + c' + q + '[i]) * ' + K + ';');
    return codes;
  };
  const gammaSum = (S) => (k) => {
    if (S === 0) return '0';
    const t = [];
    for (let q = 0; q < S; q++) t.push('v[l' + q + ' + ' + k + ']');
    return t.join(' + ');
  };
  const kernel = (pass, K, S) => {
    const key = pass + '/' + K + '/' + S;
    let f = cache.get(key);
    if (f) return f;
    const head = locals(K, S, pass === 3);
    const body = ['const b = bc[i] * ' + K + ';'];
    if (pass !== 0) body.push(...smallLevels(K, S));
    const g = gammaSum(S);
    for (let k = 0; k < K; k++) {
      if (pass === 0) body.push('xbar[b + ' + k + '] += x' + k + '[i];');
      else if (pass === 1) {
        body.push('const d' + k + ' = x' + k + '[i] - xbar[b + ' + k + '];');
        for (let q = 0; q < S; q++) body.push('v[l' + q + ' + ' + k + '] += d' + k + ';');
      } else if (pass === 2) body.push('w[b + ' + k + '] += ' + g(k) + ';');
      else body.push('o' + k + '[i] = (x' + k + '[i] - xbar[b + ' + k + ']) - ((' + g(k) + ') - w[b + ' + k + ']);');
    }
    f = new Function('x', 'out', 'bc', 'sc', 'off', 'xbar', 'v', 'w', 'lo', 'hi',
      head.join(' ') + ' for (let i = lo; i < hi; i++) { ' + body.join(' ') + ' }');
    cache.set(key, f);
    return f;
  };
  // Passes 5 and 6 go level by level of B over levels [lo, hi), rows start[b]..start[b+1]:
  // a first loop sums over the level's rows, a second uses the level's mean. The sums are
  // taken in row order and scaled by 1/n_b like passes 0 and 2, so the numbers are the same.
  const levelKernel = (pass, K, S) => {
    const key = 'level/' + pass + '/' + K + '/' + S;
    let f = cache.get(key);
    if (f) return f;
    const head = locals(K, S, pass === 6);
    const codes = smallLevels(K, S);
    const g = gammaSum(S);
    const init = [];
    const first = [];
    const mid = ['const nb = r1 - r0; const inv = nb > 0 ? 1 / nb : 0;'];
    const second = [];
    const tail = [];
    for (let k = 0; k < K; k++) {
      init.push('let s' + k + ' = 0;');
      mid.push('const m' + k + ' = s' + k + ' * inv;');
      if (pass === 5) {
        // The column totals Σx (from the level sums) and Σx² come along for the fit.
        head.push('let t' + k + ' = 0; let u' + k + ' = 0;');
        first.push('const v' + k + ' = x' + k + '[i]; s' + k + ' += v' + k + '; u' + k + ' += v' + k + ' * v' + k + ';');
        mid.push('t' + k + ' += s' + k + ';');
        tail.push('mp[' + k + '] = t' + k + '; mp[' + (K + k) + '] = u' + k + ';');
        mid.push('xbar[b * ' + K + ' + ' + k + '] = m' + k + ';');
        second.push('const d' + k + ' = x' + k + '[i] - m' + k + ';');
        for (let q = 0; q < S; q++) second.push('w[l' + q + ' + ' + k + '] += d' + k + ';');
      } else {
        first.push('s' + k + ' += ' + g(k) + ';');
        mid.push('const a' + k + ' = xbar[b * ' + K + ' + ' + k + '];');
        second.push('o' + k + '[i] = (x' + k + '[i] - a' + k + ') - ((' + g(k) + ') - m' + k + ');');
      }
    }
    const firstCodes = pass === 5 ? [] : codes;
    const src = head.join(' ') +
      ' for (let b = lo; b < hi; b++) { const r0 = start[b]; const r1 = start[b + 1]; ' + init.join(' ') +
      ' for (let i = r0; i < r1; i++) { ' + firstCodes.join(' ') + ' ' + first.join(' ') + ' } ' + mid.join(' ') +
      ' for (let i = r0; i < r1; i++) { ' + codes.join(' ') + ' ' + second.join(' ') + ' } } ' + tail.join(' ');
    f = new Function('x', 'out', 'start', 'sc', 'off', 'xbar', 'v', 'w', 'lo', 'hi', 'mp', src);
    cache.set(key, f);
    return f;
  };
  // Σ_b (C_b − c_b c_b'/n_b) over levels [b0, b1) of B into the lower triangle of A (m×m).
  // One small FE with at most 30 levels (firm + year): most levels of B meet each year at
  // most once, so c_b is a 0/1 pattern and C_b its diagonal; levels of B are pooled by
  // pattern (a bit mask) and each distinct pattern's outer product is added once. Levels
  // that meet a small level twice, and every other case, take the general path.
  const schur = (job, A, b0, b1) => {
    const { start, order, sc, off, m } = job;
    const S = sc.length;
    A.fill(0);
    const ws = { pos: new Int32Array(m).fill(-1), lev: new Int32Array(m), cnt: new Float64Array(m), row: new Int32Array(S) };
    if (S !== 1) {
      for (let b = b0; b < b1; b++) schurLevel(job, A, b, ws);
      return;
    }
    if (m > 30) return schurPatterns(job, A, b0, b1, ws);
    const codes = sc[0];
    const count = new Map();
    const weight = new Map();
    for (let b = b0; b < b1; b++) {
      const r0 = start[b];
      const r1 = start[b + 1];
      let mask = 0;
      let twice = false;
      for (let r = r0; r < r1; r++) {
        const bit = 1 << codes[order === null ? r : order[r]];
        if (mask & bit) twice = true;
        mask |= bit;
      }
      if (twice) {
        schurLevel(job, A, b, ws);
        continue;
      }
      const c = count.get(mask);
      if (c === undefined) {
        count.set(mask, 1);
        weight.set(mask, 1 / (r1 - r0));
      } else {
        count.set(mask, c + 1);
        weight.set(mask, weight.get(mask) + 1 / (r1 - r0));
      }
    }
    const lev = ws.lev;
    for (const [mask, c] of count) {
      const w = weight.get(mask);
      let t = 0;
      for (let l = 0; l < m; l++) if (mask & (1 << l)) lev[t++] = l;
      for (let u = 0; u < t; u++) {
        const base = lev[u] * m;
        A[base + lev[u]] += c;
        for (let v = 0; v <= u; v++) A[base + lev[v]] -= w;
      }
    }
  };
  // One small FE with more than 30 levels (industry^year): the same pooling by pattern, with
  // a pattern as the ascending list of the small levels a level of B meets once each, found
  // through a hash of the list and compared in full.
  const schurPatterns = (job, A, b0, b1, ws) => {
    const { start, order, sc, m } = job;
    const codes = sc[0];
    const lv = ws.lev;
    const index = new Map();
    let pool = new Int32Array(4096);
    let used = 0;
    let cap = 256;
    let first = new Int32Array(cap);
    let len = new Int32Array(cap);
    let next = new Int32Array(cap);
    let count = new Float64Array(cap);
    let weight = new Float64Array(cap);
    let ne = 0;
    const grow = (a, size) => {
      const b = new a.constructor(size);
      b.set(a);
      return b;
    };
    for (let b = b0; b < b1; b++) {
      const r0 = start[b];
      const r1 = start[b + 1];
      const t = r1 - r0;
      if (t > m || t === 0) {
        schurLevel(job, A, b, ws);
        continue;
      }
      let ascending = true;
      for (let r = r0; r < r1; r++) {
        const l = codes[order === null ? r : order[r]];
        const u = r - r0;
        if (u > 0 && lv[u - 1] >= l) ascending = false;
        lv[u] = l;
      }
      if (!ascending) {
        for (let u = 1; u < t; u++) {
          const l = lv[u];
          let v = u - 1;
          while (v >= 0 && lv[v] > l) {
            lv[v + 1] = lv[v];
            v--;
          }
          lv[v + 1] = l;
        }
        let twice = false;
        for (let u = 1; u < t; u++) if (lv[u] === lv[u - 1]) twice = true;
        if (twice) {
          schurLevel(job, A, b, ws);
          continue;
        }
      }
      let h = t;
      for (let u = 0; u < t; u++) h = Math.imul(h ^ lv[u], 0x9e3779b1) + 0x7f4a7c15 | 0;
      let e = index.get(h);
      let hit = -1;
      while (e !== undefined && e >= 0) {
        if (len[e] === t) {
          let same = true;
          const f = first[e];
          for (let u = 0; u < t; u++) if (pool[f + u] !== lv[u]) {
            same = false;
            break;
          }
          if (same) {
            hit = e;
            break;
          }
        }
        e = next[e];
      }
      if (hit < 0) {
        if (ne === cap) {
          cap *= 2;
          first = grow(first, cap);
          len = grow(len, cap);
          next = grow(next, cap);
          count = grow(count, cap);
          weight = grow(weight, cap);
        }
        if (used + t > pool.length) pool = grow(pool, Math.max(2 * pool.length, used + t));
        hit = ne++;
        first[hit] = used;
        len[hit] = t;
        for (let u = 0; u < t; u++) pool[used + u] = lv[u];
        used += t;
        const prev = index.get(h);
        next[hit] = prev === undefined ? -1 : prev;
        index.set(h, hit);
      }
      count[hit] += 1;
      weight[hit] += 1 / t;
    }
    for (let e = 0; e < ne; e++) {
      const f = first[e];
      const t = len[e];
      const c = count[e];
      const w = weight[e];
      for (let u = 0; u < t; u++) {
        const base = pool[f + u] * m;
        A[base + pool[f + u]] += c;
        for (let v = 0; v <= u; v++) A[base + pool[f + v]] -= w;
      }
    }
  };
  // One level b of B: its rows' small levels and counts (ascending, by insertion sort of a
  // short list, skipped when they arrive sorted) so the outer product needs no branch.
  const schurLevel = (job, A, b, ws) => {
    const { start, order, sc, off, m } = job;
    const S = sc.length;
    const { pos, lev, cnt, row } = ws;
    const r0 = start[b];
    const r1 = start[b + 1];
    let t = 0;
    let ascending = true;
    for (let r = r0; r < r1; r++) {
      const i = order === null ? r : order[r];
      for (let q = 0; q < S; q++) {
        const l = off[q] + sc[q][i];
        row[q] = l;
        let u = pos[l];
        if (u < 0) {
          u = t++;
          pos[l] = u;
          if (u > 0 && lev[u - 1] > l) ascending = false;
          lev[u] = l;
          cnt[u] = 0;
        }
        cnt[u] += 1;
      }
      for (let q = 0; q < S; q++) {
        for (let p = 0; p <= q; p++) {
          const a = row[q];
          const c = row[p];
          A[a >= c ? a * m + c : c * m + a] += 1;
        }
      }
    }
    for (let u = 0; u < t; u++) pos[lev[u]] = -1;
    if (!ascending) {
      for (let u = 1; u < t; u++) {
        const l = lev[u];
        const c = cnt[u];
        let v = u - 1;
        while (v >= 0 && lev[v] > l) {
          lev[v + 1] = lev[v];
          cnt[v + 1] = cnt[v];
          v--;
        }
        lev[v + 1] = l;
        cnt[v + 1] = c;
      }
    }
    const inv = 1 / (r1 - r0);
    for (let u = 0; u < t; u++) {
      const base = lev[u] * m;
      const ca = cnt[u] * inv;
      for (let v = 0; v <= u; v++) A[base + lev[v]] -= ca * cnt[v];
    }
  };
  return (job, kind, q, s, p) => {
    if (kind === 4) return schur(job, job.schurPart[p], job.levelBounds[p], job.levelBounds[p + 1]);
    if (kind === 5 || kind === 6) {
      const f = levelKernel(kind, job.K, job.S);
      const b0 = job.levelBounds[p];
      const b1 = job.levelBounds[p + 1];
      if (kind === 5) {
        const part = job.rhsPart[p];
        part.fill(0);
        return f(job.x, null, job.start, job.sc, job.off, job.xbar, null, part, b0, b1, job.momPart[p]);
      }
      return f(job.x, job.out, job.start, job.sc, job.off, job.xbar, job.gamma, null, b0, b1);
    }
    const lo = job.bounds[p];
    const hi = job.bounds[p + 1];
    const f = kernel(kind, job.K, job.S);
    if (kind === 0) f(job.x, null, job.bc, job.sc, job.off, job.xbar, null, null, lo, hi);
    else if (kind === 1) {
      const part = job.rhsPart[p];
      part.fill(0);
      f(job.x, null, job.bc, job.sc, job.off, job.xbar, part, null, lo, hi);
    } else if (kind === 2) f(job.x, null, job.bc, job.sc, job.off, null, job.gamma, job.gbar, lo, hi);
    else f(job.x, job.out, job.bc, job.sc, job.off, job.xbar, job.gamma, job.gbar, lo, hi);
  };
})`;
