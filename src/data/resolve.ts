/**
 * Where a `source:` is and what format it has: shared by the DuckDB reader (source.ts) and the
 * plain CSV reader (plain.ts), which must not load DuckDB.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { StudyError } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/messages/index.js';
import { dataMessages as messages } from '../diagnostics/messages/data.js';
import { checkInsideSpecTree } from '../spec/paths.js';
import { detectFormat, isGlob } from './formats.js';
import type { DataContext, SourceFormat } from './types.js';

/** Absolute path of a source, refusing paths outside the spec's folder unless allowed. */
export function resolveSource(source: string, ctx: Pick<DataContext, 'specDir' | 'allowOutside'>, path: readonly (string | number)[]): string {
  const abs = resolve(ctx.specDir, source);
  // The same decision as check and plan (spec/paths.ts): symlinks are followed first. A glob
  // is checked through the folder before its first wildcard.
  const base = isGlob(source) ? globBase(abs) : abs;
  if (checkInsideSpecTree(ctx.specDir, base, ctx.allowOutside)) {
    throw new StudyError(diag(messages.sourceOutside(source, ctx.specDir), { path }));
  }
  if (!existsSync(base)) throw new StudyError(diag(messages.sourceNotFound(source), { path }));
  return abs;
}

function globBase(abs: string): string {
  const i = abs.search(/[*?[{]/);
  return dirname(abs.slice(0, i) + 'x');
}

export function formatOf(file: string, abs: string, declared: SourceFormat | undefined, path: readonly (string | number)[]): SourceFormat {
  const f = detectFormat(file, abs, declared);
  if (!f) throw new StudyError(diag(messages.unknownFormat(file), { path }));
  return f;
}

