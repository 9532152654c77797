import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { extractFrame } from '../../src/data/extract.js';
import { knownFacts, knownMissing } from '../../src/data/missing.js';
import { describe as describeTable } from '../../src/data/sql.js';
import { nums, texts } from './helpers.js';

describe('extraction to typed arrays', () => {
  let inst: DuckDBInstance;
  let conn: DuckDBConnection;
  beforeAll(async () => {
    inst = await DuckDBInstance.create(':memory:');
    conn = await inst.connect();
  });
  afterAll(() => {
    conn.closeSync();
    inst.closeSync();
  });

  it('NULLs become NaN / −1 across several chunks; integers, logicals and dates become numbers', async () => {
    // 5,000 rows span three 2,048-row chunks; NULL patterns differ per column.
    await conn.run(`CREATE TABLE t AS SELECT
        CASE WHEN i % 7 = 0 THEN NULL ELSE i * 0.25 END AS x,
        CASE WHEN i % 3 = 0 THEN NULL ELSE CAST(i AS BIGINT) END AS n,
        CASE WHEN i % 5 = 0 THEN NULL ELSE 'k' || (i % 4) END AS s,
        CASE WHEN i % 11 = 0 THEN NULL ELSE i % 2 = 0 END AS b,
        DATE '1970-01-01' + CAST(i AS INTEGER) AS d,
        CAST(NULL AS VARCHAR) AS empty
      FROM range(5000) r(i)`);
    const cols = await describeTable(conn, 't');
    const f = await extractFrame(conn, 't', cols);
    expect(f.nrows).toBe(5000);
    const x = nums(f, 'x');
    const n = nums(f, 'n');
    const s = texts(f, 's');
    const b = nums(f, 'b');
    const d = nums(f, 'd');
    for (let i = 0; i < 5000; i++) {
      expect(Number.isNaN(x[i]!) ? null : x[i]).toBe(i % 7 === 0 ? null : i * 0.25);
      expect(Number.isNaN(n[i]!) ? null : n[i]).toBe(i % 3 === 0 ? null : i);
      expect(s[i]).toBe(i % 5 === 0 ? null : `k${i % 4}`);
      expect(Number.isNaN(b[i]!) ? null : b[i]).toBe(i % 11 === 0 ? null : i % 2 === 0 ? 1 : 0);
      expect(d[i]).toBe(i);
    }
    // Missing cells are counted on the way (designs then skip scanning the column).
    const arr = (name: string) => (f.columns.get(name) as { values: Float64Array }).values;
    expect(knownMissing(arr('x'))).toBe(Math.ceil(5000 / 7));
    expect(knownMissing(arr('n'))).toBe(Math.ceil(5000 / 3));
    expect(knownMissing(arr('d'))).toBe(0);
    // With the range and integrality of the rest (FE ids are coded from them).
    expect(knownFacts(arr('x'))).toEqual({ missing: 715, lo: 0.25, hi: 4999 * 0.25, integers: false });
    expect(knownFacts(arr('n'))).toEqual({ missing: 1667, lo: 1, hi: 4999, integers: true });
    expect(knownFacts(arr('d'))).toEqual({ missing: 0, lo: 0, hi: 4999, integers: true });
    const sc = f.columns.get('s')!;
    expect(sc.kind === 'factor' && sc.levels).toEqual(['k0', 'k1', 'k2', 'k3']);
    expect(texts(f, 'empty').every((v) => v === null)).toBe(true);
  });

  it('NaN stored as a value (not NULL) counts as missing too', async () => {
    await conn.run(`CREATE TABLE tn AS SELECT CASE WHEN i % 4 = 1 THEN 'nan'::DOUBLE ELSE i END AS v FROM range(3000) r(i)`);
    const f = await extractFrame(conn, 'tn', await describeTable(conn, 'tn'));
    const v = (f.columns.get('v') as { values: Float64Array }).values;
    expect(knownMissing(v)).toBe(750);
    expect(v.filter((x) => Number.isNaN(x)).length).toBe(750);
  });

  it('levels are sorted by bytes (Stata sort order), CJK included', async () => {
    await conn.run(`CREATE TABLE u AS SELECT * FROM (VALUES ('b'), ('B'), ('商贸'), ('a'), (NULL)) v(s)`);
    const f = await extractFrame(conn, 'u', [{ name: 's', type: 'VARCHAR' }]);
    const c = f.columns.get('s')!;
    expect(c.kind === 'factor' && c.levels).toEqual(['B', 'a', 'b', '商贸']);
    expect(texts(f, 's')).toEqual(['b', 'B', '商贸', 'a', null]);
  });

  it('text over many chunks: long and short strings, runs of one value, prefixes, empty strings and ENUMs agree with DuckDB', async () => {
    // Strings longer than 12 bytes live behind a pointer, shorter ones inline; values sharing
    // their first 12 bytes, runs that cross chunk boundaries and NULLs inside runs are all here.
    await conn.run(`CREATE TABLE w AS SELECT
        CASE WHEN i % 13 = 0 THEN NULL ELSE 'firm-with-a-long-name-' || (i // 7) END AS long_run,
        CASE WHEN i % 17 = 0 THEN NULL ELSE 'abcdefghijkl' || (i % 5) END AS prefix,
        CASE WHEN i % 3 = 0 THEN '' ELSE chr(CAST(65 + (i * 7919) % 26 AS INTEGER)) || (i % 11) END AS short,
        CAST(CASE WHEN i % 2 = 0 THEN 'z' ELSE 'y' END AS ENUM ('z', 'y')) AS e
      FROM range(7000) r(i)`);
    const f = await extractFrame(conn, 'w', await describeTable(conn, 'w'));
    for (const col of ['long_run', 'prefix', 'short', 'e']) {
      const want = await conn.runAndReadAll(`SELECT CAST("${col}" AS VARCHAR) AS v FROM w`);
      expect(texts(f, col)).toEqual(want.getRowObjectsJS().map((r) => r['v'] ?? null));
      // Text levels sorted by bytes; an ENUM keeps its members' order (value labels in code order).
      const key = col === 'e' ? 'enum_code("e")' : `CAST("${col}" AS VARCHAR)`;
      const levels = await conn.runAndReadAll(`SELECT DISTINCT CAST("${col}" AS VARCHAR) AS v, ${key} AS k FROM w WHERE "${col}" IS NOT NULL ORDER BY k`);
      const c = f.columns.get(col)!;
      expect(c.kind === 'factor' && c.levels).toEqual(levels.getRowObjectsJS().map((r) => r['v']));
    }
  });

  it('an empty table gives zero-row columns', async () => {
    await conn.run(`CREATE TABLE e (x DOUBLE, s VARCHAR)`);
    const f = await extractFrame(conn, 'e', await describeTable(conn, 'e'));
    expect(f.nrows).toBe(0);
    expect(nums(f, 'x')).toEqual([]);
  });
});
