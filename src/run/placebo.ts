/**
 * Placebo steps: re-estimate a fitted model's coefficient on a permuted regressor, many
 * times (methods.md E8), and store the draws as a result of estimator `placebo`.
 *
 * The target model was fitted earlier in the plan; its Design is reused, so only the
 * permuted column changes between draws. A linear model takes the FWL fast path
 * (prepareFocalRefit: only the permuted column is demeaned per draw); any other estimator
 * refits through the registry with the column replaced.
 */
import { inferenceMessages as IM } from '../diagnostics/messages/inference.js';
import type { Grouping } from '../design/types.js';
import { StudyError } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/messages/index.js';
import { runMessages as M } from '../diagnostics/messages/run.js';
import { nonlinearMessages as nl } from '../diagnostics/messages/nonlinear.js';
import { combineRaw, denseGrouping, rawCodes } from '../design/groups.js';
import { availableParallelism } from 'node:os';
import { Reporter } from '../diagnostics/diagnostic.js';
import { genericPlaceboRefit, linearPlaceboRefit } from '../estimators/resampling/placebo-refit.js';
import { runPlacebo } from '../estimators/resampling/placebo.js';
import type { FitInput, FitOptions } from '../estimators/registry.js';
import { freezeResult, type ModelResult, type ResamplingResult } from '../estimators/result.js';
import type { ModelStep, Plan, PlaceboStep } from '../plan/types.js';
import type { FittedModel, RunState } from './state.js';

export async function runPlaceboStep(
  state: RunState,
  plan: Plan,
  step: PlaceboStep,
  onDraws?: (done: number, total: number) => void,
): Promise<void> {
  const target = plan.steps.find((s) => s.id === step.target) as ModelStep | undefined;
  const fitted = target ? state.fitted.get(target.resultKey) : undefined;
  if (!target || !fitted) throw new StudyError(diag(M.runModelNotFitted(step.target), { path: step.path }));
  const { design, result } = fitted;
  const j = design.names.indexOf(step.permute);
  const observed = result.coefficients[step.permute]?.estimate;
  if (j < 0 || observed === undefined) {
    throw new StudyError(diag(M.runPlaceboTarget(target.name, step.permute), { path: [...step.path, 'permute'] }));
  }
  // The permutation refits re-estimate b without weights: refuse rather than compare a
  // weighted observed coefficient with unweighted draws.
  if (target.options.weights) {
    throw new StudyError(diag(IM.infWeightsNotSupported('placebo', `a target fitted with ${target.options.weights.kind}`, []), { path: [...step.path, 'model'] }));
  }
  const refit = refitter(fitted, target, step.permute, state);
  const within = step.within.length > 0 ? groupCodes(state, fitted, step.within) : undefined;
  const units = unitCodes(state, fitted);
  const out = await runPlacebo({
    observed,
    draws: step.draws,
    seed: step.seed,
    permute: design.X[j]!,
    ...(within ? { within } : {}),
    ...(units ? { units } : {}),
    refit,
    ...(isLinear(fitted, state) ? { workers: Math.max(1, Math.min(availableParallelism(), 8)), linear: { design, options: refitOptions(target), focal: step.permute } } : {}),
    ...(onDraws ? { onProgress: onDraws } : {}),
  });
  if (out.fallback && isLinear(fitted, state)) {
    state.reporter.add(diag(nl.nlPlaceboWorkerFallback(out.fallback), { severity: 'info', path: step.path }));
  }
  const record: ModelResult = freezeResult<ResamplingResult>({
    family: 'resampling',
    id: step.resultKey,
    estimator: 'placebo',
    formula: result.formula,
    nobs: result.nobs,
    fixed_effects: result.fixed_effects,
    vcov: result.vcov,
    conventions: result.conventions,
    terms: [],
    coefficients: {},
    vcov_matrix: [],
    inference: result.inference,
    stats: { observed: out.observed, mean: out.mean, sd: out.sd, p_value: out.p_value, draws: step.draws },
    dropped: result.dropped,
    extra: {
      model: target.resultKey,
      permute: step.permute,
      within: step.within,
      seed: step.seed,
      observed: out.observed,
      mean: out.mean,
      sd: out.sd,
      p_value: out.p_value,
      failed: out.failed,
      threads: out.threads,
      draws: Array.from(out.draws),
    },
  });
  state.results.set(step.resultKey, record);
}

/** Options the target model was fitted with (inference does not matter: only b is used). */
function refitOptions(target: ModelStep): FitOptions {
  return { vcov: 'iid', conventions: target.options.conventions };
}

function refitter(m: FittedModel, target: ModelStep, name: string, state: RunState): (col: Float64Array) => number {
  if (isLinear(m, state)) return linearPlaceboRefit(m.design, refitOptions(target), name);
  const entry = state.estimators.get(m.result.estimator);
  if (!entry?.fit || entry.placebo === 'none') throw new StudyError(diag(M.runEstimatorMissing(m.result.estimator)));
  const input: FitInput = { id: target.resultKey, formula: target.formula.text, design: m.design, options: refitOptions(target), reporter: new Reporter() };
  return genericPlaceboRefit(entry.fit, input, name);
}

/** Estimators whose entry allows the FWL path (OLS/HDFE), without instruments: draws may run on worker threads. */
function isLinear(m: FittedModel, state: RunState): boolean {
  return state.estimators.get(m.result.estimator)?.placebo === 'fwl' && !m.design.endog;
}

/** Codes of `vars` (combined) on the design rows, for shuffling within groups. */
function groupCodes(state: RunState, m: FittedModel, vars: readonly string[]): Int32Array {
  const frame = state.frame(m.table);
  const raw = combineRaw(
    vars.map((v) => {
      const c = frame.columns.get(v) ?? state.variable(m.table, v);
      if (!c) throw new StudyError(diag(M.runPlaceboTarget(m.result.id, v)));
      return rawCodes(c, state.alloc);
    }),
    state.alloc,
  );
  const rows = Int32Array.from(m.design.rows, (r) => m.frameRows[r]!);
  return denseGrouping(vars.join('^'), raw, rows, state.alloc).codes;
}

/** Panel units of the design rows (the permutation re-assigns a unit's whole path), when the table has a panel. */
function unitCodes(state: RunState, m: FittedModel): Int32Array | undefined {
  const frame = state.frame(m.table);
  const id = frame.panel?.id;
  const col = id ? frame.columns.get(id) : undefined;
  if (!id || !col) return undefined;
  const rows = Int32Array.from(m.design.rows, (r) => m.frameRows[r]!);
  const g: Grouping = denseGrouping(id, rawCodes(col, state.alloc), rows, state.alloc);
  return g.codes;
}
