/**
 * Linear HDFE benchmark: y ~ x1 + … + x5 | firm + year (1M rows) and
 * | firm + year + industry^year (5M rows), clustered by firm.
 * Data from bench/gen-panel.ts (presets 1m/fe2 and 5m/fe3), read by the data layer (DuckDB;
 * timed separately), then design build, demeaning and the full estimate are timed.
 * Writes bench/results/linear.md. Run alone: `npx tsx bench/linear.bench.ts`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Column, Frame } from '../src/data/frame.js';
import { loadTable } from '../src/data/engine.js';
import { buildDesign } from '../src/design/build.js';
import { Reporter } from '../src/diagnostics/diagnostic.js';
import type { Expr } from '../src/expr/ast.js';
import type { SingleFormula } from '../src/formula/ast.js';
import { fitOls } from '../src/estimators/linear/ols.js';
import { demean } from '../src/linalg/demean.js';
import { sharedColumns } from '../src/linalg/demean-pool.js';
import { presetPanel } from './gen-panel.js';

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = join(here, 'data');
const cols = ['firm', 'year', 'industry', 'x1', 'x2', 'x3', 'x4', 'x5', 'y'];

/**
 * The panel as a study gets it: read and extracted by the data layer (DuckDB), which puts long
 * numeric columns in shared memory and counts their missing cells on the way.
 */
async function readPanel(file: string): Promise<Frame> {
  return loadTable('panel', {
    tables: { panel: { source: basename(file) } },
    specDir: dirname(file),
    allowOutside: false,
    reporter: new Reporter(),
    columnsNeeded: { panel: cols },
    alloc: sharedColumns,
  });
}

const sp = { start: 0, end: 0 };
function formula(fe: string[]): SingleFormula {
  const term = (name: string) => ({ kind: 'numeric' as const, name, expr: { kind: 'ident' as const, name, span: sp }, span: sp });
  return {
    text: `y ~ x1 + x2 + x3 + x4 + x5 | ${fe.join(' + ')}`,
    lhs: { kind: 'vars', outcomes: [term('y')], multi: false, span: sp },
    rhs: ['x1', 'x2', 'x3', 'x4', 'x5'].map(term),
    intercept: true,
    fixedEffects: fe.map((f) => ({ name: f, variables: f.split('^'), span: sp })),
    span: sp,
  };
}

function secs(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** CPU seconds (user + system) since c0: the machine is shared, so wall time overstates cost. */
function cpu(c0: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
}

interface Row {
  label: string;
  rows: number;
  mb: number;
  read: number;
  design: number;
  designAgain: number;
  direct: number;
  iterative: number;
  iters: number;
  estimate: number;
  estCpu: number;
  b: number[];
}

/** Best wall seconds of `reps` runs (the machine is a shared VM whose wall times jitter by up to 2×). */
function best<T>(reps: number, f: () => T): { sec: number; cpu: number; out: T } {
  let sec = Infinity;
  let cpuSec = Infinity;
  let out!: T;
  for (let rep = 0; rep < reps; rep++) {
    const t = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    out = f();
    sec = Math.min(sec, secs(t));
    cpuSec = Math.min(cpuSec, cpu(c0));
  }
  return { sec, cpu: cpuSec, out };
}

async function run(preset: string, fe: number, feSpec: string[]): Promise<Row> {
  const file = presetPanel(dataDir, preset, fe === 3 ? 3 : 2);
  const t = process.hrtime.bigint();
  const frame = await readPanel(file);
  const read = secs(t);
  const evaluate = (e: Expr): Column => {
    if (e.kind !== 'ident') throw new Error('bench evaluator handles identifiers only');
    return frame.columns.get(e.name)!;
  };
  // The first build codes the FE columns; later builds on the same frame reuse those codes
  // (as the models of one study do), so the first is reported, and the best of two more.
  const first = best(1, () => buildDesign(formula(feSpec), frame, { evaluate, clusters: ['firm'], alloc: sharedColumns }));
  const d = best(2, () => buildDesign(formula(feSpec), frame, { evaluate, clusters: ['firm'], alloc: sharedColumns }));
  const design = d.out;
  const cols = [design.y, ...design.X];
  const direct = best(3, () => demean(cols, design.fe));
  const iterative = best(3, () => demean(cols, design.fe, { method: 'iterative' }));
  const est = best(3, () =>
    fitOls({ id: 'bench', formula: formula(feSpec).text, design, options: { vcov: 'cluster', conventions: 'stata' }, reporter: new Reporter() }),
  );
  const r = est.out;
  return {
    label: `${preset}, ${feSpec.join(' + ')}`,
    rows: design.n,
    mb: statSync(file).size / 2 ** 20,
    read,
    design: first.sec,
    designAgain: d.sec,
    direct: direct.sec,
    iterative: iterative.sec,
    iters: iterative.out.iterations,
    estimate: est.sec,
    estCpu: est.cpu,
    b: r.terms.map((x) => r.coefficients[x]!.estimate),
  };
}

// Each case runs in its own process (`--child 1m`), so each peak RSS is that case's own.
const childArg = process.argv.indexOf('--child');
if (childArg >= 0) {
  const preset = process.argv[childArg + 1];
  const row = preset === '1m' ? await run('1m', 2, ['firm', 'year']) : await run('5m', 3, ['firm', 'year', 'industry^year']);
  process.stdout.write(`${JSON.stringify({ ...row, peak: process.resourceUsage().maxRSS / 1024 })}\n`);
  process.exit(0);
}
const which = process.argv.slice(2);
const rows: (Row & { peak: number })[] = [];
// The helper thread is timed as the CLI starts it (the built worker), not booted through tsx.
const builtWorker = join(here, '..', 'dist', 'demean-worker.mjs');
if (!existsSync(builtWorker)) execFileSync('npm', ['run', 'build'], { cwd: join(here, '..'), stdio: 'inherit' });
const childEnv = { ...process.env, STUDYSPEC_HELPER_ENTRY: process.env['STUDYSPEC_HELPER_ENTRY'] ?? builtWorker };
for (const preset of ['1m', '5m']) {
  if (which.length && !which.includes(preset)) continue;
  const out = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', preset], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: childEnv });
  rows.push(JSON.parse(out.trim().split('\n').pop()!) as Row & { peak: number });
}
const anchor = (r: Row): number => (r.rows > 2e6 ? 1.7 : 0.27);
const table = rows
  .map(
    (r) =>
      `| ${r.label} | ${r.rows.toLocaleString('en')} | ${r.mb.toFixed(0)} | ${r.read.toFixed(2)} | ${r.design.toFixed(2)} / ${r.designAgain.toFixed(2)} | ${r.direct.toFixed(2)} | ` +
      `${r.iterative.toFixed(2)} (${r.iters} it.) | ${r.estimate.toFixed(2)} / ${r.estCpu.toFixed(2)} | ${(r.design + r.estimate).toFixed(2)} | ` +
      `${((r.design + r.estimate) / anchor(r)).toFixed(1)}× | ${r.peak.toFixed(0)} | ${r.b.map((x) => x.toFixed(4)).join(', ')} |`,
  )
  .join('\n');
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(
  join(here, 'results', 'linear.md'),
  `## Linear HDFE (bench/linear.bench.ts)\n\n` +
    `\`y ~ x1 + … + x5 | FE\`, vcov cluster(firm), stata profile. Seconds are the best of 3 runs (wall; the estimate also CPU of all threads). ` +
    `Read = the data layer (DuckDB reads the CSV; extraction into typed arrays records each numeric column's missing count, range and integrality). ` +
    `Design = FE coding, missing-value and singleton checks: the first build, and the best of two more on the same frame (codings are then remembered, as for the models of one study; a model on every row copies no column); ÷ anchor uses the first. Demeaning of the 6 columns: the direct solve (used by default for these FE, see ` +
    `docs/conventions.md) and, for comparison, alternating projections at tol 1e-8 (row passes shared with a helper thread). The estimate ` +
    `includes demeaning, collinearity check, solve, clustered vcov and the reported _cons. True b = (1, −0.5, 0.25, 2, −1.5).\n\n` +
    `| data | rows | CSV MB | read (data layer) | design, first / again | demean, direct | demean, iterative | estimate, wall / CPU | design + estimate | ÷ fixest anchor | peak RSS MiB | b |\n` +
    `|---|---|---|---|---|---|---|---|---|---|---|---|\n${table}\n\n` +
    `Each case runs in its own process; peak RSS is that process's (CSV read into DuckDB, 3 designs, both demeaning methods, 3 fits). ` +
    `Load average at the end: ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores (the machine is shared).\n` +
    `Anchor (fixest 0.12.2 \`feols\` on this machine, single thread, data in memory, including its own FE coding): 0.27 s at 0.9M rows × 2 FE ` +
    `(demeaning 0.16 s); 1.7 s at 4.5M × 3 FE. Targets: at or under the anchor; peak memory under 2 GiB at 1M rows.\n`,
);
process.stdout.write(`${table}\n`);
