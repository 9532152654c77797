/**
 * Operating-system file errors (permission, full disk, read-only file system, a file where a
 * folder should be …) are the user's environment, not a bug: they are reported with the path
 * and the OS reason (exit 1), never as an internal error.
 */
import type { Diagnostic } from './diagnostic.js';
import { diag } from './messages/index.js';
import { fileMessages } from './messages/files.js';

const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EEXIST: 'something with that name already exists',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  ENOENT: 'no such file or folder',
  ENOTEMPTY: 'the folder is not empty',
  EBUSY: 'the file or folder is in use',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'too many levels of symbolic links',
  EXDEV: 'the source and target are on different file systems',
  EIO: 'input/output error',
  EFBIG: 'the file is too large',
  ETXTBSY: 'the file is busy',
};

export interface FsError extends Error {
  readonly code: string;
  readonly syscall?: string;
  readonly path?: string;
  readonly dest?: string;
}

export function isFsError(e: unknown): e is FsError {
  const code = (e as { code?: unknown } | null)?.code;
  return e instanceof Error && typeof code === 'string' && code in REASONS;
}

/** "permission denied (EACCES)". */
export function fsReason(e: FsError): string {
  return `${REASONS[e.code] ?? e.message} (${e.code})`;
}

function actionOf(syscall: string | undefined): 'read' | 'write' | 'create' | 'remove' | 'rename' {
  switch (syscall) {
    case 'mkdir':
    case 'mkdtemp':
      return 'create';
    case 'rmdir':
    case 'unlink':
    case 'rm':
      return 'remove';
    case 'rename':
      return 'rename';
    case 'open':
    case 'write':
    case 'copyfile':
      return 'write';
    default:
      return 'read';
  }
}

/** SS814 with the path and reason, or undefined when `e` is not an OS file error. */
export function fsErrorDiagnostic(e: unknown, fallbackPath?: string): Diagnostic | undefined {
  if (!isFsError(e)) return undefined;
  const action = e.syscall === 'open' && /read|stat|scandir/.test(e.message) ? 'read' : actionOf(e.syscall);
  return diag(fileMessages.fsError(action, e.path ?? fallbackPath ?? '(path not reported by the system)', fsReason(e)));
}
