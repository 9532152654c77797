/**
 * A model step with `engine: sql`: the formula is translated into SQL over the data table as
 * the data engine built it (never extracted), fitted by fit.ts, and its record stored like
 * any other model's. What the SQL path cannot do is refused before any pass over the rows,
 * each refusal pointing at the spec key responsible.
 *
 * DuckDB spills to the private folder the data engine opened under the system's temporary
 * directory (data/engine.ts): the run writes nothing but its output folder.
 */
import type { DataEngine } from '../data/engine.js';
import { qid } from '../data/sql.js';
import { asNum, newState, translate, Untranslatable } from '../data/expr-sql.js';
import { Reporter, StudyError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/messages/index.js';
import { sqlMessages as M } from '../diagnostics/messages/sql.js';
import { exprColumns } from '../expr/columns.js';
import { ExprError } from '../expr/errors.js';
import type { Term } from '../formula/ast.js';
import type { ModelStep, Plan } from '../plan/types.js';
import type { SpecPath } from '../spec/normalized.js';
import { freezeResult } from '../estimators/result.js';
import type { RunState } from '../run/state.js';
import { checkSqlSteps } from './check.js';
import { fitSql } from './fit.js';
import type { SqlDesign, SqlGrouping, SqlTerm } from './sample.js';

export async function runSqlModelStep(engine: DataEngine, state: RunState, plan: Plan, step: ModelStep): Promise<void> {
  const path = step.path;
  const at = (key: string): SpecPath => [...path, key];
  const id = step.resultKey;
  const o = step.options;
  const refuse: (d: Diagnostic) => never = (d) => {
    throw new StudyError(d);
  };
  // The plan's checks again (compilePlan ran them; a caller may hand in a plan of its own).
  const problem = checkSqlSteps(plan.steps, new Set(Object.keys(state.spec.variables)))[0];
  if (problem) refuse(problem);
  const kind = o.vcov.type;
  if (kind !== 'iid' && kind !== 'hc1' && kind !== 'cluster') return refuse(diag(M.sqlVcov(step.name, o.vcov.text), { path: at('vcov') }));
  const lhs = step.formula.lhs;
  if (lhs.kind !== 'vars') return refuse(diag(M.sqlTerm(step.name, 'Surv(…)', 'survival outcomes are not linear models'), { path: at('formula') }));

  const built = await engine.build(step.table, ['data', step.table]);
  const types = new Map(built.columns.map((c) => [c.name, c.type]));
  const specVars = new Set(Object.keys(state.spec.variables));
  const column = (name: string, p: SpecPath): string => {
    if (types.has(name)) return name;
    if (specVars.has(name)) return refuse(diag(M.sqlSpecVariable(step.name, name, step.table), { path: p }));
    return refuse(diag(M.sqlNoFixedEffectColumn(step.name, name, step.table), { path: p }));
  };
  const term = (t: Term): SqlTerm => {
    const fp = at('formula');
    if (t.kind !== 'numeric') return refuse(diag(M.sqlTerm(step.name, t.name, 'not a numeric term'), { path: fp }));
    for (const c of exprColumns(t.expr)) column(c, fp);
    const st = newState();
    try {
      const sql = asNum(translate(t.expr, { columns: types, mode: 'row', table: step.table }, st), t.expr, st);
      if (st.usesWindow) refuse(diag(M.sqlTerm(step.name, t.name, 'lags and panel functions need the rows in panel order'), { path: fp }));
      const text = st.textAsNumber[0];
      if (text) refuse(diag(M.sqlTextTerm(step.name, t.name, text.column), { path: fp }));
      return { name: t.name, sql };
    } catch (e) {
      if (e instanceof Untranslatable) return refuse(diag(M.sqlTerm(step.name, t.name, `${e.fn}() has no SQL form`), { path: fp }));
      if (e instanceof ExprError) return refuse(diag(M.sqlTerm(step.name, t.name, e.message), { path: fp }));
      throw e;
    }
  };
  const clusterWay = (c: string): SqlGrouping => ({ name: c, columns: c.split('^').map((v) => column(v, at('vcov'))) });
  const design: SqlDesign = {
    relation: qid(built.sqlName),
    y: term(lhs.outcomes[0]!),
    x: step.formula.rhs.map(term),
    fe: step.formula.fixedEffects.map((f) => ({ name: f.name, columns: f.variables.map((v) => column(v, at('formula'))) })),
    clusters: kind === 'cluster' ? o.vcov.clusters.map(clusterWay) : [],
    intercept: step.formula.intercept,
    dropSingletons: (o.singletons ?? (o.conventions === 'fixest' ? 'keep' : 'drop')) === 'drop',
  };

  const reporter = new Reporter();
  try {
    const result = await fitSql(
      engine.connection,
      design,
      {
        id,
        formula: step.formula.text,
        kind,
        profile: o.conventions,
        noadjust: o.noadjust,
        ...(o.tol !== undefined ? { tol: o.tol } : {}),
        focal: o.focal,
        vcovText: o.vcov.text,
      },
      reporter,
    );
    const rec = step.step !== undefined ? freezeResult({ ...result, step: step.step }) : result;
    state.results.set(id, rec);
  } catch (e) {
    if (!(e instanceof StudyError)) throw e;
    throw new StudyError(e.diagnostics.map((d): Diagnostic => (d.path || d.pos ? d : { ...d, path: at('formula') })));
  } finally {
    for (const d of reporter.diagnostics) state.reporter.add(d.path || d.pos ? d : { ...d, path: at('formula') });
  }
}
