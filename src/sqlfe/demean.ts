/**
 * Removing fixed effects inside the data engine, by alternating projections on the
 * fixed-effect coefficients (fixest's formulation), accelerated by Irons–Tuck.
 *
 * The rows are never rewritten. For each fixed effect q a small table holds one coefficient
 * per level and per value column (outcome and regressors): a_q. One update of a_q is one
 * pass over the sample with a hash join to the other fixed effects' tables and a group-by:
 *
 *   a_q[g] = mean over rows with f_q = g of ( v − Σ_{p≠q} a_p[f_p] )
 *
 * A sweep updates a_0, a_1, … in turn (Gauss–Seidel). As in fixest, the state iterated on is
 * (a_1, …, a_{Q−1}) — a_0 is recomputed from them first in every sweep — and every second
 * sweep is followed by an Irons–Tuck step on that state, one step length per value column
 * (each column is its own fixed-point problem), computed from three small-table aggregates.
 * The stopping rule is the in-memory one applied to the coefficients: every coefficient
 * changed by at most tol·(0.1 + |a|) between consecutive sweeps.
 *
 * The residual of column j is then v_j − Σ_q a_q[f_q] (joinResidual), which later passes
 * use inside their aggregates; nothing per row is stored.
 */
import { qnum } from '../data/sql.js';
import { col, valueColumns, type SqlSession } from './session.js';

export interface DemeanResult {
  /** One coefficient table per fixed effect (code, a0 … ak), from the last sweep. */
  readonly tables: readonly string[];
  readonly iterations: number;
  readonly converged: boolean;
}

export interface DemeanOptions {
  readonly tol: number;
  readonly maxIter: number;
}

/** FROM clause and residual expressions of the value columns, given the coefficient tables. */
export function joinResidual(sample: string, tables: readonly (string | undefined)[], m: number, centre?: readonly number[]): { from: string; r: (j: number) => string } {
  const joins = tables.map((t, q) => (t ? ` JOIN ${t} t${q} ON s.${col.fe(q)} = t${q}.code` : '')).join('');
  const v = valueColumns(m - 1);
  return {
    from: `${sample} s${joins}`,
    r: (j) => {
      const parts = tables.map((t, q) => (t ? ` - t${q}.${col.a(j)}` : '')).join('');
      const c = centre ? ` - ${qnum(centre[j]!)}` : '';
      return `(s.${v[j]!}${parts}${c})`;
    },
  };
}

export async function demeanSql(s: SqlSession, sample: string, nfe: number, k: number, opts: DemeanOptions): Promise<DemeanResult> {
  const m = k + 1;
  const owned = new Set<string>();
  const update = async (q: number, cur: readonly (string | undefined)[]): Promise<string> => {
    const others = cur.map((t, p) => (p === q ? undefined : t));
    const { from, r } = joinResidual(sample, others, m);
    const aggs = Array.from({ length: m }, (_, j) => `avg(${r(j)}) AS ${col.a(j)}`).join(', ');
    const t = await s.create(`fe${q}`, `SELECT s.${col.fe(q)} AS code, ${aggs} FROM ${from} GROUP BY s.${col.fe(q)}`);
    owned.add(t);
    return t;
  };
  /** One Gauss–Seidel sweep from the state (a_1 … a_{Q−1}); returns all Q tables. */
  const sweep = async (state: readonly (string | undefined)[]): Promise<string[]> => {
    const cur: (string | undefined)[] = [undefined, ...state];
    for (let q = 0; q < nfe; q++) cur[q] = await update(q, cur);
    return cur as string[];
  };
  const release = async (keep: readonly (string | undefined)[]): Promise<void> => {
    const live = new Set(keep.filter((t): t is string => t !== undefined));
    for (const t of [...owned]) {
      if (live.has(t)) continue;
      await s.drop(t);
      owned.delete(t);
    }
  };

  if (nfe === 0) return { tables: [], iterations: 0, converged: true };
  if (nfe === 1) return { tables: [await update(0, [undefined])], iterations: 0, converged: true };

  let X: (string | undefined)[] = Array.from({ length: nfe - 1 }, () => undefined);
  let iterations = 0;
  while (iterations < opts.maxIter) {
    iterations++;
    const full1 = await sweep(X);
    const GX = full1.slice(1);
    if (X[0] !== undefined && (await maxChange(s, X as string[], GX, m)) <= opts.tol) {
      await release(full1);
      return { tables: full1, iterations, converged: true };
    }
    const full2 = await sweep(GX);
    const GGX = full2.slice(1);
    if ((await maxChange(s, GX, GGX, m)) <= opts.tol) {
      await release(full2);
      return { tables: full2, iterations, converged: true };
    }
    X = await ironsTuck(s, X, GX, GGX, m, owned);
    await release(X);
  }
  const last = await sweep(X);
  await release(last);
  return { tables: last, iterations, converged: false };
}

/** max over levels and columns of |a − b| / (0.1 + |a|), over every table pair. */
async function maxChange(s: SqlSession, A: readonly string[], B: readonly string[], m: number): Promise<number> {
  let worst = 0;
  for (let q = 0; q < A.length; q++) {
    const terms = Array.from({ length: m }, (_, j) => `abs(a.${col.a(j)} - b.${col.a(j)}) / (0.1 + abs(a.${col.a(j)}))`);
    const [v] = await s.row(`SELECT max(greatest(${terms.join(', ')})) FROM ${A[q]!} a JOIN ${B[q]!} b USING (code)`);
    // NaN (a coefficient that is not finite) never counts as converged.
    if (!(v! <= worst)) worst = Number.isNaN(v!) ? Number.POSITIVE_INFINITY : v!;
  }
  return worst;
}

/**
 * Irons–Tuck on the state, one step length per value column j over all its coefficients:
 * Δ = GGX − GX, Δ² = Δ − GX + X, step = ⟨Δ, Δ²⟩ / ⟨Δ², Δ²⟩, X ← GGX − step·Δ.
 */
async function ironsTuck(
  s: SqlSession,
  X: readonly (string | undefined)[],
  GX: readonly string[],
  GGX: readonly string[],
  m: number,
  owned: Set<string>,
): Promise<string[]> {
  const vp = new Float64Array(m);
  const ss = new Float64Array(m);
  for (let q = 0; q < GX.length; q++) {
    const x = (j: number): string => (X[q] ? `x.${col.a(j)}` : '0');
    const d = (j: number): string => `(gg.${col.a(j)} - g.${col.a(j)})`;
    const d2 = (j: number): string => `(${d(j)} - g.${col.a(j)} + ${x(j)})`;
    const aggs = Array.from({ length: m }, (_, j) => `sum(${d(j)} * ${d2(j)}), sum(${d2(j)} * ${d2(j)})`).join(', ');
    const join = X[q] ? ` JOIN ${X[q]!} x USING (code)` : '';
    const r = await s.row(`SELECT ${aggs} FROM ${GGX[q]!} gg JOIN ${GX[q]!} g USING (code)${join}`);
    for (let j = 0; j < m; j++) {
      vp[j]! += r[2 * j]!;
      ss[j]! += r[2 * j + 1]!;
    }
  }
  const step = Array.from(vp, (v, j) => (ss[j]! > 0 ? v / ss[j]! : 0));
  const out: string[] = [];
  for (let q = 0; q < GX.length; q++) {
    const cols = Array.from({ length: m }, (_, j) => `gg.${col.a(j)} - ${qnum(step[j]!)} * (gg.${col.a(j)} - g.${col.a(j)}) AS ${col.a(j)}`);
    const t = await s.create(`it${q + 1}`, `SELECT code, ${cols.join(', ')} FROM ${GGX[q]!} gg JOIN ${GX[q]!} g USING (code)`);
    owned.add(t);
    out.push(t);
  }
  return out;
}
