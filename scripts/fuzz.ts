/**
 * `npm run fuzz [-- --count N] [--seed S] [--seconds T]`: the fuzz harness of
 * test/fuzz/harness.ts on many inputs. Prints seed, count, time and every failure (input
 * and problem); exit code 1 when anything failed.
 */
import { runFuzz } from '../test/fuzz/harness.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const seed = arg('seed', Date.now() % 2 ** 31);
const count = arg('count', 100_000);
const seconds = arg('seconds', 1800);
process.stderr.write(`fuzz: seed ${seed}, up to ${count} inputs, at most ${seconds} s\n`);
const report = await runFuzz({ seed, count, seconds, onProgress: (n) => process.stderr.write(`  ${n} inputs\n`) });
for (const f of report.failures.slice(0, 50)) {
  process.stdout.write(`FAIL ${f.kind} #${f.index}: ${f.problem}\n  input: ${JSON.stringify(f.input).slice(0, 2000)}\n`);
}
process.stdout.write(
  `fuzz: seed ${report.seed}, ${report.count} inputs (formulas ${report.byKind.formula}, expressions ${report.byKind.expression}, specs ${report.byKind.spec}), ${(report.ms / 1000).toFixed(1)} s, ${report.failures.length} failures\n`,
);
process.exitCode = report.failures.length ? 1 : 0;
