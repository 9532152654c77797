/**
 * Data-layer benchmark: a 1M-row × 12-column firm-year CSV (firm, year, industry, province,
 * eight numbers with ~2 % missing), generated deterministically with DuckDB (hash of the row
 * number, no RNG state) into bench/data/. It is loaded through the DataEngine with a panel
 * and 10 derived variables including a lag and a group mean, two ways:
 *   sql    — the variables as in-table `variables:` (SQL, window functions for lag/mean_by);
 *   memory — the table loaded, then the same 10 expressions in the in-memory evaluator.
 * Each mode runs in its own process so its peak RSS is its own, three times (best of 3 is
 * reported: the machine is shared). Writes bench/results/data.md.
 * Run alone: `npx tsx bench/data.bench.ts`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { DataEngine } from '../src/data/engine.js';
import { Reporter } from '../src/diagnostics/diagnostic.js';
import { evaluate } from '../src/expr/evaluate.js';
import { parseExpr } from '../src/expr/index.js';
import { withColumns } from '../src/data/frame.js';

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = join(here, 'data');
const file = join(dataDir, 'firms_1m.csv');
const ROWS = 1_000_000;
const RUNS = 3;

const VARIABLES: Record<string, string> = {
  lnsales: 'log(sales)',
  lnassets: 'log(assets)',
  lp: 'log(value_added / employees)',
  leverage: 'liabilities / assets',
  lncapint: 'log(fixed_assets / employees)',
  age: 'year - founded',
  exporter: 'export > 0',
  lag_sales: 'lag(sales)',
  lp_ind_mean: 'mean_by(value_added / employees, by = [industry, year])',
  big: 'ifelse(employees >= 100, 1, 0)',
};

async function generate(): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const inst = await DuckDBInstance.create(':memory:');
  const con = await inst.connect();
  // u(k) in [0, 1): a hash of (row, k); missing when another hash falls in a 2 % band.
  const u = (k: number) => `(hash(i, ${k}) % 1000003) / 1000003.0`;
  const maybe = (k: number, e: string) => `CASE WHEN hash(i, ${k + 100}) % 50 = 0 THEN NULL ELSE ${e} END`;
  await con.run(`COPY (
    SELECT 'F' || lpad(CAST(i // 10 AS VARCHAR), 6, '0') AS firm,
           2004 + i % 10 AS year,
           13 + (hash(i // 10, 7) % 30) AS industry,
           'P' || CAST(hash(i // 10, 8) % 31 AS VARCHAR) AS province,
           1980 + (hash(i // 10, 9) % 20) AS founded,
           ${maybe(1, `round(5 + 500 * ${u(1)})`)} AS employees,
           ${maybe(2, `round(1000 * exp(3 * ${u(2)}), 2)`)} AS sales,
           ${maybe(3, `round(2000 * exp(3 * ${u(3)}), 2)`)} AS assets,
           ${maybe(4, `round(900 * exp(3 * ${u(4)}), 2)`)} AS liabilities,
           ${maybe(5, `round(500 * exp(3 * ${u(5)}), 2)`)} AS fixed_assets,
           ${maybe(6, `round(300 * exp(3 * ${u(6)}), 2)`)} AS value_added,
           ${maybe(7, `CASE WHEN ${u(10)} < 0.6 THEN 0 ELSE round(400 * ${u(7)}, 2) END`)} AS export
    FROM range(${ROWS}) t(i)) TO '${file}' (HEADER, DELIMITER ',')`);
  con.closeSync();
  inst.closeSync();
}

interface RunResult {
  readonly mode: string;
  readonly load: number;
  readonly derive: number;
  readonly total: number;
  readonly rssMiB: number;
  readonly rows: number;
  readonly cols: number;
}

async function runMode(mode: 'sql' | 'memory'): Promise<RunResult> {
  const t0 = performance.now();
  const reporter = new Reporter();
  const panel = { id: 'firm', time: 'year' };
  const tables =
    mode === 'sql'
      ? { firms: { source: 'firms_1m.csv', panel, variables: VARIABLES } }
      : { firms: { source: 'firms_1m.csv', panel } };
  const engine = await DataEngine.open({ tables, specDir: dataDir, allowOutside: false, reporter });
  let frame = await engine.loadTable('firms');
  engine.close();
  const t1 = performance.now();
  if (mode === 'memory') {
    for (const [name, text] of Object.entries(VARIABLES)) {
      const col = evaluate(parseExpr(text).value!, { frame, reporter });
      frame = withColumns(frame, [[name, col]]);
    }
  }
  const t2 = performance.now();
  return {
    mode,
    load: (t1 - t0) / 1000,
    derive: (t2 - t1) / 1000,
    total: (t2 - t0) / 1000,
    rssMiB: process.resourceUsage().maxRSS / 1024,
    rows: frame.nrows,
    cols: frame.columns.size,
  };
}

async function main(): Promise<void> {
  const modeArg = process.argv.indexOf('--mode');
  if (modeArg > 0) {
    const r = await runMode(process.argv[modeArg + 1] as 'sql' | 'memory');
    process.stdout.write(JSON.stringify(r));
    return;
  }
  const g0 = performance.now();
  if (!existsSync(file)) await generate();
  const genSec = (performance.now() - g0) / 1000;
  // The machine is shared: each mode runs RUNS times and the fastest run is reported, with
  // the largest peak RSS of the runs.
  const results: RunResult[] = [];
  for (const mode of ['sql', 'memory']) {
    const runs: RunResult[] = [];
    for (let k = 0; k < RUNS; k++) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--mode', mode], { encoding: 'utf8' });
      runs.push(JSON.parse(out) as RunResult);
    }
    const best = runs.reduce((a, b) => (b.total < a.total ? b : a));
    results.push({ ...best, rssMiB: Math.max(...runs.map((r) => r.rssMiB)) });
  }
  const mb = statSync(file).size / 2 ** 20;
  const rows = results
    .map((r) => `| ${r.mode === 'sql' ? 'SQL (in-table variables, window functions)' : 'load in SQL, variables in the in-memory evaluator'} | ${r.rows.toLocaleString('en')} × ${r.cols} | ${r.load.toFixed(2)} | ${r.derive.toFixed(2)} | ${r.total.toFixed(2)} | ${r.rssMiB.toFixed(0)} |`)
    .join('\n');
  writeFileSync(
    join(here, 'results', 'data.md'),
    `## Data layer (bench/data.bench.ts)

1M rows × 12 columns CSV (${mb.toFixed(0)} MB; firm × year panel of 100,000 firms × 10 years; ~2 % missing per numeric column),
generated by the script with DuckDB (${existsSync(file) ? `${genSec.toFixed(1)} s this run, 0 when cached` : ''}). Loaded with \`panel: {id: firm, time: year}\`
(duplicate check + sort) and 10 derived variables: 5 logs/ratios, an age, a logical, \`ifelse\`, \`lag(sales)\` and
\`mean_by(value_added / employees, by = [industry, year])\`. Seconds (wall) and peak RSS per mode, each run in its own process;
best of ${RUNS} runs (the fastest total; peak RSS is the largest of the ${RUNS}). ${cpus().length} cores; load average at the end
${loadavg()[0]!.toFixed(1)} (the machine is shared, so seconds are inflated accordingly). Target for the in-memory mode: < 3 s and < 1 GiB.

| mode | frame | load + extract | derive | total | peak RSS MiB |
|---|---|---|---|---|---|
${rows}
`,
  );
}

await main();
