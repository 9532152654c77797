/**
 * End to end on the 1M-row panel: `studyspec run` against Rscript + data.table::fread +
 * fixest::feols(nthreads = 2), measured alternately in one run.
 *
 * Data: bench/gen-panel.ts --preset 1m --fe 2 (firm, year, industry, x1–x5, y; 100,000 firms ×
 * 10 years, 10 % of firm-years dropped, about 900,000 rows, 64 MB), written once into bench/data.
 * Each round runs, each in its own process under GNU time (wall, user + system CPU of all
 * threads, peak RSS):
 *   ours     node bin/studyspec.mjs run: y ~ x1..x5 | firm + year, vcov cluster(firm) →
 *            results.json (a fresh output folder, so nothing is reused from the step cache)
 *   anchor   Rscript: fread, the same feols with cluster = ~firm and nthreads = 2, coeftable
 *   summary  node bin/studyspec.mjs run: a summary table of y on the same file
 * ROUNDS rounds (default 3) alternate the three, so load from other users of the machine falls
 * on each side alike; the ratios are per round (ours ÷ anchor of the same round), then the
 * median. Our runs set STUDYSPEC_TIMINGS=1 and the phase table of the median run is printed.
 * Writes bench/results/read.md. Run alone: `npx tsx bench/read.bench.ts`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { presetPanel } from './gen-panel.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const dataDir = join(here, 'data');
const ROUNDS = Number(process.env['ROUNDS'] ?? process.env['RUNS'] ?? 3);
const csv = presetPanel(dataDir, '1m', 2);
const file = csv.slice(dataDir.length + 1);

interface Measured {
  readonly wall: number;
  readonly cpu: number;
  readonly rssMib: number;
  readonly stderr: string;
}

/** One process under GNU time: wall and CPU seconds, peak RSS (MiB); undefined when it fails. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Measured | undefined {
  const marker = '@@time';
  const p = spawnSync('/usr/bin/time', ['-f', `${marker} %e %U %S %M`, cmd, ...args], { cwd: dataDir, encoding: 'utf8', env: { ...process.env, ...env } });
  const line = p.stderr.split('\n').find((l) => l.startsWith(marker));
  if (p.status !== 0 || !line) {
    process.stderr.write(`${cmd} ${args.join(' ')} failed:\n${p.stderr}\n`);
    return undefined;
  }
  const [, e, u, s, m] = line.split(' ').map(Number);
  return { wall: e!, cpu: u! + s!, rssMib: m! / 1024, stderr: p.stderr };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k]! : (s[k - 1]! + s[k]!) / 2;
};

const cli = join(root, 'bin', 'studyspec.mjs');
writeFileSync(join(dataDir, 'read-fe.yaml'), `data:\n  panel:\n    source: ${file}\nmodels:\n  fe:\n    formula: y ~ x1 + x2 + x3 + x4 + x5 | firm + year\n    vcov: cluster(firm)\n`);
writeFileSync(join(dataDir, 'read-summary.yaml'), `data:\n  panel:\n    source: ${file}\ntables:\n  s:\n    kind: summary\n    variables: [y]\n`);
writeFileSync(
  join(dataDir, 'read-anchor.R'),
  `suppressMessages({library(data.table); library(fixest)})\nd <- fread("${file}")\nm <- feols(y ~ x1 + x2 + x3 + x4 + x5 | firm + year, d, cluster = ~firm, nthreads = 2)\nprint(coeftable(m))\n`,
);
const hasFixest = existsSync('/usr/bin/time') && spawnSync('Rscript', ['-e', 'library(fixest); library(data.table)'], { encoding: 'utf8' }).status === 0;

function ours(spec: string): Measured | undefined {
  const out = join(dataDir, `out-${spec}`);
  rmSync(out, { recursive: true, force: true });
  return timed(process.execPath, [cli, 'run', spec, '--out', out, '--quiet'], { STUDYSPEC_TIMINGS: '1' });
}

const help = [0, 1, 2].map(() => timed(process.execPath, [cli, '--help'])).filter((m): m is Measured => m !== undefined);
const rounds: { fe?: Measured; anchor?: Measured; summary?: Measured }[] = [];
const loads: number[] = [loadavg()[0]!];
for (let r = 0; r < ROUNDS; r++) {
  const fe = ours('read-fe.yaml');
  const anchor = hasFixest ? timed('Rscript', ['read-anchor.R']) : undefined;
  const summary = ours('read-summary.yaml');
  rounds.push({ ...(fe ? { fe } : {}), ...(anchor ? { anchor } : {}), ...(summary ? { summary } : {}) });
  loads.push(loadavg()[0]!);
}

const f2 = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : '–');
const row = (label: string, ms: readonly (Measured | undefined)[]): string => {
  const ok = ms.filter((m): m is Measured => m !== undefined);
  const cell = (k: 'wall' | 'cpu' | 'rssMib', d: number) => `${ok.map((m) => m[k].toFixed(d)).join(' / ')}`;
  return `| ${label} | ${cell('wall', 2)} | ${f2(median(ok.map((m) => m.wall)))} | ${cell('cpu', 2)} | ${f2(median(ok.map((m) => m.cpu)))} | ${cell('rssMib', 0)} | ${ok.length ? Math.max(...ok.map((m) => m.rssMib)).toFixed(0) : '–'} |`;
};
const ratio = (a: 'fe' | 'summary', b: 'anchor' | 'fe', k: 'wall' | 'cpu' | 'rssMib'): string => {
  const rs = rounds.filter((r) => r[a] && r[b]).map((r) => r[a]![k] / r[b]![k]);
  return rs.length ? `${median(rs).toFixed(2)} (${rs.map((x) => x.toFixed(2)).join(', ')})` : '–';
};

// The phase table of our median fixed-effects run (by wall time).
const feRuns = rounds.map((r) => r.fe).filter((m): m is Measured => m !== undefined);
const mid = [...feRuns].sort((a, b) => a.wall - b.wall)[feRuns.length >> 1];
const phases = mid ? mid.stderr.split('\n').filter((l) => /^\S.*\s\d+\s+\d+\s+\d+\s+\d+$/.test(l) || l.startsWith('phase ')) : [];

const md = `## End to end on the 1M-row panel (bench/read.bench.ts)

${csv.endsWith('.csv') ? 'bench/data/panel_1m_fe2.csv' : csv}: bench/gen-panel.ts --preset 1m --fe 2 (about 900,000 rows × 9 columns, 64 MB).
Alternating rounds (${ROUNDS}): \`studyspec run\` of \`y ~ x1 + … + x5 | firm + year\`, \`vcov: cluster(firm)\` to
results.json in a fresh output folder; then \`Rscript\` with \`data.table::fread\` + \`fixest::feols(…, cluster = ~firm,
nthreads = 2)\`${hasFixest ? '' : ' (not run: R with fixest and GNU time are needed)'}; then \`studyspec run\` of a summary table of \`y\`. Each process under GNU time
(\`/usr/bin/time\`): wall and CPU (user + system, all threads) seconds, peak RSS. One-minute load average at the
rounds' ends: ${loads.map((l) => l.toFixed(1)).join(', ')} on a machine of 2 cores shared with other users, so wall
times are inflated; CPU times are the steadier measure.

| process | wall s, each round | median | CPU s, each round | median | peak RSS MiB, each round | max |
|---|---|---|---|---|---|---|
${row('`studyspec --help` (start-up)', help)}
${row('**studyspec run**, two-way FE', rounds.map((r) => r.fe))}
${row('**anchor**: Rscript fread + feols', rounds.map((r) => r.anchor))}
${row('studyspec run, summary table of y', rounds.map((r) => r.summary))}

Ratios, ours ÷ anchor of the same round (median, then each round): wall ${ratio('fe', 'anchor', 'wall')};
CPU ${ratio('fe', 'anchor', 'cpu')}; peak RSS ${ratio('fe', 'anchor', 'rssMib')}.
Summary table ÷ regression run: wall ${ratio('summary', 'fe', 'wall')}; CPU ${ratio('summary', 'fe', 'cpu')}.

Phases of the median regression run (\`STUDYSPEC_TIMINGS=1\`; ms since the process started; CPU of all threads):

\`\`\`
${phases.join('\n')}
\`\`\`
`;
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'read.md'), md);
process.stdout.write(md);
