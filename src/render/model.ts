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
  /**
   * Significance stars at the end of `text` (`text` keeps them, for plain templates);
   * formats that can raise them (LaTeX `$^{***}$`, HTML `<sup>`) print them separately.
   */
  readonly stars?: string;
  /** A number centred rather than decimal-aligned (counts such as N: esttab's `\multicolumn{1}{c}{@}`). */
  readonly center?: boolean;
}

/** One header line; `rules` are the column ranges to underline (1-based, inclusive). */
export interface HeaderRow {
  readonly cells: readonly Cell[];
  readonly rules: readonly { readonly from: number; readonly to: number }[];
}

export type RowKind = 'coef' | 'below' | 'indicator' | 'stat' | 'panel' | 'value' | 'extra';

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
  /** The unrounded numbers behind the table, one per model × term × statistic (the csv format). */
  readonly values?: readonly { readonly model: string; readonly term: string; readonly statistic: string; readonly value: number | null }[];
}

/** LaTeX layout options of a table (docs/tables.md). */
export interface LatexOptions {
  /** `\label{…}` text; '' for none. */
  readonly label: string;
  /** The tabular only, without float, caption and notes. */
  readonly fragment: boolean;
  /** A size command name (`small`) or ''. */
  readonly font_size: string;
  readonly resize: boolean;
}

/** What a template is rendered with: the table plus provenance and options. */
export interface TemplateContext {
  readonly table: TableModel;
  readonly provenance: Provenance;
  readonly siunitx: boolean;
  readonly latex: LatexOptions;
}
