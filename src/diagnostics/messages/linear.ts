/**
 * Messages of the linear estimators (OLS, HDFE, IV, RE) and design matrices (codes SS50x–SS54x). Each builder returns {code, message[, notes]}.
 * Codes are stable once released: add new codes, never renumber.
 */
import type { Message } from './index.js';

export const linearMessages = {
  // example: unknownThing: (name: string): Message => ({ code: 'SS501', message: `unknown thing '${name}'` }),
} satisfies Record<string, (...args: never[]) => Message>;
