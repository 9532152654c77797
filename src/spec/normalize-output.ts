/**
 * Normalization of the output side of a spec: tables and figures. Defaults (below se,
 * stars 0.10/0.05/0.01, latex + markdown, 3 decimals, svg) and the kind-specific
 * requirements that the schema leaves optional to keep its errors clean.
 */
import { diag } from '../diagnostics/messages/index.js';
import { specMessages as messages } from '../diagnostics/messages/spec.js';
import type { NormCtx } from './normalize.js';
import type { NormFigure, NormTable, SpecPath } from './normalized.js';
import type { FigureSpec, TableSpec } from './types.js';

export const DEFAULT_STARS: Readonly<Record<string, number>> = { '*': 0.1, '**': 0.05, '***': 0.01 };

const list = <T>(v: T | readonly T[] | undefined): readonly T[] | undefined =>
  v === undefined ? undefined : Array.isArray(v) ? (v as readonly T[]) : [v as T];

type Ref = { ref: string; path: SpecPath };

/** Models of a table in column order: `models`, then `columns` groups, then `panels`; no repeats. */
function tableModels(t: TableSpec, base: SpecPath): { models: string[]; refs: Ref[] } {
  const models: string[] = [];
  const refs: Ref[] = [];
  const add = (m: string, path: SpecPath) => {
    refs.push({ ref: m, path });
    if (!models.includes(m)) models.push(m);
  };
  (t.models ?? []).forEach((m, i) => add(m, [...base, 'models', i]));
  for (const [g, ms] of Object.entries(t.columns ?? {})) ms.forEach((m, i) => add(m, [...base, 'columns', g, i]));
  (t.panels ?? []).forEach((p, k) => p.models.forEach((m, i) => add(m, [...base, 'panels', k, 'models', i])));
  return { models, refs };
}

export function normalizeTable(name: string, t: TableSpec, ctx: NormCtx): NormTable | undefined {
  const path: SpecPath = ['tables', name];
  const kind = t.kind ?? 'regression';
  const { models, refs } = tableModels(t, path);
  if (kind === 'regression' && models.length === 0) {
    ctx.diagnostics.push(diag(messages.tableKindNeeds('regression', 'models'), { path }));
    return undefined;
  }
  if (kind !== 'regression' && !t.variables?.length) {
    ctx.diagnostics.push(diag(messages.tableKindNeeds(kind, 'variables'), { path }));
    return undefined;
  }
  if (kind === 'group-summary' && t.by === undefined) {
    ctx.diagnostics.push(diag(messages.tableKindNeeds(kind, 'by'), { path }));
    return undefined;
  }
  const by = list(t.by);
  const notes = list(t.notes) ?? [];
  return {
    name,
    path,
    kind,
    ...(t.title !== undefined ? { title: t.title } : {}),
    models,
    modelRefs: refs,
    ...(t.columns ? { columns: t.columns } : {}),
    ...(t.keep ? { keep: t.keep } : {}),
    ...(t.drop ? { drop: t.drop } : {}),
    ...(t.order ? { order: t.order } : {}),
    labels: t.labels ?? {},
    below: t.below ?? 'se',
    stars: t.stars ?? DEFAULT_STARS,
    ...(t.stats ? { stats: t.stats } : {}),
    ...(t.indicators ? { indicators: t.indicators } : {}),
    ...(t.depvar !== undefined ? { depvar: t.depvar } : {}),
    ...(t.extra_rows ? { extra_rows: t.extra_rows } : {}),
    ...(t.label !== undefined ? { label: t.label } : {}),
    ...(t.fragment !== undefined ? { fragment: t.fragment } : {}),
    ...(t.font_size !== undefined ? { font_size: t.font_size } : {}),
    ...(t.resize !== undefined ? { resize: t.resize } : {}),
    ...(t.words ? { words: t.words } : {}),
    ...(t.titles ? { titles: t.titles } : {}),
    ...(t.controls ? { controls: t.controls } : {}),
    ...(t.lang ? { lang: t.lang } : {}),
    ...(t.numbers !== undefined ? { numbers: t.numbers } : {}),
    ...(t.intercept !== undefined ? { intercept: t.intercept } : {}),
    ...(t.auto_notes !== undefined ? { auto_notes: t.auto_notes } : {}),
    ...(t.siunitx !== undefined ? { siunitx: t.siunitx } : {}),
    format: list(t.format) ?? ['latex', 'markdown'],
    ...(t.template !== undefined ? { template: t.template } : {}),
    ...(t.panels ? { panels: t.panels } : {}),
    notes,
    decimals: t.decimals ?? 3,
    constant: t.constant ?? false,
    ...(t.variables ? { variables: t.variables } : {}),
    ...(by ? { by } : {}),
    ...(t.data !== undefined ? { data: t.data } : {}),
    ...(t.sample !== undefined ? { sample: t.sample } : {}),
  };
}

const FIGURE_NEEDS: Readonly<Record<NormFigure['kind'], readonly ('of' | 'x')[]>> = {
  density: ['of'],
  coefplot: ['of'],
  mte: ['of'],
  event: ['of'],
  trend: ['x'],
};

export function normalizeFigure(name: string, f: FigureSpec, ctx: NormCtx): NormFigure | undefined {
  const path: SpecPath = ['figures', name];
  let ok = true;
  for (const key of FIGURE_NEEDS[f.kind]) {
    if (f[key] === undefined) {
      ctx.diagnostics.push(diag(messages.figureKindNeeds(f.kind, key), { path }));
      ok = false;
    }
  }
  if (f.kind === 'trend' && f.of === undefined && f.y === undefined) {
    ctx.diagnostics.push(diag(messages.figureKindNeeds(f.kind, 'y'), { path }));
    ok = false;
  }
  if (!ok) return undefined;
  return {
    name,
    path,
    kind: f.kind,
    of: list(f.of) ?? (f.y !== undefined ? [f.y] : []),
    ...(f.mark !== undefined ? { mark: f.mark } : {}),
    ...(f.x !== undefined ? { x: f.x } : {}),
    ...(f.y !== undefined ? { y: f.y } : {}),
    ...(f.by !== undefined ? { by: f.by } : {}),
    ...(f.keep ? { keep: f.keep } : {}),
    ...(f.drop ? { drop: f.drop } : {}),
    ...(f.labels ? { labels: f.labels } : {}),
    ...(f.width !== undefined ? { width: f.width } : {}),
    ...(f.height !== undefined ? { height: f.height } : {}),
    ...(f.scale !== undefined ? { scale: f.scale } : {}),
    ...(f.level !== undefined ? { level: f.level } : {}),
    ...(f.x_label !== undefined ? { x_label: f.x_label } : {}),
    ...(f.y_label !== undefined ? { y_label: f.y_label } : {}),
    ...(f.data !== undefined ? { data: f.data } : {}),
    ...(f.sample !== undefined ? { sample: f.sample } : {}),
    ...(f.title !== undefined ? { title: f.title } : {}),
    format: list(f.format) ?? ['svg', 'png'],
  };
}
