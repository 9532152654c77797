#!/usr/bin/env node
// `npm run seeds`: generate the data of the four seed studies in examples/ and run each study end
// to end with the built CLI, printing each study's generation and run time.
//
//   node scripts/seeds.mjs [--size small|large] [--seed N] [--only STUDY[,STUDY…]]
//
// Data go to examples/<study>/data/, outputs to examples/<study>/out/ (both ignored by git).
// Exit code: 0 when every study ran, otherwise the first failing step's code.

import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const STUDIES = ['export-resilience', 'virtual-agglomeration', 'quality-upgrading', 'ofdi-mte'];

function parse(argv) {
  const opts = { size: 'small', seed: '1', only: STUDIES };
  for (let i = 0; i < argv.length; i += 2) {
    const [key, value] = [argv[i], argv[i + 1]];
    if (value === undefined) fail(`${key} needs a value`);
    if (key === '--size') opts.size = value;
    else if (key === '--seed') opts.seed = value;
    else if (key === '--only') {
      opts.only = value.split(',');
      const unknown = opts.only.filter((s) => !STUDIES.includes(s));
      if (unknown.length) fail(`unknown study ${unknown.join(', ')} (one of ${STUDIES.join(', ')})`);
    } else fail(`unknown argument ${key}`);
  }
  return opts;
}

function fail(msg) {
  process.stderr.write(`seeds: ${msg}\nusage: node scripts/seeds.mjs [--size small|large] [--seed N] [--only STUDY[,STUDY…]]\n`);
  process.exit(2);
}

/** Run a node script with inherited output; returns its exit code and the seconds it took. */
function step(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  return { code: r.status ?? 1, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

const opts = parse(process.argv.slice(2));
const rows = [];
for (const study of opts.only) {
  const dir = join(root, 'examples', study);
  rmSync(join(dir, 'data'), { recursive: true, force: true });
  process.stdout.write(`\n== ${study}: generating (${opts.size}, seed ${opts.seed})\n`);
  const gen = step([join(dir, 'generate.mjs'), '--seed', opts.seed, '--size', opts.size, '--out', join(dir, 'data')]);
  if (gen.code !== 0) process.exit(gen.code);
  process.stdout.write(`== ${study}: running study.yaml\n`);
  const run = step([join(root, 'bin', 'studyspec.mjs'), 'run', join(dir, 'study.yaml'), '--out', join(dir, 'out')]);
  if (run.code !== 0) process.exit(run.code);
  rows.push([study, gen.seconds, run.seconds]);
}
process.stdout.write('\nstudy                   generate    run    (outputs in examples/<study>/out/)\n');
for (const [study, g, r] of rows) process.stdout.write(`${study.padEnd(22)} ${g.toFixed(1).padStart(8)} s ${r.toFixed(1).padStart(6)} s\n`);
