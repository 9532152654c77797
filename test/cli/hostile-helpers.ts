/**
 * Shared by the CLI tests of hostile input: a temporary study folder with a small
 * deterministic panel, and `node bin/studyspec.mjs` run on a spec written into it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly out: string;
  readonly err: string;
}

export function cli(args: readonly string[], cwd: string, timeoutMs = 60_000): CliResult {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'studyspec.mjs'), ...args], {
    cwd,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}

/** 200 rows: id (20 units) × t (10 periods), y, x, z, g (5 groups), d = x > 0.5, time, event. */
export function panelCsv(header = 'id,t,y,x,z,g,d,time,event'): string {
  let s = 1;
  const r = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const rows = [header];
  for (let i = 0; i < 200; i++) {
    const x = r();
    rows.push([i % 20, Math.floor(i / 20), (x + r()).toFixed(4), x.toFixed(4), r().toFixed(4), `g${i % 5}`, x > 0.5 ? 1 : 0, (1 + r() * 10).toFixed(3), r() < 0.7 ? 1 : 0].join(','));
  }
  return rows.join('\n') + '\n';
}

/** A fresh study folder holding d.csv (and any extra files); returns its path. */
export function studyDir(files: Readonly<Record<string, string>> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'studyspec-hostile-'));
  writeFileSync(join(dir, 'd.csv'), panelCsv());
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Write `spec.yaml` (the YAML given) into `dir`. */
export function writeSpec(dir: string, yaml: string, name = 'spec.yaml'): string {
  writeFileSync(join(dir, name), yaml);
  return name;
}

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Errors of `check --format json` (or run's text) as "CODE line:col" strings. */
export function jsonDiagnostics(out: string): { code: string; severity: string; message: string; pos?: { line: number; col: number } }[] {
  return JSON.parse(out) as { code: string; severity: string; message: string; pos?: { line: number; col: number } }[];
}
