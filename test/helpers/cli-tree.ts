/**
 * Helpers for CLI tests that run studies in temp trees: the CLI as a user runs it, and
 * snapshots of every file (path → sha256) to prove nothing pre-existing was touched.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect } from 'vitest';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const bin = join(root, 'bin', 'studyspec.mjs');
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

export function cli(args: string[], cwd = root) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

export function temp(): string {
  const t = mkdtempSync(join(tmpdir(), 'studyspec-out-'));
  temps.push(t);
  return t;
}

/** path → sha256 of every file under dir (symlinks recorded by target path, not followed). */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isSymbolicLink()) out.set(relative(dir, p), `link:${lstatSync(p).size}`);
      else out.set(relative(dir, p), createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

export function expectKept(dir: string, before: Map<string, string>): void {
  const after = snapshot(dir);
  for (const [p, h] of before) expect(after.get(p), p).toBe(h);
}

/** A small study (one CSV, one OLS model, one table in three formats): runs in about a second. */
export const CSV = ['firm,year,y,x', ...Array.from({ length: 40 }, (_, i) => `${i % 8},${2000 + (i % 5)},${((i * 7) % 11) + 0.5 * i},${(i * 3) % 7}`)].join('\n') + '\n';
export function smallStudy(dir: string, table = 'main', extra = ''): string {
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(join(dir, 'data', 'panel.csv'), CSV);
  const spec = join(dir, 'study.yaml');
  writeFileSync(
    spec,
    `version: 1
title: Small study
data:
  panel: { source: data/panel.csv }
models:
  ols:
    data: panel
    formula: y ~ x
tables:
  "${table}":
    models: [ols]
    format: [latex, markdown, html]
${extra}`,
  );
  return spec;
}

/** specs/example copied into a fresh tree with an unrelated folder and file beside it. */
export function exampleTree(): { t: string; spec: string } {
  const t = temp();
  cpSync(join(root, 'specs', 'example'), join(t, 'ex'), { recursive: true });
  mkdirSync(join(t, 'other'));
  writeFileSync(join(t, 'other', 'notes.txt'), 'my only copy\n');
  writeFileSync(join(t, 'afile.txt'), 'keep me\n');
  return { t, spec: join(t, 'ex', 'study.yaml') };
}

