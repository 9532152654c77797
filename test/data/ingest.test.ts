/** The table writer: batches of typed arrays over many DuckDB vectors, missing cells in some only. */
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { TableWriter } from '../../src/data/ingest.js';

describe('TableWriter', () => {
  it('writes numbers and text across vectors, with NULLs only where NaN / null (the chunk is reused)', async () => {
    const inst = await DuckDBInstance.create(':memory:');
    const conn = await inst.connect();
    const w = await TableWriter.create(conn, 't', [
      { name: 'x', kind: 'num' },
      { name: 's', kind: 'text' },
    ]);
    const n = 10_000;
    const x = new Float64Array(n);
    const s: (string | null)[] = [];
    // Missing cells only in the second of five 2,000-row batches, so later vectors must not
    // inherit the earlier validity masks.
    for (let i = 0; i < n; i++) {
      const gap = i >= 2000 && i < 4000 && i % 7 === 0;
      x[i] = gap ? NaN : i / 4;
      s.push(gap ? null : `v${i % 13}`);
    }
    for (let b = 0; b < n; b += 2000) w.append({ n: 2000, columns: [x.subarray(b, b + 2000), s.slice(b, b + 2000)] });
    w.close();
    const r = (await conn.runAndReadAll('SELECT x, s FROM t')).getRowObjectsJS();
    expect(r).toHaveLength(n);
    for (let i = 0; i < n; i++) {
      const gap = Number.isNaN(x[i]!);
      expect(r[i]!['x'], `row ${i}`).toBe(gap ? null : x[i]);
      expect(r[i]!['s'], `row ${i}`).toBe(gap ? null : s[i]);
    }
    conn.closeSync();
    inst.closeSync();
  });
});
