/**
 * The front half of the tool, shared by `check`, `plan` and `run`:
 *
 *   YAML text
 *     |  (1. load: YAML with node ranges; syntax, duplicate keys, alias bombs)
 *     |  (2. validate: JSON Schema → one diagnostic per mistake)
 *     |  (3. normalize: defaults, formulas and expressions parsed)
 *     |  (4. plan: columns, references, cycles → DAG)
 *     v
 *   Plan, with every diagnostic located at file:line:col
 *
 * Each stage runs only if the previous one had no errors (later errors would mostly be
 * echoes of earlier ones). Warnings and infos of every stage are kept.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { HeaderReader } from '../data/header.js';
import { compilePlan } from '../plan/compile.js';
import type { Plan } from '../plan/types.js';
import { loadSpec, type LoadedSpec } from './load.js';
import { checkSpecLimits } from './limits.js';
import { checkLatex } from './latex-check.js';
import { locate } from './locate.js';
import { normalizeSpec, type EstimatorCatalog } from './normalize.js';
import { createEstimatorRegistry } from '../estimators/index.js';
import type { NormalizedSpec } from './normalized.js';
import type { Parsers } from './parsers.js';
import type { StudySpec } from './types.js';
import { createValidator, validateSpec, type SpecValidator } from './validate.js';

export interface PipelineOptions {
  readonly parsers: Parsers;
  readonly validator?: SpecValidator;
  readonly allowOutside?: boolean;
  readonly readHeader?: HeaderReader;
  /** Stop after normalization (no data headers are read). */
  readonly skipPlan?: boolean;
  /** The estimators models may name (default: all of studyspec's). */
  readonly estimators?: EstimatorCatalog;
}

export interface PipelineResult {
  readonly loaded: LoadedSpec;
  readonly normalized?: NormalizedSpec;
  readonly plan?: Plan;
  /** Every diagnostic, located, in source order within each stage. */
  readonly diagnostics: readonly Diagnostic[];
  readonly ok: boolean;
}

export async function compileSpec(source: string, file: string, opts: PipelineOptions): Promise<PipelineResult> {
  const loaded = loadSpec(source, file);
  const all: Diagnostic[] = [];
  const finish = (rest: Partial<PipelineResult> = {}): PipelineResult => {
    const diagnostics = all.map((d) => locate(d, loaded));
    return { loaded, ...rest, diagnostics, ok: !diagnostics.some((d) => d.severity === 'error') };
  };
  const stop = (ds: readonly Diagnostic[]): boolean => {
    all.push(...ds);
    return ds.some((d) => d.severity === 'error');
  };

  if (stop(loaded.diagnostics)) return finish();
  if (stop(validateSpec(loaded, opts.validator ?? createValidator()))) return finish();
  if (stop(checkSpecLimits(loaded.value).map((d) => locate(d, loaded)))) return finish();
  if (stop(sortBySource(checkLatex(loaded.value), loaded))) return finish();
  const norm = normalizeSpec(loaded.value as StudySpec, file, opts.parsers, opts.estimators ?? createEstimatorRegistry());
  if (stop(sortBySource(norm.diagnostics, loaded)) || !norm.value) return finish();
  if (opts.skipPlan) return finish({ normalized: norm.value });
  const compiled = await compilePlan(norm.value, {
    parsers: opts.parsers,
    ...(opts.allowOutside !== undefined ? { allowOutside: opts.allowOutside } : {}),
    ...(opts.readHeader ? { readHeader: opts.readHeader } : {}),
  });
  stop(sortBySource(compiled.diagnostics, loaded));
  return finish({ normalized: norm.value, ...(compiled.plan ? { plan: compiled.plan } : {}) });
}

function sortBySource(ds: readonly Diagnostic[], loaded: LoadedSpec): Diagnostic[] {
  return ds
    .map((d) => locate(d, loaded))
    .map((d, i) => [d, i] as const)
    .sort((a, b) => (a[0].pos?.offset ?? Infinity) - (b[0].pos?.offset ?? Infinity) || a[1] - b[1])
    .map(([d]) => d);
}
