// The design builder takes its memory from the caller's allocator (data/alloc.ts): it never
// chooses shared memory itself, and the run stage's allocator is the one that does.
import { describe, expect, it } from 'vitest';
import type { ColumnAllocator } from '../../src/data/alloc.js';
import { makeFrame, numColumn, selectRows } from '../../src/data/frame.js';
import { buildDesign } from '../../src/design/build.js';
import { formula, tinyEvaluator, v } from '../helpers/linear-fixture.js';

function counting(): ColumnAllocator & { f64s: Float64Array[]; i32s: Int32Array[] } {
  const f64s: Float64Array[] = [];
  const i32s: Int32Array[] = [];
  return {
    f64s,
    i32s,
    f64: (n) => {
      const a = new Float64Array(n);
      f64s.push(a);
      return a;
    },
    i32: (n) => {
      const a = new Int32Array(n);
      i32s.push(a);
      return a;
    },
  };
}

const f64 = (a: number[]): Float64Array => Float64Array.from(a);

describe('column allocator injection', () => {
  it('subset columns and FE codes of a design come from the allocator passed in', () => {
    const frame = makeFrame([
      ['y', numColumn(f64([1, 2, 3, 4, 5, 6, 7, Number.NaN]))],
      ['x', numColumn(f64([1, 0, 2, 1, 3, 2, 5, 1]))],
      ['id', numColumn(f64([11, 11, 12, 12, 13, 13, 14, 14]))],
    ]);
    const alloc = counting();
    const d = buildDesign(formula({ y: 'y', x: [v('x')], fe: ['id'] }), frame, { evaluate: tinyEvaluator(frame), alloc });
    expect(d.n).toBe(6);
    expect(alloc.f64s).toContain(d.y);
    expect(alloc.f64s).toContain(d.X[0]);
    expect(alloc.i32s).toContain(d.fe[0]!.codes);
  });

  it('selectRows copies into the allocator passed in, plain arrays by default', () => {
    const frame = makeFrame([['x', numColumn(f64([1, 2, 3, 4]))]]);
    const alloc = counting();
    const sub = selectRows(frame, Int32Array.from([1, 3]), alloc);
    const x = sub.columns.get('x')!;
    expect(x.kind === 'num' && Array.from(x.values)).toEqual([2, 4]);
    expect(alloc.f64s).toHaveLength(1);
    const plain = selectRows(frame, Int32Array.from([0]));
    const px = plain.columns.get('x')!;
    expect(px.kind === 'num' && px.values.buffer instanceof SharedArrayBuffer).toBe(false);
  });
});
