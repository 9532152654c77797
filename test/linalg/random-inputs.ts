// Deterministic random inputs for the kernel-versus-reference tests.

export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** k columns of n values spread over several magnitudes (so that rounding differs between orders). */
export function columns(rnd: () => number, k: number, n: number): Float64Array[] {
  return Array.from({ length: k }, () => Float64Array.from({ length: n }, () => (rnd() - 0.5) * 10 ** Math.floor(rnd() * 6 - 2)));
}

/** n codes in 0..levels−1, random, or non-decreasing when sorted. */
export function codes(rnd: () => number, n: number, levels: number, sorted = false): Int32Array {
  const c = Int32Array.from({ length: n }, () => Math.floor(rnd() * levels));
  return sorted ? c.sort() : c;
}

export function bits(a: Float64Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** Row ranges to test: whole, empty, and ends that are not multiples of any block size. */
export function ranges(n: number): [number, number][] {
  return [
    [0, n],
    [0, 0],
    [n, n],
    [1, n - 2],
    [3, Math.max(3, n >> 1)],
  ];
}
