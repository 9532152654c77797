/**
 * Messages of the cli stage (codes SS9xx). Each builder returns {code, message[, notes]}.
 * Codes are stable once released: add new codes, never renumber.
 */
import type { Message } from './index.js';

export const cliMessages = {
  specNotFound: (file: string): Message => ({ code: 'SS901', message: `cannot read spec file '${file}'` }),
  runUnavailable: (): Message => ({
    code: 'SS902',
    message: 'this build cannot run studies (the run stage is missing); check and plan still work',
  }),
  internalError: (detail: string): Message => ({
    code: 'SS999',
    message: `internal error: ${detail}`,
    notes: ['this is a bug in studyspec, not in your spec; rerun with --debug and report the output'],
  }),
} satisfies Record<string, (...args: never[]) => Message>;
