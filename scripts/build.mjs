// Bundles the CLI into dist/studyspec.mjs with esbuild.
// Why bundle: unbundled imports of all dependencies cost 1.6–2.7 s of cold start on the
// reference machine; bundled ~0.3 s. Native packages stay external (they ship binaries),
// and vega/DuckDB are imported lazily by the code that needs them.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

await build({
  entryPoints: [join(root, 'src/cli/main.ts')],
  outfile: join(root, 'dist/studyspec.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  external: ['@duckdb/*', '@resvg/*', 'vega', 'vega-lite'],
  // stdlib's debug dependency does `require("tty")`; an ESM bundle needs a real require.
  banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
});

// Placebo draws run in worker threads; the worker needs its own file next to the CLI bundle
// (resolved relative to import.meta.url by src/estimators/placebo.ts).
await build({
  entryPoints: [join(root, 'src/estimators/placebo-worker.ts')],
  outfile: join(root, 'dist/placebo-worker.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  external: ['@duckdb/*', '@resvg/*', 'vega', 'vega-lite'],
  banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
});
