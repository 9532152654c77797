/**
 * Messages of operating-system file errors when reading specs and data or writing outputs
 * (codes SS814–SS839). Each builder returns {code, message[, notes]}.
 * Codes are stable once released: add new codes, never renumber.
 */
import type { Message } from './index.js';

export const fileMessages = {
  fsError: (action: 'read' | 'write' | 'create' | 'remove' | 'rename', path: string, reason: string): Message => ({
    code: 'SS814',
    message: `cannot ${action} '${path}': ${reason}`,
  }),
} satisfies Record<string, (...args: never[]) => Message>;
