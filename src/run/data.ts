/**
 * Data steps of a run: hand the normalized `data:` entries to the DuckDB data layer and
 * keep the extracted frames in the run state.
 *
 * One DuckDB instance serves the whole run (tables built `from` others reuse the built
 * relations). A row-level table built `from` a panel table, without a `panel:` of its own,
 * keeps its source's panel index — as a merged Stata dataset stays `xtset` — so panel
 * functions work on it; the data layer re-checks uniqueness after the joins.
 */
import { DataEngine } from '../data/engine.js';
import type { DataTableSpec } from '../data/types.js';
import { evaluate } from '../expr/evaluate.js';
import { parseExpr } from '../expr/index.js';
import type { DataStep, Plan } from '../plan/types.js';
import type { Column } from '../data/frame.js';
import type { NormData } from '../spec/normalized.js';
import type { RunState } from './state.js';

export function toDataTableSpec(d: NormData, all: Readonly<Record<string, NormData>>): DataTableSpec {
  const panel = d.panel ?? inheritedPanel(d, all);
  return {
    ...(d.source ? { source: d.source.written, format: d.source.format, options: d.source.options } : {}),
    ...(Object.keys(d.types).length ? { types: d.types } : {}),
    ...(d.from ? { from: d.from } : {}),
    ...(d.join.length ? { join: d.join.map((j) => ({ table: j.table, on: Object.fromEntries(j.on.map((k) => [k.left, k.right])), how: j.how })) } : {}),
    ...(d.where ? { where: d.where.text } : {}),
    ...(panel ? { panel } : {}),
    ...(Object.keys(d.variables).length ? { variables: Object.fromEntries(Object.entries(d.variables).map(([k, v]) => [k, v.text])) } : {}),
    ...(d.groupBy ? { group_by: d.groupBy } : {}),
    ...(d.aggregate ? { aggregate: Object.fromEntries(Object.entries(d.aggregate).map(([k, v]) => [k, v.text])) } : {}),
  };
}

function inheritedPanel(d: NormData, all: Readonly<Record<string, NormData>>): { id: string; time: string } | undefined {
  if (!d.from || d.groupBy || d.aggregate) return undefined;
  const src = all[d.from];
  return src ? (src.panel ?? inheritedPanel(src, all)) : undefined;
}

/** One DuckDB instance for the whole run: tables built `from` others reuse built relations. */
export async function openData(plan: Plan, state: RunState, opts: { allowOutside: boolean }): Promise<DataEngine> {
  const spec = plan.spec;
  const tables = Object.fromEntries(Object.entries(spec.data).map(([k, v]) => [k, toDataTableSpec(v, spec.data)]));
  return DataEngine.open({
    tables,
    specDir: spec.specDir,
    allowOutside: opts.allowOutside,
    reporter: state.reporter,
    alloc: state.alloc,
    parseExpr,
    evaluate: (expr, frame) => evaluate(expr, { frame, reporter: state.reporter }),
  });
}

/**
 * A data step, in plan order. A table built `from` another that uses spec variables in its
 * own where/variables/aggregate (seed 000: quality = resid(khandelwal)/(σ−1) on customs rows,
 * then aggregated to firm × year) gets those columns attached to its source table first: the
 * plan has already evaluated them there (steps var.<name>@<from>, after any model they read).
 */
export async function runDataStep(engine: DataEngine, state: RunState, step: DataStep, inEngineOnly = false): Promise<void> {
  const from = step.spec.from;
  if (from && step.uses.length > 0) {
    const cols: [string, Column][] = [];
    for (const v of step.uses) {
      const c = state.variable(from, v);
      if (c) cols.push([v, c]);
    }
    await engine.attach(from, cols);
  }
  // A table read only by `engine: sql` models is built in DuckDB and never extracted.
  if (!inEngineOnly) state.frames.set(step.table, await engine.loadTable(step.table));
  for (const [col, label] of await engine.variableLabels(step.table)) if (!state.dataLabels.has(col)) state.dataLabels.set(col, label);
}
