/**
 * The data section of a study as the data layer sees it, and the context a run hands to it.
 *
 * The spec stage owns the user-facing schema; these shapes mirror it so the run stage can
 * pass a validated `data:` entry straight through. Expressions arrive as text and are parsed
 * here (with the parser supplied in the context) so that error spans stay relative to the
 * string the user wrote.
 */
import type { ColumnAllocator } from './alloc.js';
import type { Reporter } from '../diagnostics/diagnostic.js';
import type { Expr } from '../expr/ast.js';
import type { ParseResult } from '../expr/errors.js';
import type { Column, Frame } from './frame.js';

import type { SourceFormat, SourceOptions } from './formats.js';

export type { SourceFormat, SourceOptions };
export type DeclaredType = 'number' | 'integer' | 'string' | 'bool' | 'date';
export type JoinHow = 'left' | 'inner';

export interface JoinSpec {
  readonly table: string;
  /** Same-name keys, or `{leftColumn: rightColumn}`. */
  readonly on: readonly string[] | Readonly<Record<string, string>>;
  readonly how?: JoinHow;
}

export interface DataTableSpec {
  /** Path relative to the spec file. */
  readonly source?: string;
  readonly format?: SourceFormat;
  /** Reader options of the source (sheet, range, table, query, hive, labels, encoding). */
  readonly options?: SourceOptions;
  readonly types?: Readonly<Record<string, DeclaredType>>;
  /** Another table of the same `data:` section. */
  readonly from?: string;
  readonly join?: readonly JoinSpec[];
  readonly where?: string;
  readonly panel?: { readonly id: string; readonly time: string };
  /** Computed on this table (after joins and `where`, before `group_by`). */
  readonly variables?: Readonly<Record<string, string>>;
  readonly group_by?: readonly string[];
  readonly aggregate?: Readonly<Record<string, string>>;
}

/**
 * The in-memory evaluator of the expression language. Defaults to src/expr/evaluate.ts with
 * the context's reporter; `path` is the spec path of the expression.
 */
export type EvaluateFn = (expr: Expr, frame: Frame, path: readonly (string | number)[]) => Column;
export type ParseFn = (text: string) => ParseResult<Expr>;

export interface DataContext {
  readonly tables: Readonly<Record<string, DataTableSpec>>;
  /** Folder of the spec file; sources resolve against it. */
  readonly specDir: string;
  /** `--allow-outside`: accept sources outside the spec's folder tree. */
  readonly allowOutside: boolean;
  readonly reporter: Reporter;
  /** Expression parser; defaults to src/expr `parseExpr`. */
  readonly parseExpr?: ParseFn;
  /** In-memory fallback for expressions that have no SQL translation. */
  readonly evaluate?: EvaluateFn;
  /** Per table, the columns to extract (default: all). Panel id/time are always kept. */
  readonly columnsNeeded?: Readonly<Record<string, readonly string[]>>;
  /** Tables the plain CSV reader (plain.ts) has already tried and left to DuckDB: not tried again. */
  readonly plainTried?: ReadonlySet<string>;
  /** DuckDB settings for large inputs, e.g. `{ memory_limit: '2GB', temp_directory: '/tmp/x' }`. */
  readonly duckdbSettings?: Readonly<Record<string, string>>;
  /** Where extracted numeric columns go (default: plain arrays; data/alloc.ts). */
  readonly alloc?: ColumnAllocator;
}
