/**
 * Messages about spec text that becomes file names or reaches LaTeX verbatim (codes
 * SS121–SS139). Each builder returns {code, message[, notes]}.
 * Codes are stable once released: add new codes, never renumber.
 */
import type { Message } from './index.js';

export const nameMessages = {
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
} satisfies Record<string, (...args: never[]) => Message>;
