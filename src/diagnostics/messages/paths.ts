/**
 * Messages about names and files a spec writes or reads (codes SS121–SS139 spec names and
 * label text, SS330–SS339 files named by the spec). Each builder returns {code, message[, notes]}.
 * Codes are stable once released: add new codes, never renumber.
 */
import type { Message } from './index.js';

export const pathMessages = {
  badFileName: (kind: string, name: string, reason: string): Message => ({
    code: 'SS121',
    message: `${kind} name '${name}' cannot be used as a file name: ${reason}`,
    notes: ['names may use letters, digits, _, - and . (not first), up to 100 characters'],
  }),
  latexRefused: (command: string, where: string): Message => ({
    code: 'SS122',
    message: `${where} contains the LaTeX command \\${command}, which reads or writes files or changes how LaTeX reads input`,
    notes: ['remove it, or set `latex: { raw: true }` (on the table or at the top level) if you trust this text'],
  }),
  fileOutside: (kind: string, written: string): Message => ({
    code: 'SS330',
    message: `${kind} '${written}' is outside the spec's folder`,
    notes: ['move the file into the spec\'s folder, or pass --allow-outside if this is intended'],
  }),
  fileMissing: (kind: string, written: string): Message => ({
    code: 'SS331',
    message: `${kind} '${written}' was not found`,
  }),
} satisfies Record<string, (...args: never[]) => Message>;
