/**
 * What `engine: sql` cannot fit, found from the plan alone (so `check` reports it, and `run`
 * stops before reading any data): estimators other than OLS, IV parts, weights, `sample:` and
 * `split:`, variances that need leverages or the row order, factor terms, spec variables
 * (computed in memory), and any use of the model's per-row values (resid(m), placebo).
 * Term expressions the data engine cannot translate are found at run time (run.ts), when
 * the table's column types are known. Also from the plan: which tables only such models
 * read, so that their data steps build them without extracting them.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/messages/index.js';
import { sqlMessages as M } from '../diagnostics/messages/sql.js';
import type { Term } from '../formula/ast.js';
import type { ModelStep, Plan, Step } from '../plan/types.js';
import type { SpecPath } from '../spec/normalized.js';

/** Steps that fit in the data engine. */
export function isSqlModel(step: Step): step is ModelStep {
  return (step.kind === 'model' || step.kind === 'split') && step.options.engine === 'sql';
}

const VCOV = new Set(['iid', 'hc1', 'cluster']);

/** One diagnostic per sql model step at most (its first problem), in step order. */
export function checkSqlSteps(steps: readonly Step[], specVariables: ReadonlySet<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const s of steps) {
    if (!isSqlModel(s)) continue;
    const d = firstProblem(s, steps, specVariables);
    if (d) out.push(d);
  }
  return out;
}

function firstProblem(step: ModelStep, steps: readonly Step[], specVariables: ReadonlySet<string>): Diagnostic | undefined {
  const at = (key: string): SpecPath => [...step.path, key];
  const o = step.options;
  const name = step.name;
  if (step.estimator !== 'ols') return diag(M.sqlEstimator(name, step.estimator), { path: at('engine') });
  if (step.formula.iv) return diag(M.sqlIv(name), { path: at('formula') });
  if (o.weights) return diag(M.sqlWeights(name), { path: at('weights') });
  if (step.sample !== undefined) return diag(M.sqlSampleOrSplit(name, 'sample'), { path: at('sample') });
  if (step.kind === 'split') return diag(M.sqlSampleOrSplit(name, 'split'), { path: at('split') });
  if (!VCOV.has(o.vcov.type)) return diag(M.sqlVcov(name, o.vcov.text), { path: at('vcov') });
  if (step.formula.lhs.kind !== 'vars') return diag(M.sqlTerm(name, 'Surv(…)', 'survival outcomes are not linear models'), { path: at('formula') });
  for (const t of step.formula.rhs) {
    const why = termProblem(t);
    if (why) return diag(M.sqlTerm(name, t.name, why), { path: at('formula') });
  }
  const spec = step.variables[0];
  if (spec !== undefined) return diag(M.sqlSpecVariable(name, spec, step.table), { path: at('formula') });
  const readers = [
    ...step.formula.fixedEffects.flatMap((f) => f.variables.map((v) => [v, 'formula'] as const)),
    ...o.vcov.clusters.flatMap((c) => c.split('^').map((v) => [v, 'vcov'] as const)),
  ];
  for (const [v, key] of readers) if (specVariables.has(v)) return diag(M.sqlSpecVariable(name, v, step.table), { path: at(key) });
  for (const s of steps) {
    if (s.kind === 'variable' && s.models.includes(step.resultKey)) return diag(M.sqlNoColumns(name, 'resid'), { path: s.path });
    if (s.kind === 'placebo' && s.target === step.id) return diag(M.sqlPlacebo(name), { path: s.path });
  }
  return undefined;
}

function termProblem(t: Term): string | undefined {
  if (t.kind === 'factor') return 'factor terms i() make one column per level';
  if (t.kind === 'interaction') return 'interactions are formed per level in memory';
  return undefined;
}

/**
 * True when nothing but `engine: sql` models reads table `name`'s rows in memory: its data
 * step then builds the table in DuckDB without extracting it.
 */
export function tableStaysInEngine(plan: Plan, name: string): boolean {
  let used = false;
  for (const s of plan.steps) {
    if (s.kind === 'data') {
      if (s.table !== name && s.spec.from === name && s.uses.length > 0) return false;
      continue;
    }
    const table = 'table' in s ? s.table : undefined;
    if (table !== name) continue;
    if (!isSqlModel(s)) return false;
    used = true;
  }
  return used;
}
