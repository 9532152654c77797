/**
 * How many cells of a numeric column are missing (NaN), remembered per array.
 *
 * Every model's design checks each of its variables for missing rows. At 1M rows that scan
 * costs about as much as a pass of the fit, and the models of a study use the same columns
 * again and again. Columns are never written after they are built (frame.ts), so a count
 * stays valid while the array lives: the data layer records it while extracting a column (the
 * chunk is still in cache then), and a design that had to scan a column records what it found.
 */
const counts = new WeakMap<Float64Array, number>();

export function rememberMissing(values: Float64Array, count: number): void {
  counts.set(values, count);
}

/** The remembered count, or undefined when nobody has counted this array yet. */
export function knownMissing(values: Float64Array): number | undefined {
  return counts.get(values);
}

/** NaN cells in values[from, to). */
export function countNaN(values: Float64Array, from = 0, to = values.length): number {
  let c = 0;
  for (let i = from; i < to; i++) if (values[i] !== values[i]) c++;
  return c;
}
