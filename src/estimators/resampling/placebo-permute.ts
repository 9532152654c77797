/**
 * Seeded permutations for placebo draws.
 *
 * Each draw b gets its own generator seeded from (seed, b), so draw b is the same
 * permutation whichever thread computes it and however the draws are split: results do
 * not depend on the worker count. Generator: xoshiro128** (32-bit state words, exact in
 * JS integer arithmetic), seeded through splitmix32; bounded integers by rejection, so
 * every permutation is equally likely.
 */

export interface Rng {
  /** Uniform integer in [0, 2³²). */
  nextU32(): number;
  /** Uniform integer in [0, n), n ≤ 2³², without modulo bias. */
  below(n: number): number;
}

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) >>> 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** Generator for draw `draw` of a run seeded with `seed` (any integers; hashed together). */
export function drawRng(seed: number, draw: number): Rng {
  const st = { s: (Math.imul(seed | 0, 0x27d4eb2d) ^ Math.floor(seed / 2 ** 32)) >>> 0 };
  // Mix the draw index in after one round so (seed, draw) and (seed + 1, draw − k) differ.
  st.s = (splitmix32(st) ^ Math.imul(draw | 0, 0x165667b1)) >>> 0;
  let a = splitmix32(st);
  let b = splitmix32(st);
  let c = splitmix32(st);
  let d = splitmix32(st);
  if ((a | b | c | d) === 0) a = 1;
  const nextU32 = (): number => {
    const r = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c = (c ^ a) >>> 0;
    d = (d ^ b) >>> 0;
    b = (b ^ c) >>> 0;
    a = (a ^ d) >>> 0;
    c = (c ^ t) >>> 0;
    d = rotl(d, 11);
    return r;
  };
  return {
    nextU32,
    below(n: number): number {
      // Reject the top (2³² mod n) values so r mod n is exactly uniform.
      const limit = 2 ** 32 - (2 ** 32 % n);
      for (;;) {
        const r = nextU32();
        if (r < limit) return r % n;
      }
    },
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * How values move in one draw. `blocks` lists groups of interchangeable slots; each block
 * is shuffled independently (Fisher–Yates) in a fixed order, which keeps draws reproducible.
 * - rows:  one block of all rows (a plain permutation of the column);
 * - within: one block per group code;
 * - units: slots are whole units (a unit's rows keep their order, so its time path moves as
 *   one piece to another unit); only units with the same number of rows (and, with `within`,
 *   the same group) are exchanged, so every row receives a value.
 */
export interface PermutationPlan {
  readonly n: number;
  /** Slot lists, concatenated; block g is slots[starts[g] .. starts[g+1]). */
  readonly slots: Int32Array;
  readonly starts: Int32Array;
  /** Units mode: rows of each unit in order, concatenated (unitRows[unitStart[u] ..]). */
  readonly unitRows?: Int32Array;
  readonly unitStart?: Int32Array;
}

export function permutationPlan(n: number, within?: Int32Array, units?: Int32Array): PermutationPlan {
  if (!units) {
    const keyOf = (i: number): number => (within ? within[i]! : 0);
    const { slots, starts } = bucket(n, keyOf);
    return { n, slots, starts };
  }
  let nu = 0;
  for (let i = 0; i < n; i++) nu = Math.max(nu, units[i]! + 1);
  const size = new Int32Array(nu);
  for (let i = 0; i < n; i++) size[units[i]!]!++;
  const unitStart = new Int32Array(nu + 1);
  for (let u = 0; u < nu; u++) unitStart[u + 1] = unitStart[u]! + size[u]!;
  const fill = unitStart.slice(0, nu);
  const unitRows = new Int32Array(n);
  for (let i = 0; i < n; i++) unitRows[fill[units[i]!]!++] = i;
  // Key of a unit: (row count, group of its first row).
  const present = Array.from({ length: nu }, (_, u) => u).filter((u) => size[u]! > 0);
  const keys = new Map<string, number>();
  const keyOfUnit = new Int32Array(nu);
  for (const u of present) {
    const key = `${size[u]}:${within ? within[unitRows[unitStart[u]!]!]! : 0}`;
    let kk = keys.get(key);
    if (kk === undefined) keys.set(key, (kk = keys.size));
    keyOfUnit[u] = kk;
  }
  const order = Int32Array.from(present);
  const { slots, starts } = bucketList(order, (u) => keyOfUnit[u]!, keys.size);
  return { n, slots, starts, unitRows, unitStart };
}

/** Fill `out` with the permuted column for draw `draw`. */
export function permuteInto(plan: PermutationPlan, values: Float64Array, out: Float64Array, seed: number, draw: number): void {
  const rng = drawRng(seed, draw);
  const perm = Int32Array.from(plan.slots);
  for (let g = 0; g + 1 < plan.starts.length; g++) {
    const lo = plan.starts[g]!;
    const len = plan.starts[g + 1]! - lo;
    for (let i = len - 1; i > 0; i--) {
      const j = rng.below(i + 1);
      const t = perm[lo + i]!;
      perm[lo + i] = perm[lo + j]!;
      perm[lo + j] = t;
    }
  }
  if (!plan.unitRows) {
    // Slot s receives the value of the slot that landed at its position.
    for (let p = 0; p < perm.length; p++) out[plan.slots[p]!] = values[perm[p]!]!;
    return;
  }
  const rowsOf = plan.unitRows;
  const start = plan.unitStart!;
  for (let p = 0; p < perm.length; p++) {
    const to = plan.slots[p]!;
    const from = perm[p]!;
    const len = start[to + 1]! - start[to]!;
    for (let t = 0; t < len; t++) out[rowsOf[start[to]! + t]!] = values[rowsOf[start[from]! + t]!]!;
  }
}

function bucket(n: number, keyOf: (i: number) => number): { slots: Int32Array; starts: Int32Array } {
  let G = 0;
  for (let i = 0; i < n; i++) G = Math.max(G, keyOf(i) + 1);
  return bucketList(Int32Array.from({ length: n }, (_, i) => i), keyOf, G);
}

function bucketList(items: Int32Array, keyOf: (i: number) => number, G: number): { slots: Int32Array; starts: Int32Array } {
  const count = new Int32Array(G + 1);
  for (const it of items) count[keyOf(it) + 1]!++;
  for (let g = 0; g < G; g++) count[g + 1] += count[g]!;
  const fill = count.slice(0, G);
  const slots = new Int32Array(items.length);
  for (const it of items) slots[fill[keyOf(it)]!++] = it;
  return { slots, starts: count };
}
