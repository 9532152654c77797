/**
 * The code of the first diagnostic a call throws (undefined when it does not throw): tests
 * assert codes, never prose. Anything other than a StudyError is reported as such, so a crash
 * is never mistaken for a user error.
 */
import { isStudyError } from '../../src/diagnostics/diagnostic.js';

export function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isStudyError(e) ? e.diagnostics[0]!.code : `not a StudyError: ${String(e)}`;
  }
  return undefined;
}

/** codeOf for async calls (renderTable and the writers are async). */
export async function codeOfAsync(f: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await f();
  } catch (e) {
    return isStudyError(e) ? e.diagnostics[0]!.code : `not a StudyError: ${String(e)}`;
  }
  return undefined;
}
