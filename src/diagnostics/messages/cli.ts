/**
 * Messages of the cli stage (codes SS9xx). Each builder returns {code, message[, notes]}.
 * Codes are stable once released: add new codes, never renumber.
 */
import type { Message } from './index.js';

export const cliMessages = {
  // example: unknownThing: (name: string): Message => ({ code: 'SS901', message: `unknown thing '${name}'` }),
} satisfies Record<string, (...args: never[]) => Message>;
