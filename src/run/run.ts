/**
 * runStudy: execute a compiled plan and write its outputs.
 *
 *   Plan (topologically sorted steps, run in that order)
 *     |  1. data steps: DuckDB reads/joins/filters/aggregates → typed-array frames
 *     |  2. variable and sample steps: evaluated per table, cached in RunState
 *     |  3. model steps: designs, estimators (registry); split and placebo steps
 *     |  4. table and figure steps: render into the staging folder
 *     v
 *   <out>.partial-<pid>-xxxxxx/ → results.json written last → renamed to <out>
 *
 * Outputs are staged in a sibling folder and moved into place only when every step has
 * succeeded, so a failed run never leaves a half-written result where the last good one was.
 * Which folders may be replaced, the marker, and signals: ./output-dir.ts.
 */
import { dict, setOwn } from '../spec/dict.js';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { basename, extname, relative } from 'node:path';
import { sourceFiles } from '../data/formats.js';
import type { Diagnostic, Reporter } from '../diagnostics/diagnostic.js';
import { formatDiagnostic } from '../diagnostics/format.js';
import { StudyError } from '../diagnostics/diagnostic.js';
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
import { chooseOutputDir, openStaging } from './output-dir.js';
import { namedFiles } from '../spec/paths.js';

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
  /** Prints the notice when SIGINT/SIGTERM stops the run (default: to stderr). */
  readonly onInterrupt?: (d: Diagnostic) => void;
  /** The estimators the run may use (default: all of studyspec's). */
  readonly estimators?: EstimatorRegistry;
}

export interface RunSummary {
  readonly outDir: string;
  readonly record: RunRecord;
}

export async function runStudy(plan: Plan, opts: RunOptions): Promise<RunSummary> {
  // The CLI has chosen and checked the folder already; checking again here keeps the policy
  // for every caller of runStudy (and catches a folder that changed since).
  const outDir = chooseOutputDir({ out: opts.outDir, specPath: opts.specPath, inputs: namedFiles(plan.spec) });
  const staging = openStaging(outDir, opts.specPath, opts.onInterrupt ?? ((d) => process.stderr.write(`${formatDiagnostic(d)}\n`)));
  try {
    const record = await execute(plan, opts, staging.dir);
    writeAtomic(`${staging.dir}/results.json`, toJson(record));
    const warning = staging.publish();
    if (warning) opts.reporter.add(warning);
    return { outDir, record };
  } catch (e) {
    staging.discard();
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
  const outputs: OutputRecords = { tables: dict(), figures: dict() };

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
      tables: Object.entries(outputs.tables).map(([name, t]) => ({ name, ...(plan.spec.tables[name]?.title ? { title: plan.spec.tables[name]!.title! } : {}), files: t.files, ...(outputs.tableModels?.[name] ? { model: outputs.tableModels[name]! } : {}) })),
      figures: Object.entries(outputs.figures).map(([name, f]) => ({ name, ...(plan.spec.figures[name]?.title ? { title: plan.spec.figures[name]!.title! } : {}), files: f.files })),
    },
    { outDir: staging, provenance: prov },
  );

  const models = dict<unknown>();
  for (const [key, r] of state.results) setOwn(models, key, modelRecord(r, state.estimators));
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
    if (!src) continue;
    h.update(`${name}\u0000`);
    // A folder or glob: every file it reads, each with its path inside the source.
    for (const file of sourceFiles(src.written, src.resolved, src.format)) {
      if (!existsSync(file)) continue;
      if (file !== src.resolved) h.update(`${relative(src.resolved, file)}\u0000`);
      await new Promise<void>((resolve, reject) => {
        createReadStream(file)
          .on('data', (b) => h.update(b))
          .on('end', () => resolve())
          .on('error', reject);
      });
    }
  }
  return h.digest('hex');
}

