/**
 * Each fast kernel against its plain twin (src/linalg/reference/): 1M rows, 6 columns (the
 * outcome and 5 regressors of the linear bench), 100,000 levels of the big FE and 10 of the
 * small one, rows grouped by the big FE. CPU milliseconds (process.cpuUsage), best of 7
 * calls, one thread. Writes bench/results/kernels.md; run alone: `npx tsx bench/kernels.bench.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { directLevelResid } from '../src/linalg/direct-level-resid.js';
import { directLevelSumsRhs } from '../src/linalg/direct-level-sums.js';
import { directLevelResidReference, directLevelSumsRhsReference } from '../src/linalg/reference/direct.js';
import { clusterScoresReference, crossTileReference, residBlockReference } from '../src/linalg/reference/rows.js';
import { gatherReference, scatterAddReference } from '../src/linalg/reference/sweep.js';
import { crossTile, residBlock } from '../src/linalg/row-kernels.js';
import { clusterScores } from '../src/linalg/score-kernels.js';
import { gather, scatterAdd } from '../src/linalg/sweep-kernels.js';

const here = dirname(fileURLToPath(import.meta.url));
const n = 1_000_000;
const L = 100_000;
const T = 10;
const K = 6;
let seed = 12345;
const rnd = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const firm = Int32Array.from({ length: n }, (_, i) => Math.floor(i / T));
const year = Int32Array.from({ length: n }, (_, i) => i % T);
const x = Array.from({ length: K }, () => Float64Array.from({ length: n }, rnd));
const start = Int32Array.from({ length: L + 1 }, (_, b) => b * T);
const small = { sc: [year], off: Int32Array.from([0, T]) };
const coef = Float64Array.from({ length: (L + T) * K }, rnd);
const gamma = Float64Array.from({ length: T * K }, rnd);
const b = Float64Array.from({ length: K - 1 }, rnd);

function cpuMs(f: () => void, reps = 7): number {
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    f();
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / 1e3);
  }
  return best;
}

const rows: [string, number, number][] = [];
const pair = (name: string, fast: () => void, ref: () => void): void => {
  rows.push([name, cpuMs(fast), cpuMs(ref)]);
};
const acc = new Float64Array(L * K);
pair('sweep gather (firm ← year), 6 columns', () => gather(acc, firm, coef, year, L * K, 0, n, K), () => gatherReference(acc, firm, coef, year, L * K, 0, n, K));
pair('sweep level sums (scatterAdd), 6 columns', () => scatterAdd(coef, 0, firm, x, 0, n), () => scatterAddReference(coef, 0, firm, x, 0, n));
const v = new Float64Array(T * K);
const xbar = new Float64Array(L * K);
const mp = new Float64Array(2 * K);
pair('direct: level sums + D\'M_B x, 6 columns', () => directLevelSumsRhs(v, start, small, xbar, mp, x, 0, L, K), () => directLevelSumsRhsReference(v, start, small, xbar, mp, x, 0, L, K));
const out = x.map(() => new Float64Array(n));
pair('direct: level ḡ + residuals, 6 columns', () => directLevelResid(out, start, small, xbar, gamma, x, 0, L, K), () => directLevelResidReference(out, start, small, xbar, gamma, x, 0, L, K));
const tile = new Float64Array(16);
pair("cross-product tile 4×4 (diagonal)", () => crossTile(tile, 0, x.slice(0, 4), x.slice(0, 4), true, 0, n), () => crossTileReference(tile, 0, x.slice(0, 4), x.slice(0, 4), true, 0, n));
pair("cross-product tile 4×1 (X'y)", () => crossTile(tile, 0, x.slice(1, 5), [x[0]!], false, 0, n), () => crossTileReference(tile, 0, x.slice(1, 5), [x[0]!], false, 0, n));
const u = x[0]!.slice();
pair('residuals, 5 columns', () => residBlock(u, x.slice(1), b, 0, n), () => residBlockReference(u, x.slice(1), b, 0, n));
const S = new Float64Array(L * K);
pair('cluster scores (firm), 5 columns + constant', () => clusterScores(S, x.slice(1), u, firm, true, 0, n), () => clusterScoresReference(S, x.slice(1), u, firm, true, 0, n));

const table = rows.map(([name, f, r]) => `| ${name} | ${f.toFixed(1)} | ${r.toFixed(1)} | ${(r / f).toFixed(2)}× |`).join('\n');
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(
  join(here, 'results', 'kernels.md'),
  `## Fast kernels against their plain twins (bench/kernels.bench.ts)\n\n` +
    `1,000,000 rows grouped by a big FE of 100,000 levels (10 rows each), a small FE of 10 levels, 6 columns. ` +
    `CPU milliseconds (process.cpuUsage), best of 7 calls, one thread. The twins (src/linalg/reference/) do the same arithmetic in the same order ` +
    `as plain loops over the columns; the tests check the results are bit-identical. ` +
    `Load average at the end: ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores (the machine is shared).\n\n` +
    `| kernel | fast ms | reference ms | speed-up |\n|---|---|---|---|\n${table}\n`,
);
process.stdout.write(`${table}\n`);
