/**
 * Messages of the estimators stage (codes SS5xx). Each builder returns {code, message[, notes]}.
 * Codes are stable once released: add new codes, never renumber.
 */
import type { Message } from './index.js';

export const estimatorsMessages = {
  // example: unknownThing: (name: string): Message => ({ code: 'SS501', message: `unknown thing '${name}'` }),
} satisfies Record<string, (...args: never[]) => Message>;
