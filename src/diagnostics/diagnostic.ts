/**
 * Diagnostics: the one shape in which every stage reports a problem to the user.
 *
 * A stage never prints and never throws plain Errors for user mistakes: it returns
 * diagnostics (or throws a StudyError carrying them). The CLI is the only place that
 * turns them into text, with file:line:col and the offending line (see ./format.ts).
 */
import type { MessageCode } from './messages/index.js';

export type Severity = 'error' | 'warning' | 'info';

/** A location in a source file. `line` and `col` are 1-based; `offset` is 0-based. */
export interface SourcePos {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly offset?: number;
  /** Length of the offending text, for the caret underline (defaults to 1). */
  readonly length?: number;
}

export interface Diagnostic {
  readonly code: MessageCode;
  readonly severity: Severity;
  readonly message: string;
  /** Where in the spec (or data file) the problem is; absent only when no location exists. */
  readonly pos?: SourcePos;
  /** JSON path inside the spec, e.g. ['models', 'res_fe', 'formula']. */
  readonly path?: readonly (string | number)[];
  /**
   * Offsets inside the scalar at `path` (a formula or expression string), when the problem
   * is a part of it. spec/locate turns path + span into `pos` (file:line:col).
   */
  readonly span?: { readonly start: number; readonly end: number };
  /** Extra lines shown under the message (hints, "did you mean"). */
  readonly notes?: readonly string[];
}

/** Thrown to stop a stage on a user error; the CLI prints its diagnostics without a stack trace. */
export class StudyError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: Diagnostic | readonly Diagnostic[]) {
    const list = Array.isArray(diagnostics) ? (diagnostics as Diagnostic[]) : [diagnostics as Diagnostic];
    super(list.map((d) => `${d.code}: ${d.message}`).join('\n'));
    this.name = 'StudyError';
    this.diagnostics = list;
  }
}

export function isStudyError(e: unknown): e is StudyError {
  return e instanceof StudyError;
}

/** Collects diagnostics for one stage run; passed explicitly (no module-level logger). */
export class Reporter {
  private readonly items: Diagnostic[] = [];
  add(d: Diagnostic): void {
    this.items.push(d);
  }
  addAll(ds: readonly Diagnostic[]): void {
    for (const d of ds) this.items.push(d);
  }
  get diagnostics(): readonly Diagnostic[] {
    return this.items;
  }
  get errors(): readonly Diagnostic[] {
    return this.items.filter((d) => d.severity === 'error');
  }
  get warnings(): readonly Diagnostic[] {
    return this.items.filter((d) => d.severity === 'warning');
  }
  hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }
  /** Throw a StudyError if any error was collected. */
  throwIfErrors(): void {
    if (this.hasErrors()) throw new StudyError(this.errors);
  }
}

/** Result of a stage: a value (possibly partial) plus everything it had to say. */
export interface Staged<T> {
  readonly value: T;
  readonly diagnostics: readonly Diagnostic[];
}
