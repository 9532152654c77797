/**
 * Where long columns are allocated. The data layer and the design builder take an allocator
 * from their caller instead of choosing memory themselves: the run stage hands them the
 * demeaning pool's (shared memory for long columns, so a fit's helper thread reads the
 * frame's own arrays without a copy, linalg/demean-pool.ts); everything else, tests
 * included, gets plain arrays.
 */
export interface ColumnAllocator {
  f64(n: number): Float64Array;
  i32(n: number): Int32Array;
}

export const plainColumns: ColumnAllocator = {
  f64: (n) => new Float64Array(n),
  i32: (n) => new Int32Array(n),
};
