/**
 * Messages of the data stage (codes SS40x–SS44x (loading, joins, filters, aggregation)). Each builder returns {code, message[, notes]}.
 * Codes are stable once released: add new codes, never renumber.
 */
import type { Message } from './index.js';

export const dataMessages = {
  // example: unknownThing: (name: string): Message => ({ code: 'SS401', message: `unknown thing '${name}'` }),
} satisfies Record<string, (...args: never[]) => Message>;
