/**
 * Messages of the plan stage (codes SS3xx). Each builder returns {code, message[, notes]}.
 * Codes are stable once released: add new codes, never renumber.
 */
import type { Message } from './index.js';

export const planMessages = {
  // example: unknownThing: (name: string): Message => ({ code: 'SS301', message: `unknown thing '${name}'` }),
} satisfies Record<string, (...args: never[]) => Message>;
