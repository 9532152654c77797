/**
 * Messages of the spec stage (codes SS1xx). Each builder returns {code, message[, notes]}.
 * Codes are stable once released: add new codes, never renumber.
 */
import type { Message } from './index.js';

export const specMessages = {
  // example: unknownThing: (name: string): Message => ({ code: 'SS101', message: `unknown thing '${name}'` }),
} satisfies Record<string, (...args: never[]) => Message>;
