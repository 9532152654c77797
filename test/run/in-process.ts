/**
 * Runs the data, variable and sample steps of a spec in-process and hands back the
 * RunState, so the model steps can be driven (and inspected) one by one.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Reporter } from '../../src/diagnostics/diagnostic.js';
import { createEstimatorRegistry } from '../../src/estimators/index.js';
import type { EstimatorRegistry } from '../../src/estimators/registry.js';
import type { ModelStep, Plan } from '../../src/plan/types.js';
import { openData, runDataStep } from '../../src/run/data.js';
import { RunState } from '../../src/run/state.js';
import { compileSpec } from '../../src/spec/pipeline.js';
import { defaultParsers } from '../../src/spec/parsers.js';

export const fixtureData = join(import.meta.dirname, '..', 'fixtures', 'data');

export interface Prepared {
  readonly state: RunState;
  readonly plan: Plan;
  /** The model or split step of model `name`. */
  step(name: string): ModelStep;
}

/** Compile `yaml` (data files copied from test/fixtures/data) and load its tables. */
export async function prepare(yaml: string, files: readonly string[], estimators: EstimatorRegistry = createEstimatorRegistry()): Promise<Prepared> {
  const dir = mkdtempSync(join(tmpdir(), 'studyspec-run-'));
  for (const f of files) copyFileSync(join(fixtureData, f), join(dir, f));
  const file = join(dir, 'study.yaml');
  writeFileSync(file, yaml);
  const compiled = await compileSpec(yaml, file, { parsers: defaultParsers() });
  if (!compiled.plan) throw new Error(compiled.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  const plan = compiled.plan;
  const state = new RunState(plan.spec, new Reporter(), estimators);
  const engine = await openData(plan, state, { allowOutside: false });
  try {
    for (const s of plan.steps) if (s.kind === 'data') await runDataStep(engine, state, s);
  } finally {
    engine.close();
  }
  return {
    state,
    plan,
    step: (name) => plan.steps.find((s): s is ModelStep => (s.kind === 'model' || s.kind === 'split') && s.name === name)!,
  };
}
