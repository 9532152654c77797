/**
 * Messages of the output policy: which folders a run may replace (codes SS650–SS669). Each builder returns {code, message[, notes]}.
 * Codes are stable once released: add new codes, never renumber.
 */
import type { Message } from './index.js';

const CHOOSE = 'choose a new folder name with --out (a folder that does not exist yet, or an empty one)';

export const outputMessages = {
  outEmpty: (): Message => ({
    code: 'SS650',
    message: 'the output folder given with --out is empty',
    notes: [CHOOSE],
  }),
  outIsWorkingFolder: (out: string): Message => ({
    code: 'SS651',
    message: `refusing to write outputs to '${out}': it is the current folder or one of its parents, which a run would replace`,
    notes: [CHOOSE],
  }),
  outHoldsSpec: (out: string, specDir: string): Message => ({
    code: 'SS652',
    message: `refusing to write outputs to '${out}': it is the spec's folder '${specDir}' or a folder above it, which a run would replace`,
    notes: [CHOOSE],
  }),
  outHoldsInput: (out: string, kind: string, file: string): Message => ({
    code: 'SS653',
    message: `refusing to write outputs to '${out}': it is or holds the ${kind} '${file}' the spec reads`,
    notes: [CHOOSE],
  }),
  outIsFile: (out: string): Message => ({
    code: 'SS654',
    message: `refusing to write outputs to '${out}': a file (not a folder) exists there`,
    notes: [CHOOSE],
  }),
  outNotOurs: (out: string): Message => ({
    code: 'SS655',
    message: `refusing to replace '${out}': the folder is not empty and is not a studyspec output folder (it has no .studyspec/output.json)`,
    notes: [
      'studyspec replaces only folders it wrote itself, so that a mistyped --out never deletes your files',
      CHOOSE,
    ],
  }),
  outIsLink: (out: string): Message => ({
    code: 'SS656',
    message: `refusing to write outputs to '${out}': it is a symbolic link`,
    notes: ['give the real folder with --out'],
  }),
  defaultOutUnsafe: (out: string, specName: string): Message => ({
    code: 'SS657',
    message: `the default output folder '${out}' (from the spec's name '${specName}') is not a safe folder name`,
    notes: ['rename the spec file, or give an output folder with --out'],
  }),
  outUnwritable: (path: string, reason: string): Message => ({
    code: 'SS658',
    message: `cannot write outputs at '${path}': ${reason}`,
    notes: ['nothing was replaced; make the location writable or choose another folder with --out'],
  }),
  interrupted: (signal: string, staging: string): Message => ({
    code: 'SS659',
    message: `run interrupted by ${signal}; the partial outputs in '${staging}' were removed and the previous outputs are unchanged`,
  }),
  oldOutputKept: (path: string, reason: string): Message => ({
    code: 'SS660',
    message: `the new outputs are in place, but the previous ones could not be removed from '${path}': ${reason}`,
    notes: ['delete that folder by hand when convenient'],
  }),
  nameEscapes: (name: string, dir: string): Message => ({
    code: 'SS661',
    message: `refusing to write '${name}': the name would place a file outside the output folder '${dir}'`,
  }),
  outChanged: (out: string): Message => ({
    code: 'SS662',
    message: `'${out}' changed during the run and is no longer a studyspec output folder; it was left as it is`,
    notes: ['the new outputs were discarded', CHOOSE],
  }),
} satisfies Record<string, (...args: never[]) => Message>;
