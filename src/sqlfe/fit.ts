/**
 * OLS with absorbed fixed effects whose rows stay in the data engine:
 *
 *   sample (sample.ts) → fixed-effect coefficients by alternating group-by passes (demean.ts)
 *   → X̃'X̃, X̃'ỹ and the raw moments as aggregates (moments.ts)
 *   → in process, k×k only: collinearity rule, Cholesky, b, (X̃'X̃)⁻¹
 *   → Σu², the meat (per-row or per-cluster score sums, outer-product sum) as aggregates
 *   → the linear family's variance and small-sample rules (vcov/), the same record as ols.ts.
 *
 * Results match the in-memory fit (estimators/linear/ols.ts) under every convention profile:
 * same rows, same collinearity rule, same fixed-effect degrees of freedom (levels minus
 * connected components for the first two, levels − 1 beyond), same ssc, same `_cons`.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { StudyError, type Reporter } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/messages/index.js';
import { linearMessages as L } from '../diagnostics/messages/linear.js';
import { sqlMessages as M } from '../diagnostics/messages/sql.js';
import { qid, qnum } from '../data/sql.js';
import { cholInverse, cholSolve, choleskySkip } from '../linalg/dense.js';
import type { ModelResult } from '../estimators/result.js';
import type { Profile } from '../vcov/index.js';
import { demeanSql, joinResidual } from './demean.js';
import { components, gram, meat, nestedIn, type MeatKind } from './moments.js';
import { buildSample, type SqlDesign } from './sample.js';
import { SqlSession, valueColumns } from './session.js';
import { assembleSqlResult, type Collinear } from './result.js';

export interface SqlFitOptions {
  readonly id: string;
  readonly formula: string;
  readonly kind: MeatKind;
  readonly profile: Profile;
  readonly noadjust?: boolean;
  readonly tol?: number;
  readonly maxIter?: number;
  readonly focal?: readonly string[];
  /** Canonical vcov text, for the record (hc1 is written as the user wrote `robust`). */
  readonly vcovText?: string;
  /**
   * Create this table (a quoted name) with the design's `carry` columns under their own
   * names, each fixed effect's integer level code (f0, f1, … in formula order) and the
   * residual `resid` = y − x'b − Σ fixed effects, row by row in the engine.
   */
  readonly residualsTo?: string;
}

export async function fitSql(conn: DuckDBConnection, d: SqlDesign, o: SqlFitOptions, reporter: Reporter): Promise<ModelResult> {
  const s = new SqlSession(conn);
  const started = performance.now();
  try {
    const sample = await buildSample(s, d);
    if (sample.n === 0) throw new StudyError(diag(L.linNoObservations(o.id)));
    if (o.kind === 'cluster') {
      sample.clusterLevels.forEach((g, c) => {
        if (g < 2) throw new StudyError(diag(L.linClusterOneLevel(d.clusters[c]!.name)));
      });
    }
    if (sample.singletons) reporter.add(diag(L.linSingletonsDropped(sample.singletons), { severity: 'info' }));
    const k = d.x.length;
    const m = k + 1;
    const hasFe = d.fe.length > 0;
    const tol = o.tol ?? 1e-8;
    const dm = await demeanSql(s, sample.table, d.fe.length, k, { tol, maxIter: o.maxIter ?? 10_000 });
    if (!dm.converged) reporter.add(diag(M.sqlNotConverged(o.id, dm.iterations, tol), { severity: 'warning' }));
    // Without fixed effects, the intercept is absorbed by centring (as transformColumns does).
    let centre: number[] | undefined;
    if (!hasFe && d.intercept) centre = await s.row(`SELECT ${valueColumns(k).map((c) => `avg(${c})`).join(', ')} FROM ${sample.table}`);
    const R = joinResidual(sample.table, dm.tables, m, centre);
    const g = await gram(s, R, m);

    const col = collinear(d, g, hasFe, o.focal ?? []);
    if (col.kept.length === 0 && (k > 0 || (!d.intercept && !hasFe))) throw new StudyError(diag(L.linSingularDesign(o.id)));
    for (const reason of ['fixed_effects', 'regressors'] as const) {
      const names = col.dropped.filter((x) => x.reason === reason).map((x) => x.name);
      if (names.length) reporter.add(diag(L.linCollinearDropped(names, reason), { severity: 'warning' }));
    }
    const kk = col.kept.length;
    const xty = Float64Array.from(col.kept, (j) => g.G[(j + 1) * m]!);
    const b = kk ? cholSolve(col.L, kk, xty) : new Float64Array(0);
    const bread = kk ? cholInverse(col.L, kk) : new Float64Array(0);
    const mt = await meat(s, R, col.kept, b, o.kind, d.clusters.length);

    const perFe: number[] = [];
    let dofExact = d.fe.length <= 2;
    if (hasFe) perFe.push(sample.feLevels[0]!);
    if (d.fe.length >= 2) {
      const comps = await components(s, sample.table);
      if (comps === undefined) {
        dofExact = false;
        reporter.add(diag(M.sqlComponentsNotConverged(o.id, 1000), { severity: 'warning' }));
      }
      perFe.push(sample.feLevels[1]! - (comps ?? 1));
    }
    for (let q = 2; q < d.fe.length; q++) perFe.push(sample.feLevels[q]! - 1);
    let nestedLevels = 0;
    let anyNested = false;
    if (o.kind === 'cluster') {
      for (let q = 0; q < d.fe.length; q++) {
        let nested = false;
        for (let c = 0; c < d.clusters.length && !nested; c++) nested = await nestedIn(s, sample.table, q, c);
        if (nested) {
          nestedLevels += sample.feLevels[q]!;
          anyNested = true;
        }
      }
    }
    if (o.residualsTo) {
      const u = `${R.r(0)}${col.kept.map((j, i) => ` - ${qnum(b[i]!)} * ${R.r(j + 1)}`).join('')}`;
      const carried = (d.carry ?? []).map((c, i) => `s.p${i} AS ${qid(c)}`);
      const codes = d.fe.map((_, q) => `s.f${q}`);
      await s.run(`CREATE TABLE ${o.residualsTo} AS SELECT ${[...carried, ...codes, `${u} AS resid`].join(', ')} FROM ${R.from}`);
    }
    let between: { between: number; overall: number } | undefined;
    if (d.fe.length === 1 && kk > 0) {
      const xb = col.kept.map((j, i) => `${qnum(b[i]!)} * s.x${j}`).join(' + ');
      const [bw] = await s.row(`SELECT corr(yb, xbb) FROM (SELECT avg(s.y) AS yb, avg(${xb}) AS xbb FROM ${sample.table} s GROUP BY s.f0)`);
      const [ov] = await s.row(`SELECT corr(s.y, ${xb}) FROM ${sample.table} s`);
      between = { between: bw! * bw!, overall: ov! * ov! };
    }
    return assembleSqlResult({
      d, o, sample, gram: g, col, b, bread, ssr: mt.ssr, ...(mt.meat ? { meat: mt.meat } : {}),
      feDof: { total: perFe.reduce((a, c) => a + c, 0), perFe, exact: dofExact },
      nestedLevels, anyNested, ...(between ? { between } : {}),
      demean: { iterations: dm.iterations, converged: dm.converged },
      engine: { statements: s.statements, seconds: (performance.now() - started) / 1000 },
    });
  } finally {
    await s.close();
  }
}

/**
 * The in-memory collinearity rule (estimators/linear/prepare.ts detectCollinear) on the
 * aggregates: a regressor whose demeaned sum of squares is below 1e-10 of its raw variation
 * is absorbed by the fixed effects (or constant next to the intercept); the pivot-skipping
 * Cholesky then drops regressors spanned by earlier ones, in formula order.
 */
function collinear(d: SqlDesign, g: { G: Float64Array; sumsq: Float64Array; centred: Float64Array }, hasFe: boolean, focal: readonly string[]): Collinear {
  const m = d.x.length + 1;
  const dropped: { name: string; reason: 'fixed_effects' | 'regressors' }[] = [];
  const candidates: number[] = [];
  for (let j = 0; j < d.x.length; j++) {
    const ssT = g.G[(j + 1) * m + j + 1]!;
    const upper = g.sumsq[j + 1]!;
    if (upper > 0 && ssT > 1e-10 * upper) {
      candidates.push(j);
      continue;
    }
    const ssRaw = hasFe || d.intercept ? g.centred[j + 1]! : upper;
    const base = ssRaw > 0 ? ssRaw : upper;
    if (!(ssT > 1e-10 * base) || base === 0) dropped.push({ name: d.x[j]!.name, reason: hasFe && ssRaw > 0 ? 'fixed_effects' : 'regressors' });
    else candidates.push(j);
  }
  const c = candidates.length;
  const A = new Float64Array(c * c);
  for (let a = 0; a < c; a++) for (let e = 0; e < c; e++) A[a * c + e] = g.G[(candidates[a]! + 1) * m + candidates[e]! + 1]!;
  const ch = choleskySkip(A, c, 1e-10);
  for (const x of ch.dropped) dropped.push({ name: d.x[candidates[x]!]!.name, reason: 'regressors' });
  for (const f of focal) {
    const hit = dropped.find((x) => x.name === f);
    if (hit) throw new StudyError(diag(L.linFocalCollinear(f, hit.reason)));
  }
  const names = d.x.map((t) => t.name);
  dropped.sort((a, e) => names.indexOf(a.name) - names.indexOf(e.name));
  return { kept: ch.kept.map((p) => candidates[p]!), dropped, L: ch.L };
}
