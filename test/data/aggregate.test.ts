import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { applyPanel } from '../../src/data/panel.js';
import { Reporter } from '../../src/diagnostics/diagnostic.js';
import { context, load, nums, specDir, studyError, texts } from './helpers.js';

// Customs-style rows: firm × hs6 × country × year, with a missing value and a missing quality.
const CUSTOMS = [
  'firm,year,hs6,country,value,quality',
  '1,2008,010101,USA,100,0.2',
  '1,2008,010101,JPN,300,0.6',
  '1,2008,020202,USA,,0.9',
  '1,2009,010101,USA,50,',
  '2,2008,010101,DEU,200,0.4',
  '2,2008,030303,DEU,200,1.0',
].join('\n');

describe('group_by + aggregate', () => {
  it('computes every aggregation against hand-computed values', async () => {
    const dir = specDir({ 'c.csv': CUSTOMS });
    const f = await load(
      context(dir, {
        c: { source: 'c.csv', types: { hs6: 'string' } },
        fy: {
          from: 'c',
          group_by: ['firm', 'year'],
          aggregate: {
            QUA: 'weighted_mean(quality, value)',
            exports: 'sum(value)',
            mean_v: 'mean(value)',
            n: 'count()',
            n_value: 'count(value)',
            n_markets: 'count_distinct(country)',
            n_products: 'count_distinct(hs6)',
            hhi_v: 'hhi(value)',
            share_v: 'share(value)',
            sd_q: 'sd(quality)',
            lo: 'min(quality)',
            hi: 'max(quality)',
            first_c: 'first(country)',
            last_q: 'last(quality)',
            ratio: 'sum(value) / count()',
          },
          panel: { id: 'firm', time: 'year' },
        },
      }),
      'fy',
    );
    expect(f.nrows).toBe(3);
    expect(nums(f, 'firm')).toEqual([1, 1, 2]);
    expect(nums(f, 'year')).toEqual([2008, 2009, 2008]);
    const close = (a: number[], b: number[]) => a.forEach((v, i) => (Number.isNaN(b[i]!) ? expect(v).toBeNaN() : expect(v).toBeCloseTo(b[i]!, 14)));
    // firm 1, 2008: rows with both quality and value: (100, .2), (300, .6) → (20 + 180) / 400
    close(nums(f, 'QUA'), [0.5, NaN, 0.7]);
    close(nums(f, 'exports'), [400, 50, 400]);
    close(nums(f, 'mean_v'), [200, 50, 200]);
    close(nums(f, 'n'), [3, 1, 2]);
    close(nums(f, 'n_value'), [2, 1, 2]);
    close(nums(f, 'n_markets'), [2, 1, 1]);
    close(nums(f, 'n_products'), [2, 1, 2]);
    close(nums(f, 'hhi_v'), [(100 * 100 + 300 * 300) / 400 ** 2, 1, 0.5]);
    close(nums(f, 'share_v'), [400 / 850, 50 / 850, 400 / 850]);
    close(nums(f, 'sd_q'), [Math.sqrt(((0.2 - 17 / 30) ** 2 + (0.6 - 17 / 30) ** 2 + (0.9 - 17 / 30) ** 2) / 2), NaN, Math.sqrt(0.18)]);
    close(nums(f, 'lo'), [0.2, NaN, 0.4]);
    close(nums(f, 'hi'), [0.9, NaN, 1.0]);
    expect(texts(f, 'first_c')).toEqual(['USA', 'USA', 'DEU']);
    close(nums(f, 'last_q'), [0.9, NaN, 1.0]);
    close(nums(f, 'ratio'), [400 / 3, 50, 200]);
    expect(f.panel).toEqual({ id: 'firm', time: 'year' });
  });

  it('in-table variables with group min/max feed the aggregation (methods M5 squality → QUA)', async () => {
    const dir = specDir({ 'c.csv': CUSTOMS });
    const f = await load(
      context(dir, {
        c: { source: 'c.csv', types: { hs6: 'string' } },
        fy: {
          from: 'c',
          where: 'value >= 50',
          variables: { sq: '(quality - min_by(quality, by = hs6)) / (max_by(quality, by = hs6) - min_by(quality, by = hs6))' },
          group_by: ['firm', 'year'],
          aggregate: { QUA: 'weighted_mean(sq, value)' },
        },
      }),
      'fy',
    );
    // after where: hs6 010101 has qualities .2 .6 NA .4 → min .2 max .6; 030303 alone → 0/0 = NA.
    // firm 1 2008: sq(.2) = 0, sq(.6) = 1 → (0·100 + 1·300)/400; firm 2: sq(.4) = .5 only (030303 NA).
    const q = nums(f, 'QUA');
    expect(q[0]).toBeCloseTo(0.75, 14);
    expect(q[1]).toBeNaN();
    expect(q[2]).toBeCloseTo(0.5, 14);
  });

  it('a bare column outside an aggregation, and an aggregation without group_by, are errors', async () => {
    const dir = specDir({ 'c.csv': CUSTOMS });
    const e = await studyError(load(context(dir, { c: { source: 'c.csv' }, fy: { from: 'c', group_by: ['firm'], aggregate: { v: 'value' } } }), 'fy'));
    expect(e.diagnostics[0]!.code).toBe('SS417');
    expect(e.diagnostics[0]!.path).toEqual(['data', 'fy', 'aggregate', 'v']);
    const e2 = await studyError(load(context(dir, { c: { source: 'c.csv' }, fy: { from: 'c', group_by: ['firm'] } }), 'fy'));
    expect(e2.diagnostics[0]!.code).toBe('SS429');
    const e3 = await studyError(load(context(dir, { c: { source: 'c.csv' }, fy: { from: 'c', group_by: ['firms'], aggregate: { n: 'count()' } } }), 'fy'));
    expect(e3.diagnostics[0]!.code).toBe('SS405');
    expect(e3.diagnostics[0]!.notes).toEqual(["did you mean 'firm'?"]);
    const e4 = await studyError(load(context(dir, { c: { source: 'c.csv' }, fy: { from: 'c', group_by: ['firm'], aggregate: { n: 'sum(mean(value))' } } }), 'fy'));
    expect(e4.diagnostics[0]!.code).toBe('SS426');
  });
});

describe('panel', () => {
  it('the in-order check sees every row of a table spanning many chunks and row groups', async () => {
    const inst = await DuckDBInstance.create(':memory:');
    const conn = await inst.connect();
    try {
      const cols = [{ name: 'firm', type: 'VARCHAR' }, { name: 'year', type: 'DOUBLE' }];
      // 300,000 rows sorted by (firm, year), then one swapped pair or one repeated pair deep inside.
      const make = async (name: string, year: string): Promise<void> => {
        await conn.run(`CREATE TABLE ${name} AS SELECT 'F' || lpad(CAST(i // 10 AS VARCHAR), 6, '0') AS firm, ${year} AS year FROM range(300000) r(i) ORDER BY i`);
      };
      await make('sorted', 'CAST(2000 + i % 10 AS DOUBLE)');
      await make('swapped', 'CAST(2000 + CASE WHEN i = 250003 THEN 4 WHEN i = 250004 THEN 3 ELSE i % 10 END AS DOUBLE)');
      await make('repeated', 'CAST(2000 + CASE WHEN i = 250004 THEN 3 ELSE i % 10 END AS DOUBLE)');
      const panel = { id: 'firm', time: 'year' };
      expect(await applyPanel(conn, 'p', 'sorted', panel, cols, 'out1', new Reporter())).toBe(false);
      expect(await applyPanel(conn, 'p', 'swapped', panel, cols, 'out2', new Reporter())).toBe(true);
      const order = await conn.runAndReadAll(`SELECT year FROM out2 WHERE firm = 'F025000' ORDER BY rowid`);
      expect(order.getRowObjectsJS().map((r) => r['year'])).toEqual([2000, 2001, 2002, 2003, 2004, 2005, 2006, 2007, 2008, 2009]);
      const e = await studyError(applyPanel(conn, 'p', 'repeated', panel, cols, 'out3', new Reporter()));
      expect(e.diagnostics[0]!.code).toBe('SS412');
      expect(e.diagnostics[0]!.message).toContain('(F025000, 2003)');
    } finally {
      conn.closeSync();
      inst.closeSync();
    }
  });


  it('rejects duplicate (id, time) pairs with the count and the first pair', async () => {
    const dir = specDir({ 'p.csv': 'firm,year,x\nA,2008,1\nB,2008,2\nB,2008,3\nA,2009,4\nA,2009,5\nA,2009,6\n' });
    const e = await studyError(load(context(dir, { p: { source: 'p.csv', panel: { id: 'firm', time: 'year' } } }), 'p'));
    expect(e.diagnostics[0]!.code).toBe('SS412');
    expect(e.diagnostics[0]!.message).toContain('2 pairs');
    expect(e.diagnostics[0]!.message).toContain('(B, 2008)');
  });

  it('sorts by (id, time), drops rows with missing keys with a warning, checks names', async () => {
    const dir = specDir({ 'p.csv': 'firm,year,x\nB,2009,1\nA,2009,2\nB,2008,3\n,2008,9\nA,2008,4\n' });
    const ctx = context(dir, { p: { source: 'p.csv', panel: { id: 'firm', time: 'year' } } });
    const f = await load(ctx, 'p');
    expect(texts(f, 'firm')).toEqual(['A', 'A', 'B', 'B']);
    expect(nums(f, 'x')).toEqual([4, 2, 3, 1]);
    expect(ctx.reporter.warnings.map((w) => w.code)).toEqual(['SS413']);
    // Variables (in SQL, or all in memory) also leave the panel sorted, with lags by unit.
    const g = await load(context(dir, { p: { source: 'p.csv', panel: { id: 'firm', time: 'year' }, variables: { l: 'lag(x)' } } }), 'p');
    expect(nums(g, 'l')).toEqual([NaN, 4, NaN, 3]);
    const h = await load(context(dir, { p: { source: 'p.csv', panel: { id: 'firm', time: 'year' }, variables: { c: 'cummax(x)' } } }), 'p');
    expect(texts(h, 'firm')).toEqual(['A', 'A', 'B', 'B']);
    expect(nums(h, 'c')).toEqual([4, 4, 3, 3]);
    const e = await studyError(load(context(dir, { p: { source: 'p.csv', panel: { id: 'firm', time: 'yaer' } } }), 'p'));
    expect(e.diagnostics[0]!.code).toBe('SS405');
    expect(e.diagnostics[0]!.path).toEqual(['data', 'p', 'panel', 'time']);
    const e2 = await studyError(load(context(dir, { p: { source: 'p.csv', panel: { id: 'year', time: 'firm' } } }), 'p'));
    expect(e2.diagnostics[0]!.code).toBe('SS421');
  });
});
