/**
 * Stata .dta files from R haven (formats 113–119) and pandas (114–119, both byte orders, every
 * storage type) read through the data layer: values, missing values, value and variable labels.
 * The files and the scripts that wrote them: test/fixtures/data/formats, oracle/dta-fixtures*.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataEngine } from '../../src/data/engine.js';
import { context, fixturesData, load, nums, specDir, studyError, texts } from './helpers.js';

const formats = join(fixturesData, 'formats');
const withFiles = (...names: string[]): string => {
  const dir = specDir({});
  for (const n of names) copyFileSync(join(formats, n), join(dir, n));
  return dir;
};

describe('Stata .dta', () => {
  it('every format haven writes (113, 114, 115, 117, 118, 119) reads as the CSV of the same rows', async () => {
    const files = ['panel_v8.dta', 'panel_v10.dta', 'panel_v12.dta', 'panel_v13.dta', 'panel_v14.dta', 'panel_v15.dta'];
    const dir = withFiles('panel.csv', ...files);
    const csv = await load(context(dir, { t: { source: 'panel.csv' } }), 't');
    for (const f of files) {
      const ctx = context(dir, { t: { source: f } });
      const engine = await DataEngine.open(ctx);
      try {
        const d = await engine.loadTable('t');
        expect(d.nrows, f).toBe(200);
        for (const col of ['year', 'exposure', 'outcome']) expect(nums(d, col), `${f} ${col}`).toEqual(nums(csv, col));
        expect(texts(d, 'firm'), f).toEqual(texts(csv, 'firm'));
        // Value labels: text levels in code order (North = 1 first), not sorted by text.
        const region = d.columns.get('region')!;
        expect(region.kind === 'factor' && region.levels, f).toEqual(['North', 'South', 'East']);
        const codes = nums(csv, 'region');
        expect(texts(d, 'region'), f).toEqual(codes.map((c) => ['North', 'South', 'East'][c - 1]));
        expect(Object.fromEntries(await engine.variableLabels('t')), f).toEqual({
          firm: 'Firm identifier',
          region: 'Region of the firm',
          exposure: 'Exposure (std.)',
          outcome: 'Outcome',
        });
      } finally {
        engine.close();
      }
      expect(ctx.reporter.warnings, f).toEqual([]);
    }
  });

  it('missing values . .a .z are missing; a label set that misses a code keeps the number as a level, with SS191', async () => {
    for (const v of [12, 13, 14, 15]) {
      const f = `missing_v${v}.dta`;
      const ctx = context(withFiles(f), { t: { source: f } });
      const d = await load(ctx, 't');
      expect(nums(d, 'val'), f).toEqual([1.5, NaN, NaN, NaN, -2, 1e300]);
      expect(texts(d, 'grp'), f).toEqual(['low', 'high', '4', null, 'low', 'high']);
      const grp = d.columns.get('grp')!;
      expect(grp.kind === 'factor' && grp.levels).toEqual(['low', 'high', '4']);
      const txt = texts(d, 'txt');
      expect(txt.slice(0, 3).concat(txt.slice(4)), f).toEqual(['a', null, 'ü漢字', null, 'b']);
      // strL from format 117 on; format 115 holds at most 244 bytes (the R script cut it to 200).
      expect(txt[3], f).toBe('long text '.repeat(300).slice(0, v === 12 ? 200 : 3000));
      const warnings = ctx.reporter.warnings;
      expect(warnings.map((w) => w.code), f).toEqual(['SS191']);
      expect(warnings[0]!.message).toContain("no label for 1 value (4)");
    }
  });

  it('labels: codes keeps the numbers of value-labelled columns', async () => {
    const ctx = context(withFiles('missing_v14.dta'), { t: { source: 'missing_v14.dta', options: { labels: 'codes' } } });
    const d = await load(ctx, 't');
    expect(nums(d, 'grp')).toEqual([1, 2, 4, NaN, 1, 2]);
    expect(ctx.reporter.warnings).toEqual([]);
  });

  it('pandas files: every storage type in both byte orders, strL, categoricals in code order', async () => {
    const f32 = (x: number): number => Math.fround(x);
    for (const version of [114, 117, 118, 119]) {
      for (const order of ['le', 'be']) {
        const f = `types_${version}_${order}.dta`;
        const engine = await DataEngine.open(context(withFiles(f), { t: { source: f } }));
        try {
          const d = await engine.loadTable('t');
          expect(nums(d, 'b'), f).toEqual([-127, 0, 100, 5]);
          expect(nums(d, 'i'), f).toEqual([-32767, 0, 32740, 7]);
          expect(nums(d, 'l'), f).toEqual([-2147483647, 0, 2147483620, 9]);
          expect(nums(d, 'f'), f).toEqual([f32(0.1), -1.5, f32(3.25e10), NaN]);
          expect(nums(d, 'd'), f).toEqual([0.1, -1.5e-300, NaN, 2 ** 52 + 1]);
          expect(texts(d, 's'), f).toEqual(['alpha', null, 'Zürich', 'x'.repeat(100)]);
          expect(texts(d, 'lng'), f).toEqual(['short', version >= 117 ? 'y'.repeat(3000) : 'y'.repeat(200), null, 'z']);
          const cat = d.columns.get('cat')!;
          expect(cat.kind === 'factor' && cat.levels, f).toEqual(['low', 'med', 'high']);
          expect(texts(d, 'cat'), f).toEqual(['med', 'low', 'high', 'low']);
          expect(Object.fromEntries(await engine.variableLabels('t')), f).toEqual({ b: 'a byte', d: 'a double', cat: 'ordered category' });
        } finally {
          engine.close();
        }
      }
    }
  });

  it('a truncated or damaged file is SS190 at the source, not a crash', async () => {
    const dir = withFiles('panel_v14.dta', 'panel_v8.dta');
    const whole = readFileSync(join(dir, 'panel_v14.dta'));
    writeFileSync(join(dir, 'cut.dta'), whole.subarray(0, Math.floor(whole.length / 2)));
    writeFileSync(join(dir, 'cut113.dta'), readFileSync(join(dir, 'panel_v8.dta')).subarray(0, 3000));
    writeFileSync(join(dir, 'junk.dta'), 'this is not a Stata file at all');
    for (const [f, text] of [
      ['cut.dta', 'truncated'],
      ['cut113.dta', 'truncated'],
      ['junk.dta', 'does not start like a Stata .dta file'],
    ] as const) {
      const e = await studyError(load(context(dir, { t: { source: f } }), 't'));
      expect(e.diagnostics[0]!.code, f).toBe('SS190');
      expect(e.diagnostics[0]!.message, f).toContain(text);
      expect(e.diagnostics[0]!.path).toEqual(['data', 't', 'source']);
    }
  });

  it('types: overrides apply to .dta columns as to CSV ones', async () => {
    const ctx = context(withFiles('panel_v14.dta'), { t: { source: 'panel_v14.dta', types: { year: 'string' } } });
    const d = await load(ctx, 't');
    expect(texts(d, 'year').slice(0, 2)).toEqual(['2001', '2002']);
    expect(ctx.reporter.warnings).toEqual([]);
  });
});
