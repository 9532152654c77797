/**
 * One path policy for every file a spec names (data sources, table templates, and any file
 * a later option names): the file must lie inside the spec's folder tree unless
 * `--allow-outside` is given. `check`, `plan` and `run` all decide with `checkInsideSpecTree`,
 * so the three agree — including on symbolic links, which are resolved (realpath) before
 * the comparison: a link inside the folder that points out of it is outside.
 *
 * Why: a spec is shared with co-authors and replication packages; reading `../../` files or
 * absolute paths silently makes it unportable, and copying an arbitrary file (a template
 * naming /etc/passwd) into the outputs publishes it.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/messages/index.js';
import { pathMessages } from '../diagnostics/messages/paths.js';
import type { NormalizedSpec, SpecPath } from './normalized.js';

/** A file the spec names, with where it is written in the spec. */
export interface NamedFile {
  readonly kind: 'data source' | 'template' | 'font';
  /** As written in the spec. */
  readonly written: string;
  /** Absolute, resolved against the spec's folder (symlinks not yet followed). */
  readonly resolved: string;
  readonly path: SpecPath;
}

/**
 * Real path of `p` even when it does not exist yet: the longest existing prefix is
 * resolved with realpath and the rest appended, so a path through a symlinked folder
 * compares by where it really goes.
 */
export function realPathOf(p: string): string {
  const abs = resolve(p);
  const rest: string[] = [];
  let cur = abs;
  for (;;) {
    try {
      const real = realpathSync(cur);
      return rest.length ? join(real, ...rest.reverse()) : real;
    } catch {
      const parent = dirname(cur);
      if (parent === cur) return abs;
      rest.push(basename(cur));
      cur = parent;
    }
  }
}

/** True when `inner` is `outer` or lies below it (plain path comparison, no symlinks followed). */
export function isWithin(outer: string, inner: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** True when `file` (after following symlinks) lies inside `specDir` (also followed). */
export function insideSpecTree(specDir: string, file: string): boolean {
  return isWithin(realPathOf(specDir), realPathOf(file));
}

/**
 * The one decision used by check, plan and run: undefined when the file may be read,
 * else why not (the caller turns it into its stage's diagnostic).
 */
export function checkInsideSpecTree(specDir: string, file: string, allowOutside: boolean): 'outside' | undefined {
  if (allowOutside) return undefined;
  return insideSpecTree(specDir, file) ? undefined : 'outside';
}

/** Every file the spec names, in spec order. */
export function namedFiles(spec: NormalizedSpec): NamedFile[] {
  const out: NamedFile[] = [];
  for (const name of spec.dataOrder) {
    const t = spec.data[name];
    if (t?.source) out.push({ kind: 'data source', written: t.source.written, resolved: t.source.resolved, path: [...t.path, 'source'] });
  }
  for (const t of Object.values(spec.tables)) {
    if (t.template !== undefined) {
      out.push({ kind: 'template', written: t.template, resolved: resolve(spec.specDir, t.template), path: [...t.path, 'template'] });
    }
  }
  return out;
}

/**
 * Diagnostics for the named files other than data sources (those are checked where their
 * headers are read, plan/columns.ts, with the same rule): outside the tree, or missing.
 */
export function namedFileDiagnostics(spec: NormalizedSpec, allowOutside: boolean): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const f of namedFiles(spec)) {
    if (f.kind === 'data source') continue;
    if (checkInsideSpecTree(spec.specDir, f.resolved, allowOutside)) {
      out.push(diag(pathMessages.fileOutside(f.kind, f.written), { path: f.path }));
    } else if (!existsSync(f.resolved) || !statSync(f.resolved).isFile()) {
      out.push(diag(pathMessages.fileMissing(f.kind, f.written), { path: f.path }));
    }
  }
  return out;
}
