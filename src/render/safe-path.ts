/**
 * The one place where a user-chosen name becomes a file path under the output folder.
 * Names are validated by `check` (spec/names.ts); this is the second line of defence for
 * callers that skip the spec stage: a name that is not a plain file name, or a path that
 * would leave the output folder, is refused before anything is written.
 */
import { relative, resolve, isAbsolute, sep } from 'node:path';
import { StudyError } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/messages/index.js';
import { outputMessages } from '../diagnostics/messages/output.js';
import { fileNameProblem } from '../spec/names.js';

/**
 * `<outDir>/<folder>/<name>.<ext>` and its path relative to outDir (forward slashes, as
 * results.json lists files). `folder` and `ext` are the tool's own; `name` is the user's.
 */
export function outputFile(outDir: string, folder: string, name: string, ext: string): { abs: string; rel: string } {
  const rel = `${folder}/${name}.${ext}`;
  const root = resolve(outDir);
  const abs = resolve(root, folder, `${name}.${ext}`);
  const back = relative(root, abs);
  if (fileNameProblem(name) !== undefined || back === '' || back.startsWith(`..${sep}`) || back === '..' || isAbsolute(back)) {
    throw new StudyError(diag(outputMessages.nameEscapes(name, outDir)));
  }
  return { abs, rel };
}
