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
import { toDataTableSpec } from './data-plain.js';
import { evaluate } from '../expr/evaluate.js';
import { parseExpr } from '../expr/index.js';
import type { DataStep, Plan } from '../plan/types.js';
import type { Column } from '../data/frame.js';
import type { RunState } from './state.js';

/** One DuckDB instance for the whole run: tables built `from` others reuse built relations. */
export { toDataTableSpec };

export async function openData(plan: Plan, state: RunState, opts: { allowOutside: boolean; plainTried?: ReadonlySet<string> }): Promise<DataEngine> {
  const spec = plan.spec;
  const tables = Object.fromEntries(Object.entries(spec.data).map(([k, v]) => [k, toDataTableSpec(v, spec.data)]));
  return DataEngine.open({
    tables,
    specDir: spec.specDir,
    allowOutside: opts.allowOutside,
    reporter: state.reporter,
    ...(opts.plainTried ? { plainTried: opts.plainTried } : {}),
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
