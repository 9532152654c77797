/**
 * Facts about a numeric column that designs need again and again, remembered per array:
 * how many cells are missing (NaN), and the range of the others and whether they are all
 * integers (which decides how FE ids are coded, design/groups.ts).
 *
 * Every model's design checks each of its variables for missing rows, and codes its FE
 * columns from their range; at 1M rows each scan costs about as much as a pass of the fit,
 * and the models of a study use the same columns again and again. Columns are never written
 * after they are built (frame.ts), so the facts stay valid while the array lives: the data
 * layer records them while extracting a column (each chunk is still in cache then), and a
 * design that had to scan a column records what it found.
 */
export interface ColumnFacts {
  readonly missing: number;
  /** Smallest and largest non-missing value (lo > hi when every cell is missing). */
  readonly lo: number;
  readonly hi: number;
  readonly integers: boolean;
}

const missingCounts = new WeakMap<Float64Array, number>();
const facts = new WeakMap<Float64Array, ColumnFacts>();

export function rememberMissing(values: Float64Array, count: number): void {
  missingCounts.set(values, count);
}

/** The remembered count, or undefined when nobody has counted this array yet. */
export function knownMissing(values: Float64Array): number | undefined {
  return missingCounts.get(values) ?? facts.get(values)?.missing;
}

export function rememberFacts(values: Float64Array, f: ColumnFacts): void {
  facts.set(values, f);
  missingCounts.set(values, f.missing);
}

export function knownFacts(values: Float64Array): ColumnFacts | undefined {
  return facts.get(values);
}

/** Running facts over chunks of a column (extraction), finished by `done`. */
export class FactsAccumulator {
  private missing = 0;
  private lo = Number.POSITIVE_INFINITY;
  private hi = Number.NEGATIVE_INFINITY;
  private integers = true;

  add(v: Float64Array, from: number, to: number): void {
    let missing = 0;
    let lo = this.lo;
    let hi = this.hi;
    let integers = this.integers;
    for (let i = from; i < to; i++) {
      const x = v[i]!;
      if (x !== x) {
        missing++;
        continue;
      }
      if (x < lo) lo = x;
      if (x > hi) hi = x;
      if (integers && !Number.isInteger(x)) integers = false;
    }
    this.missing += missing;
    this.lo = lo;
    this.hi = hi;
    this.integers = integers;
  }

  done(): ColumnFacts {
    return { missing: this.missing, lo: this.lo, hi: this.hi, integers: this.integers };
  }
}

/** The facts of a column no one has recorded yet: one pass, remembered for the next design. */
export function scanFacts(values: Float64Array): ColumnFacts {
  const acc = new FactsAccumulator();
  acc.add(values, 0, values.length);
  const f = acc.done();
  rememberFacts(values, f);
  return f;
}
