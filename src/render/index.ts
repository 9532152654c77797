/**
 * Render stage entry points: tables (regression, summary, group summary), figures and the
 * report. See docs/tables.md for the options and the template context.
 */
export { renderTable, renderSummaryTable, renderGroupSummaryTable, formatTable, writeTable } from './render-table.js';
export type { Named, RenderedTable, TableRenderOptions } from './render-table.js';
export { buildRegressionTable } from './table-model.js';
export { buildSummaryTable, buildGroupSummaryTable } from './summary.js';
export { renderFigure } from './figures/index.js';
export type { FigureData, RenderedFigure } from './figures/index.js';
export { renderReport } from './report.js';
export type { ReportInput, ReportItem } from './report.js';
export type * from './types.js';
export type { TableModel, Cell, HeaderRow, BodyRow } from './model.js';
