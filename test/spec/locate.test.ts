import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/spec/load.js';
import { locatePath, locateKey } from '../../src/spec/locate.js';

/** line:col of `span` inside the scalar at path. */
function at(src: string, path: (string | number)[], start: number, end = start + 1): string {
  const spec = loadSpec(src, 's.yaml');
  const p = locatePath(spec, path, { start, end });
  return `${p?.line}:${p?.col}+${p?.length}`;
}

describe('locatePath with a span inside a scalar', () => {
  it('plain scalar', () => {
    // value "y ~ x + zz": 'zz' at 8..10; the value starts at col 6
    expect(at('m:\n  f: y ~ x + zz\n', ['m', 'f'], 8, 10)).toBe('2:14+2');
  });

  it('single-quoted scalar with a doubled quote', () => {
    // value "a == 'b' & zz": zz at offset 11; file has 'a == ''b'' & zz' starting at col 6
    const src = "m:\n  f: 'a == ''b'' & zz'\n";
    expect(at(src, ['m', 'f'], 11, 13)).toBe('2:20+2');
  });

  it('double-quoted scalar with escapes', () => {
    // value: log(x) + "q" + \u4e2d + zz  — escapes \" (2 chars) and \u4e2d (6 chars) in the file
    const src = 'm:\n  f: "log(x) + \\"q\\" + \\u4e2d + zz"\n';
    const value = 'log(x) + "q" + \u4e2d + zz';
    const zz = value.indexOf('zz');
    expect(at(src, ['m', 'f'], zz, zz + 2)).toBe(`2:${6 + 1 + zz + 2 + 5}+2`);
    const cjk = value.indexOf('\u4e2d');
    expect(at(src, ['m', 'f'], cjk)).toBe('2:24+1');
  });

  it('block literal scalar keeps lines; more-indented text is content', () => {
    const src = 'm:\n  f: |\n    y ~ x\n      + zz\n';
    // value "y ~ x\n  + zz\n": zz at offset 10 → line 4, after 6 spaces and '+ '
    expect(at(src, ['m', 'f'], 10, 12)).toBe('4:9+2');
  });

  it('block folded scalar', () => {
    const src = 'm:\n  f: >-\n    y ~ x\n    + zz | firm\n';
    // value "y ~ x + zz | firm": zz at 8
    expect(at(src, ['m', 'f'], 8, 10)).toBe('4:7+2');
  });

  it('multi-line plain scalar (folded)', () => {
    const src = 'm:\n  f: y ~ x\n    + zz\n';
    // value "y ~ x + zz"
    expect(at(src, ['m', 'f'], 8, 10)).toBe('3:7+2');
  });

  it('CJK text before the span counts as one column per character', () => {
    const src = 'v:\n  a: "名称 == 1 & zz"\n';
    // value "名称 == 1 & zz": zz at offset 10; the value starts at col 7
    expect(at(src, ['v', 'a'], 10, 12)).toBe('2:17+2');
  });
});

describe('locatePath / locateKey without a span', () => {
  const src = 'models:\n  m:\n    formula: y ~ x\n    data: firms\n';
  it('points at a scalar value', () => {
    const p = locatePath(loadSpec(src, 's.yaml'), ['models', 'm', 'data']);
    expect([p?.line, p?.col, p?.length]).toEqual([4, 11, 5]);
  });
  it('points at the key of a mapping', () => {
    const p = locatePath(loadSpec(src, 's.yaml'), ['models', 'm']);
    expect([p?.line, p?.col]).toEqual([2, 3]);
  });
  it('falls back to the deepest existing node for a missing key', () => {
    const p = locatePath(loadSpec(src, 's.yaml'), ['models', 'm', 'sample']);
    expect([p?.line, p?.col]).toEqual([2, 3]);
  });
  it('locateKey points at the key itself', () => {
    const p = locateKey(loadSpec(src, 's.yaml'), ['models', 'm', 'data']);
    expect([p?.line, p?.col, p?.length]).toEqual([4, 5, 4]);
  });
});
