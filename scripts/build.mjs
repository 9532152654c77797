// Bundles the CLI into dist/ with esbuild: dist/studyspec.mjs (the CLI) and
// dist/placebo-worker.mjs (placebo draws on worker threads; src/estimators/resampling/placebo.ts finds it
// next to its own module), plus shared chunks in the same folder.
// Why bundle: unbundled imports of all dependencies cost 1.6–2.7 s of cold start on the
// reference machine; bundled ~0.3 s. Why split: the run stage (DuckDB, vega, resvg) is
// imported dynamically by the CLI, and with splitting it lands in its own chunk, so
// `check` and `plan` never load those native packages. Native packages stay external
// (they ship binaries).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

await build({
  entryPoints: {
    studyspec: join(root, 'src/cli/main.ts'),
    'placebo-worker': join(root, 'src/estimators/resampling/placebo-worker.ts'),
  },
  outdir: join(root, 'dist'),
  outExtension: { '.js': '.mjs' },
  // Chunks stay in dist/ itself: modules that resolve files relative to import.meta.url
  // (the placebo worker, templates) must see the same folder as the entry points.
  chunkNames: '[name]-[hash]',
  splitting: true,
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
