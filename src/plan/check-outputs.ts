/**
 * What the renderers would reject, checked at plan time so `check` says it before `run`
 * fits a single model: table statistics (SS602, SS610), keep/drop/order patterns (SS603),
 * column groups that are not adjacent (SS604), user templates that do not exist (SS605),
 * an mte figure of a model that is not mte (SS609). The same validators and the same codes
 * as the render stage (src/render, src/stats), so the two cannot disagree.
 * test/plan/check-catalogue.test.ts keeps the list of run-time errors honest.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { isStudyError } from '../diagnostics/diagnostic.js';
import { diag, didYouMean } from '../diagnostics/messages/index.js';
import { renderMessages as R } from '../diagnostics/messages/render.js';
import { compileSelector } from '../render/select.js';
import { isSummaryStat } from '../stats/describe.js';
import { getStat, statKeys } from '../stats/registry.js';
import type { NormalizedSpec, NormFigure, NormTable, SpecPath } from '../spec/normalized.js';

const SUMMARY_STATS = ['n', 'mean', 'sd', 'min', 'max', 'p1', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95', 'p99'];

export function checkOutputs(spec: NormalizedSpec, resultsOf: (table: string) => readonly string[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const t of Object.values(spec.tables)) checkTable(spec, t, resultsOf(t.name), out);
  for (const f of Object.values(spec.figures)) checkFigure(spec, f, out);
  return out;
}

function checkTable(spec: NormalizedSpec, t: NormTable, results: readonly string[], out: Diagnostic[]): void {
  if (t.kind === 'regression') {
    const lists: [readonly string[], SpecPath][] = [];
    if (t.stats) lists.push([t.stats, [...t.path, 'stats']]);
    (t.panels ?? []).forEach((p, i) => p.stats && lists.push([p.stats, [...t.path, 'panels', i, 'stats']]));
    for (const [stats, path] of lists) {
      stats.forEach((key, i) => {
        if (!getStat(key)) out.push(diag(R.tableUnknownStat(t.name, key, statKeys()), { path: [...path, i], notes: didYouMean(key, statKeys()) }));
      });
    }
    checkColumnGroups(t, results, out);
  } else if (t.kind === 'summary' && t.stats) {
    t.stats.forEach((key, i) => {
      if (!isSummaryStat(key)) out.push(diag(R.summaryUnknownStat(t.name, key), { path: [...t.path, 'stats', i], notes: didYouMean(key, SUMMARY_STATS) }));
    });
  }
  for (const key of ['keep', 'drop', 'order'] as const) patterns(t.name, t[key], [...t.path, key], spec, out);
  if (t.template !== undefined && !existsSync(resolve(spec.specDir, t.template))) {
    out.push(diag(R.templateNotFound(t.template), { path: [...t.path, 'template'] }));
  }
}

function checkFigure(spec: NormalizedSpec, f: NormFigure, out: Diagnostic[]): void {
  patterns(f.name, f.keep, [...f.path, 'keep'], spec, out);
  if (f.kind === 'mte') {
    f.of.forEach((ref, i) => {
      const m = spec.models[ref.split('/')[0]!];
      if (m && m.estimator !== 'mte') out.push(diag(R.figureNoMteGrid(f.name, ref), { path: f.of.length > 1 ? [...f.path, 'of', i] : [...f.path, 'of'] }));
    });
  }
}

/** keep/drop/order entries: a /regex/ must compile (names and {lists} are checked by the plan). */
function patterns(owner: string, list: readonly string[] | undefined, path: SpecPath, spec: NormalizedSpec, out: Diagnostic[]): void {
  const terms = Object.fromEntries(Object.keys(spec.terms).map((k) => [k, [] as string[]]));
  (list ?? []).forEach((entry, i) => {
    if (!/^\/.*\/[a-z]*$/s.test(entry)) return;
    try {
      compileSelector(entry, { table: owner, terms });
    } catch (e) {
      if (!isStudyError(e)) throw e;
      out.push(...e.diagnostics.map((d) => ({ ...d, path: [...path, i] })));
    }
  });
}

/**
 * `columns: {header: [models]}`: each header spans adjacent columns. Columns are the table's
 * result keys in order; a header's entry covers its model's keys (a split or multiple-
 * estimation model covers all of its own, which are adjacent by construction).
 */
function checkColumnGroups(t: NormTable, results: readonly string[], out: Diagnostic[]): void {
  if (!t.columns || t.panels?.length) return;
  for (const [header, models] of Object.entries(t.columns)) {
    const at: number[] = [];
    results.forEach((key, i) => {
      if (models.some((m) => key === m || key.startsWith(`${m}/`) || m.startsWith(`${key}/`))) at.push(i);
    });
    if (at.length && at[at.length - 1]! - at[0]! + 1 !== at.length) {
      out.push(diag(R.tableGroupNotAdjacent(t.name, header), { path: [...t.path, 'columns', header] }));
    }
  }
}
