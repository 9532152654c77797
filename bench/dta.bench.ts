/**
 * Reading a .dta file larger than memory's comfort in bounded memory. The script writes a
 * format-118 file of ROWS × 8 doubles + 1 long (default 12M rows, 816 MB; `DTA_ROWS=…` to
 * change) into bench/data/, then streams it through the reader (src/data/dta) summing each
 * column, in its own process, and reports seconds and peak RSS. The reader holds one 4 MiB
 * block of records and its decoded batch at a time, so peak RSS stays near Node's baseline
 * whatever the file size. Then the same file is loaded into DuckDB with `memory_limit = 256MB`
 * and a temp directory (the table spills to disk), to show the whole path stays bounded.
 * Writes bench/results/dta.md. Run alone: `npx tsx bench/dta.bench.ts`.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileBytes, readMeta } from '../src/data/dta/meta.js';
import { readStrls, streamRecords } from '../src/data/dta/read.js';

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = join(here, 'data');
const ROWS = Number(process.env['DTA_ROWS'] ?? 12_000_000);
const file = join(dataDir, `big_${ROWS}.dta`);
const K = 9;

/** A format-118 little-endian file: v1..v8 double, id long; values from the row number. */
function writeDta(path: string, rows: number): void {
  const names = ['id', 'v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8'];
  const parts: Buffer[] = [];
  const tag = (s: string): Buffer => Buffer.from(s, 'latin1');
  const u16 = (x: number): Buffer => { const b = Buffer.alloc(2); b.writeUInt16LE(x); return b; };
  const u64 = (x: number): Buffer => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(x)); return b; };
  const fixed = (s: string, w: number): Buffer => { const b = Buffer.alloc(w); b.write(s, 'utf8'); return b; };
  const header = Buffer.concat([tag('<stata_dta><header><release>118</release><byteorder>LSF</byteorder><K>'), u16(K), tag('</K><N>'), u64(rows), tag('</N><label>'), u16(0), tag('</label><timestamp>'), Buffer.from([0]), tag('</timestamp></header>')]);
  parts.push(header);
  const mapAt = header.length;
  const sections: Buffer[] = [
    Buffer.concat([tag('<variable_types>'), ...names.map((_, j) => u16(j === 0 ? 65528 : 65526)), tag('</variable_types>')]),
    Buffer.concat([tag('<varnames>'), ...names.map((n) => fixed(n, 129)), tag('</varnames>')]),
    Buffer.concat([tag('<sortlist>'), Buffer.alloc(2 * (K + 1)), tag('</sortlist>')]),
    Buffer.concat([tag('<formats>'), ...names.map(() => fixed('%10.0g', 57)), tag('</formats>')]),
    Buffer.concat([tag('<value_label_names>'), ...names.map(() => fixed('', 129)), tag('</value_label_names>')]),
    Buffer.concat([tag('<variable_labels>'), ...names.map((n) => fixed(`label of ${n}`, 321)), tag('</variable_labels>')]),
    tag('<characteristics></characteristics>'),
  ];
  const mapLen = tag('<map>').length + 14 * 8 + tag('</map>').length;
  const offsets: number[] = [0, mapAt];
  let at = mapAt + mapLen;
  for (const s of sections) {
    offsets.push(at);
    at += s.length;
  }
  const rec = 4 + 8 * 8;
  const dataAt = at;
  const strlsAt = dataAt + 6 + rows * rec + 7;
  const vlAt = strlsAt + 7 + 8;
  const endAt = vlAt + 14 + 15;
  offsets.push(dataAt, strlsAt, vlAt, endAt, endAt + 12);
  const fd = openSync(path, 'w');
  writeSync(fd, header);
  writeSync(fd, Buffer.concat([tag('<map>'), ...offsets.map(u64), tag('</map>')]));
  for (const s of sections) writeSync(fd, s);
  writeSync(fd, tag('<data>'));
  const block = 65536;
  const buf = Buffer.alloc(block * rec);
  for (let r0 = 0; r0 < rows; r0 += block) {
    const n = Math.min(block, rows - r0);
    for (let i = 0; i < n; i++) {
      const r = r0 + i;
      buf.writeInt32LE(r % 2_000_000_000, i * rec);
      for (let j = 0; j < 8; j++) buf.writeDoubleLE(((r * (j + 3)) % 1000) / 8, i * rec + 4 + 8 * j);
    }
    writeSync(fd, buf, 0, n * rec);
  }
  writeSync(fd, tag('</data><strls></strls><value_labels></value_labels></stata_dta>'));
  closeSync(fd);
}

if (process.argv[2] === 'stream') {
  const fd = openSync(file, 'r');
  const t0 = performance.now();
  const bytes = new FileBytes(fd, fstatSync(fd).size);
  const meta = readMeta(bytes);
  const sums = new Float64Array(K);
  let n = 0;
  streamRecords(bytes, meta, readStrls(bytes, meta), (b) => {
    n += b.n;
    b.columns.forEach((c, j) => {
      const x = c as Float64Array;
      for (let i = 0; i < b.n; i++) sums[j] += x[i]!;
    });
  });
  closeSync(fd);
  process.stdout.write(JSON.stringify({ rows: n, seconds: (performance.now() - t0) / 1000, rss: process.resourceUsage().maxRSS / 1024 }));
} else if (process.argv[2] === 'duckdb') {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const { loadDta } = await import('../src/data/dta/load.js');
  const tmp = join(dataDir, 'tmp');
  mkdirSync(tmp, { recursive: true });
  const inst = await DuckDBInstance.create(process.env['DTA_DB'] ?? ':memory:', { memory_limit: '256MB', temp_directory: tmp });
  const conn = await inst.connect();
  const t0 = performance.now();
  await loadDta(conn, 't', file, { labels: 'text' });
  const r = await conn.runAndReadAll('SELECT count(*) AS n, sum(v8) AS s FROM t');
  const n = Number(r.getRowObjectsJS()[0]!['n']);
  conn.closeSync();
  inst.closeSync();
  process.stdout.write(JSON.stringify({ rows: n, seconds: (performance.now() - t0) / 1000, rss: process.resourceUsage().maxRSS / 1024 }));
} else {
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(file)) writeDta(file, ROWS);
  const mb = statSync(file).size / 1e6;
  const run = (mode: string): { rows: number; seconds: number; rss: number } =>
    JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), mode], { encoding: 'utf8', maxBuffer: 1 << 20 }));
  const s = run('stream');
  const d = run('duckdb');
  const md = `## Large .dta in bounded memory (bench/dta.bench.ts)

A format-118 file of ${ROWS.toLocaleString('en')} rows × ${K} columns (${mb.toFixed(0)} MB), written by the script.
Load average at the end: ${loadavg()[0]!.toFixed(1)} on a shared 2-core machine, so seconds are noisy; peak RSS is the point.

| path | rows | seconds | peak RSS MiB |
|---|---|---|---|
| reader only (streamRecords, 4 MiB blocks, column sums) | ${s.rows.toLocaleString('en')} | ${s.seconds.toFixed(2)} | ${s.rss.toFixed(0)} |
| into DuckDB (memory_limit 256MB, spills to bench/data/tmp) | ${d.rows.toLocaleString('en')} | ${d.seconds.toFixed(2)} | ${d.rss.toFixed(0)} |
`;
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'dta.md'), md);
  process.stdout.write(md);
}
