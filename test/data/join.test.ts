import { describe, expect, it } from 'vitest';
import { context, load, nums, specDir, studyError, texts } from './helpers.js';

const files = {
  'firms.csv': 'firm,year,province,x\n1,2008,33,10\n1,2009,33,11\n2,2008,44,20\n3,2008,99,30\n',
  'regions.csv': 'province,region\n33,east\n44,south\n',
  'fy.csv': 'firm,year,qua\n1,2008,0.5\n1,2009,0.6\n2,2008,0.7\n',
  'dup.csv': 'province,tag\n33,a\n33,b\n44,c\n',
  'text_keys.csv': 'province,region\n33,east\n',
  'named.csv': 'prov_code,region\n33,east\n44,south\n',
};

describe('joins', () => {
  it('left join keeps every left row in order; unmatched right columns are missing', async () => {
    const dir = specDir(files);
    const ctx = context(dir, {
      firms: { source: 'firms.csv' },
      regions: { source: 'regions.csv' },
      m: { from: 'firms', join: [{ table: 'regions', on: ['province'], how: 'left' }] },
    });
    const f = await load(ctx, 'm');
    expect(nums(f, 'firm')).toEqual([1, 1, 2, 3]);
    expect(texts(f, 'region')).toEqual(['east', 'east', 'south', null]);
    expect(ctx.reporter.diagnostics).toEqual([]);
  });

  it('inner join drops unmatched rows; several keys, and a {left: right} key map', async () => {
    const dir = specDir(files);
    const f = await load(
      context(dir, {
        firms: { source: 'firms.csv' },
        fy: { source: 'fy.csv' },
        m: { from: 'firms', join: [{ table: 'fy', on: ['firm', 'year'], how: 'inner' }] },
      }),
      'm',
    );
    expect(nums(f, 'qua')).toEqual([0.5, 0.6, 0.7]);
    const g = await load(
      context(dir, {
        firms: { source: 'firms.csv' },
        named: { source: 'named.csv' },
        m: { from: 'firms', join: [{ table: 'named', on: { province: 'prov_code' } }] },
      }),
      'm',
    );
    expect(texts(g, 'region')).toEqual(['east', 'east', 'south', null]);
    expect([...g.columns.keys()]).toEqual(['firm', 'year', 'province', 'x', 'region']);
  });

  it('a key of different kinds on the two sides is an error naming both types', async () => {
    const dir = specDir(files);
    const e = await studyError(
      load(
        context(dir, {
          firms: { source: 'firms.csv' },
          tk: { source: 'text_keys.csv', types: { province: 'string' } },
          m: { from: 'firms', join: [{ table: 'tk', on: ['province'] }] },
        }),
        'm',
      ),
    );
    expect(e.diagnostics[0]!.code).toBe('SS407');
    expect(e.diagnostics[0]!.message).toContain('DOUBLE');
    expect(e.diagnostics[0]!.message).toContain('VARCHAR');
    expect(e.diagnostics[0]!.path).toEqual(['data', 'm', 'join', 0, 'on']);
  });

  it('warns with counts when a left join multiplies rows (one-to-many)', async () => {
    const dir = specDir(files);
    const ctx = context(dir, {
      firms: { source: 'firms.csv' },
      dup: { source: 'dup.csv' },
      m: { from: 'firms', join: [{ table: 'dup', on: ['province'] }] },
    });
    const f = await load(ctx, 'm');
    expect(f.nrows).toBe(6); // two rows of province 33 match two rows each
    expect(texts(f, 'tag')).toEqual(['a', 'b', 'a', 'b', 'c', null]);
    const w = ctx.reporter.warnings;
    expect(w.map((d) => d.code)).toEqual(['SS408']);
    expect(w[0]!.message).toContain('1 key value repeat');
    expect(w[0]!.message).toContain('4 rows become 6');
    expect(w[0]!.message).toContain('many-to-many'); // province 33 repeats on the left too
  });

  it('one-to-many when the left keys are unique', async () => {
    const dir = specDir({ ...files, 'provs.csv': 'province\n33\n44\n' });
    const ctx = context(dir, { p: { source: 'provs.csv' }, dup: { source: 'dup.csv' }, m: { from: 'p', join: [{ table: 'dup', on: ['province'] }] } });
    await load(ctx, 'm');
    expect(ctx.reporter.warnings[0]!.message).toContain('one-to-many');
    expect(ctx.reporter.warnings[0]!.message).toContain('2 rows become 3');
  });

  it('unknown key and unknown table: errors with did-you-mean', async () => {
    const dir = specDir(files);
    const e = await studyError(
      load(context(dir, { firms: { source: 'firms.csv' }, regions: { source: 'regions.csv' }, m: { from: 'firms', join: [{ table: 'regions', on: ['provinse'] }] } }), 'm'),
    );
    expect(e.diagnostics[0]!.code).toBe('SS405');
    expect(e.diagnostics[0]!.notes).toEqual(["did you mean 'province'?"]);
    const e2 = await studyError(load(context(dir, { firms: { source: 'firms.csv' }, m: { from: 'firm' } }), 'm'));
    expect(e2.diagnostics[0]!.code).toBe('SS410');
    expect(e2.diagnostics[0]!.notes).toEqual(["did you mean 'firms'?"]);
  });

  it('a column on both sides is renamed with a warning; a cycle of tables is an error', async () => {
    const dir = specDir({ ...files, 'r2.csv': 'province,x\n33,1\n' });
    const ctx = context(dir, { firms: { source: 'firms.csv' }, r2: { source: 'r2.csv' }, m: { from: 'firms', join: [{ table: 'r2', on: ['province'] }] } });
    const f = await load(ctx, 'm');
    expect(nums(f, 'x_r2')).toEqual([1, 1, NaN, NaN]);
    expect(ctx.reporter.warnings.map((w) => w.code)).toEqual(['SS409']);
    const e = await studyError(load(context(dir, { a: { from: 'b' }, b: { from: 'a' } }), 'a'));
    expect(e.diagnostics[0]!.code).toBe('SS411');
  });
});
