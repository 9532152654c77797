/**
 * Printing diagnostics for the CLI: the one place (with main.ts) that writes to the
 * terminal. Text goes to stderr (stdout stays clean for `plan` output and JSON);
 * `--format github` and `--format json` go to stdout, where CI reads them.
 */
import pc from 'picocolors';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { formatDiagnostic, formatGithub, termSafe, type OutputFormat } from '../diagnostics/format.js';
import { diag } from '../diagnostics/messages/index.js';
import { cliMessages } from '../diagnostics/messages/cli.js';

/** Exit codes: scripts and CI tell a usage mistake from a spec error from a bug. */
export const EXIT = { ok: 0, spec: 1, usage: 2, internal: 3 } as const;

export interface Io {
  out(text: string): void;
  err(text: string): void;
  readonly color: boolean;
}

export function processIo(): Io {
  return {
    out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
    color: Boolean(process.stderr.isTTY) && !process.env.NO_COLOR,
  };
}

/** Print one file's diagnostics in text or github form (json is printed once, by the caller). */
export function printDiagnostics(io: Io, ds: readonly Diagnostic[], format: OutputFormat, source?: string): void {
  if (ds.length === 0 || format === 'json') return;
  if (format === 'github') {
    io.out(ds.map(formatGithub).join('\n'));
    return;
  }
  const color = io.color ? pc : undefined;
  io.err(ds.map((d) => formatDiagnostic(d, source, color ? { color } : {})).join('\n\n') + '\n');
}

export function summaryLine(file: string, ds: readonly Diagnostic[]): string {
  const e = ds.filter((d) => d.severity === 'error').length;
  const w = ds.filter((d) => d.severity === 'warning').length;
  const plural = (n: number, s: string) => `${n} ${s}${n === 1 ? '' : 's'}`;
  file = termSafe(file);
  if (e === 0) return `${file}: ok${w ? ` (${plural(w, 'warning')})` : ''}`;
  return `${file}: ${plural(e, 'error')}${w ? `, ${plural(w, 'warning')}` : ''}`;
}

/** An unexpected exception: a short message with SS999, the stack only with --debug. */
export function internalError(io: Io, e: unknown, debug: boolean): void {
  const detail = e instanceof Error ? e.message.split('\n')[0]! : String(e);
  const d = diag(cliMessages.internalError(detail));
  io.err(formatDiagnostic(d));
  if (debug && e instanceof Error && e.stack) io.err(e.stack);
}
