/**
 * The output policy: `run` never deletes anything it did not create.
 *
 *   --out / default ──chooseOutputDir──▶ refused (usage error, exit 2) | an output folder
 *   output folder ──openStaging──▶ <out>.partial-<pid>-xxxxxx (signals remove it)
 *   staging, all steps done ──publish──▶ <out> (the old <out> removed only if it is ours)
 *
 * A folder is ours when it carries the marker `<out>/.studyspec/output.json` (written into
 * every output folder). An existing folder without the marker is replaced only when it is
 * empty; the spec's folder, any folder above it, the current folder, and any folder holding
 * a file the spec reads are never used. Publishing renames the staged folder into place and
 * only then removes the previous outputs, so a failure at any point leaves the previous
 * outputs as they were.
 */
import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { StudyError } from '../diagnostics/diagnostic.js';
import { fsReason, isFsError } from '../diagnostics/fs-error.js';
import { diag } from '../diagnostics/messages/index.js';
import { outputMessages as M } from '../diagnostics/messages/output.js';
import { isWithin, realPathOf, type NamedFile } from '../spec/paths.js';
import { TOOL_VERSION } from './version.js';

export const MARKER_DIR = '.studyspec';
export const MARKER_FILE = 'output.json';

export interface OutputRequest {
  /** `--out` as typed (undefined: the default `<spec dir>/out/<spec name>`). */
  readonly out?: string | undefined;
  readonly specPath: string;
  /** Files the spec reads (data sources, templates, fonts): their folders are never replaced. */
  readonly inputs: readonly NamedFile[];
  readonly cwd?: string;
}

/** A usage error: the CLI exits 2 (the user chose a folder the tool must not replace). */
export class OutputRefused extends StudyError {
  constructor(d: Diagnostic) {
    super(d);
    this.name = 'OutputRefused';
  }
}

/** Default output folder: <spec dir>/out/<spec name without extension>. */
export function defaultOutDir(specPath: string): string {
  const abs = resolve(specPath);
  return join(dirname(abs), 'out', basename(abs, extname(abs)));
}

/** What is at an output path now. */
export type Existing = 'absent' | 'empty' | 'ours' | 'foreign' | 'file' | 'link';

export function inspect(outDir: string): Existing {
  let st;
  try {
    st = lstatSync(outDir);
  } catch (e) {
    if (isFsError(e) && e.code === 'ENOENT') return 'absent';
    throw e;
  }
  if (st.isSymbolicLink()) return 'link';
  if (!st.isDirectory()) return 'file';
  if (readdirSync(outDir).length === 0) return 'empty';
  return isMarked(outDir) ? 'ours' : 'foreign';
}

/** The marker exists and says studyspec wrote the folder. */
export function isMarked(dir: string): boolean {
  try {
    const m = JSON.parse(readFileSync(join(dir, MARKER_DIR, MARKER_FILE), 'utf8')) as { tool?: unknown };
    return m !== null && typeof m === 'object' && m.tool === 'studyspec';
  } catch {
    return false;
  }
}

/**
 * The output folder for a run, or throws OutputRefused (exit 2) / StudyError (exit 1, the
 * location cannot be written). Called by the CLI before anything runs, and again by runStudy.
 */
export function chooseOutputDir(req: OutputRequest): string {
  const cwd = req.cwd ?? process.cwd();
  const specPath = resolve(cwd, req.specPath);
  let outDir: string;
  if (req.out === undefined) {
    const name = basename(specPath, extname(specPath));
    outDir = defaultOutDir(specPath);
    if (name === '' || name === '.' || name === '..' || name.includes(sep) || name.includes('/')) {
      throw new OutputRefused(diag(M.defaultOutUnsafe(outDir, basename(specPath))));
    }
  } else {
    if (req.out.trim() === '') throw new OutputRefused(diag(M.outEmpty()));
    outDir = resolve(cwd, req.out);
  }
  const real = realPathOf(outDir);
  if (isWithin(real, realPathOf(cwd))) throw new OutputRefused(diag(M.outIsWorkingFolder(outDir)));
  const specDir = dirname(specPath);
  if (isWithin(real, realPathOf(specDir))) throw new OutputRefused(diag(M.outHoldsSpec(outDir, specDir)));
  for (const f of req.inputs) {
    if (isWithin(real, realPathOf(f.resolved))) throw new OutputRefused(diag(M.outHoldsInput(outDir, f.kind, f.written)));
  }
  let what: Existing;
  try {
    what = inspect(outDir);
  } catch (e) {
    throw unwritable(outDir, e);
  }
  if (what === 'link') throw new OutputRefused(diag(M.outIsLink(outDir)));
  if (what === 'file') throw new OutputRefused(diag(M.outIsFile(outDir)));
  if (what === 'foreign') throw new OutputRefused(diag(M.outNotOurs(outDir)));
  checkWritable(outDir, what);
  return outDir;
}

/** Exit-1 error for a location that cannot be written (nothing has been touched yet). */
function unwritable(path: string, e: unknown): StudyError {
  const reason = isFsError(e) ? fsReason(e) : String((e as Error)?.message ?? e);
  const where = isFsError(e) && e.path ? e.path : path;
  return new StudyError(diag(M.outUnwritable(where, reason)));
}

/**
 * The nearest existing folder above the output must be writable (the staging folder is
 * created there), and so must an existing output folder (it is replaced): a read-only
 * output folder is the user saying "keep this", so nothing is replaced.
 */
function checkWritable(outDir: string, what: Existing): void {
  let parent = dirname(outDir);
  while (!existsSync(parent) && dirname(parent) !== parent) parent = dirname(parent);
  try {
    if (!statSync(parent).isDirectory()) {
      throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR', path: parent });
    }
    accessSync(parent, constants.W_OK);
    if (what !== 'absent') accessSync(outDir, constants.W_OK);
  } catch (e) {
    throw unwritable(outDir, e);
  }
}

export interface Staging {
  readonly dir: string;
  /** Move the finished staging folder into place; returns a warning when old outputs stayed. */
  publish(): Diagnostic | undefined;
  /** Remove the staging folder (after a failure). */
  discard(): void;
}

/**
 * Create the staging folder beside the output folder and arrange that SIGINT/SIGTERM remove
 * it (exit 130/143). `onInterrupt` prints the notice (the CLI's printer).
 */
export function openStaging(outDir: string, specPath: string, onInterrupt: (d: Diagnostic) => void): Staging {
  // The handlers go in before the folder exists: a signal that arrives between mkdtemp and
  // their installation would otherwise kill the process and leave the folder behind.
  let dir: string | undefined;
  let removed = false;
  const remove = () => {
    if (removed || dir === undefined) return;
    removed = true;
    rmSync(dir, { recursive: true, force: true });
  };
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((signal) => {
    const h = () => {
      try {
        remove();
      } finally {
        onInterrupt(diag(M.interrupted(signal, dir ?? `${outDir}.partial-${process.pid}`)));
        process.exit(signal === 'SIGINT' ? 130 : 143);
      }
    };
    process.on(signal, h);
    return [signal, h] as const;
  });
  try {
    mkdirSync(dirname(outDir), { recursive: true });
    // mkdtemp never reuses an existing name, so nothing the user has there is touched.
    dir = mkdtempSync(`${outDir}.partial-${process.pid}-`);
    writeMarker(dir, specPath);
  } catch (e) {
    for (const [s, h] of handlers) process.off(s, h);
    remove();
    throw unwritable(outDir, e);
  }
  const staged: string = dir;
  const release = () => {
    for (const [s, h] of handlers) process.off(s, h);
  };
  return {
    dir: staged,
    publish() {
      try {
        return publish(staged, outDir);
      } catch (e) {
        remove();
        throw e;
      } finally {
        removed = true;
        release();
      }
    },
    discard() {
      try {
        remove();
      } finally {
        release();
      }
    },
  };
}

function writeMarker(dir: string, specPath: string): void {
  mkdirSync(join(dir, MARKER_DIR), { recursive: true });
  const marker = { tool: 'studyspec', tool_version: TOOL_VERSION, spec: resolve(specPath), created: new Date().toISOString() };
  // 'wx': the staging folder was just created empty, so the file must be new.
  writeFileSync(join(dir, MARKER_DIR, MARKER_FILE), `${JSON.stringify(marker, null, 2)}\n`, { flag: 'wx' });
}

/**
 * Replace outDir by the staged folder. The previous folder is moved aside first and removed
 * only after the new one is in place, and only if it still carries the marker; if the swap
 * fails, the previous folder is moved back.
 */
function publish(staging: string, outDir: string): Diagnostic | undefined {
  const what = inspect(outDir);
  if (what === 'foreign' || what === 'link' || what === 'file') throw new StudyError(diag(M.outChanged(outDir)));
  try {
    if (what === 'absent' || what === 'empty') {
      // rename(2) replaces an empty folder atomically and fails if it gained files meanwhile.
      renameSync(staging, outDir);
      return undefined;
    }
  } catch (e) {
    throw unwritable(outDir, e);
  }
  const aside = `${outDir}.old-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(outDir, aside);
  } catch (e) {
    throw unwritable(outDir, e);
  }
  try {
    renameSync(staging, outDir);
  } catch (e) {
    renameSync(aside, outDir);
    throw unwritable(outDir, e);
  }
  if (!isMarked(aside)) {
    // Only if the folder was emptied behind our back; never delete what is not ours.
    try {
      rmdirSync(aside);
    } catch {
      return diag(M.oldOutputKept(aside, 'it is no longer marked as a studyspec output'), { severity: 'warning' });
    }
    return undefined;
  }
  try {
    rmSync(aside, { recursive: true });
  } catch (e) {
    return diag(M.oldOutputKept(aside, isFsError(e) ? fsReason(e) : String(e)), { severity: 'warning' });
  }
  return undefined;
}
