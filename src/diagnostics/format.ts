/**
 * Diagnostics → text. The only place that decides how a problem looks to a person:
 *
 *   study.yaml:7:16: error SS105: 'olss' is not a valid 'estimator' of model 'm1'
 *       7 |     estimator: olss
 *         |                ^^^^
 *     = expected one of: ols, re, …
 *
 * plus the GitHub Actions annotation form and a JSON form for machines.
 * Pure functions returning strings; the CLI writes them.
 */
import type { Diagnostic } from './diagnostic.js';

export type OutputFormat = 'text' | 'github' | 'json';

export interface FormatOptions {
  /** Wrap severity words in colour (the CLI passes picocolors when stdout is a TTY). */
  readonly color?: { red(s: string): string; yellow(s: string): string; cyan(s: string): string; bold(s: string): string; dim(s: string): string };
}

/**
 * Spec text made safe for a terminal: C0 controls (but tab and newline), DEL, C1 controls
 * and the bidirectional overrides become visible escapes (`\x1b`, `\u202e`), so a name or
 * title in a spec can neither move the cursor, recolour, retitle the window nor reorder
 * what the user reads. Applied to everything spec-derived that is echoed (messages,
 * notes, file names, the offending line).
 */
export function termSafe(s: string): string {
  return s.replace(UNSAFE, (ch) => {
    const cp = ch.codePointAt(0)!;
    return cp <= 0xff ? `\\x${cp.toString(16).padStart(2, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
  });
}

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** termSafe for one line (newlines escaped too: a frame line must stay one line). */
function termSafeLine(s: string): string {
  return termSafe(s).replace(/\n/g, '\\n');
}

/** Position prefix `file:line:col` (or just the file / nothing). */
export function positionLabel(d: Diagnostic, fallbackFile?: string): string {
  if (d.pos) return `${termSafeLine(d.pos.file)}:${d.pos.line}:${d.pos.col}`;
  return fallbackFile !== undefined ? termSafeLine(fallbackFile) : '';
}

/** One diagnostic as text: header line, the offending source line with a caret, notes. */
export function formatDiagnostic(d: Diagnostic, sourceText?: string, opts: FormatOptions = {}): string {
  const c = opts.color;
  const sev = d.severity === 'error' ? (c ? c.red('error') : 'error') : d.severity === 'warning' ? (c ? c.yellow('warning') : 'warning') : c ? c.cyan('info') : 'info';
  const where = positionLabel(d);
  const head = `${where ? `${where}: ` : ''}${sev} ${d.code}: ${termSafe(d.message)}`;
  const lines = [c ? c.bold(head) : head];
  if (d.pos && sourceText !== undefined) lines.push(...codeFrame(sourceText, d.pos.line, d.pos.col, d.pos.length ?? 1));
  for (const n of d.notes ?? []) lines.push(`  = ${termSafe(n)}`);
  return lines.join('\n');
}

/** The offending line with a caret under `length` characters from `col` (1-based). */
export function codeFrame(sourceText: string, line: number, col: number, length: number): string[] {
  const text = sourceLine(sourceText, line);
  if (text === undefined) return [];
  const gutter = String(line).length;
  const pad = ' '.repeat(gutter);
  const visible = text.replace(/\t/g, ' ');
  const span = Math.max(1, Math.min(length, Math.max(1, visible.length - (col - 1))));
  // A very long line (a generated formula, a hostile title) is shown as a window around
  // the caret, so one diagnostic cannot flood the terminal.
  const from = visible.length > FRAME_CHARS ? Math.max(0, Math.min(col - 1 - FRAME_LEAD, visible.length - FRAME_CHARS)) : 0;
  const to = Math.min(visible.length, from + FRAME_CHARS);
  const head = from > 0 ? '…' : '';
  const tail = to < visible.length ? '…' : '';
  const before = head + termSafeLine(visible.slice(from, col - 1));
  const under = termSafeLine(visible.slice(col - 1, Math.min(col - 1 + span, to)));
  const shown = head + termSafeLine(visible.slice(from, to)) + tail;
  return [`${pad} |`, `${line} | ${shown}`, `${pad} | ${' '.repeat(displayWidth(before))}${'^'.repeat(Math.max(1, displayWidth(under)))}`];
}

/** Characters of a source line shown in a code frame, and how many of them precede the caret. */
const FRAME_CHARS = 160;
const FRAME_LEAD = 60;

/**
 * Line `line` (1-based) of `sourceText`. The line starts of the last text are kept, so
 * printing one diagnostic per key of a large spec does not split the whole file each time.
 */
let lastText: string | undefined;
let lastStarts: Int32Array = new Int32Array(0);
function sourceLine(sourceText: string, line: number): string | undefined {
  if (sourceText !== lastText) {
    const starts = [0];
    for (let i = sourceText.indexOf('\n'); i >= 0; i = sourceText.indexOf('\n', i + 1)) starts.push(i + 1);
    lastStarts = Int32Array.from(starts);
    lastText = sourceText;
  }
  if (line < 1 || line > lastStarts.length) return undefined;
  const from = lastStarts[line - 1]!;
  const to = line < lastStarts.length ? lastStarts[line]! - 1 : sourceText.length;
  return sourceText.slice(from, to).replace(/\r$/, '');
}

/** Terminal columns: CJK and other wide characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    w += isWide(cp) ? 2 : 1;
  }
  return w;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** GitHub Actions workflow command: `::error file=…,line=…,col=…::message`. */
export function formatGithub(d: Diagnostic): string {
  const kind = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
  const props: string[] = [];
  if (d.pos) {
    props.push(`file=${escapeProperty(termSafe(d.pos.file))}`, `line=${d.pos.line}`, `col=${d.pos.col}`);
    if ((d.pos.length ?? 1) > 1) props.push(`endColumn=${d.pos.col + (d.pos.length ?? 1)}`);
  }
  props.push(`title=${escapeProperty(d.code)}`);
  const body = [`${d.code}: ${d.message}`, ...(d.notes ?? [])].join('\n');
  return `::${kind} ${props.join(',')}::${escapeData(termSafe(body))}`;
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** JSON form: the diagnostics as they are (stable fields: code, severity, message, pos, path, notes). */
export function formatJson(ds: readonly Diagnostic[]): string {
  return jsonTermSafe(JSON.stringify(ds, null, 2));
}

/**
 * JSON text for a terminal: JSON.stringify escapes C0 controls but leaves DEL, C1 and the
 * bidirectional overrides raw; written as \uXXXX they mean the same to a JSON reader.
 */
export function jsonTermSafe(json: string): string {
  return json.replace(UNSAFE, (ch) => `\\u${ch.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

/** Format a list of diagnostics for one file in the chosen output format. */
export function formatDiagnostics(
  ds: readonly Diagnostic[],
  format: OutputFormat,
  sourceText?: string,
  opts: FormatOptions = {},
): string {
  if (format === 'json') return formatJson(ds);
  if (format === 'github') return ds.map(formatGithub).join('\n');
  return ds.map((d) => formatDiagnostic(d, sourceText, opts)).join('\n\n');
}
