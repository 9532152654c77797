/**
 * Tiny CSV → Frame reader for tests: a column whose non-empty cells all parse as numbers
 * becomes a Float64Array (empty = NaN); any other column becomes a factor with levels in
 * sorted order (empty = missing). No quoting support: the fixtures have none.
 */
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { factorColumn, makeFrame, numColumn, type Column, type Frame, type PanelIndex } from '../../src/data/frame.js';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixturesDir = join(repoRoot, 'test', 'fixtures');

export function frameFromCsvText(text: string, panel?: PanelIndex): Frame {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0]!.split(',');
  const cells = header.map(() => [] as string[]);
  for (let r = 1; r < lines.length; r++) {
    const parts = lines[r]!.split(',');
    header.forEach((_, j) => cells[j]!.push(parts[j] ?? ''));
  }
  const cols: [string, Column][] = header.map((name, j) => [name, toColumn(cells[j]!)]);
  return makeFrame(cols, panel);
}

export function frameFromCsv(path: string, panel?: PanelIndex): Frame {
  return frameFromCsvText(readFileSync(path, 'utf8'), panel);
}

/** A fixture data file, e.g. fixtureFrame('grunfeld_gappy.csv', { id: 'firm', time: 'year' }). */
export function fixtureFrame(file: string, panel?: PanelIndex): Frame {
  return frameFromCsv(join(fixturesDir, 'data', file), panel);
}

export function readExpected(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(fixturesDir, 'expected', file), 'utf8')) as Record<string, unknown>;
}

function toColumn(values: string[]): Column {
  const numeric = values.every((v) => v === '' || (v.trim() !== '' && Number.isFinite(Number(v))));
  if (numeric) return numColumn(Float64Array.from(values, (v) => (v === '' ? NaN : Number(v))));
  const levels = [...new Set(values.filter((v) => v !== ''))].sort();
  const index = new Map(levels.map((l, k) => [l, k]));
  return factorColumn(Int32Array.from(values, (v) => (v === '' ? -1 : index.get(v)!)), levels);
}
