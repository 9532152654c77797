#!/usr/bin/env node
// Entry point: the bundled CLI (npm run build writes dist/studyspec.mjs).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'studyspec.mjs');
if (!existsSync(dist)) {
  process.stderr.write('studyspec: the CLI is not built yet; run `npm run build` first.\n');
  process.exit(1);
}
await import(pathToFileURL(dist).href);
