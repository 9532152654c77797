/**
 * The data step of a table that is one plain CSV file, without DuckDB (src/data/plain.ts): the
 * run tries it before opening the database, so such a study never loads DuckDB. This module
 * must not import the data engine.
 */
import { directEligible, readPlainTable } from '../data/plain.js';
import type { DataContext, DataTableSpec } from '../data/types.js';
import type { DataStep, Plan } from '../plan/types.js';
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

/**
 * Reads the step's table with the plain CSV reader into the run state; false when the table
 * needs DuckDB (then `tried` remembers it, so the data layer does not try again).
 */
export function runPlainDataStep(plan: Plan, state: RunState, step: DataStep, opts: { allowOutside: boolean }, tried: Set<string>): boolean {
  if (step.spec.from || step.uses.length > 0) return false;
  const spec = plan.spec;
  const tables: Record<string, DataTableSpec> = Object.fromEntries(Object.entries(spec.data).map(([k, v]) => [k, toDataTableSpec(v, spec.data)]));
  const ctx: DataContext = { tables, specDir: spec.specDir, allowOutside: opts.allowOutside, reporter: state.reporter, alloc: state.alloc };
  if (!directEligible(step.table, ctx)) return false;
  const t = readPlainTable(step.table, tables[step.table]!, ctx);
  tried.add(step.table);
  if (!t) return false;
  state.frames.set(step.table, t.frame);
  return true;
}
