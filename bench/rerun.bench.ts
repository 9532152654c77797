/**
 * Re-run benchmark of the step cache, through the built CLI (`node bin/studyspec.mjs run`):
 *
 *   example  specs/example/study.yaml (3,600 rows; 11 model results, a 200-draw placebo, 4 tables, 3 figures)
 *   larger   a 400,000-row firm-year panel (40,000 firms × 10 years, generated deterministically
 *            into bench/data/) with six two-way fixed-effects models, a csw() family and a table
 *
 * For each: a cold run (--no-cache), a re-run of the unchanged spec (best of 3), and a run
 * after one model's formula changed. Wall-clock seconds of the whole command, including
 * Node's start-up. Writes bench/results/rerun.md. Run alone: `npx tsx bench/rerun.bench.ts`
 * (after `npm run build`).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const bin = join(root, 'bin', 'studyspec.mjs');

function run(spec: string, out: string, extra: string[] = []): { seconds: number; steps: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [bin, 'run', '--quiet', '--out', out, ...extra, spec], { encoding: 'utf8' });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`run failed: ${r.stderr}`);
  const s = JSON.parse(readFileSync(join(out, '.studyspec', 'steps.json'), 'utf8')) as { steps: Record<string, { action: string }> };
  const n = (a: string) => Object.values(s.steps).filter((x) => x.action === a).length;
  return { seconds, steps: `${n('run')} run, ${n('reuse')} reused` };
}

function measure(name: string, spec: string, change: (text: string) => string): string[] {
  const out = mkdtempSync(join(tmpdir(), 'studyspec-rerun-'));
  try {
    const cold = run(spec, out, ['--no-cache']);
    const warm = [run(spec, out), run(spec, out), run(spec, out)].sort((a, b) => a.seconds - b.seconds)[0]!;
    const original = readFileSync(spec, 'utf8');
    writeFileSync(spec, change(original));
    let changed;
    try {
      changed = run(spec, out);
    } finally {
      writeFileSync(spec, original);
    }
    const cache = statSync(join(out, '.studyspec', 'cache')).isDirectory() ? spawnSync('du', ['-sk', join(out, '.studyspec', 'cache')], { encoding: 'utf8' }).stdout.split('\t')[0] : '?';
    return [
      `| ${name} | cold (--no-cache) | ${cold.seconds.toFixed(2)} | ${cold.steps} |`,
      `| ${name} | unchanged (best of 3) | ${warm.seconds.toFixed(2)} | ${warm.steps} |`,
      `| ${name} | one model changed | ${changed.seconds.toFixed(2)} | ${changed.steps} |`,
      `| ${name} | cache size | ${cache} KiB | |`,
    ];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function largerStudy(): string {
  const dir = join(here, 'data', 'rerun');
  mkdirSync(join(dir, 'data'), { recursive: true });
  const csv = join(dir, 'data', 'panel.csv');
  if (!existsSync(csv)) {
    // A deterministic hash in place of a random generator: the same file on every machine.
    const u = (i: number, k: number) => (((Math.imul(i + 1, 2654435761) ^ Math.imul(k + 7, 40503)) >>> 0) % 1000003) / 1000003;
    const lines = ['firm,year,industry,y,x1,x2,x3'];
    for (let f = 0; f < 40_000; f++) {
      const a = u(f, 1) - 0.5;
      for (let t = 0; t < 10; t++) {
        const i = f * 10 + t;
        const x1 = u(i, 2) + a;
        const x2 = u(i, 3);
        const x3 = u(i, 4);
        const y = 0.5 * x1 - 0.2 * x2 + 0.1 * x3 + a + 0.02 * t + (u(i, 5) - 0.5);
        lines.push(`${f},${2010 + t},${f % 40},${y.toFixed(6)},${x1.toFixed(6)},${x2.toFixed(6)},${x3.toFixed(6)}`);
      }
    }
    writeFileSync(csv, `${lines.join('\n')}\n`);
  }
  const spec = join(dir, 'study.yaml');
  writeFileSync(
    spec,
    `version: 1
data:
  panel:
    source: data/panel.csv
    panel:
      id: firm
      time: year
models:
  m1:
    formula: y ~ x1 | firm + year
    vcov: cluster(firm)
  m2:
    formula: y ~ x1 + x2 | firm + year
    vcov: cluster(firm)
  m3:
    formula: y ~ x1 + x2 + x3 | firm + year
    vcov: cluster(firm)
  m4:
    formula: y ~ x1 + x2 | firm + industry^year
    vcov: cluster(firm)
  m5:
    formula: y ~ x1 | firm
    vcov: hc1
  m6:
    formula: y ~ csw(x1, x2, x3) | firm + year
    vcov: cluster(firm)
tables:
  main:
    models: [m1, m2, m3, m4, m5]
    stats:
      - nobs
      - r2_within
`,
  );
  return spec;
}

if (!existsSync(join(root, 'dist', 'studyspec.mjs'))) throw new Error('run `npm run build` first');
const rows = [
  ...measure('example', join(root, 'specs', 'example', 'study.yaml'), (t) => t.replace('formula: lnexport ~ QUA + {controls} | firm + year\n    vcov: cluster(firm)\n  steps:', 'formula: lnexport ~ QUA + lnage | firm + year\n    vcov: cluster(firm)\n  steps:')),
  ...measure('larger (400k rows)', largerStudy(), (t) => t.replace('y ~ x1 + x2 + x3 | firm + year', 'y ~ x1 + x3 | firm + year')),
];
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(
  join(here, 'results', 'rerun.md'),
  `## Re-running a study (step cache)

Whole \`studyspec run --quiet\` commands, wall clock in seconds including Node's start-up; the
changed model is \`twfe\` (example) and \`m3\` (larger). Load average when measured:
${loadavg().map((x) => x.toFixed(1)).join(', ')} (a shared machine: treat times as upper bounds).

| spec | run | seconds | steps |
|---|---|---|---|
${rows.join('\n')}
`,
);
process.stdout.write(readFileSync(join(here, 'results', 'rerun.md'), 'utf8'));
