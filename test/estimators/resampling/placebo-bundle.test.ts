/**
 * The threaded placebo path as shipped: the driver and dist-style placebo-worker.mjs are
 * bundled with esbuild into a temporary folder (as scripts/build.mjs does) and run with
 * plain node, so the worker is found next to the bundle via import.meta.url, not via tsx.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/estimator-fixture.js';

const banner = { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" };

describe('placebo worker in a bundle', () => {
  it('runs draws in 2 worker threads with the same draws as the in-thread batched run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'placebo-bundle-'));
    try {
      const driver = join(dir, 'driver.ts');
      writeFileSync(
        driver,
        `import { runPlacebo } from ${JSON.stringify(join(repoRoot, 'src/estimators/resampling/placebo.ts'))};
import { linearPlaceboRefit } from ${JSON.stringify(join(repoRoot, 'src/estimators/resampling/placebo-refit.ts'))};
const n = 3000, G = 300;
const fe = Int32Array.from({ length: n }, (_, i) => i % G);
const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) + (i % G) * 0.01);
const y = Float64Array.from({ length: n }, (_, i) => 0.5 * x[i] + Math.cos(i * 1.3) + (i % G) * 0.1);
const design = { n, y, yName: 'y', X: [x], names: ['x'], intercept: false, fe: [{ name: 'g', codes: fe, nlevels: G }], clusters: [],
  rows: Int32Array.from({ length: n }, (_, i) => i), dropped: { missing: 0, missingBy: {}, singletons: 0, collinear: [] } };
const options = { vcov: 'iid', conventions: 'stata' };
const refit = linearPlaceboRefit(design, options, 'x');
const a = await runPlacebo({ observed: 0.5, draws: 43, seed: 9, permute: x, refit, linear: { design, options, focal: 'x' } });
const b = await runPlacebo({ observed: 0.5, draws: 43, seed: 9, permute: x, refit, workers: 2, linear: { design, options, focal: 'x' } });
process.stdout.write(JSON.stringify({ threads: b.threads, fallback: b.fallback ?? null, same: a.draws.every((v, i) => Object.is(v, b.draws[i])) }));
`,
      );
      const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'error', banner } as const;
      await build({ ...common, entryPoints: [driver], outfile: join(dir, 'studyspec.mjs') });
      await build({ ...common, entryPoints: [join(repoRoot, 'src/estimators/resampling/placebo-worker.ts')], outfile: join(dir, 'placebo-worker.mjs') });
      const out = JSON.parse(execFileSync(process.execPath, [join(dir, 'studyspec.mjs')], { encoding: 'utf8' }));
      expect(out).toEqual({ threads: 2, fallback: null, same: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
