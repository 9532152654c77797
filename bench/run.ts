/**
 * `npm run bench`: runs every bench/*.bench.ts in its own process (so peak memory is per
 * benchmark), then gathers bench/results/*.md into bench/RESULTS.md with the machine facts.
 *
 * Each benchmark script writes bench/results/<name>.md (a section with sizes, seconds and
 * peak RSS) and may be run alone: `npx tsx bench/<name>.bench.ts`.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const scripts = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

for (const s of scripts) {
  process.stderr.write(`== ${s}\n`);
  execFileSync(process.execPath, ['--import', 'tsx', '--expose-gc', join(here, s)], { stdio: 'inherit' });
}

const resultsDir = join(here, 'results');
const sections = existsSync(resultsDir)
  ? readdirSync(resultsDir).filter((f) => f.endsWith('.md')).sort().map((f) => readFileSync(join(resultsDir, f), 'utf8').trim())
  : [];
const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
writeFileSync(
  join(here, 'RESULTS.md'),
  `# Benchmark results\n\nMachine: ${machine}. Regenerate with \`npm run bench\`; each section names its data sizes.\n\n${sections.join('\n\n')}\n`,
);
