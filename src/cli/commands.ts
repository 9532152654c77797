/**
 * check, plan and run. Each returns an exit code (EXIT in ./report.ts: 0 ok, 1 errors in the
 * spec or data, 2 command-line usage, 3 internal error) instead of exiting, so tests and
 * main.ts decide what to do with it.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fsErrorDiagnostic, isFsError } from '../diagnostics/fs-error.js';
import { chooseOutputDir, defaultOutDir, OutputRefused } from '../run/output-dir.js';
import { namedFiles } from '../spec/paths.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { isStudyError, Reporter } from '../diagnostics/diagnostic.js';
import { formatJson, type OutputFormat } from '../diagnostics/format.js';
import { diag } from '../diagnostics/messages/index.js';
import { cliMessages } from '../diagnostics/messages/cli.js';
import { specMessages } from '../diagnostics/messages/spec.js';
import { LIMITS } from '../spec/limits.js';
import { formatPlanJson, formatPlanText } from '../plan/print.js';
import { locate } from '../spec/locate.js';
import { defaultParsers } from '../spec/parsers.js';
import { compileSpec, type PipelineResult } from '../spec/pipeline.js';
import { createValidator, type SpecValidator } from '../spec/validate.js';
import type { ModelResult } from '../estimators/result.js';
import { selectableNames, selectSteps } from '../plan/select.js';
import { didYouMean } from '../diagnostics/messages/index.js';
import { formatModels } from './print-model.js';
import { createProgress } from './progress.js';
import { EXIT, internalError, printDiagnostics, summaryLine, type Io } from './report.js';
import { formatTimings, mark, timingsEnabled } from '../run/timings.js';

export interface CommonOptions {
  readonly allowOutside?: boolean;
  readonly debug?: boolean;
}

interface Compiled {
  readonly source?: string;
  readonly result?: PipelineResult;
  readonly diagnostics: readonly Diagnostic[];
}

async function compileFile(file: string, opts: CommonOptions, validator: SpecValidator): Promise<Compiled> {
  let source: string;
  try {
    // A spec over the size limit is refused from its size alone, without reading it.
    const bytes = (await stat(file)).size;
    if (bytes > LIMITS.specBytes) {
      return { diagnostics: [diag(specMessages.specTooLarge(bytes, LIMITS.specBytes), { pos: { file, line: 1, col: 1, offset: 0, length: 1 } })] };
    }
    source = await readFile(file, 'utf8');
  } catch (e) {
    const fsd = isFsError(e) && e.code !== 'ENOENT' ? fsErrorDiagnostic(e, file) : undefined;
    return { diagnostics: [fsd ?? diag(cliMessages.specNotFound(file))] };
  }
  const result = await compileSpec(source, file, {
    parsers: defaultParsers(),
    validator,
    ...(opts.allowOutside !== undefined ? { allowOutside: opts.allowOutside } : {}),
  });
  return { source, result, diagnostics: result.diagnostics };
}

export async function checkCommand(
  files: readonly string[],
  opts: CommonOptions & { format: OutputFormat },
  io: Io,
): Promise<number> {
  try {
    const validator = createValidator();
    const all: Diagnostic[] = [];
    let failed = false;
    for (const file of files) {
      const c = await compileFile(file, opts, validator);
      all.push(...c.diagnostics);
      printDiagnostics(io, c.diagnostics, opts.format, c.source);
      if (c.diagnostics.some((d) => d.severity === 'error')) failed = true;
      if (opts.format === 'text') io.err(summaryLine(file, c.diagnostics));
    }
    if (opts.format === 'json') io.out(formatJson(all));
    return failed ? EXIT.spec : EXIT.ok;
  } catch (e) {
    internalError(io, e, opts.debug ?? false);
    return EXIT.internal;
  }
}

export async function planCommand(
  file: string,
  opts: CommonOptions & { json?: boolean },
  io: Io,
): Promise<number> {
  try {
    const c = await compileFile(file, opts, createValidator());
    printDiagnostics(io, c.diagnostics, 'text', c.source);
    const plan = c.result?.plan;
    if (!plan) return EXIT.spec;
    io.out(opts.json ? formatPlanJson(plan) : formatPlanText(plan));
    return EXIT.ok;
  } catch (e) {
    internalError(io, e, opts.debug ?? false);
    return EXIT.internal;
  }
}

export { defaultOutDir };

export interface RunModule {
  runStudy(
    plan: NonNullable<PipelineResult['plan']>,
    opts: {
      outDir: string;
      specPath: string;
      source: string;
      debug: boolean;
      reporter: Reporter;
      allowOutside?: boolean;
      only?: ReadonlySet<string>;
      cache?: boolean;
      onStep?: (step: { id: string }, index: number, total: number, estimate?: number) => void;
      onDraws?: (done: number, total: number) => void;
    },
  ): Promise<unknown>;
}

/** What runCommand reads from runStudy's answer (a stub in tests may return nothing). */
interface RunAnswer {
  readonly results?: ReadonlyMap<string, ModelResult>;
  readonly steps?: { readonly run: number; readonly reused: number; readonly skipped: number };
}

export interface RunCommandOptions extends CommonOptions {
  readonly out?: string;
  readonly only?: readonly string[];
  /** false: do not reuse cached step results (--no-cache). */
  readonly cache?: boolean;
  readonly quiet?: boolean;
}

export async function runCommand(
  file: string,
  opts: RunCommandOptions,
  io: Io,
  loadRun: () => Promise<RunModule> = () => import('../run/run.js') as Promise<RunModule>,
): Promise<number> {
  const debug = opts.debug ?? false;
  const t0 = performance.now();
  let c: Compiled | undefined;
  try {
    c = await compileFile(file, opts, createValidator());
    mark('spec compiled');
    printDiagnostics(io, c.diagnostics, 'text', c.source);
    const plan = c.result?.plan;
    if (!plan || !c.source || !c.result) return EXIT.spec;
    const selection = selectSteps(plan, opts.only);
    if (selection.unknown.length) {
      const names = selectableNames(plan);
      printDiagnostics(io, selection.unknown.map((n) => diag(cliMessages.onlyUnknown(n), { notes: didYouMean(n, names) })), 'text');
      return EXIT.usage;
    }
    let mod: RunModule;
    try {
      mod = await loadRun();
      mark('run module loaded');
    } catch (e) {
      if (debug) io.err(String((e as Error).stack ?? e));
      printDiagnostics(io, [diag(cliMessages.runUnavailable())], 'text');
      return EXIT.internal;
    }
    const reporter = new Reporter();
    // The output policy (run/output-dir.ts): a folder the run may not replace is a usage error.
    let outDir: string;
    try {
      outDir = chooseOutputDir({ out: opts.out, specPath: file, inputs: namedFiles(plan.spec) });
    } catch (e) {
      if (!isStudyError(e)) throw e;
      printDiagnostics(io, e.diagnostics, 'text');
      return e instanceof OutputRefused ? 2 : 1;
    }
    const loaded = c.result.loaded;
    const progress = createProgress({ quiet: opts.quiet ?? false });
    let answer: RunAnswer | undefined;
    try {
      answer = (await mod.runStudy(plan, {
        outDir,
        specPath: resolve(file),
        source: c.source,
        debug,
        reporter,
        ...(opts.allowOutside !== undefined ? { allowOutside: opts.allowOutside } : {}),
        ...(opts.only?.length ? { only: selection.ids } : {}),
        ...(opts.cache === false ? { cache: false } : {}),
        onStep: (step, i, total, estimate) => progress.step(step.id, i, total, estimate),
        onDraws: (done, total) => progress.draws(done, total),
      })) as RunAnswer | undefined;
    } finally {
      await progress.done();
      printDiagnostics(io, reporter.diagnostics.filter((d) => !opts.quiet || d.severity !== 'info').map((d) => locate(d, loaded)), 'text', c.source);
    }
    mark('run finished');
    if (timingsEnabled()) io.err(formatTimings());
    if (!opts.quiet) {
      if (answer?.results?.size) io.out(formatModels(answer.results));
      io.err(`wrote ${outDir}${stepsNote(answer?.steps)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    return EXIT.ok;
  } catch (e) {
    if (isStudyError(e)) {
      const loaded = c?.result?.loaded;
      const ds = loaded ? e.diagnostics.map((d) => locate(d, loaded)) : e.diagnostics;
      printDiagnostics(io, ds, 'text', c?.source);
      if (debug && e.stack) io.err(e.stack);
      return EXIT.spec;
    }
    const fsd = fsErrorDiagnostic(e);
    if (fsd) {
      printDiagnostics(io, [fsd], 'text');
      return 1;
    }
    internalError(io, e, debug);
    return EXIT.internal;
  }
}

/** " (12 steps run, 3 reused from the cache, 2 not in --only)" */
function stepsNote(s: RunAnswer['steps']): string {
  if (!s) return '';
  const parts = [`${s.run} step${s.run === 1 ? '' : 's'} run`, `${s.reused} reused from the cache`];
  if (s.skipped) parts.push(`${s.skipped} left out by --only`);
  return ` (${parts.join(', ')})`;
}
