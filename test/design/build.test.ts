// Design builder: i() dummies and names, reference levels, varying slopes, interactions,
// combined FE, missing-value accounting by variable, iterated singleton removal, strata.
import { describe, expect, it } from 'vitest';
import { buildDesign } from '../../src/design/build.js';
import { factorColumn, makeFrame, numColumn } from '../../src/data/frame.js';
import { Reporter, isStudyError } from '../../src/diagnostics/diagnostic.js';
import type { NumericTerm } from '../../src/formula/ast.js';
import { knownMissing, rememberMissing } from '../../src/data/missing.js';
import { fac, formula, inter, tinyEvaluator, v } from '../helpers/linear-fixture.js';

const f64 = (a: number[]): Float64Array => Float64Array.from(a);
const frame = makeFrame([
  ['y', numColumn(f64([1, 2, 3, 4, 5, 6, 7, Number.NaN]))],
  ['x', numColumn(f64([1, 0, 2, 1, 3, Number.NaN, 5, 1]))],
  ['g', factorColumn(Int32Array.from([0, 1, 2, 0, 1, 2, 0, 1]), ['west', 'east', 'north'])],
  ['yr', numColumn(f64([2001, 2000, 2010, 2001, 2000, 2010, 2001, 2000]))],
]);
const build = (f: ReturnType<typeof formula>, clusters: string[] = []) =>
  buildDesign(f, frame, { evaluate: tinyEvaluator(frame), clusters });

describe('buildDesign', () => {
  it('drops rows with missing model variables and counts them by variable', () => {
    const d = build(formula({ y: 'y', x: [v('x')] }));
    expect(d.n).toBe(6);
    expect(d.dropped.missing).toBe(2);
    expect(d.dropped.missingBy).toEqual({ y: 1, x: 1 });
    expect(Array.from(d.rows)).toEqual([0, 1, 2, 3, 4, 6]);
  });
  it('a variable used as FE and as cluster counts its missing rows once', () => {
    const fr = makeFrame([
      ['y', numColumn(f64([1, 2, 3, 4, 5, 6, 7, 8]))],
      ['x', numColumn(f64([1, 0, 2, 1, 3, 2, 5, 1]))],
      ['id', numColumn(f64([1, 1, 2, 2, Number.NaN, 3, 3, 4]))],
    ]);
    const d = buildDesign(formula({ y: 'y', x: [v('x')], fe: ['id'] }), fr, { evaluate: tinyEvaluator(fr), clusters: ['id'] });
    expect(d.dropped.missing).toBe(1);
    expect(d.dropped.missingBy).toEqual({ id: 1 });
  });
  it('a model on every row uses the frame columns and codes as they are; a column counted once is not scanned again', () => {
    const fr = makeFrame([
      ['y', numColumn(f64([1, 2, 3, 4, 5, 6]))],
      ['x', numColumn(f64([1, 0, 2, 1, 3, 2]))],
      ['id', numColumn(f64([1, 1, 1, 2, 2, 2]))],
    ]);
    const f = formula({ y: 'y', x: [v('x')], fe: ['id'] });
    const d = buildDesign(f, fr, { evaluate: tinyEvaluator(fr), clusters: ['id'] });
    const col = (name: string) => (fr.columns.get(name) as { values: Float64Array }).values;
    expect(d.y).toBe(col('y'));
    expect(d.X[0]).toBe(col('x'));
    expect(d.fe[0]!.codes).toBe(d.clusters[0]!.codes);
    expect(knownMissing(col('x'))).toBe(0);
    // A remembered count above zero (from the data layer or an earlier scan of the same
    // array) sends the design through the column to find the rows.
    const xs = f64([1, Number.NaN, 2, 1, 3, 2]);
    rememberMissing(xs, 1);
    const fr2 = makeFrame([['y', numColumn(col('y'))], ['x', numColumn(xs)], ['id', numColumn(col('id'))]]);
    const d2 = buildDesign(f, fr2, { evaluate: tinyEvaluator(fr2), clusters: ['id'] });
    expect(d2.n).toBe(5);
    expect(d2.dropped.missingBy).toEqual({ x: 1 });
    expect(d2.X[0]).not.toBe(xs);
  });
  it('i(g): first level (sorted) is the reference, names g::level', () => {
    const d = build(formula({ y: 'y', x: [fac('g')] }));
    expect(d.names).toEqual(['g::north', 'g::west']);
    expect(Array.from(d.X[0]!)).toEqual([0, 0, 1, 0, 0, 1, 0]);
  });
  it('numeric levels sort numerically; ref picks the reference', () => {
    const d = build(formula({ y: 'y', x: [fac('yr', { ref: 2001 })] }));
    expect(d.names).toEqual(['yr::2000', 'yr::2010']);
  });
  it('an unknown reference level is a StudyError SS507', () => {
    try {
      build(formula({ y: 'y', x: [fac('yr', { ref: 1999 })] }));
      expect.unreachable();
    } catch (e) {
      expect(isStudyError(e) && e.diagnostics[0]!.code).toBe('SS507');
    }
  });
  it('i(g, x) varying slopes keep every level', () => {
    const d = build(formula({ y: 'y', x: [fac('g', { slope: v('x') })] }));
    expect(d.names).toEqual(['g::east:x', 'g::north:x', 'g::west:x']);
    expect(Array.from(d.X[2]!)).toEqual([1, 0, 0, 1, 0, 5]);
  });
  it('numeric × numeric interaction is the product with the canonical name', () => {
    const d = build(formula({ y: 'y', x: [inter(v('x'), v('yr'))] }));
    expect(d.names).toEqual(['x:yr']);
    expect(d.X[0]![0]).toBe(2001);
  });
  it('numeric × factor interaction makes one column per level', () => {
    const d = build(formula({ y: 'y', x: [inter(v('x'), fac('g'))] }));
    expect(d.names).toEqual(['x:g::east', 'x:g::north', 'x:g::west']);
  });
  it('combined FE a^b and cluster codes', () => {
    const d = build(formula({ y: 'y', x: [v('x')], fe: ['g^yr'] }), ['g']);
    expect(d.fe[0]!.name).toBe('g^yr');
    expect(d.clusters[0]!.nlevels).toBeGreaterThan(0);
    expect(d.intercept).toBe(false);
  });
  it('singletons are removed iteratively (reghdfe rule)', () => {
    // a: levels A,A,B,C ; b: levels 1,2,2,2 → row 3 (a=C) and row 0 (b=1) are singletons;
    // removing them makes row 1 a singleton in a (A) → then row 2 (B) alone, and so on.
    const fr = makeFrame([
      ['y', numColumn(f64([1, 2, 3, 4, 5, 6]))],
      ['x', numColumn(f64([1, 3, 2, 5, 4, 6]))],
      ['a', numColumn(f64([1, 1, 2, 3, 4, 4]))],
      ['b', numColumn(f64([1, 2, 2, 2, 5, 5]))],
    ]);
    const d = buildDesign(formula({ y: 'y', x: [v('x')], fe: ['a', 'b'] }), fr, { evaluate: tinyEvaluator(fr) });
    expect(d.dropped.singletons).toBe(4);
    expect(Array.from(d.rows)).toEqual([4, 5]);
    expect(d.fe[0]!.nlevels).toBe(1);
  });
  it('a text variable written as a plain term enters as dummies, with info SS512', () => {
    const reporter = new Reporter();
    const d = buildDesign(formula({ y: 'y', x: [v('g')] }), frame, { evaluate: tinyEvaluator(frame), reporter });
    expect(d.names).toEqual(['g::north', 'g::west']);
    expect(reporter.diagnostics.map((x) => x.code)).toEqual(['SS512']);
  });
  it('a mostly numeric text column (stray text cells) is an error SS520 naming the first bad cell', () => {
    const fr = makeFrame([
      ['y', numColumn(Float64Array.from([1, 2, 3, 4, 5, 6]))],
      ['x', factorColumn(Int32Array.from([0, 1, 2, 3, 1, 0]), ['1.5', '2', '3.25', 'n/a'])],
    ]);
    try {
      buildDesign(formula({ y: 'y', x: [v('x')] }), fr, { evaluate: tinyEvaluator(fr) });
      expect.unreachable('expected SS520');
    } catch (e) {
      expect(isStudyError(e)).toBe(true);
      const d = (e as { diagnostics: { code: string; message: string }[] }).diagnostics[0]!;
      expect(d.code).toBe('SS520');
      expect(d.message).toContain("row 4");
      expect(d.message).toContain("'n/a'");
    }
  });
  it('Surv(time, event) fills Design.surv and uses the time as y', () => {
    const f = formula({ y: 'y', x: [v('x')] });
    const sf = { ...f, lhs: { kind: 'surv' as const, time: v('y'), event: v('x'), span: { start: 0, end: 0 } } };
    const d = build(sf);
    expect(d.surv!.time).toEqual(d.y);
    expect(Array.from(d.surv!.event)).toEqual([1, 0, 2, 1, 3, 5]);
  });
  it('strata(g) on the RHS becomes Design.strata, not a column', () => {
    const st: NumericTerm = {
      kind: 'numeric',
      name: 'strata(g)',
      expr: { kind: 'call', name: 'strata', args: [{ value: { kind: 'ident', name: 'g', span: { start: 0, end: 0 } }, span: { start: 0, end: 0 } }], span: { start: 0, end: 0 }, nameSpan: { start: 0, end: 0 } },
      span: { start: 0, end: 0 },
    };
    const d = build(formula({ y: 'y', x: [v('x'), st] }));
    expect(d.names).toEqual(['x']);
    expect(d.strata!.nlevels).toBe(3);
  });
});
