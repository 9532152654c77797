/**
 * Messages of the grammar stage (codes SS2xx). Each builder returns {code, message[, notes]}.
 * Codes are stable once released: add new codes, never renumber.
 */
import type { Message } from './index.js';

export const grammarMessages = {
  // example: unknownThing: (name: string): Message => ({ code: 'SS201', message: `unknown thing '${name}'` }),
} satisfies Record<string, (...args: never[]) => Message>;
