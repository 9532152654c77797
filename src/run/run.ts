/**
 * runStudy: execute a compiled plan and write its outputs.
 *
 *   Plan (topologically sorted steps, run in that order)
 *     |  1. data steps: DuckDB reads/joins/filters/aggregates → typed-array frames
 *     |  2. variable and sample steps: evaluated per table, cached in RunState
 *     |  3. model steps: designs, estimators (registry); split and placebo steps
 *     |  4. table and figure steps: render into the staging folder
 *     v
 *   <out>.partial/ → results.json written last → renamed to <out>
 *
 * Outputs are staged in a sibling folder and moved into place only when every step has
 * succeeded, so a failed run never leaves a half-written result where the last good one was.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, extname } from 'node:path';
import type { Reporter } from '../diagnostics/diagnostic.js';
import { StudyError } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/messages/index.js';
import { runMessages as M } from '../diagnostics/messages/run.js';
import type { Plan, Step } from '../plan/types.js';
import { renderReport } from '../render/report.js';
import { writeAtomic } from '../render/write.js';
import { openData, runDataStep } from './data.js';
import { runModelStep } from './models.js';
import { runOutputStep, type OutputRecords } from './outputs.js';
import { runPlaceboStep } from './placebo.js';
import { modelRecord, toJson, type RunRecord } from './results-json.js';
import { RunState } from './state.js';
import { createEstimatorRegistry, type EstimatorRegistry } from '../estimators/index.js';
import { TOOL_VERSION } from './version.js';

export interface RunOptions {
  readonly outDir: string;
  readonly specPath: string;
  /** The spec's YAML text (hashed into the provenance). */
  readonly source: string;
  readonly debug: boolean;
  readonly reporter: Reporter;
  readonly allowOutside?: boolean;
  /** Called before each step (the CLI shows progress on a terminal). */
  readonly onStep?: (step: Step, index: number, total: number) => void;
  /** Placebo progress (draws done of total). */
  readonly onDraws?: (done: number, total: number) => void;
  /** The estimators the run may use (default: all of studyspec's). */
  readonly estimators?: EstimatorRegistry;
}

export interface RunSummary {
  readonly outDir: string;
  readonly record: RunRecord;
}

export async function runStudy(plan: Plan, opts: RunOptions): Promise<RunSummary> {
  const staging = `${opts.outDir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    const record = await execute(plan, opts, staging);
    writeAtomic(`${staging}/results.json`, toJson(record));
    publish(staging, opts.outDir);
    return { outDir: opts.outDir, record };
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}

async function execute(plan: Plan, opts: RunOptions, staging: string): Promise<RunRecord> {
  const state = new RunState(plan.spec, opts.reporter, opts.estimators ?? createEstimatorRegistry());
  const specSha = createHash('sha256').update(opts.source).digest('hex');
  // The source files are hashed while the steps run (reading them is I/O, and DuckDB works
  // in its own threads); the hash is awaited where provenance is first needed.
  const dataShaP = hashSources(plan);
  dataShaP.catch(() => undefined);
  let provenanceRec: { spec_sha256: string; data_sha256: string; tool_version: string } | undefined;
  const provenance = async () => (provenanceRec ??= { spec_sha256: specSha, data_sha256: await dataShaP, tool_version: TOOL_VERSION });
  const outputs: OutputRecords = { tables: {}, figures: {} };

  // 1–4 in plan order: a table may need a model first (a variable built from its residuals).
  const engine = await openData(plan, state, { allowOutside: opts.allowOutside ?? false });
  try {
    for (const [i, step] of plan.steps.entries()) {
      opts.onStep?.(step, i, plan.steps.length);
      await located(step.path, () => runStep(step));
    }
  } finally {
    engine.close();
  }

  async function runStep(step: Step): Promise<void> {
    switch (step.kind) {
      case 'variable':
        // 2. Variables are evaluated on first use and cached; evaluating here surfaces
        // errors in spec order even for variables only tables use.
        state.variable(step.table, step.name);
        break;
      case 'sample':
        state.sampleMask(step.table, step.name);
        break;
      case 'model':
      case 'split':
        runModelStep(state, step);
        break;
      case 'placebo':
        await runPlaceboStep(state, plan, step, opts.onDraws);
        break;
      case 'table':
      case 'figure':
        await runOutputStep(state, plan, step, { outDir: staging, provenance: await provenance(), reporter: opts.reporter }, outputs);
        break;
      case 'data':
        await runDataStep(engine, state, step);
        break;
    }
  }

  // 5. One report gathering every table and figure, in spec order.
  const prov = await provenance();
  const report = renderReport(
    {
      title: plan.spec.title ?? basename(opts.specPath, extname(opts.specPath)),
      tables: Object.entries(outputs.tables).map(([name, t]) => ({ name, ...(plan.spec.tables[name]?.title ? { title: plan.spec.tables[name]!.title! } : {}), files: t.files })),
      figures: Object.entries(outputs.figures).map(([name, f]) => ({ name, ...(plan.spec.figures[name]?.title ? { title: plan.spec.figures[name]!.title! } : {}), files: f.files })),
    },
    { outDir: staging, provenance: prov },
  );

  const models: Record<string, unknown> = {};
  for (const [key, r] of state.results) models[key] = modelRecord(r, state.estimators);
  return {
    spec: basename(opts.specPath, extname(opts.specPath)),
    ...(plan.spec.title ? { title: plan.spec.title } : {}),
    tool_version: TOOL_VERSION,
    spec_sha256: specSha,
    data_sha256: prov.data_sha256,
    models,
    tables: outputs.tables,
    figures: outputs.figures,
    report: { files: report.files },
    warnings: opts.reporter.warnings.map((d) => `${d.code}: ${d.message}`),
  };
}

/** A step's errors without a spec position point at the step's entry in the spec. */
async function located(path: readonly (string | number)[], f: () => Promise<void>): Promise<void> {
  try {
    await f();
  } catch (e) {
    if (e instanceof StudyError) {
      throw new StudyError(e.diagnostics.map((d) => (d.path || d.pos ? d : { ...d, path })));
    }
    throw e;
  }
}

/** One hash over every source file, in data order (files streamed: they may be large). */
async function hashSources(plan: Plan): Promise<string> {
  const h = createHash('sha256');
  for (const name of plan.spec.dataOrder) {
    const src = plan.spec.data[name]?.source;
    if (!src || !existsSync(src.resolved)) continue;
    h.update(`${name}\u0000`);
    await new Promise<void>((resolve, reject) => {
      createReadStream(src.resolved)
        .on('data', (b) => h.update(b))
        .on('end', () => resolve())
        .on('error', reject);
    });
  }
  return h.digest('hex');
}

/** Replace outDir by the staged folder (the previous run's folder is removed only now). */
function publish(staging: string, outDir: string): void {
  try {
    mkdirSync(dirname(outDir), { recursive: true });
    const old = `${outDir}.old-${process.pid}`;
    if (existsSync(outDir)) renameSync(outDir, old);
    renameSync(staging, outDir);
    rmSync(old, { recursive: true, force: true });
  } catch (e) {
    throw new StudyError(diag(M.runOutputFailed(outDir, e instanceof Error ? e.message : String(e))));
  }
}
