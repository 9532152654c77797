/**
 * Messages of the survival estimators (Cox, exponential, Weibull) (codes SS58x–SS59x). Each builder returns {code, message[, notes]}.
 * Codes are stable once released: add new codes, never renumber.
 */
import type { Message } from './index.js';

export const survivalMessages = {
  // example: notConverged: (iters: number): Message => ({ code: 'SS580', message: `did not converge after ${iters} iterations` }),
} satisfies Record<string, (...args: never[]) => Message>;
