/**
 * Messages of the binary-choice, Heckman, cloglog, MTE and placebo estimators (codes SS55x–SS57x). Each builder returns {code, message[, notes]}.
 * Codes are stable once released: add new codes, never renumber.
 */
import type { Message } from './index.js';

export const nonlinearMessages = {
  // example: notConverged: (iters: number): Message => ({ code: 'SS550', message: `did not converge after ${iters} iterations` }),
} satisfies Record<string, (...args: never[]) => Message>;
