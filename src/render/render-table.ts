/**
 * Table API for the run stage: build the table model, fill each format's template, prepend
 * the provenance comment and write `tables/<name>.<ext>` atomically.
 *
 *   spec + results ──buildRegressionTable / buildSummaryTable / buildGroupSummaryTable──▶ TableModel
 *   TableModel ──formatTable (template per format)──▶ text ──writeAtomic──▶ tables/<name>.<ext>
 */
import type { Reporter } from '../diagnostics/diagnostic.js';
import { StudyError } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/messages/index.js';
import { renderMessages } from '../diagnostics/messages/render.js';
import type { ModelResult } from '../estimators/result.js';
import type { TableModel, TemplateContext } from './model.js';
import { buildGroupSummaryTable, buildSummaryTable, type DescribeResult, type GroupSummaryResult } from './summary.js';
import { buildRegressionTable } from './table-model.js';
import { writeAtomic } from './write.js';
import { outputFile } from './safe-path.js';
import {
  builtinTemplate,
  EXTENSIONS,
  provenanceComment,
  readUserTemplate,
  renderTemplate,
  templateFormat,
} from './templates.js';
import type {
  GroupSummaryTableSpec,
  Provenance,
  RegressionTableSpec,
  RenderOptions,
  SummaryTableSpec,
  TableFormat,
} from './types.js';

export type Named<T> = T & { readonly name: string };

export interface TableRenderOptions extends RenderOptions {
  readonly reporter?: Reporter;
}

/** Paths are relative to outDir with forward slashes, as results.json lists them. */
export interface RenderedTable {
  readonly files: readonly string[];
  readonly model: TableModel;
}

const ALL_FORMATS: readonly TableFormat[] = ['latex', 'markdown', 'html'];

interface OutputSpec {
  readonly format?: readonly string[];
  readonly template?: string;
  readonly siunitx?: boolean;
}

/** Template context with every optional field present, because templates run in strict mode. */
function contextOf(table: TableModel, provenance: Provenance, siunitx: boolean): TemplateContext {
  return {
    table: {
      ...table,
      title: table.title ?? '',
      body: table.body.map((r) => ({ ...r, rule: r.rule === true, key: r.key ?? '' })),
    },
    provenance,
    siunitx,
  };
}

/** One format's text, provenance comment first; `template` overrides the built-in one. */
export function formatTable(
  table: TableModel,
  format: TableFormat,
  opts: { provenance: Provenance; siunitx?: boolean; template?: { source: string; name: string } },
): string {
  const source = opts.template?.source ?? builtinTemplate(format);
  const name = opts.template?.name ?? `table.${EXTENSIONS[format]}.hbs`;
  const body = renderTemplate(source, name, contextOf(table, opts.provenance, opts.siunitx === true));
  return `${provenanceComment(opts.provenance, format)}\n${body.replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** Write every requested format of a built table. */
export function writeTable(table: TableModel, spec: OutputSpec, opts: TableRenderOptions): RenderedTable {
  const formats = (spec.format ?? ALL_FORMATS).map((f) => {
    if (!ALL_FORMATS.includes(f as TableFormat)) throw new StudyError(diag(renderMessages.tableUnknownFormat(table.name, f)));
    return f as TableFormat;
  });
  const userFormat = spec.template ? (templateFormat(spec.template) ?? formats[0]) : undefined;
  const files: string[] = [];
  for (const format of formats) {
    const template =
      spec.template && format === userFormat
        ? { source: readUserTemplate(spec.template, opts.specDir), name: spec.template }
        : undefined;
    const text = formatTable(table, format, {
      provenance: opts.provenance,
      siunitx: spec.siunitx === true,
      ...(template ? { template } : {}),
    });
    const { abs, rel } = outputFile(opts.outDir, 'tables', table.name, EXTENSIONS[format]);
    writeAtomic(abs, text);
    files.push(rel);
  }
  return { files, model: table };
}

/** Regression table: `tables/<name>.tex|.md|.html`. */
export function renderTable(
  spec: Named<RegressionTableSpec>,
  results: ReadonlyMap<string, ModelResult>,
  opts: TableRenderOptions,
): RenderedTable {
  const table = buildRegressionTable(spec.name, spec, results, {
    ...(opts.lang ? { lang: opts.lang } : {}),
    ...(opts.terms ? { terms: opts.terms } : {}),
    ...(opts.reporter ? { reporter: opts.reporter } : {}),
  });
  return writeTable(table, spec, opts);
}

/** Descriptive statistics table (T2). */
export function renderSummaryTable(
  spec: Named<SummaryTableSpec>,
  data: DescribeResult,
  opts: TableRenderOptions,
): RenderedTable {
  return writeTable(buildSummaryTable(spec.name, spec, data, opts.lang), spec, opts);
}

/** Group summary table (T3). */
export function renderGroupSummaryTable(
  spec: Named<GroupSummaryTableSpec>,
  data: GroupSummaryResult,
  opts: TableRenderOptions,
): RenderedTable {
  return writeTable(buildGroupSummaryTable(spec.name, spec, data, opts.lang), spec, opts);
}
