import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeEntry, encodeEntry } from '../../src/cache/codec.js';
import { StepCache } from '../../src/cache/store.js';

describe('cache entry codec', () => {
  const value = {
    id: 'model.twfe',
    stats: { r2: 0.5, f: NaN, up: Infinity, down: -Infinity, none: null },
    draws: new Float64Array([1.5, -0, NaN, 3e-300]),
    rows: new Int32Array([0, 2, 5]),
    bytes: new Uint8Array([1, 2, 3]),
    file: Buffer.from('% a table\n'),
    nested: [{ x: new Float64Array([7]) }],
  };

  it('round-trips typed arrays, non-finite numbers and nested records', () => {
    const back = decodeEntry<typeof value>(encodeEntry(value))!;
    expect(back.id).toBe('model.twfe');
    expect(back.stats).toEqual({ r2: 0.5, f: NaN, up: Infinity, down: -Infinity, none: null });
    expect(back.draws).toBeInstanceOf(Float64Array);
    expect(Array.from(back.draws)).toEqual([1.5, -0, NaN, 3e-300]);
    expect(Object.is(back.draws[1], -0)).toBe(true);
    expect(back.rows).toBeInstanceOf(Int32Array);
    expect(Array.from(back.rows)).toEqual([0, 2, 5]);
    expect(Buffer.from(back.file as unknown as Uint8Array).toString()).toBe('% a table\n');
    expect(Array.from(back.nested[0]!.x)).toEqual([7]);
  });

  it('stores arrays as binary, not as JSON numbers', () => {
    const big = { draws: new Float64Array(10_000).map((_, i) => Math.sin(i)) };
    expect(encodeEntry(big).length).toBeLessThan(80_000 + 200);
  });

  it('rejects a truncated, altered or foreign entry', () => {
    const buf = encodeEntry(value);
    expect(decodeEntry(buf.subarray(0, buf.length - 1))).toBeUndefined();
    const flipped = Buffer.from(buf);
    flipped[flipped.length - 2]! ^= 1;
    expect(decodeEntry(flipped)).toBeUndefined();
    expect(decodeEntry(Buffer.from('{"id":"model.twfe"}'))).toBeUndefined();
    expect(decodeEntry(Buffer.alloc(0))).toBeUndefined();
  });
});

describe('StepCache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'studyspec-store-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const h = (c: string) => c.repeat(64);

  it('writes entries whole (temp file + rename) and reads them back', () => {
    const a = new StepCache(undefined, join(dir, 'a'));
    a.put(h('1'), { n: 1 });
    expect(readdirSync(join(dir, 'a'))).toEqual([`${h('1')}.bin`]);
    const b = new StepCache(join(dir, 'a'), join(dir, 'b'));
    expect(b.get<{ n: number }>(h('1'))).toEqual({ n: 1 });
    // a reused entry is carried into the new cache
    expect(readdirSync(join(dir, 'b'))).toContain(`${h('1')}.bin`);
  });

  it('ignores a partial entry and a temp file left by a killed run', () => {
    const from = join(dir, 'c');
    const c = new StepCache(undefined, from);
    c.put(h('2'), { n: 2 });
    const full = readFileSync(join(from, `${h('2')}.bin`));
    writeFileSync(join(from, `${h('3')}.bin`), full.subarray(0, full.length >> 1));
    writeFileSync(join(from, `.${h('4')}.123.tmp`), full);
    const d = new StepCache(from, join(dir, 'd'));
    expect(d.get(h('2'))).toEqual({ n: 2 });
    expect(d.get(h('3'))).toBeUndefined();
    expect(d.get(h('4'))).toBeUndefined();
    d.carryOver(new Set([h('2'), h('3'), h('4')]));
    // carried over by name; the partial one stays unreadable wherever it is
    expect(d.get(h('3'))).toBeUndefined();
  });

  it('drops entries of steps the plan no longer has; --no-cache reads nothing', () => {
    const from = join(dir, 'e');
    const e = new StepCache(undefined, from);
    e.put(h('5'), { n: 5 });
    e.put(h('6'), { n: 6 });
    const f = new StepCache(from, join(dir, 'f'));
    f.carryOver(new Set([h('5')]));
    expect(readdirSync(join(dir, 'f')).sort()).toEqual([`${h('5')}.bin`]);
    expect(new StepCache(undefined, join(dir, 'g')).get(h('5'))).toBeUndefined();
  });

  it('a failed run moves its entries into the published cache', () => {
    const staging = new StepCache(undefined, join(dir, 'h'));
    staging.put(h('7'), { n: 7 });
    expect(staging.salvage(join(dir, 'published'))).toBe(1);
    expect(new StepCache(join(dir, 'published'), join(dir, 'i')).get(h('7'))).toEqual({ n: 7 });
  });
});

describe('SourceHasher', () => {
  it('re-reads a file changed within the clock tick of its last hash (same size, same mtime)', async () => {
    const { SourceHasher } = await import('../../src/cache/files.js');
    const { utimesSync, statSync } = await import('node:fs');
    const dir = mkdtempSync(join(tmpdir(), 'studyspec-src-'));
    try {
      const f = join(dir, 'a.csv');
      writeFileSync(f, 'x\n1\n');
      const mtime = statSync(f).mtime;
      const first = new SourceHasher(undefined);
      const h1 = await first.hash(f);
      first.save(dir);
      writeFileSync(f, 'x\n2\n');
      utimesSync(f, mtime, mtime); // the same stat as when it was hashed
      expect(await new SourceHasher(dir).hash(f)).not.toBe(h1);
      // a file settled long before its hash is trusted by its stat
      const old = new Date(Date.now() - 60_000);
      utimesSync(f, old, old);
      const second = new SourceHasher(undefined);
      const h2 = await second.hash(f);
      second.save(dir);
      // proof that the stat is what is trusted: same size, same (old) mtime → not re-read
      writeFileSync(f, 'x\n3\n');
      utimesSync(f, old, old);
      const third = new SourceHasher(dir);
      expect(await third.hash(f)).toBe(h2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
