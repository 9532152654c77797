/**
 * Hard fixed-effect graphs and large panels, end to end: `studyspec run` (CSV read, design,
 * demeaning, clustered fit, results.json) against `Rscript` with fread + fixest::feols on the
 * same CSV, each in its own process under /usr/bin/time (wall seconds and peak RSS).
 *
 * Cases (STUDYSPEC_BENCH_HARD=a,b,… picks some; default: workers-1m,fe3-10m):
 * - workers-1m: bench/gen-hard.mjs workers (1M rows, 200k workers, 20k firms on a circle, ~5%
 *   of workers move each year to a firm ≤5 places away): y ~ x1 + x2 | worker + firm,
 *   clustered by worker. fixest at its default fixef.tol (1e-6) and at 1e-8.
 * - workers-10m: the same shape at 10M rows (2M workers, 200k firms).
 * - fe3-10m: bench/gen-panel.mjs --firms 1100000 --years 10 --fe 3 (~9.9M rows):
 *   y ~ x1 + … + x5 | firm + year + industry^year, clustered by firm; fixest at its default.
 * STUDYSPEC_BENCH_FIXEST_TOLS (default "1e-6,1e-8") sets the fixest tolerances of the worker
 * cases. fixest runs with one thread (setFixest_nthreads(1)) only when STUDYSPEC_BENCH_R_THREADS=1;
 * by default it uses its own default (both cores), as a user would.
 *
 * The column "x1 − ref" is the distance of each estimate from studyspec's cg solution (the
 * sparse-Cholesky-preconditioned solve, converged to 1e-8 in the S-norm). Writes
 * bench/results/hard-<case>.md. Run alone: `npx tsx bench/hard.bench.ts` (needs `npm run build`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const dataDir = join(here, 'data');
const cases = (process.env.STUDYSPEC_BENCH_HARD ?? 'workers-1m,fe3-10m').split(',');
const fixestTols = (process.env.STUDYSPEC_BENCH_FIXEST_TOLS ?? '1e-6,1e-8').split(',').map(Number);

interface Case {
  readonly name: string;
  readonly file: string;
  readonly generate: () => void;
  readonly formula: string;
  readonly cluster: string;
  readonly panel: string;
  readonly tols: readonly number[];
}

/** The project's panel generator (bench/gen-panel.mjs: firm + year + industry^year panels). */
function sharedGenerator(): string {
  return join(root, 'bench', 'gen-panel.mjs');
}

const genHard = (file: string, args: string[]) => () =>
  execFileSync(process.execPath, [join(here, 'gen-hard.mjs'), 'workers', file, ...args], { stdio: 'inherit' });

const CASES: Record<string, Case> = {
  'workers-1m': {
    name: 'workers-1m',
    file: join(dataDir, 'hard-workers-1m.csv'),
    generate: genHard(join(dataDir, 'hard-workers-1m.csv'), []),
    formula: 'y ~ x1 + x2 | worker + firm',
    cluster: 'worker',
    panel: '{ id: worker, time: year }',
    tols: fixestTols,
  },
  'workers-10m': {
    name: 'workers-10m',
    file: join(dataDir, 'hard-workers-10m.csv'),
    generate: genHard(join(dataDir, 'hard-workers-10m.csv'), ['--rows', '10000000', '--workers', '2000000', '--firms', '200000']),
    formula: 'y ~ x1 + x2 | worker + firm',
    cluster: 'worker',
    panel: '{ id: worker, time: year }',
    tols: fixestTols,
  },
  'fe3-10m': {
    name: 'fe3-10m',
    file: join(dataDir, 'panel_1100000x10_fe3.csv'),
    generate: () =>
      execFileSync(
        process.execPath,
        [sharedGenerator(), '--firms', '1100000', '--years', '10', '--fe', '3', '--out', join(dataDir, 'panel_1100000x10_fe3.csv')],
        { stdio: 'inherit' },
      ),
    formula: 'y ~ x1 + x2 + x3 + x4 + x5 | firm + year + industry^year',
    cluster: 'firm',
    panel: '{ id: firm, time: year }',
    tols: [1e-6],
  },
};

interface Measured {
  readonly tool: string;
  readonly tol: string;
  readonly solver: string;
  readonly iterations: string;
  readonly seconds: number;
  readonly fitSeconds?: number;
  readonly rssGiB: number;
  readonly x1: number;
  readonly converged: boolean;
}

/** Run a command under /usr/bin/time; wall seconds and peak RSS (GiB) from its last stderr line. */
function timed(cmd: string, args: string[], cwd: string): { seconds: number; rssGiB: number; stdout: string } {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M', cmd, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  const m = /TIME ([\d.]+) (\d+)\s*$/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`${cmd} failed (${r.status}):\n${r.stderr.slice(-2000)}`);
  return { seconds: Number(m[1]), rssGiB: Number(m[2]) / 2 ** 20, stdout: r.stdout };
}

function runStudyspec(c: Case, dir: string): Measured {
  const spec = `version: 1
data:
  d: { source: ../${basename(c.file)}, panel: ${c.panel} }
models:
  m: { vcov: cluster(${c.cluster}), conventions: fixest, formula: "${c.formula}" }
`;
  writeFileSync(join(dir, 'spec.yaml'), spec);
  const t = timed(process.execPath, [join(root, 'bin', 'studyspec.mjs'), 'run', 'spec.yaml', '--out', 'out', '--quiet', '--no-cache', '--allow-outside'], dir);
  const m = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8')).models.m;
  const dm = m.extra.demean;
  return { tool: 'studyspec run', tol: '1e-8', solver: dm.solver, iterations: String(dm.iterations), seconds: t.seconds, rssGiB: t.rssGiB, x1: m.coefficients.x1.estimate, converged: dm.converged };
}

function runFixest(c: Case, dir: string, tol: number): Measured {
  const fe = c.formula.split('|')[1]!.trim();
  const script = `suppressPackageStartupMessages({ library(data.table); library(fixest) })
${process.env.STUDYSPEC_BENCH_R_THREADS ? `setFixest_nthreads(${Number(process.env.STUDYSPEC_BENCH_R_THREADS)})` : ''}
d <- fread("${c.file}")
t0 <- Sys.time()
m <- feols(${c.formula.split('|')[0]!.trim()} | ${fe}, d, cluster = ~${c.cluster}, fixef.tol = ${tol}, fixef.iter = 1e6)
fit <- as.numeric(Sys.time() - t0, units = "secs")
cat(sprintf("RESULT %.3f %.15g %s\\n", fit, coef(m)[["x1"]], paste(m$iterations, collapse = "/")))
`;
  writeFileSync(join(dir, `fixest-${tol}.R`), script);
  const t = timed('Rscript', [`fixest-${tol}.R`], dir);
  const m = /RESULT ([\d.]+) (\S+) (\S*)/.exec(t.stdout);
  if (!m) throw new Error(`no RESULT line from fixest:\n${t.stdout}`);
  return { tool: 'Rscript fread + feols', tol: tol.toExponential(), solver: 'ap', iterations: m[3] || '—', seconds: t.seconds, fitSeconds: Number(m[1]), rssGiB: t.rssGiB, x1: Number(m[2]), converged: true };
}

const hasFixest = spawnSync('Rscript', ['-e', 'library(fixest)'], { encoding: 'utf8' }).status === 0;
if (!existsSync(join(root, 'dist'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
mkdirSync(join(here, 'results'), { recursive: true });
const sections: string[] = [];
const load0 = loadavg()[0]!;
for (const name of cases) {
  const c = CASES[name];
  if (!c) throw new Error(`unknown case ${name} (known: ${Object.keys(CASES).join(', ')})`);
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(c.file)) c.generate();
  const dir = join(dataDir, `hard-${name}`);
  mkdirSync(dir, { recursive: true });
  const rows = Number(execFileSync('wc', ['-l', c.file], { encoding: 'utf8' }).trim().split(/\s+/)[0]) - 1;
  process.stderr.write(`hard.bench: ${name}: studyspec\n`);
  const ours = runStudyspec(c, dir);
  const all: Measured[] = [ours];
  if (hasFixest) {
    for (const tol of c.tols) {
      process.stderr.write(`hard.bench: ${name}: fixest tol ${tol}\n`);
      all.push(runFixest(c, dir, tol));
    }
  }
  const lines = all.map(
    (m) =>
      `| ${m.tool} | ${m.tol} | ${m.solver} | ${m.iterations} | ${m.seconds.toFixed(1)} | ${m.fitSeconds !== undefined ? m.fitSeconds.toFixed(1) : '—'} | ${m.rssGiB.toFixed(2)} | ${m.x1.toFixed(10)} | ${Math.abs(m.x1 - ours.x1).toExponential(1)} |`,
  );
  sections.push(`### ${name}: ${rows.toLocaleString('en-US')} rows, \`${c.formula}\`, clustered by ${c.cluster}

| tool | tol | solver | iterations | wall s (total) | feols s | peak RSS GiB | x1 | x1 − ref |
|---|---|---|---|---|---|---|---|---|
${lines.join('\n')}
${hasFixest ? '' : '\nR with fixest is not installed: no anchor in this run.\n'}`);
}
const intro = `End to end, each tool in its own process: \`studyspec run\` (DuckDB CSV read, design, demeaning,
clustered fit, results.json) and \`Rscript\` (fread, feols). Wall seconds and peak RSS from
/usr/bin/time; "feols s" is the feols call alone. studyspec's iterations are CG steps (solver
cg) or 0 (direct). Load average at the start: ${load0.toFixed(1)} on this machine — shared
machines make the absolute seconds noisy; the tools run back to back in one run, so compare
within a table.`;
// One file per case (bench/results/hard-<case>.md), so cases run separately keep each other's results.
cases.forEach((name, j) => {
  const text = `## Hard FE graphs and large panels: ${name} (hard.bench.ts)\n\n${intro}\n\n${sections[j]}`;
  writeFileSync(join(here, 'results', `hard-${name}.md`), text);
  process.stdout.write(text + '\n');
});
