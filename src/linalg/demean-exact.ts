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
import { choleskySkip, cholSolve } from './sym.js';
import type { DemeanResult, FeCodes } from './demean.js';
import { isNestedIn } from './fe-dof.js';

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
  const size = new Int32Array(B.nlevels);
  for (let i = 0; i < B.codes.length; i++) size[B.codes[i]!]!++;
  let pairs = 0;
  for (let b = 0; b < size.length; b++) {
    const t = Math.min(size[b]! * small.length, m);
    pairs += (t * (t + 1)) / 2;
  }
  return pairs <= DIRECT_PAIRS_PER_ROW * B.codes.length ? { big, small } : null;
}

/** Relative pivot under which a demeaned dummy counts as spanned by the others. */
const PIVOT_TOL = 1e-10;

export function demeanDirect(cols: readonly Float64Array[], fes: readonly FeCodes[], plan: DirectPlan): DemeanResult {
  const K = cols.length;
  const n = cols[0]!.length;
  const B = fes[plan.big]!;
  const L = B.nlevels;
  const bc = B.codes;
  const small = plan.small.map((q) => fes[q]!);
  const S = small.length;
  const off = new Int32Array(S + 1);
  for (let q = 0; q < S; q++) off[q + 1] = off[q]! + small[q]!.nlevels;
  const m = off[S]!;
  const sc = small.map((f) => f.codes);

  // Rows grouped by level of B (counting sort), and each level's size.
  const start = new Int32Array(L + 1);
  for (let i = 0; i < n; i++) start[bc[i]! + 1]!++;
  for (let b = 0; b < L; b++) start[b + 1]! += start[b]!;
  // Panels come sorted by their id (the loader sorts them), so the rows usually are grouped
  // already: then no permutation is built.
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) if (bc[i]! < bc[i - 1]!) sorted = false;
  let order: Int32Array | null = null;
  if (!sorted) {
    order = new Int32Array(n);
    const fill = start.slice(0, L);
    for (let i = 0; i < n; i++) order[fill[bc[i]!]!++] = i;
  }

  // M_B x: level means of B, interleaved by column (level·K + k) like every vector below.
  const xbar = new Float64Array(L * K);
  kernel('sums', K, S)(cols, bc, sc, off, xbar, null, null, n);
  for (let b = 0; b < L; b++) {
    const nb = start[b + 1]! - start[b]!;
    const w = nb > 0 ? 1 / nb : 0;
    for (let k = 0; k < K; k++) xbar[b * K + k]! *= w;
  }

  // D'M_B D (lower triangle, then mirrored), one level of B at a time.
  const A = new Float64Array(m * m);
  const pos = new Int32Array(m).fill(-1);
  const lev = new Int32Array(m);
  const cnt = new Float64Array(m);
  const row = new Int32Array(S);
  for (let b = 0; b < L; b++) {
    const r0 = start[b]!;
    const r1 = start[b + 1]!;
    let t = 0;
    for (let r = r0; r < r1; r++) {
      const i = order ? order[r]! : r;
      for (let q = 0; q < S; q++) {
        const l = off[q]! + sc[q]![i]!;
        row[q] = l;
        if (pos[l]! < 0) {
          pos[l] = t;
          lev[t] = l;
          cnt[t] = 0;
          t++;
        }
        cnt[pos[l]!]! += 1;
      }
      for (let q = 0; q < S; q++) {
        for (let p = 0; p <= q; p++) {
          const a = row[q]!;
          const c = row[p]!;
          A[a >= c ? a * m + c : c * m + a]! += 1;
        }
      }
    }
    for (let u = 0; u < t; u++) pos[lev[u]!] = -1;
    // Touched levels in ascending order (insertion sort of a short list), so that the
    // lower-triangle index below needs no unpredictable branch.
    for (let u = 1; u < t; u++) {
      const l = lev[u]!;
      const c = cnt[u]!;
      let v = u - 1;
      while (v >= 0 && lev[v]! > l) {
        lev[v + 1] = lev[v]!;
        cnt[v + 1] = cnt[v]!;
        v--;
      }
      lev[v + 1] = l;
      cnt[v + 1] = c;
    }
    const inv = 1 / (r1 - r0);
    for (let u = 0; u < t; u++) {
      const base = lev[u]! * m;
      const ca = cnt[u]! * inv;
      for (let v = 0; v <= u; v++) A[base + lev[v]!]! -= ca * cnt[v]!;
    }
  }
  for (let a = 0; a < m; a++) for (let c = 0; c < a; c++) A[c * m + a] = A[a * m + c]!;
  const ch = choleskySkip(A, m, PIVOT_TOL);
  const kept = ch.kept;

  // D'M_B x for every column, then γ (zero for the dummies found spanned by the others).
  const rhs = new Float64Array(m * K);
  kernel('rhs', K, S)(cols, bc, sc, off, xbar, rhs, null, n);
  const gamma = new Float64Array(m * K);
  for (let k = 0; k < K; k++) {
    const sol = cholSolve(ch.L, kept.length, Float64Array.from(kept, (j) => rhs[j * K + k]!));
    for (let p = 0; p < kept.length; p++) gamma[kept[p]! * K + k] = sol[p]!;
  }
  // r = (x − x̄_b) − (g − ḡ_b) with g_i = Σ_q γ_q(i): ḡ first, then the residuals.
  const gbar = new Float64Array(L * K);
  kernel('gbar', K, S)(cols, bc, sc, off, null, gamma, gbar, n);
  for (let b = 0; b < L; b++) {
    const nb = start[b + 1]! - start[b]!;
    const w = nb > 0 ? 1 / nb : 0;
    for (let k = 0; k < K; k++) gbar[b * K + k]! *= w;
  }
  const columns = cols.map(() => new Float64Array(n));
  kernel('resid', K, S)(columns, bc, sc, off, xbar, gamma, gbar, n, cols);
  return { columns, iterations: 0, converged: true };
}

type Pass = 'sums' | 'rhs' | 'gbar' | 'resid';
type Kernel = (
  x: readonly Float64Array[],
  bc: Int32Array,
  sc: readonly Int32Array[],
  off: Int32Array,
  xbar: Float64Array | null,
  v: Float64Array | null,
  w: Float64Array | null,
  n: number,
  src?: readonly Float64Array[],
) => void;
const kernels = new Map<string, Kernel>();

/**
 * One pass over the rows for all K columns and S small FE, generated with both loops
 * unrolled (the pass is bound by loading each row's level codes; see demean-tasks.ts).
 *   sums:  xbar[b·K+k] += x_k            rhs:   v[l_q·K+k] += x_k − xbar[b·K+k]
 *   gbar:  w[b·K+k] += Σ_q v[l_q·K+k]    resid: x_k = (src_k − xbar[b·K+k]) − (Σ_q v[l_q·K+k] − w[b·K+k])
 */
function kernel(pass: Pass, K: number, S: number): Kernel {
  const key = `${pass}${K}/${S}`;
  let f = kernels.get(key);
  if (f) return f;
  const head: string[] = [];
  for (let k = 0; k < K; k++) head.push(`const x${k} = x[${k}];`);
  if (pass === 'resid') for (let k = 0; k < K; k++) head.push(`const s${k} = src[${k}];`);
  for (let q = 0; q < S; q++) head.push(`const c${q} = sc[${q}]; const o${q} = off[${q}];`);
  const body: string[] = [`const b = bc[i] * ${K};`];
  if (pass !== 'sums') for (let q = 0; q < S; q++) body.push(`const l${q} = (o${q} + c${q}[i]) * ${K};`);
  const g = (k: number): string => (S ? Array.from({ length: S }, (_, q) => `v[l${q} + ${k}]`).join(' + ') : '0');
  for (let k = 0; k < K; k++) {
    if (pass === 'sums') body.push(`xbar[b + ${k}] += x${k}[i];`);
    else if (pass === 'rhs') {
      body.push(`const d${k} = x${k}[i] - xbar[b + ${k}];`);
      for (let q = 0; q < S; q++) body.push(`v[l${q} + ${k}] += d${k};`);
    } else if (pass === 'gbar') body.push(`w[b + ${k}] += ${g(k)};`);
    else body.push(`x${k}[i] = (s${k}[i] - xbar[b + ${k}]) - ((${g(k)}) - w[b + ${k}]);`);
  }
  f = new Function('x', 'bc', 'sc', 'off', 'xbar', 'v', 'w', 'n', 'src', `${head.join(' ')} for (let i = 0; i < n; i++) { ${body.join(' ')} }`) as Kernel;
  kernels.set(key, f);
  return f;
}
