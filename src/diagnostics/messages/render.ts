/**
 * Messages of the render stage (codes SS6xx). Each builder returns {code, message[, notes]}.
 * Codes are stable once released: add new codes, never renumber.
 */
import type { Message } from './index.js';

export const renderMessages = {
  // example: unknownThing: (name: string): Message => ({ code: 'SS601', message: `unknown thing '${name}'` }),
} satisfies Record<string, (...args: never[]) => Message>;
