/**
 * Micro-check of evaluation speed (not a test): lag and group mean over 1M rows.
 * Run: npx tsx test/variables/perf-check.ts
 */
import { makeFrame, numColumn, factorColumn } from '../../src/data/frame.js';
import { evaluate } from '../../src/expr/evaluate.js';
import { FrameCache } from '../../src/variables/frame-cache.js';
import { parse } from './helpers.js';

const N = 1_000_000;
const T = 20;
const id = new Float64Array(N);
const year = new Float64Array(N);
const x = new Float64Array(N);
const ind = new Int32Array(N);
for (let i = 0; i < N; i++) {
  id[i] = Math.floor(i / T);
  year[i] = 2000 + (i % T);
  x[i] = Math.sin(i) * 100;
  ind[i] = (Math.floor(i / T) * 7919) % 400;
}
const frame = makeFrame(
  [
    ['id', numColumn(id)],
    ['year', numColumn(year)],
    ['x', numColumn(x)],
    ['ind', factorColumn(ind, Array.from({ length: 400 }, (_, k) => `i${k}`))],
  ],
  { id: 'id', time: 'year' },
);

function time(label: string, text: string, cache: FrameCache): void {
  const e = parse(text);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  evaluate(e, { frame, cache });
  const c = process.cpuUsage(c0);
  // CPU time is reported too: on a shared, loaded machine wall time mostly measures waiting.
  const wall = (performance.now() - t0).toFixed(1);
  const cpu = ((c.user + c.system) / 1000).toFixed(1);
  process.stdout.write(`${label.padEnd(44)} wall ${wall.padStart(7)} ms   cpu ${cpu.padStart(7)} ms\n`);
}

const cache = new FrameCache();
time('lag(x) incl. panel index build', 'lag(x)', cache);
time('lag(x, 2) (index cached)', 'lag(x, 2)', cache);
time('mean_by(x, by = ind) (factor key)', 'mean_by(x, by = ind)', cache);
time('mean_by(x, by = year) (numeric key)', 'mean_by(x, by = year)', cache);
time('mean_by(x, by = [ind, year]) (two keys)', 'mean_by(x, by = [ind, year])', cache);
time('mean_by(x, by = ind) again (ids cached)', 'mean_by(x, by = ind)', cache);
time('log(x) + x * 2 > 1 & x < 50', 'log(x) + x * 2 > 1 & x < 50', cache);
process.stdout.write('-- second round (fresh cache, warm JIT)\n');
const cache2 = new FrameCache();
time('lag(x) incl. panel index build', 'lag(x)', cache2);
time('mean_by(x, by = ind) (factor key)', 'mean_by(x, by = ind)', cache2);
time('mean_by(x, by = year) (numeric key)', 'mean_by(x, by = year)', cache2);
time('log(x) + x * 2 > 1 & x < 50', 'log(x) + x * 2 > 1 & x < 50', cache2);
