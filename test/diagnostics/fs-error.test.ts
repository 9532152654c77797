import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fsErrorDiagnostic, isFsError } from '../../src/diagnostics/fs-error.js';

describe('file-system errors', () => {
  it('carry the path and the OS reason; other errors are not file errors', () => {
    let err: unknown;
    try {
      readFileSync('/');
    } catch (e) {
      err = e;
    }
    expect(isFsError(err)).toBe(true);
    // Node reports no path for EISDIR on read: the caller's path is used.
    const d = fsErrorDiagnostic(err, '/')!;
    expect(d.code).toBe('SS814');
    expect(d.message).toBe("cannot read '/': it is a folder, not a file (EISDIR)");
    expect(fsErrorDiagnostic(new TypeError('x'))).toBeUndefined();
    expect(fsErrorDiagnostic(Object.assign(new Error('x'), { code: 'ERR_SOMETHING' }))).toBeUndefined();
  });
});
