/**
 * Table and figure steps: turn normalized table/figure entries into the render stage's
 * specs, gather their inputs (model results, described variables, placebo draws) and render
 * into the staging folder. Summary values are also kept for results.json
 * (`tables.<name>.values.<variable>.<stat>`).
 */
import { dict, setOwn } from '../spec/dict.js';
import type { Column, Frame } from '../data/frame.js';
import { makeFrame, takeRows } from '../data/frame.js';
import type { Reporter } from '../diagnostics/diagnostic.js';
import { StudyError } from '../diagnostics/diagnostic.js';
import { diag, didYouMean } from '../diagnostics/messages/index.js';
import { runMessages as M } from '../diagnostics/messages/run.js';
import { variablesMessages as V } from '../diagnostics/messages/variables.js';
import { TREND_GROUP_LIMIT } from '../render/figures/render-figure.js';
import type { FigureStep, Plan, TableStep } from '../plan/types.js';
import type { ModelResult } from '../estimators/result.js';
import { renderFigure } from '../render/figures/index.js';
import { renderGroupSummaryTable, renderSummaryTable, renderTable } from '../render/render-table.js';
import type { FigureSpec, Provenance, RegressionTableSpec } from '../render/types.js';
import type { TableModel } from '../render/model.js';
import type { NormFigure, NormTable } from '../spec/normalized.js';
import { describe, groupRows, groupSummary } from '../stats/describe.js';
import { renderMessages as R } from '../diagnostics/messages/render.js';
import { labelDictionary, labelTerm } from '../render/labels.js';
import { withTableStats } from './table-stats.js';
import type { TableRecord } from './results-json.js';
import type { RunState } from './state.js';

export interface OutputContext {
  readonly outDir: string;
  readonly provenance: Provenance;
  readonly reporter: Reporter;
}

export interface OutputRecords {
  tables: Record<string, TableRecord>;
  figures: Record<string, { files: readonly string[] }>;
  /** Built tables, for the report (which shows every table whatever formats it was written in); not in results.json. */
  tableModels?: Record<string, TableModel>;
}

export async function runOutputStep(state: RunState, plan: Plan, step: TableStep | FigureStep, ctx: OutputContext, out: OutputRecords): Promise<void> {
  const opts = {
    outDir: ctx.outDir,
    provenance: ctx.provenance,
    reporter: ctx.reporter,
    specDir: plan.spec.specDir,
    terms: termLists(plan),
    labels: plan.spec.labels,
    // Variable labels read from the data (.dta): the last resort before the name.
    ...(state.dataLabels.size ? { dataLabels: Object.fromEntries(state.dataLabels) } : {}),
  };
  if (step.kind === 'figure') {
    // A figure that cannot be drawn (fonts, a renderer's failure) is a warning at its spec
    // position: the run's tables and other figures are still written.
    try {
      const files = (await renderFigure({ ...figureSpec(step.spec), name: step.name }, figureData(state, step), opts)).files;
      setOwn(out.figures, step.name, { files });
    } catch (e) {
      const d = e instanceof StudyError ? e.diagnostics[0] : undefined;
      const detail = d ? `${d.code} ${d.message}` : (e as Error).message;
      ctx.reporter.add(diag(R.figureFailed(step.name, detail), { severity: 'warning', path: step.path, ...(d?.notes ? { notes: d.notes } : {}) }));
      setOwn(out.figures, step.name, { files: [] });
    }
    return;
  }
  const t = step.spec;
  if (t.kind === 'summary') {
    const frame = variablesFrame(state, step.table ?? plan.spec.defaultData, t.variables ?? [], t.by?.[0], t.sample, t);
    const data = describe(frame, t.variables ?? [], t.stats ?? ['n', 'mean', 'sd', 'min', 'max'], t.by?.[0] ? { by: t.by[0] } : {});
    const spec = { kind: 'summary' as const, name: step.name, variables: t.variables ?? [], ...common(t), ...(t.stats ? { stats: t.stats } : {}), ...(t.by?.[0] ? { by: t.by[0] } : {}) };
    const r = await renderSummaryTable(spec, data, opts);
    setOwn(out.tables, step.name, { files: r.files, values: data.values, ...(data.by ? { by: data.by } : {}) });
    setOwn((out.tableModels ??= dict()), step.name, r.model);
    return;
  }
  if (t.kind === 'group-summary') {
    const variable = t.variables?.[0] ?? '';
    const by = t.by ?? [];
    const frame = variablesFrame(state, step.table ?? plan.spec.defaultData, [variable], undefined, t.sample, t, by);
    const data = groupSummary(frame, variable, by, t.stats?.[0] ?? 'mean');
    const r = await renderGroupSummaryTable({ kind: 'group-summary', name: step.name, variable, by, ...common(t), ...(t.stats?.[0] ? { stat: t.stats[0] } : {}) }, data, opts);
    setOwn(out.tables, step.name, { files: r.files, values: data });
    setOwn((out.tableModels ??= dict()), step.name, r.model);
    return;
  }
  // Split models get their group keys only at run time: expand against what was fitted.
  const fitted = [...state.results.keys()];
  const models = expandRefs(step.results, fitted);
  const spec: RegressionTableSpec & { name: string } = {
    name: step.name,
    kind: 'regression',
    models,
    ...common(t),
    ...(t.columns ? { columns: expandColumns(t.columns, fitted) } : {}),
    ...(t.keep ? { keep: t.keep } : {}),
    ...(t.drop ? { drop: t.drop } : {}),
    ...(t.order ? { order: t.order } : {}),
    below: t.below,
    stars: t.stars,
    ...(t.stats ? { stats: t.stats } : {}),
    ...(t.indicators ? { indicators: t.indicators } : {}),
    ...(t.depvar !== undefined ? { depvar: t.depvar } : {}),
    ...(t.extra_rows ? { extra_rows: t.extra_rows } : {}),
    ...(t.label !== undefined ? { label: t.label } : {}),
    ...(t.fragment !== undefined ? { fragment: t.fragment } : {}),
    ...(t.font_size !== undefined ? { font_size: t.font_size } : {}),
    ...(t.resize !== undefined ? { resize: t.resize } : {}),
    ...(t.words ? { words: t.words } : {}),
    titles: { ...splitTitles(plan, step.results, fitted, state.results, labelDictionary({ data: Object.fromEntries(state.dataLabels), ...(plan.spec.labels ? { study: plan.spec.labels } : {}), ...(t.labels ? { own: t.labels } : {}) })), ...(t.titles ?? {}) },
    ...(t.controls ? { controls: t.controls } : {}),
    ...(t.numbers !== undefined ? { numbers: t.numbers } : {}),
    ...(t.intercept !== undefined ? { intercept: t.intercept } : {}),
    ...(t.auto_notes !== undefined ? { auto_notes: t.auto_notes } : {}),
    ...(t.siunitx !== undefined ? { siunitx: t.siunitx } : {}),
    ...(t.panels ? { panels: t.panels.map((p, i) => ({ title: p.title ?? `Panel ${String.fromCharCode(65 + i)}`, models: expandRefs(p.models, fitted), ...(p.stats ? { stats: p.stats } : {}) })) } : {}),
  };
  const allKeys = [...models, ...(spec.panels ?? []).flatMap((p) => p.models)];
  const base = t.constant ? withStataConstant(state.results, allKeys) : state.results;
  const r = await renderTable(spec, withTableStats(state, base, allKeys), opts);
  setOwn(out.tables, step.name, { files: r.files });
  setOwn((out.tableModels ??= dict()), step.name, r.model);
}

/**
 * Results whose fixed-effects models show reghdfe's `_cons` as their intercept row (the
 * estimator keeps it in extra.cons: mean(y) − mean(x)'b with its SE); other models unchanged.
 */
function withStataConstant(results: ReadonlyMap<string, ModelResult>, keys: readonly string[]): ReadonlyMap<string, ModelResult> {
  const out = new Map(results);
  for (const k of keys) {
    const r = results.get(k);
    const cons = r?.family === 'linear' ? r.extra?.cons : undefined;
    if (!r || !cons || r.coefficients['(Intercept)']) continue;
    out.set(k, { ...r, terms: [...r.terms, '(Intercept)'], coefficients: { ...r.coefficients, '(Intercept)': cons } });
  }
  return out;
}

/**
 * Column titles of split models: `region = east` (with labels), as the contract asks unless
 * the table's `titles` say otherwise. Titles of a split model repeat the variable only when
 * the table shows one split model; with several, the group value alone.
 */
function splitTitles(
  plan: Plan,
  refs: readonly string[],
  fitted: readonly string[],
  results: ReadonlyMap<string, ModelResult>,
  labels: Readonly<Record<string, string>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const ref of refs) {
    const margins = MARGINS.exec(ref);
    const base = margins ? margins[1]! : ref;
    const by = plan.spec.models[base]?.split;
    if (!by) continue;
    for (const key of fitted.filter((k) => k.startsWith(`${base}/`) && MARGINS.test(k) === Boolean(margins))) {
      const group = results.get(key)?.step ?? key.slice(base.length + 1);
      out[key] = `${labelTerm(by, labels)} = ${labels[`${by}::${group}`] ?? group}`;
    }
  }
  return out;
}

function common(t: NormTable): {
  title?: string;
  labels: Readonly<Record<string, string>>;
  format: readonly ('latex' | 'markdown' | 'html' | 'docx' | 'xlsx' | 'csv')[];
  notes: readonly string[];
  decimals: number;
  template?: string;
  lang?: 'en' | 'zh';
} {
  return {
    ...(t.lang ? { lang: t.lang } : {}),
    ...(t.title ? { title: t.title } : {}),
    labels: t.labels,
    format: t.format,
    notes: t.notes,
    decimals: t.decimals,
    ...(t.template ? { template: t.template } : {}),
  };
}

/** `{name}` term lists as arrays of term names, for keep/drop/indicators. */
function termLists(plan: Plan): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = dict();
  for (const [k, v] of Object.entries(plan.spec.terms)) out[k] = v.split('+').map((s) => s.trim()).filter(Boolean);
  return out;
}

const MARGINS = /^(.*)\/margins$/;

/**
 * A model name in `columns`/`panels` stands for all its multiple-estimation steps (not their
 * margins, stored beside them as `<step>/margins`); `m/margins` of such a model stands for the
 * margins of every step.
 */
function expandRefs(refs: readonly string[], results: readonly string[]): string[] {
  return refs.flatMap((r) => {
    if (results.includes(r)) return [r];
    const margins = MARGINS.exec(r);
    const steps = margins
      ? results.filter((k) => k.startsWith(`${margins[1]}/`) && MARGINS.test(k))
      : results.filter((k) => k.startsWith(`${r}/`) && !MARGINS.test(k));
    return steps.length ? steps : [r];
  });
}

function expandColumns(cols: Readonly<Record<string, readonly string[]>>, results: readonly string[]): Record<string, readonly string[]> {
  return Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, expandRefs(v, results)]));
}

/** A frame holding the described variables (spec variables evaluated), sample applied. */
function variablesFrame(state: RunState, table: string, vars: readonly string[], by: string | undefined, sample: string | undefined, t: NormTable, extra: readonly string[] = []): Frame {
  const frame = state.frame(table);
  const mask = sample ? state.sampleMask(table, sample) : undefined;
  const cols: [string, Column][] = [];
  for (const v of [...vars, ...(by ? [by] : []), ...extra]) {
    const c = frame.columns.get(v) ?? state.variable(table, v);
    if (!c) {
      const known = [...frame.columns.keys(), ...Object.keys(state.spec.variables)];
      throw new StudyError(diag(M.runUnknownVariable(v, table), { path: [...t.path, 'variables'], notes: didYouMean(v, known) }));
    }
    cols.push([v, mask ? restrict(c, mask) : c]);
  }
  return makeFrame(cols);
}

function restrict(c: Column, mask: Uint8Array): Column {
  const rows: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i]) rows.push(i);
  return takeRows(c, rows);
}

function figureSpec(f: NormFigure): FigureSpec {
  const base = {
    ...(f.title ? { title: f.title } : {}),
    format: f.format,
    ...(f.labels ? { labels: f.labels } : {}),
    ...(f.width !== undefined ? { width: f.width } : {}),
    ...(f.height !== undefined ? { height: f.height } : {}),
    ...(f.scale !== undefined ? { scale: f.scale } : {}),
    ...(f.x_label !== undefined ? { x_label: f.x_label } : {}),
    ...(f.y_label !== undefined ? { y_label: f.y_label } : {}),
  };
  const level = f.level !== undefined ? { level: f.level } : {};
  switch (f.kind) {
    case 'density':
      return { kind: 'density', of: f.of[0] ?? '', mark: f.mark === 'none' ? 'none' : 'observed', ...base };
    case 'coefplot':
      return { kind: 'coefplot', models: f.of, ...(f.keep ? { keep: f.keep } : {}), ...(f.drop ? { drop: f.drop } : {}), ...level, ...base };
    case 'event':
      return { kind: 'event', models: f.of, ...level, ...base };
    case 'trend':
      return { kind: 'trend', variable: f.y ?? '', time: f.x ?? '', ...(f.by ? { by: f.by } : {}), ...base };
    case 'mte':
      return { kind: 'mte', of: f.of[0] ?? '', ...base };
  }
}

function figureData(state: RunState, step: FigureStep): Parameters<typeof renderFigure>[1] {
  const f = step.spec;
  if (f.kind !== 'trend') return { results: state.results };
  const table = step.table ?? state.spec.defaultData;
  const vars = [f.y ?? '', f.x ?? '', ...(f.by ? [f.by] : [])];
  const frame = variablesFrame(state, table, vars, undefined, f.sample, { path: step.path } as unknown as NormTable);
  // One line per group: refuse a by: column with hundreds of values before drawing it.
  const by = f.by !== undefined ? frame.columns.get(f.by) : undefined;
  if (by) {
    const groups = groupRows(by).labels.length;
    if (groups > TREND_GROUP_LIMIT) throw new StudyError(diag(V.tooManyGroups(step.name, f.by!, groups, TREND_GROUP_LIMIT), { path: [...step.path, 'by'] }));
  }
  return { results: state.results, frame };
}
