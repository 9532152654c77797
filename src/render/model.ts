/**
 * The format-neutral table: what every template (LaTeX, Markdown, HTML, or a user's own)
 * receives. Regression, summary and group tables all become this one shape, so each
 * output format is written once.
 *
 * Cell text is plain text, not yet escaped for any format, except that `$…$` spans are
 * LaTeX math (kept verbatim in LaTeX, converted for HTML; see templates.ts).
 */
import type { Lang, Provenance } from './types.js';

export interface Cell {
  readonly text: string;
  /** Columns spanned (default 1). */
  readonly span?: number;
  /** True for numbers (right/decimal aligned; LaTeX prints a real minus sign). */
  readonly num?: boolean;
}

/** One header line; `rules` are the column ranges to underline (1-based, inclusive). */
export interface HeaderRow {
  readonly cells: readonly Cell[];
  readonly rules: readonly { readonly from: number; readonly to: number }[];
}

export type RowKind = 'coef' | 'below' | 'indicator' | 'stat' | 'panel' | 'value';

export interface BodyRow {
  readonly kind: RowKind;
  readonly cells: readonly Cell[];
  /** A horizontal rule before this row (block boundary). */
  readonly rule?: boolean;
  /** Term or statistic key this row shows, for tests and user templates. */
  readonly key?: string;
}

export interface TableModel {
  readonly name: string;
  readonly title?: string;
  /** Total columns including the stub (label) column. */
  readonly ncols: number;
  /** Leading text columns (stub, definitions) before the number columns. */
  readonly textCols: number;
  readonly header: readonly HeaderRow[];
  readonly body: readonly BodyRow[];
  readonly notes: readonly string[];
  readonly lang: Lang;
}

/** What a template is rendered with: the table plus provenance and options. */
export interface TemplateContext {
  readonly table: TableModel;
  readonly provenance: Provenance;
  readonly siunitx: boolean;
}
