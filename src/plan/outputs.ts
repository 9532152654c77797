/**
 * Tables and figures: the sinks of the plan. A regression table depends on every model
 * step it shows (a multiple-estimation model contributes one column per step); a summary
 * table or trend figure reads variables on a data table, like a model does.
 */
import { diag, didYouMean } from '../diagnostics/messages/index.js';
import { planMessages as messages } from '../diagnostics/messages/plan.js';
import type { NormFigure, NormTable, SpecPath } from '../spec/normalized.js';
import type { PlanBuilder } from './compile.js';
import type { FigureStep, Step, TableStep } from './types.js';

export function linkOutputs(b: PlanBuilder): void {
  for (const t of Object.values(b.spec.tables)) b.add(tableStep(b, t));
  for (const f of Object.values(b.spec.figures)) b.add(figureStep(b, f));
}

function resultKeyOf(b: PlanBuilder, id: string, ref: string): string {
  // A part of a result (first stage, margins) keeps its own key; the run stage resolves it.
  if (/\/(?:first(?:\/[^/]+)?|margins)$/.test(ref) && !b.spec.models[ref]) return ref;
  const s: Step | undefined = b.get(id);
  if (s && 'resultKey' in s) return s.kind === 'split' && ref !== s.name && ref.startsWith(`${s.resultKey}/`) ? ref : s.resultKey;
  return ref;
}

function modelDeps(b: PlanBuilder, refs: readonly { ref: string; path: SpecPath }[], deps: Set<string>, results: string[]): void {
  for (const { ref, path } of refs) {
    for (const id of b.modelRef(ref, path)) {
      deps.add(id);
      const key = resultKeyOf(b, id, ref);
      if (!results.includes(key)) results.push(key);
    }
  }
}

/** The data table a summary/trend reads, with its sample and the variables on it. */
function dataDeps(
  b: PlanBuilder,
  owner: { data?: string; sample?: string; path: SpecPath },
  names: readonly { name: string; path: SpecPath }[],
  deps: Set<string>,
): string | undefined {
  const table = owner.data ?? b.spec.defaultData;
  if (!b.tableExists(table, [...owner.path, 'data'], 'this output')) return undefined;
  deps.add(b.data(table));
  if (owner.sample !== undefined) {
    const s = b.sample(owner.sample, table, [...owner.path, 'sample']);
    if (s) deps.add(s);
  }
  for (const n of names) for (const d of b.columnsOn([n.name], table, n.path)) deps.add(d);
  return table;
}

function tableStep(b: PlanBuilder, t: NormTable): TableStep {
  const deps = new Set<string>();
  const results: string[] = [];
  let table: string | undefined;
  if (t.kind === 'regression') {
    modelDeps(b, t.modelRefs, deps, results);
  } else {
    const names = [
      ...(t.variables ?? []).map((name, i) => ({ name, path: [...t.path, 'variables', i] as SpecPath })),
      ...(t.by ?? []).map((name) => ({ name, path: [...t.path, 'by'] as SpecPath })),
    ];
    table = dataDeps(b, t, names, deps);
  }
  return {
    id: `table.${t.name}`,
    kind: 'table',
    deps: [...deps],
    path: t.path,
    name: t.name,
    spec: t,
    results,
    ...(table !== undefined ? { table } : {}),
  };
}

function figureStep(b: PlanBuilder, f: NormFigure): FigureStep {
  const deps = new Set<string>();
  const results: string[] = [];
  let table: string | undefined;
  const ofPath = (i: number): SpecPath => (f.of.length > 1 ? [...f.path, 'of', i] : [...f.path, 'of']);
  if (f.kind === 'trend') {
    const names = [
      ...(f.x !== undefined ? [{ name: f.x, path: [...f.path, 'x'] as SpecPath }] : []),
      ...f.of.map((name, i) => ({ name, path: f.y !== undefined ? ([...f.path, 'y'] as SpecPath) : ofPath(i) })),
      ...(f.by !== undefined ? [{ name: f.by, path: [...f.path, 'by'] as SpecPath }] : []),
    ];
    table = dataDeps(b, f, names, deps);
  } else {
    modelDeps(b, f.of.map((ref, i) => ({ ref, path: ofPath(i) })), deps, results);
    if (f.kind === 'density') {
      for (const key of results) {
        const m = b.spec.models[key];
        if (m && !m.placebo) {
          b.error(
            diag(messages.unknownModel(key, `density figure '${f.name}' (a placebo model is needed)`), {
              path: ofPath(0),
              notes: didYouMean(key, Object.values(b.spec.models).filter((x) => x.placebo).map((x) => x.name)),
            }),
          );
        }
      }
    }
  }
  return {
    id: `figure.${f.name}`,
    kind: 'figure',
    deps: [...deps],
    path: f.path,
    name: f.name,
    spec: f,
    results,
    ...(table !== undefined ? { table } : {}),
  };
}
