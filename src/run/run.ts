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
 * Around each step, the step cache (src/cache/): a step whose inputs are unchanged since a
 * run that published its entry is restored instead of run; every step that runs stores its
 * entry in the staging folder's `.studyspec/cache/`, published with everything else.
 *
 * Outputs are staged in a sibling folder and moved into place only when every step has
 * succeeded, so a failed run never leaves a half-written result where the last good one was.
 * Which folders may be replaced, the marker, and signals: ./output-dir.ts.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Diagnostic, Reporter } from '../diagnostics/diagnostic.js';
import { formatDiagnostic } from '../diagnostics/format.js';
import type { EstimatorRegistry } from '../estimators/registry.js';
import { dict, setOwn } from '../spec/dict.js';
import { namedFiles } from '../spec/paths.js';
import { chooseOutputDir, openStaging } from './output-dir.js';
import { StudyError } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/messages/index.js';
import { runMessages as M } from '../diagnostics/messages/run.js';
import type { Plan, Step } from '../plan/types.js';
import { renderReport } from '../render/report.js';
import { writeAtomic } from '../render/write.js';
import { SourceHasher, hashPlanSources } from '../cache/files.js';
import { RunCache } from '../cache/run-cache.js';
import { cacheDir, StepCache } from '../cache/store.js';
import type { DataEngine } from '../data/engine.js';
import type { ModelResult } from '../estimators/result.js';
import type { OutputRecords } from './outputs.js';
import { modelRecord, toJson, type RunRecord } from './results-json.js';
import type { RunState } from './state.js';
import { TOOL_VERSION } from './version.js';
import { mark } from './timings.js';

export interface RunOptions {
  readonly outDir: string;
  readonly specPath: string;
  /** The spec's YAML text (hashed into the provenance). */
  readonly source: string;
  readonly debug: boolean;
  readonly reporter: Reporter;
  readonly allowOutside?: boolean;
  /** Step ids to run (run --only: the named steps and what they need); default all. */
  readonly only?: ReadonlySet<string>;
  /** Reuse cached step results (default true; --no-cache sets false; results are stored either way). */
  readonly cache?: boolean;
  /** Called before each step that runs (the CLI shows progress); `estimate` = seconds it took last time. */
  readonly onStep?: (step: Step, index: number, total: number, estimate?: number) => void;
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
  /** Every model result in this run (fitted or restored), in plan order. */
  readonly results: ReadonlyMap<string, ModelResult>;
  /** Steps that ran, were restored from the cache, or were left out (--only). */
  readonly steps: { readonly run: number; readonly reused: number; readonly skipped: number };
}

export async function runStudy(plan: Plan, opts: RunOptions): Promise<RunSummary> {
  // The CLI has chosen and checked the folder already; checking again here keeps the policy
  // for every caller of runStudy (and catches a folder that changed since).
  const outDir = chooseOutputDir({ out: opts.outDir, specPath: opts.specPath, inputs: namedFiles(plan.spec) });
  const staged = openStaging(outDir, opts.specPath, opts.onInterrupt ?? ((d) => process.stderr.write(`${formatDiagnostic(d)}\n`)));
  const staging = staged.dir;
  const published = cacheDir(outDir);
  const store = new StepCache(opts.cache === false ? undefined : published, cacheDir(staging));
  const done: string[] = [];
  let cache: RunCache | undefined;
  try {
    const specSha = createHash('sha256').update(opts.source).digest('hex');
    const hasher = new SourceHasher(opts.cache === false ? undefined : published);
    const sourceHashes = await hashPlanSources(plan, hasher);
    hasher.save(cacheDir(staging));
    mark('sources hashed');
    const provenance = { spec_sha256: specSha, data_sha256: dataSha(plan, sourceHashes), tool_version: TOOL_VERSION };
    cache = new RunCache(plan, store, { sourceHashes, provenance }, { reuse: opts.cache !== false, selected: opts.only ?? new Set(plan.steps.map((s) => s.id)) });
    // A machine without fonts fails PNG figures; say so before any model is fitted.
    if (plan.steps.some((st) => st.kind === 'figure' && st.spec.format.includes('png') && cache!.action(st.id) === 'run')) {
      (await import('../render/figures/fonts.js')).findFonts();
    }
    const { record, results } = await execute(plan, opts, staging, cache, provenance, done);
    cache.writeLog(staging);
    writeAtomic(`${staging}/results.json`, toJson(record));
    mark('results.json written');
    const warning = staged.publish();
    mark('published');
    if (warning) opts.reporter.add(warning);
    return { outDir, record, results, steps: cache.counts() };
  } catch (e) {
    // Finished steps stay in the cache (the published one: staging is about to go), and the
    // error names what this run did not write.
    // Only into an output folder that exists: a first run that fails leaves no folder behind.
    const kept = existsSync(outDir) ? store.salvage(published) : 0;
    staged.discard();
    if (e instanceof StudyError && cache) {
      const missing = notWritten(plan, cache, done);
      throw new StudyError([...e.diagnostics, diag(M.runNotWritten(outDir, missing, kept), { severity: 'info' })]);
    }
    throw e;
  }
}

/** The outputs a failed run leaves unwritten (tables, figures, then results.json and the report). */
function notWritten(plan: Plan, cache: RunCache, done: readonly string[]): string[] {
  const finished = new Set(done);
  const out: string[] = [];
  for (const s of plan.steps) {
    if ((s.kind === 'table' || s.kind === 'figure') && cache.action(s.id) !== 'skip' && !finished.has(s.id)) out.push(`${s.kind} ${s.name}`);
  }
  return [...out, 'results.json', 'report'];
}

/** data_sha256: one hash over each source's table name and content hash, in data order. */
function dataSha(plan: Plan, sourceHashes: ReadonlyMap<string, string>): string {
  const h = createHash('sha256');
  for (const name of plan.spec.dataOrder) {
    const sha = sourceHashes.get(name);
    if (sha) h.update(`${name}\u0000${sha}\u0000`);
  }
  return h.digest('hex');
}

async function execute(
  plan: Plan,
  opts: RunOptions,
  staging: string,
  cache: RunCache,
  prov: { spec_sha256: string; data_sha256: string; tool_version: string },
  done: string[],
): Promise<{ record: RunRecord; results: ReadonlyMap<string, ModelResult> }> {
  const outputs: OutputRecords = { tables: dict(), figures: dict() };
  // The run state (and the expression and estimator code behind it) is created when the
  // first step runs; until then restored results collect in a plain map, in plan order.
  const restored = { results: new Map<string, ModelResult>(), reporter: opts.reporter };
  let live: RunState | undefined;
  const current = () => live ?? restored;
  const running = async (): Promise<RunState> => {
    if (!live) {
      live = new (await import('./state.js')).RunState(plan.spec, opts.reporter, opts.estimators ?? (await import('../estimators/index.js')).createEstimatorRegistry());
      for (const [k, r] of restored.results) live.results.set(k, r);
    }
    return live;
  };

  // 1–4 in plan order: a table may need a model first (a variable built from its residuals).
  // DuckDB is opened only when a data step runs: a run served from the cache never starts it.
  let engine: DataEngine | undefined;
  const plainTried = new Set<string>();
  const toRun = plan.steps.filter((s) => cache.action(s.id) === 'run').length;
  try {
    let n = 0;
    for (const step of plan.steps) {
      const action = cache.action(step.id);
      if (action === 'skip') continue;
      if (action === 'reuse') {
        cache.restore(step, current(), staging, outputs);
      } else {
        opts.onStep?.(step, n++, toRun, cache.lastSeconds(step.id));
        const state = await running();
        const snap = cache.before(state);
        await located(step.path, () => runStep(step, state));
        mark(`step ${step.id}`);
        cache.store(step, state, snap, staging, outputs);
        mark(`cache store ${step.id}`);
      }
      done.push(step.id);
    }
  } finally {
    engine?.close();
    mark('duckdb closed');
  }

  // The stages' modules load on first use: DuckDB, vega and resvg cost about a second of
  // start-up together, which a run served from the cache must not pay.
  async function runStep(step: Step, state: RunState): Promise<void> {
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
        if (step.options.engine === 'sql') {
          // Fitted inside the data engine (src/sqlfe/): the table's rows are never loaded.
          const data = await import('./data.js');
          engine ??= await data.openData(plan, state, { allowOutside: opts.allowOutside ?? false });
          await (await import('../sqlfe/run.js')).runSqlModelStep(engine, state, plan, step);
        } else (await import('./models.js')).runModelStep(state, step);
        break;
      case 'placebo':
        await (await import('./placebo.js')).runPlaceboStep(state, plan, step, opts.onDraws);
        break;
      case 'table':
      case 'figure':
        await (await import('./outputs.js')).runOutputStep(state, plan, step, { outDir: staging, provenance: prov, reporter: opts.reporter }, outputs);
        break;
      case 'data': {
        // A table read only by `engine: sql` models stays in DuckDB (src/sqlfe/); otherwise a
        // table that is one plain CSV file is read without DuckDB (run/data-plain.ts).
        const inEngine = (await import('../sqlfe/check.js')).tableStaysInEngine(plan, step.table);
        if (!engine && !inEngine && (await import('./data-plain.js')).runPlainDataStep(plan, state, step, { allowOutside: opts.allowOutside ?? false }, plainTried)) break;
        const data = await import('./data.js');
        mark('data module loaded');
        engine ??= await data.openData(plan, state, { allowOutside: opts.allowOutside ?? false, plainTried });
        mark('duckdb opened');
        await data.runDataStep(engine, state, step, inEngine);
        break;
      }
    }
  }

  // 5. One report gathering every table and figure, in spec order.
  const report = renderReport(
    {
      title: plan.spec.title ?? basename(opts.specPath, extname(opts.specPath)),
      tables: Object.entries(outputs.tables).map(([name, t]) => ({ name, ...(plan.spec.tables[name]?.title ? { title: plan.spec.tables[name]!.title! } : {}), files: t.files, ...(outputs.tableModels?.[name] ? { model: outputs.tableModels[name]! } : {}) })),
      figures: Object.entries(outputs.figures).map(([name, f]) => ({ name, ...(plan.spec.figures[name]?.title ? { title: plan.spec.figures[name]!.title! } : {}), files: f.files })),
    },
    { outDir: staging, provenance: prov },
  );

  const models = dict<unknown>();
  const results = current().results;
  const registry = live?.estimators ?? opts.estimators ?? (await import('../estimators/index.js')).createEstimatorRegistry();
  for (const [key, r] of results) setOwn(models, key, modelRecord(r, registry));
  const record: RunRecord = {
    spec: basename(opts.specPath, extname(opts.specPath)),
    ...(plan.spec.title ? { title: plan.spec.title } : {}),
    tool_version: TOOL_VERSION,
    spec_sha256: prov.spec_sha256,
    data_sha256: prov.data_sha256,
    models,
    tables: outputs.tables,
    figures: outputs.figures,
    report: { files: report.files },
    warnings: opts.reporter.warnings.map((d) => `${d.code}: ${d.message}`),
  };
  return { record, results };
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
