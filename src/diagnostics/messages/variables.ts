/**
 * Messages of expression evaluation on frames: derived variables, panel and group functions,
 * measurement functions, samples, descriptive statistics (codes SS45x–SS49x).
 * Codes are stable once released: add new codes, never renumber.
 */
import type { Message } from './index.js';

export const variablesMessages = {
  // example: logNonPositive: (n: number, name: string): Message => ({ code: 'SS450', message: `log of ${n} non-positive values of '${name}' set to missing` }),
} satisfies Record<string, (...args: never[]) => Message>;
