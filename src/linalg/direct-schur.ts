/**
 * D'M_B D of the direct solve (demean-exact.ts): Σ_b (C_b − c_b c_b'/n_b) over the levels b of
 * the big FE, where c_b counts the small levels that level b's rows meet and C_b their
 * cross-counts, added into the lower triangle of an m×m matrix.
 *
 * schurLevel is the general path, one level at a time. schur pools the levels of B by the
 * pattern of small levels they meet when there is one small FE (firm + year, firm +
 * industry^year): most levels of B then meet each small level at most once, so c_b is a 0/1
 * pattern and C_b its diagonal, and each distinct pattern's outer product is added once, with
 * its count and Σ 1/n_b. The pooled sums are added in another order than level by level, so
 * test/linalg/direct-schur.test.ts compares schur with schurLevel over every level to 1e-12.
 */

/** What the Schur complement reads of the direct solve's job. */
export interface SchurInput {
  /** Level b of B is rows start[b]..start[b+1] once grouped. */
  readonly start: Int32Array;
  /** Rows grouped by level of B when they are not already in that order (else null). */
  readonly order: Int32Array | null;
  /** Codes of the small FE, and each one's first level in the stacked small levels. */
  readonly sc: readonly Int32Array[];
  readonly off: Int32Array;
  /** Small levels in total (the matrix is m×m). */
  readonly m: number;
}

interface Workspace {
  /** Position of a small level in lev, −1 when level b has not met it. */
  readonly pos: Int32Array;
  readonly lev: Int32Array;
  readonly cnt: Float64Array;
  /** The current row's stacked small levels. */
  readonly row: Int32Array;
}

function workspace(m: number, S: number): Workspace {
  return { pos: new Int32Array(m).fill(-1), lev: new Int32Array(m), cnt: new Float64Array(m), row: new Int32Array(S) };
}

function grow<T extends Int32Array | Float64Array>(a: T, size: number): T {
  const b = (a instanceof Int32Array ? new Int32Array(size) : new Float64Array(size)) as T;
  b.set(a);
  return b;
}

/**
 * Σ_b (C_b − c_b c_b'/n_b) over levels [b0, b1) of B into the lower triangle of A (m×m).
 * One small FE with at most 30 levels (firm + year): most levels of B meet each year at
 * most once, so c_b is a 0/1 pattern and C_b its diagonal; levels of B are pooled by
 * pattern (a bit mask) and each distinct pattern's outer product is added once. Levels
 * that meet a small level twice, and every other case, take the general path.
 */
export function schur(job: SchurInput, A: Float64Array, b0: number, b1: number): void {
  const { start, order, sc, off, m } = job;
  const S = sc.length;
  A.fill(0);
  const ws = workspace(m, S);
  if (S !== 1) {
    for (let b = b0; b < b1; b++) schurLevel(job, A, b, ws);
    return;
  }
  if (m > 30) return schurPatterns(job, A, b0, b1, ws);
  const codes = sc[0]!;
  const count = new Map<number, number>();
  const weight = new Map<number, number>();
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
      weight.set(mask, weight.get(mask)! + 1 / (r1 - r0));
    }
  }
  const lev = ws.lev;
  for (const [mask, c] of count) {
    const w = weight.get(mask)!;
    let t = 0;
    for (let l = 0; l < m; l++) if (mask & (1 << l)) lev[t++] = l;
    for (let u = 0; u < t; u++) {
      const base = lev[u] * m;
      A[base + lev[u]] += c;
      for (let v = 0; v <= u; v++) A[base + lev[v]] -= w;
    }
  }
}

// One small FE with more than 30 levels (industry^year): the same pooling by pattern, with
// a pattern as the ascending list of the small levels a level of B meets once each, found
// through a hash of the list and compared in full.
function schurPatterns(job: SchurInput, A: Float64Array, b0: number, b1: number, ws: Workspace): void {
  const { start, order, sc, m } = job;
  const codes = sc[0]!;
  const lv = ws.lev;
  const index = new Map<number, number>();
  let pool = new Int32Array(4096);
  let used = 0;
  let cap = 256;
  let first = new Int32Array(cap);
  let len = new Int32Array(cap);
  let next = new Int32Array(cap);
  let count = new Float64Array(cap);
  let weight = new Float64Array(cap);
  let ne = 0;
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
}

// One level b of B: its rows' small levels and counts (ascending, by insertion sort of a
// short list, skipped when they arrive sorted) so the outer product needs no branch.
export function schurLevel(job: SchurInput, A: Float64Array, b: number, ws: Workspace): void {
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
}
