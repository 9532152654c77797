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
import type { LatexOptions, TableModel, TemplateContext } from './model.js';
import { tableCsv, tableDocx, tableXlsx } from './writers.js';
import { buildGroupSummaryTable, buildSummaryTable, type DescribeResult, type GroupSummaryResult } from './summary.js';
import { buildRegressionTable } from './table-model.js';
import { writeAtomic } from './write.js';
import { outputFile } from './safe-path.js';
import {
  builtinTemplate,
  provenanceComment,
  EXTENSIONS,
  TEMPLATE_FORMATS,
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

function labelsOf(opts: TableRenderOptions): { labels?: Readonly<Record<string, string>>; dataLabels?: Readonly<Record<string, string>> } {
  return { ...(opts.labels ? { labels: opts.labels } : {}), ...(opts.dataLabels ? { dataLabels: opts.dataLabels } : {}) };
}

export type Named<T> = T & { readonly name: string };

export interface TableRenderOptions extends RenderOptions {
  readonly reporter?: Reporter;
}

/** Paths are relative to outDir with forward slashes, as results.json lists them. */
export interface RenderedTable {
  readonly files: readonly string[];
  readonly model: TableModel;
}

const ALL_FORMATS: readonly TableFormat[] = ['latex', 'markdown', 'html', 'docx', 'xlsx', 'csv'];
const DEFAULT_FORMATS: readonly TableFormat[] = ['latex', 'markdown'];

interface OutputSpec {
  readonly format?: readonly string[];
  readonly template?: string;
  readonly siunitx?: boolean;
  readonly label?: string;
  readonly fragment?: boolean;
  readonly font_size?: string;
  readonly resize?: boolean;
}

function latexOptions(spec: OutputSpec): LatexOptions {
  return { label: spec.label ?? '', fragment: spec.fragment === true, font_size: spec.font_size ?? '', resize: spec.resize === true };
}

/** Template context with every optional field present, because templates run in strict mode. */
function contextOf(table: TableModel, provenance: Provenance, siunitx: boolean, latex: LatexOptions): TemplateContext {
  return {
    table: {
      ...table,
      title: table.title ?? '',
      body: table.body.map((r) => ({ ...r, rule: r.rule === true, key: r.key ?? '' })),
    },
    provenance,
    siunitx,
    latex,
  };
}

/** One format's text, provenance comment first; `template` overrides the built-in one. */
export function formatTable(
  table: TableModel,
  format: TableFormat,
  opts: { provenance: Provenance; siunitx?: boolean; latex?: LatexOptions; template?: { source: string; name: string } },
): string {
  const source = opts.template?.source ?? builtinTemplate(format);
  const name = opts.template?.name ?? `table.${EXTENSIONS[format]}.hbs`;
  const latex = opts.latex ?? latexOptions({});
  const body = renderTemplate(source, name, contextOf(table, opts.provenance, opts.siunitx !== false, latex));
  return `${provenanceComment(opts.provenance, format)}\n${body.replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** Write every requested format of a built table. */
export async function writeTable(table: TableModel, spec: OutputSpec, opts: TableRenderOptions): Promise<RenderedTable> {
  const formats = (spec.format ?? DEFAULT_FORMATS).map((f) => {
    if (!ALL_FORMATS.includes(f as TableFormat)) throw new StudyError(diag(renderMessages.tableUnknownFormat(table.name, f)));
    return f as TableFormat;
  });
  const userFormat = spec.template ? (templateFormat(spec.template) ?? formats[0]) : undefined;
  const files: string[] = [];
  for (const format of formats) {
    // outputFile refuses a name that would leave the output folder (checked again at write time).
    const { abs, rel } = outputFile(opts.outDir, 'tables', table.name, EXTENSIONS[format]);
    if (!TEMPLATE_FORMATS.includes(format)) {
      writeAtomic(abs, await binaryFormat(table, format, opts.provenance));
      files.push(rel);
      continue;
    }
    const template =
      spec.template && format === userFormat
        ? { source: readUserTemplate(spec.template, opts.specDir), name: spec.template }
        : undefined;
    const text = formatTable(table, format, {
      provenance: opts.provenance,
      siunitx: spec.siunitx !== false,
      latex: latexOptions(spec),
      ...(template ? { template } : {}),
    });
    writeAtomic(abs, text);
    files.push(rel);
  }
  return { files, model: table };
}

/** docx, xlsx and csv; a writer's own failure is SS620 naming the table and format. */
async function binaryFormat(table: TableModel, format: TableFormat, provenance: Provenance): Promise<string | Uint8Array> {
  try {
    // CSV has no comment syntax readers agree on; docx and xlsx keep provenance in their document properties.
    if (format === 'csv') return tableCsv(table.values ?? []);
    const about = provenanceComment(provenance, 'latex').slice(2);
    if (format === 'xlsx') return await tableXlsx(table, about);
    return await tableDocx(table, about);
  } catch (e) {
    if (e instanceof StudyError) throw e;
    throw new StudyError(diag(renderMessages.tableWriterFailed(table.name, format, (e as Error).message)));
  }
}

/** Regression table: `tables/<name>.tex|.md|.html`. */
export function renderTable(
  spec: Named<RegressionTableSpec>,
  results: ReadonlyMap<string, ModelResult>,
  opts: TableRenderOptions,
): Promise<RenderedTable> {
  const table = buildRegressionTable(spec.name, spec, results, {
    ...(opts.lang ? { lang: opts.lang } : {}),
    ...(opts.terms ? { terms: opts.terms } : {}),
    ...(opts.reporter ? { reporter: opts.reporter } : {}),
    ...(opts.labels ? { labels: opts.labels } : {}),
    ...(opts.dataLabels ? { dataLabels: opts.dataLabels } : {}),
  });
  return writeTable(table, spec, opts);
}

/** Descriptive statistics table (T2). */
export function renderSummaryTable(
  spec: Named<SummaryTableSpec>,
  data: DescribeResult,
  opts: TableRenderOptions,
): Promise<RenderedTable> {
  return writeTable(buildSummaryTable(spec.name, spec, data, opts.lang, labelsOf(opts)), spec, opts);
}

/** Group summary table (T3). */
export function renderGroupSummaryTable(
  spec: Named<GroupSummaryTableSpec>,
  data: GroupSummaryResult,
  opts: TableRenderOptions,
): Promise<RenderedTable> {
  return writeTable(buildGroupSummaryTable(spec.name, spec, data, opts.lang, labelsOf(opts)), spec, opts);
}
