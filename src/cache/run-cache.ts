/**
 * The cache's side of a run: which steps to execute, which to restore, and what each
 * finished step leaves behind.
 *
 * What a step stores (an entry):
 *   model, split, placebo   the results it added (ModelResult records, typed arrays included)
 *   table, figure           its record in results.json and the bytes of the files it wrote
 *   data, variable, sample  nothing but the diagnostics it reported (frames and columns are
 *                           not kept: re-reading a table is cheaper than storing it)
 * and every entry keeps the warnings and notes the step reported, replayed on reuse so a
 * cached run says what the original run said.
 *
 * Deciding: a step with a valid entry is reused; one without runs. A running step needs
 * its deps in memory, so they run too — except that a table or figure needs only the
 * *results* of the models it shows, which an entry restores. So an unchanged spec runs
 * nothing (not even DuckDB), and a changed model runs its data, variables and itself, then
 * re-renders what shows it.
 */
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Diagnostic, Reporter } from '../diagnostics/diagnostic.js';
import type { ModelResult } from '../estimators/result.js';
import { freezeResult } from '../estimators/result.js';
import type { Plan, Step } from '../plan/types.js';
import type { TableRecord } from '../run/results-json.js';
import { stepHashes, type HashInputs } from './keys.js';
import { StepCache } from './store.js';

export interface StepEntry {
  readonly id: string;
  readonly results?: readonly (readonly [string, ModelResult])[];
  readonly diagnostics: readonly Diagnostic[];
  readonly output?: {
    readonly record: TableRecord | { readonly files: readonly string[] };
    readonly files: readonly { readonly path: string; readonly bytes: Uint8Array }[];
  };
  /** Seconds the step took when it ran (the next run's time estimate). */
  readonly seconds: number;
}

export type StepAction = 'run' | 'reuse' | 'skip';

/** The pieces of run state a step touches (kept narrow so the cache does not know RunState). */
export interface StepState {
  readonly results: Map<string, ModelResult>;
  readonly reporter: Reporter;
}

export interface OutputSink {
  tables: Record<string, TableRecord>;
  figures: Record<string, { files: readonly string[] }>;
}

export class RunCache {
  readonly hashes: Map<string, string>;
  readonly actions = new Map<string, StepAction>();
  private readonly entries = new Map<string, StepEntry>();
  private readonly seconds = new Map<string, number>();

  constructor(
    private readonly plan: Plan,
    private readonly cache: StepCache,
    inputs: HashInputs,
    opts: { reuse: boolean; selected: ReadonlySet<string> },
  ) {
    this.hashes = stepHashes(plan, inputs);
    if (opts.reuse) {
      for (const s of plan.steps) {
        const e = cache.get<StepEntry>(this.hashes.get(s.id)!);
        if (e && e.id === s.id) this.entries.set(s.id, e);
      }
    }
    this.decide(opts.selected);
    // Entries of steps that are still in the plan survive into the new cache even when this
    // run does not touch them (--only), so the next full run can reuse them.
    cache.carryOver(new Set(this.hashes.values()));
  }

  private decide(selected: ReadonlySet<string>): void {
    const byId = new Map(this.plan.steps.map((s) => [s.id, s]));
    const run = new Set<string>();
    for (const s of this.plan.steps) if (selected.has(s.id) && !this.entries.has(s.id)) run.add(s.id);
    for (const s of [...this.plan.steps].reverse()) {
      if (!run.has(s.id)) continue;
      for (const d of s.deps) {
        const dep = byId.get(d);
        if (!dep) continue;
        const resultsOnly = (s.kind === 'table' || s.kind === 'figure') && (dep.kind === 'model' || dep.kind === 'split' || dep.kind === 'placebo');
        if (resultsOnly && this.entries.has(d)) continue;
        run.add(d);
      }
    }
    for (const s of this.plan.steps) {
      // Outside --only, whatever is still valid is restored (it costs nothing and keeps the
      // output folder whole); what is neither selected nor cached is left out.
      this.actions.set(s.id, run.has(s.id) ? 'run' : this.entries.has(s.id) ? 'reuse' : 'skip');
    }
  }

  action(id: string): StepAction {
    return this.actions.get(id) ?? 'skip';
  }

  /** Seconds the step took last time it ran, if known (for the progress estimate). */
  lastSeconds(id: string): number | undefined {
    return this.entries.get(id)?.seconds;
  }

  /** Put a reused step's results, diagnostics and files back as if it had just run. */
  restore(step: Step, state: StepState, staging: string, outputs: OutputSink): void {
    const e = this.entries.get(step.id);
    if (!e) throw new Error(`internal: no cache entry for ${step.id}`);
    for (const [key, r] of e.results ?? []) state.results.set(key, freezeResult(r));
    state.reporter.addAll(e.diagnostics);
    if (e.output) {
      for (const f of e.output.files) {
        const p = join(staging, f.path);
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, f.bytes);
      }
      if (step.kind === 'table') outputs.tables[step.name] = e.output.record as TableRecord;
      if (step.kind === 'figure') outputs.figures[step.name] = e.output.record as { files: readonly string[] };
    }
  }

  /** Snapshot taken before a step runs; `store` turns the difference into an entry. */
  before(state: StepState): { keys: Set<string>; nDiag: number; t0: number } {
    return { keys: new Set(state.results.keys()), nDiag: state.reporter.diagnostics.length, t0: performance.now() };
  }

  store(step: Step, state: StepState, snap: ReturnType<RunCache['before']>, staging: string, outputs: OutputSink): void {
    const results = [...state.results.entries()].filter(([k]) => !snap.keys.has(k));
    const diagnostics = state.reporter.diagnostics.slice(snap.nDiag);
    let output: StepEntry['output'];
    const record = step.kind === 'table' ? outputs.tables[step.name] : step.kind === 'figure' ? outputs.figures[step.name] : undefined;
    if (record) {
      output = { record, files: record.files.map((path) => ({ path, bytes: readFileSync(join(staging, path)) })) };
    }
    this.seconds.set(step.id, (performance.now() - snap.t0) / 1000);
    const entry: StepEntry = {
      id: step.id,
      ...(results.length ? { results } : {}),
      diagnostics,
      ...(output ? { output } : {}),
      seconds: (performance.now() - snap.t0) / 1000,
    };
    this.cache.put(this.hashes.get(step.id)!, entry);
  }

  /**
   * `<out>/.studyspec/steps.json`: what each step did in the run that wrote this folder
   * (run, reuse or skip) and how long the ones that ran took — for a person asking "what
   * did that run recompute?" and for tests.
   */
  writeLog(outDir: string): void {
    const steps: Record<string, { action: StepAction; hash: string; seconds?: number }> = {};
    for (const s of this.plan.steps) {
      const a = this.action(s.id);
      const t = this.seconds.get(s.id);
      steps[s.id] = { action: a, hash: this.hashes.get(s.id)!, ...(t !== undefined ? { seconds: Math.round(t * 1000) / 1000 } : {}) };
    }
    const dir = join(outDir, '.studyspec');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'steps.json'), `${JSON.stringify({ steps }, null, 2)}\n`);
  }

  /** Counts for the run's summary line. */
  counts(): { run: number; reused: number; skipped: number } {
    let run = 0;
    let reused = 0;
    let skipped = 0;
    for (const a of this.actions.values()) {
      if (a === 'run') run++;
      else if (a === 'reuse') reused++;
      else skipped++;
    }
    return { run, reused, skipped };
  }
}
