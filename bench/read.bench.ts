/**
 * Where the time of `studyspec run` goes on a 1M-row panel, and the anchor R + fixest.
 *
 * Data: firm (100,000 ids), year (10), industry, x1–x5, y — about 900,000 rows like the
 * issue's `gen-panel --preset 1m --fe 2`, generated deterministically with DuckDB (hash of the
 * row number) into bench/data/panel_1m.csv, plus a copy with text firm ids ('F000123').
 * Stages, each best of RUNS, wall seconds and this process's CPU seconds:
 *   cli start     `node bin/studyspec.mjs --help` (bundle load; no DuckDB)
 *   duckdb read   sniff + read_csv into a DuckDB table (engine.columnsOf)
 *   extraction    the table into typed arrays (engine.loadTable after the read)
 *   text ids      extraction of the text-id copy (dictionary coding of 100,000 firms)
 *   hashing       sha256 of the file (results.json's data hash; runs beside the read)
 *   end to end    `studyspec run` of y ~ x1..x5 | firm + year, cluster(firm) → results.json,
 *                 with peak RSS (GNU time), and the same for a one-variable summary table
 *   anchor        Rscript: data.table::fread + fixest::feols(nthreads = 2), when R has fixest
 * Writes bench/results/read.md. Run alone: `npx tsx bench/read.bench.ts`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { DataEngine } from '../src/data/engine.js';
import { Reporter } from '../src/diagnostics/diagnostic.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const dataDir = join(here, 'data');
const csv = join(dataDir, 'panel_1m.csv');
const csvText = join(dataDir, 'panel_1m_textid.csv');
const RUNS = Number(process.env['RUNS'] ?? 3);

async function generate(): Promise<void> {
  if (existsSync(csv) && existsSync(csvText)) return;
  mkdirSync(dataDir, { recursive: true });
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  // u(i, k): a uniform in (0, 1) from a hash of the row and a salt; normals by Box–Muller.
  const u = (k: number): string => `((hash(i * 16 + ${k}) % 1000000007) + 0.5) / 1000000007.0`;
  const n = (k: number): string => `sqrt(-2 * ln(${u(k)})) * cos(2 * pi() * ${u(k + 1)})`;
  await conn.run(`CREATE TABLE p AS
    SELECT firm, year, 1 + firm % 50 AS industry, ffe, yfe, x1, x2, x3, x4, x5,
      x1 - 0.5 * x2 + 0.25 * x3 + 2 * x4 - 1.5 * x5 + ffe + yfe + e AS y
    FROM (SELECT i, 1 + i // 10 AS firm, 2000 + i % 10 AS year,
            ${n(1)} AS ffe, (i % 10) * 0.1 AS yfe, ${n(3)} AS e,
            0.8 * ${n(1)} + ${n(5)} AS x1, -0.6 * ${n(1)} + ${n(7)} AS x2, 0.4 * ${n(1)} + ${n(9)} AS x3,
            0.5 * ${n(1)} + ${n(11)} AS x4, -0.3 * ${n(1)} + ${n(13)} AS x5
          FROM range(1000000) r(i) WHERE ${u(20)} > 0.1)`);
  const cols = `year, industry, round(x1, 6) AS x1, round(x2, 6) AS x2, round(x3, 6) AS x3, round(x4, 6) AS x4, round(x5, 6) AS x5, round(y, 6) AS y`;
  await conn.run(`COPY (SELECT firm, ${cols} FROM p ORDER BY firm, year) TO '${csv}' (HEADER)`);
  await conn.run(`COPY (SELECT 'F' || lpad(CAST(firm AS VARCHAR), 6, '0') AS firm, ${cols} FROM p ORDER BY firm, year) TO '${csvText}' (HEADER)`);
  conn.closeSync();
  inst.closeSync();
}

interface Timing {
  wall: number;
  cpu: number;
}

async function time(f: () => Promise<unknown>, runs = RUNS): Promise<Timing> {
  let best: Timing = { wall: Infinity, cpu: Infinity };
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await f();
    const wall = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    if (wall < best.wall) best = { wall, cpu: (c.user + c.system) / 1e6 };
  }
  return best;
}

function engineFor(file: string): Promise<DataEngine> {
  return DataEngine.open({ tables: { t: { source: file, panel: { id: 'firm', time: 'year' } } }, specDir: dataDir, allowOutside: false, reporter: new Reporter() });
}

/** Wall seconds and peak RSS of a command, best of RUNS (GNU time when present, else wall only). */
function command(cmd: string, args: string[], cwd: string): { wall: number; rssMb: number } | undefined {
  const gnuTime = existsSync('/usr/bin/time');
  let best: { wall: number; rssMb: number } | undefined;
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    const p = gnuTime ? spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { cwd, encoding: 'utf8' }) : spawnSync(cmd, args, { cwd, encoding: 'utf8' });
    const wall = (performance.now() - t0) / 1000;
    if (p.status !== 0) return undefined;
    const rss = gnuTime ? Number(p.stderr.trim().split('\n').pop()) / 1024 : NaN;
    if (!best || wall < best.wall) best = { wall, rssMb: rss };
  }
  return best;
}

await generate();
const rows: [string, string, string, string][] = [];
const fmt = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : '–');

const start = command(process.execPath, [join(root, 'bin', 'studyspec.mjs'), '--help'], root);
rows.push(['cli start (`--help`)', fmt(start?.wall ?? NaN), '–', fmt(start?.rssMb ?? NaN)]);

for (const [label, file] of [['numeric ids', csv], ['text ids', csvText]] as const) {
  const read = await time(async () => {
    const e = await engineFor(file);
    await e.columnsOf('t');
    e.close();
  });
  // Extraction alone: the table is built before the clock starts.
  let extract: Timing = { wall: Infinity, cpu: Infinity };
  for (let r = 0; r < RUNS; r++) {
    const e = await engineFor(file);
    await e.columnsOf('t');
    const t = await time(async () => e.loadTable('t'), 1);
    e.close();
    if (t.wall < extract.wall) extract = t;
  }
  rows.push([`duckdb read (sniff, read_csv, panel check), ${label}`, fmt(read.wall), fmt(read.cpu), '']);
  rows.push([`extraction to typed arrays, ${label}`, fmt(extract.wall), fmt(extract.cpu), '']);
}
const hash = await time(
  () =>
    new Promise<void>((resolve, reject) => {
      const h = createHash('sha256');
      createReadStream(csv)
        .on('data', (b) => h.update(b))
        .on('end', () => resolve())
        .on('error', reject);
    }),
);
rows.push(['sha256 of the file', fmt(hash.wall), fmt(hash.cpu), '']);

const spec = `data:\n  panel:\n    source: panel_1m.csv\nmodels:\n  fe:\n    formula: y ~ x1 + x2 + x3 + x4 + x5 | firm + year\n    vcov: cluster(firm)\n`;
const summary = `data:\n  panel:\n    source: panel_1m.csv\ntables:\n  s:\n    kind: summary\n    variables: [y]\n`;
writeFileSync(join(dataDir, 'read-fe.yaml'), spec);
writeFileSync(join(dataDir, 'read-summary.yaml'), summary);
const fe = command(process.execPath, [join(root, 'bin', 'studyspec.mjs'), 'run', 'read-fe.yaml', '--out', join(dataDir, 'out-fe')], dataDir);
const su = command(process.execPath, [join(root, 'bin', 'studyspec.mjs'), 'run', 'read-summary.yaml', '--out', join(dataDir, 'out-summary')], dataDir);
rows.push(['**studyspec run**, two-way FE, cluster(firm)', fmt(fe?.wall ?? NaN), '–', fmt(fe?.rssMb ?? NaN)]);
rows.push(['studyspec run, summary table of y', fmt(su?.wall ?? NaN), '–', fmt(su?.rssMb ?? NaN)]);

const hasFixest = spawnSync('Rscript', ['-e', 'library(fixest); library(data.table)'], { encoding: 'utf8' }).status === 0;
if (hasFixest) {
  writeFileSync(
    join(dataDir, 'read-anchor.R'),
    'library(data.table); library(fixest)\nd <- fread("panel_1m.csv")\nm <- feols(y ~ x1 + x2 + x3 + x4 + x5 | firm + year, d, cluster = ~firm, nthreads = 2)\ninvisible(coef(m))\n',
  );
  const anchor = command('Rscript', ['read-anchor.R'], dataDir);
  rows.push(['**anchor**: Rscript fread + feols(nthreads = 2)', fmt(anchor?.wall ?? NaN), '–', fmt(anchor?.rssMb ?? NaN)]);
}
const nrows = execFileSync('wc', ['-l', csv], { encoding: 'utf8' }).trim().split(/\s+/)[0];

const md = `## Reading and the 1M-row run (bench/read.bench.ts)

${Number(nrows) - 1} rows × 9 columns (firm, year, industry, x1–x5, y; 100,000 firms × 10 years, 10 % dropped),
generated by the script; the text-id copy spells firm as 'F000123'. Best of ${RUNS}; CPU is this process's
user + system time (DuckDB's threads included). Load average at the end: ${loadavg()[0]!.toFixed(1)} on a shared
2-core machine: under load, wall times are inflated and CPU times are the steadier measure.

| stage | wall s | CPU s | peak RSS MiB |
|---|---|---|---|
${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}
`;
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'read.md'), md);
process.stdout.write(md);
