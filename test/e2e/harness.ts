/**
 * End-to-end harness: write a spec (and copy its data) into a temp folder, run the built CLI
 * the way a user does (`node bin/studyspec.mjs run spec.yaml --out …`), read results.json.
 *
 * Data come from ../shared/fixtures/data and are copied next to the spec so the spec needs
 * no --allow-outside.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixturesDir = join(repoRoot, '..', 'shared', 'fixtures');

export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly dir: string;
  readonly outDir: string;
}

export function cli(args: readonly string[], cwd?: string): CliRun {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'studyspec.mjs'), ...args], {
    encoding: 'utf8',
    cwd: cwd ?? repoRoot,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, dir: cwd ?? repoRoot, outDir: '' };
}

/** Write `yaml` as spec.yaml in a fresh folder with the named fixture CSVs, and run it. */
export function runSpec(yaml: string, dataFiles: readonly string[]): CliRun & { results: any } {
  const dir = mkdtempSync(join(tmpdir(), 'studyspec-e2e-'));
  for (const f of dataFiles) copyFileSync(join(fixturesDir, 'data', f), join(dir, f));
  writeFileSync(join(dir, 'spec.yaml'), yaml);
  const outDir = join(dir, 'out');
  const r = cli(['run', join(dir, 'spec.yaml'), '--out', outDir], dir);
  const file = join(outDir, 'results.json');
  const results = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
  return { ...r, dir, outDir, results };
}

export function expected(name: string): any {
  return JSON.parse(readFileSync(join(fixturesDir, 'expected', `${name}.json`), 'utf8'));
}

/** |a − b| ≤ tol · max(|b|, floor): relative, with an absolute floor for values near zero. */
export function close(a: number, b: number, tol: number, floor = 1e-300): boolean {
  return Math.abs(a - b) <= tol * Math.max(Math.abs(b), floor);
}
