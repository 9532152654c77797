/** Shared set-up of the data-layer tests: temp spec folders with tiny files, and a context. */
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { Reporter, StudyError } from '../../src/diagnostics/diagnostic.js';
import type { Column, Frame } from '../../src/data/frame.js';
import { DataEngine } from '../../src/data/engine.js';
import type { DataContext, DataTableSpec } from '../../src/data/types.js';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixturesData = join(repoRoot, 'test', 'fixtures', 'data');

/** A fresh folder holding `files` (name → content); returns its path. */
export function specDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ss-data-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

export function context(dir: string, tables: Record<string, DataTableSpec>, extra: Partial<DataContext> = {}): DataContext {
  return { tables, specDir: dir, allowOutside: false, reporter: new Reporter(), ...extra };
}

/** Builds and extracts one table with a fresh engine. */
export async function load(ctx: DataContext, name: string): Promise<Frame> {
  const engine = await DataEngine.open(ctx);
  try {
    return await engine.loadTable(name);
  } finally {
    engine.close();
  }
}

/** The StudyError a promise rejects with (fails the test if it resolves). */
export async function studyError(p: Promise<unknown>): Promise<StudyError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof StudyError) return e;
    throw e;
  }
  expect.fail('expected a StudyError');
}

export function nums(f: Frame, name: string): number[] {
  const c = f.columns.get(name);
  if (!c || c.kind !== 'num') throw new Error(`no numeric column ${name}`);
  return Array.from(c.values);
}

/** Text of a factor column row by row (null = missing). */
export function texts(f: Frame, name: string): (string | null)[] {
  const c: Column | undefined = f.columns.get(name);
  if (!c || c.kind !== 'factor') throw new Error(`no factor column ${name}`);
  return Array.from(c.codes, (k) => (k < 0 ? null : c.levels[k]!));
}
