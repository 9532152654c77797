/**
 * `run --only NAME …`: the steps a subset of the study needs. A name is a model (all its
 * steps: csw/sw steps, split groups, or a placebo), a table or a figure; the selection is
 * those steps and, transitively, every step they read.
 */
import type { Plan, Step } from './types.js';

export interface Selection {
  readonly ids: ReadonlySet<string>;
  /** Names that match no model, table or figure. */
  readonly unknown: readonly string[];
}

/** Names --only accepts: models (incl. placebo), tables, figures. */
export function selectableNames(plan: Plan): string[] {
  const names = new Set<string>();
  for (const s of plan.steps) if (isNamed(s)) names.add(s.name);
  return [...names];
}

function isNamed(s: Step): s is Extract<Step, { name: string }> & Step {
  return s.kind === 'model' || s.kind === 'split' || s.kind === 'placebo' || s.kind === 'table' || s.kind === 'figure';
}

export function selectSteps(plan: Plan, names: readonly string[] | undefined): Selection {
  if (!names || names.length === 0) return { ids: new Set(plan.steps.map((s) => s.id)), unknown: [] };
  const byId = new Map(plan.steps.map((s) => [s.id, s]));
  const wanted = new Set(names);
  const found = new Set<string>();
  const ids = new Set<string>();
  const add = (id: string): void => {
    if (ids.has(id)) return;
    ids.add(id);
    for (const d of byId.get(id)?.deps ?? []) add(d);
  };
  for (const s of plan.steps) {
    if (isNamed(s) && wanted.has(s.name)) {
      found.add(s.name);
      add(s.id);
    }
  }
  return { ids, unknown: names.filter((n) => !found.has(n)) };
}
