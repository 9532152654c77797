/**
 * Messages about files a spec names (data sources, templates, fonts): the one path policy (codes SS330–SS339). Each builder returns {code, message[, notes]}.
 * Codes are stable once released: add new codes, never renumber.
 */
import type { Message } from './index.js';

export const pathMessages = {
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
