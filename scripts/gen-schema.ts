// Writes studyspec.schema.json (repo root) from the typebox spec types, the single source of truth.
// `--check` exits 1 when the committed file differs, so a stale schema fails CI.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { schemaJson } from '../src/spec/schema.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'studyspec.schema.json');
const text = schemaJson();
if (process.argv.includes('--check')) {
  const current = existsSync(out) ? readFileSync(out, 'utf8') : '';
  if (current !== text) {
    process.stderr.write('studyspec.schema.json is stale; run `npm run schema`\n');
    process.exit(1);
  }
} else {
  writeFileSync(out, text);
  process.stdout.write(`wrote ${out}\n`);
}
