// Bundles the CLI into dist/ with esbuild: dist/studyspec.mjs (the CLI),
// dist/placebo-worker.mjs (placebo draws on worker threads; src/estimators/resampling/placebo.ts finds it
// next to its own module) and dist/demean-worker.mjs (the helper thread of the row-pass pool,
// src/linalg/pool/worker.ts; src/linalg/demean-pool.ts finds it next to the chunk it lands in),
// plus shared chunks in the same folder (the kernels both threads run are one shared chunk).
// Why bundle: unbundled imports of all dependencies cost 1.6–2.7 s of cold start on the
// reference machine; bundled ~0.3 s. Why split: the run stage (DuckDB, vega, resvg) is
// imported dynamically by the CLI, and with splitting it lands in its own chunk, so
// `check` and `plan` never load those native packages. Native packages stay external
// (they ship binaries).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// A build identity from the sources and the lockfile: the step cache (src/cache/keys.ts)
// files entries under it, so a rebuilt tool never reuses results an older build computed.
function buildId() {
  const h = createHash('sha256');
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else h.update(`${p.slice(root.length)}\u0000`).update(readFileSync(p));
    }
  };
  walk(join(root, 'src'));
  walk(join(root, 'templates'));
  const lock = join(root, 'package-lock.json');
  if (existsSync(lock)) h.update(readFileSync(lock));
  return h.digest('hex').slice(0, 16);
}

// The spec validator, compiled at build time: src/spec/compile-validator.ts compiles the schema
// with ajv at run time (tests, tsx); the bundle gets ajv's standalone code for the same schema and
// options in its place. That keeps ajv and typebox out of the CLI and saves ~150 ms of CPU at each
// start. The standalone code is generated source, bundled like any other module.
async function validatorModule() {
  // Inside the package, so that the generated code's imports of ajv resolve.
  mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true });
  const tmp = mkdtempSync(join(root, 'node_modules', '.cache', 'studyspec-build-'));
  try {
    const entry = join(tmp, 'schema.mjs');
    await build({
      stdin: {
        contents: "export { studySchema } from './src/spec/schema.ts'; export { AJV_OPTIONS } from './src/spec/compile-validator.ts';",
        resolveDir: root,
        loader: 'ts',
      },
      outfile: entry,
      bundle: true,
      platform: 'node',
      format: 'esm',
      logLevel: 'warning',
    });
    const { studySchema, AJV_OPTIONS } = await import(pathToFileURL(entry).href);
    const { Ajv } = await import('ajv');
    const standalone = (await import('ajv/dist/standalone/index.js')).default;
    const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: true } });
    const code = standalone.default ? standalone.default(ajv, ajv.compile(studySchema())) : standalone(ajv, ajv.compile(studySchema()));
    return `${code}\nexport function compileValidator() { return validate; }\nexport const AJV_OPTIONS = ${JSON.stringify(AJV_OPTIONS)};\n`;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
const validatorCode = await validatorModule();
const precompiledValidator = {
  name: 'precompiled-validator',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]spec[\\/]compile-validator\.ts$/ }, () => ({ contents: validatorCode, loader: 'js', resolveDir: root }));
  },
};

const result = await build({
  plugins: [precompiledValidator],
  entryPoints: {
    studyspec: join(root, 'src/cli/main.ts'),
    'placebo-worker': join(root, 'src/estimators/resampling/placebo-worker.ts'),
    'progress-worker': join(root, 'src/cli/progress-worker.ts'),
    'demean-worker': join(root, 'src/linalg/pool/worker.ts'),
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
  define: { __STUDYSPEC_BUILD__: JSON.stringify(buildId()) },
  // pdfkit reads its font metrics from files next to its own module; exceljs and docx are large and loaded only when a table asks for them.
  external: ['@duckdb/node-bindings', '@duckdb/node-bindings-*', '@resvg/*', 'vega', 'vega-lite', 'pdfkit', 'svg-to-pdfkit', 'exceljs', 'docx', 'jszip'],
  // stdlib's debug dependency does `require("tty")`; an ESM bundle needs a real require.
  banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
  metafile: true,
});

// Chunk names carry content hashes, so every changed build would leave the last one's chunks
// behind (and `npm pack` would ship them): remove what this build did not write. Not the
// folder up front — a CLI running meanwhile must never find dist/ empty.
const written = new Set(Object.keys(result.metafile.outputs).map((p) => join(root, p)));
for (const f of readdirSync(join(root, 'dist'))) {
  const p = join(root, 'dist', f);
  if (!written.has(p)) rmSync(p, { force: true });
}
