/** The data layer: study `data:` tables built in DuckDB and extracted as Frames. */
export { DataEngine, loadTable, type BuiltTable } from './engine.js';
export type { DataContext, DataTableSpec, DeclaredType, EvaluateFn, JoinSpec, ParseFn, SourceFormat } from './types.js';
export { CSV_NULLS } from './source.js';
