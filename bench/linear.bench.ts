/**
 * Linear HDFE benchmark: y ~ x1 + … + x5 | firm + year (1M rows) and
 * | firm + year + industry^year (5M rows), clustered by firm.
 * Data from /work/shared/bench/gen-panel.mjs (presets 1m/fe2 and 5m/fe3), read with DuckDB
 * (timed separately), then design build, demeaning and the full estimate are timed.
 * Writes bench/results/linear.md. Run alone: `npx tsx bench/linear.bench.ts`.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { makeFrame, numColumn, type Column, type Frame } from '../src/data/frame.js';
import { buildDesign } from '../src/design/build.js';
import { Reporter } from '../src/diagnostics/diagnostic.js';
import type { Expr } from '../src/expr/ast.js';
import type { SingleFormula } from '../src/formula/ast.js';
import { fitOls } from '../src/estimators/ols.js';
import { demean } from '../src/linalg/demean.js';

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = join(here, 'data');
const gen = join(here, '..', '..', 'shared', 'bench', 'gen-panel.mjs');
const cols = ['firm', 'year', 'industry', 'x1', 'x2', 'x3', 'x4', 'x5', 'y'];

async function readPanel(file: string): Promise<Frame> {
  const inst = await DuckDBInstance.create(':memory:');
  const con = await inst.connect();
  const sel = cols.map((c) => `CAST(${c} AS DOUBLE) AS ${c}`).join(', ');
  const count = Number((await con.runAndReadAll(`SELECT count(*) FROM read_csv('${file}')`)).getRows()[0]![0]);
  const out = cols.map(() => new Float64Array(count));
  const res = await con.run(`SELECT ${sel} FROM read_csv('${file}')`);
  let off = 0;
  for (;;) {
    const chunk = await res.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const n = chunk.rowCount;
    for (let j = 0; j < cols.length; j++) {
      const vec = chunk.getColumnVector(j) as unknown as { items?: Float64Array; getItem(i: number): number | null };
      if (vec.items) out[j]!.set(vec.items.subarray(0, n), off);
      else for (let i = 0; i < n; i++) out[j]![off + i] = vec.getItem(i) ?? Number.NaN;
    }
    off += n;
  }
  con.closeSync();
  return makeFrame(cols.map((c, j): [string, Column] => [c, numColumn(out[j]!)]));
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
  demean: number;
  iters: number;
  estimate: number;
  demeanCpu: number;
  estCpu: number;
  b: number[];
}

async function run(preset: string, fe: number, feSpec: string[]): Promise<Row> {
  const file = join(dataDir, `panel_${preset}_fe${fe}.csv`);
  if (!existsSync(file)) execFileSync(process.execPath, [gen, '--preset', preset, '--fe', String(fe), '--out-dir', dataDir], { stdio: 'inherit' });
  let t = process.hrtime.bigint();
  const frame = await readPanel(file);
  const read = secs(t);
  t = process.hrtime.bigint();
  const evaluate = (e: Expr): Column => {
    if (e.kind !== 'ident') throw new Error('bench evaluator handles identifiers only');
    return frame.columns.get(e.name)!;
  };
  const design = buildDesign(formula(feSpec), frame, { evaluate, clusters: ['firm'] });
  const dsec = secs(t);
  // Best of 3: the machine is a shared VM whose wall times jitter by up to 2× between runs.
  let demeanSec = Infinity;
  let demeanCpu = Infinity;
  let est = Infinity;
  let estCpu = Infinity;
  let dm!: ReturnType<typeof demean>;
  let r!: ReturnType<typeof fitOls>;
  for (let rep = 0; rep < 3; rep++) {
    t = process.hrtime.bigint();
    let c0 = process.cpuUsage();
    dm = demean([design.y, ...design.X], design.fe);
    demeanSec = Math.min(demeanSec, secs(t));
    demeanCpu = Math.min(demeanCpu, cpu(c0));
    t = process.hrtime.bigint();
    c0 = process.cpuUsage();
    r = fitOls({ id: 'bench', formula: formula(feSpec).text, design, options: { vcov: 'cluster', conventions: 'stata' }, reporter: new Reporter() });
    est = Math.min(est, secs(t));
    estCpu = Math.min(estCpu, cpu(c0));
  }
  return {
    demeanCpu,
    estCpu,
    label: `${preset}, ${feSpec.join(' + ')}`,
    rows: design.n,
    mb: statSync(file).size / 2 ** 20,
    read,
    design: dsec,
    demean: demeanSec,
    iters: dm.iterations,
    estimate: est,
    b: r.terms.map((x) => r.coefficients[x]!.estimate),
  };
}

const which = process.argv.slice(2);
const rows: Row[] = [];
if (which.length === 0 || which.includes('1m')) rows.push(await run('1m', 2, ['firm', 'year']));
if (which.length === 0 || which.includes('5m')) rows.push(await run('5m', 3, ['firm', 'year', 'industry^year']));
const peak = process.resourceUsage().maxRSS / 1024;
const table = rows
  .map((r) => `| ${r.label} | ${r.rows.toLocaleString('en')} | ${r.mb.toFixed(0)} | ${r.read.toFixed(2)} | ${r.design.toFixed(2)} | ${r.demean.toFixed(2)} / ${r.demeanCpu.toFixed(2)} (${r.iters} it.) | ${r.estimate.toFixed(2)} / ${r.estCpu.toFixed(2)} | ${(r.estCpu / (r.rows > 2e6 ? 1.7 : 0.27)).toFixed(1)}× | ${r.b.map((x) => x.toFixed(4)).join(', ')} |`)
  .join('\n');
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(
  join(here, 'results', 'linear.md'),
  `## Linear HDFE (bench/linear.bench.ts)\n\n` +
    `\`y ~ x1 + … + x5 | FE\`, vcov cluster(firm), stata profile, demeaning tolerance 1e-8. Seconds (demean and estimate: best of 3 runs); the estimate ` +
    `includes demeaning (columns demeaned together), collinearity check, solve and clustered vcov. ` +
    `Design = missing/singleton pass, FE codes. True b = (1, −0.5, 0.25, 2, −1.5).\n\n` +
    `| data | rows | CSV MB | read (DuckDB) | design | demean alone, wall / CPU | estimate, wall / CPU | estimate CPU ÷ fixest anchor | b |\n|---|---|---|---|---|---|---|---|---|\n${table}\n\n` +
    `Peak RSS of the process (all runs above): ${peak.toFixed(0)} MiB. Load average during the run: ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores ` +
    `(the machine is shared; CPU seconds are the fairer comparison).\n` +
    `Anchor (fixest on this machine): 0.27 s at 0.9M rows × 2 FE (demeaning 0.16 s); 1.7 s at 4.5M × 3 FE. ` +
    `Peak RSS with the 1M case alone (\`npx tsx bench/linear.bench.ts 1m\`) was 616 MiB. The target (at or under fixest) ` +
    `is not reached yet: the demeaning sweep costs Q(Q−1) gathers per row and column, and runs single-threaded.\n`,
);
process.stdout.write(`${table}\npeak RSS ${peak.toFixed(0)} MiB\n`);
