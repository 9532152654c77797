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
  onlyUnknown: (name: string): Message => ({
    code: 'SS903',
    message: `--only ${name}: the spec has no model, table or figure of that name`,
  }),
  initNotEmpty: (dir: string): Message => ({
    code: 'SS904',
    message: `cannot create a study in '${dir}': the folder exists and is not empty`,
    notes: ['name a new folder, or an empty one; init never writes over files'],
  }),
  initFailed: (dir: string, reason: string): Message => ({ code: 'SS905', message: `cannot create a study in '${dir}': ${reason}` }),
  internalError: (detail: string): Message => ({
    code: 'SS999',
    message: `internal error: ${detail}`,
    notes: ['this is a bug in studyspec, not in your spec; rerun with --debug and report the output'],
  }),
} satisfies Record<string, (...args: never[]) => Message>;
