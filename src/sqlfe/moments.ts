/**
 * Everything the linear fit needs from the rows, as aggregates over the sample joined to the
 * fixed-effect coefficient tables: cross-products of the demeaned columns, the raw columns'
 * moments (collinearity rule, intercept, total sum of squares), the residual sum of squares
 * and the meat of the sandwich — per-row (HC1) or per-cluster score sums, then their
 * outer-product sum, for every subset of the cluster ways (inclusion–exclusion). Results are
 * k×k at most; only they reach the process.
 */
import { qnum } from '../data/sql.js';
import { col, valueColumns, type SqlSession } from './session.js';

export interface Gram {
  readonly n: number;
  /** Cross-products of the demeaned columns, m×m row-major (index 0 = outcome). */
  readonly G: Float64Array;
  /** Σv² of the raw columns. */
  readonly sumsq: Float64Array;
  /** Σ(v − v̄)² of the raw columns. */
  readonly centred: Float64Array;
  readonly means: Float64Array;
}

export interface Residualized {
  readonly from: string;
  readonly r: (j: number) => string;
}

export async function gram(s: SqlSession, R: Residualized, m: number): Promise<Gram> {
  const raw = valueColumns(m - 1).map((c) => `s.${c}`);
  const pairs: [number, number][] = [];
  for (let i = 0; i < m; i++) for (let j = i; j < m; j++) pairs.push([i, j]);
  const aggs = [
    'count(*)',
    ...pairs.map(([i, j]) => `sum(${R.r(i)} * ${R.r(j)})`),
    ...raw.map((v) => `sum(${v} * ${v})`),
    // var_pop is Welford's update inside DuckDB: no cancellation of Σv² − n·v̄².
    ...raw.map((v) => `var_pop(${v}) * count(*)`),
    ...raw.map((v) => `avg(${v})`),
  ];
  const row = await s.row(`SELECT ${aggs.join(', ')} FROM ${R.from}`);
  const G = new Float64Array(m * m);
  pairs.forEach(([i, j], p) => {
    G[i * m + j] = row[1 + p]!;
    G[j * m + i] = row[1 + p]!;
  });
  const off = 1 + pairs.length;
  return {
    n: row[0]!,
    G,
    sumsq: Float64Array.from(row.slice(off, off + m)),
    centred: Float64Array.from(row.slice(off + m, off + 2 * m)),
    means: Float64Array.from(row.slice(off + 2 * m, off + 3 * m)),
  };
}

export type MeatKind = 'iid' | 'hc1' | 'cluster';

export interface MeatOut {
  readonly ssr: number;
  /** (p)×(p), p = kept regressors + 1: the scores [X̃_kept, 1]·u; undefined for iid. */
  readonly meat?: Float64Array;
}

/**
 * Residual u = ỹ − X̃_kept b, its sum of squares, and the meat of [X̃_kept, 1]·u. The trailing
 * constant serves the intercept (models without fixed effects) and reghdfe's `_cons`.
 */
export async function meat(
  s: SqlSession,
  R: Residualized,
  kept: readonly number[],
  b: ArrayLike<number>,
  kind: MeatKind,
  clusterWays: number,
): Promise<MeatOut> {
  const u = `(${R.r(0)}${kept.map((j, i) => ` - ${qnum(b[i]!)} * ${R.r(j + 1)}`).join('')})`;
  const p = kept.length + 1;
  // One subquery forms the residual and the scores [X̃_kept·u, u] per row (named g0…),
  // beside the cluster codes; the aggregates below read only those.
  const ways = Array.from({ length: clusterWays }, (_, c) => col.cluster(c));
  const scoreCols = [...kept.map((j, i) => `r${j} * u AS g${i}`), `u AS g${p - 1}`];
  const rows = `(SELECT ${[...ways, 'u', ...scoreCols].join(', ')} FROM (SELECT ${[...ways.map((c) => `s.${c}`), `${u} AS u`, ...kept.map((j) => `${R.r(j + 1)} AS r${j}`)].join(', ')} FROM ${R.from}))`;
  if (kind === 'iid') return { ssr: (await s.row(`SELECT sum(u * u) FROM (SELECT ${u} AS u FROM ${R.from})`))[0]! };
  // Σu² comes out of the first meat pass (per cluster sums of u², then their sum).
  let ssr = Number.NaN;
  const pairs: [number, number][] = [];
  for (let i = 0; i < p; i++) for (let j = i; j < p; j++) pairs.push([i, j]);
  const outer = pairs.map(([i, j]) => `sum(g${i} * g${j})`).join(', ');
  const M = new Float64Array(p * p);
  const add = (row: readonly number[], sign: number): void => {
    pairs.forEach(([i, j], q) => {
      M[i * p + j]! += sign * row[q]!;
      if (i !== j) M[j * p + i]! += sign * row[q]!;
    });
  };
  if (kind === 'hc1') {
    const row = await s.row(`SELECT sum(u * u), ${outer} FROM ${rows}`);
    add(row.slice(1), 1);
    return { ssr: row[0]!, meat: M };
  }
  const sums = ['sum(u * u) AS uu', ...Array.from({ length: p }, (_, i) => `sum(g${i}) AS g${i}`)].join(', ');
  for (let mask = 1; mask < 1 << clusterWays; mask++) {
    const by = ways.filter((_, c) => mask & (1 << c));
    const row = await s.row(`SELECT sum(uu), ${outer} FROM (SELECT ${sums} FROM ${rows} GROUP BY ${by.join(', ')})`);
    if (mask === 1) ssr = row[0]!;
    add(row.slice(1), by.length % 2 === 1 ? 1 : -1);
  }
  return { ssr, meat: M };
}

/** Levels of fixed effect q that lie within one level of cluster way c (all of them: nested). */
export async function nestedIn(s: SqlSession, sample: string, q: number, c: number): Promise<boolean> {
  const [bad] = await s.row(`SELECT count(*) FROM (SELECT ${col.fe(q)} FROM ${sample} GROUP BY ${col.fe(q)} HAVING count(DISTINCT ${col.cluster(c)}) > 1)`);
  return bad === 0;
}

/**
 * Connected components of the bipartite graph of the first two fixed effects' levels, by
 * label propagation over the distinct level pairs with pointer jumping (a label is itself
 * a level, whose label is taken over each pass): about log(diameter) to diameter passes
 * over the pair table, which is at most as long as the sample. Undefined past `maxPasses`.
 */
export async function components(s: SqlSession, sample: string, maxPasses = 1000): Promise<number | undefined> {
  const edges = await s.create('edges', `SELECT DISTINCT ${col.fe(0)} AS a, ${col.fe(1)} AS b FROM ${sample}`);
  let la = await s.create('lab', `SELECT a, min(a) AS l FROM ${edges} GROUP BY a`);
  try {
    for (let pass = 0; pass < maxPasses; pass++) {
      const lb = await s.create('lab', `SELECT e.b, min(x.l) AS l FROM ${edges} e JOIN ${la} x USING (a) GROUP BY e.b`);
      const la2 = await s.create('lab', `SELECT e.a, min(y.l) AS l FROM ${edges} e JOIN ${lb} y USING (b) GROUP BY e.a`);
      await s.drop(lb);
      const la3 = await s.create('lab', `SELECT x.a, least(x.l, y.l) AS l FROM ${la2} x JOIN ${la2} y ON x.l = y.a`);
      await s.drop(la2);
      const [changed] = await s.row(`SELECT count(*) FROM ${la} x JOIN ${la3} y USING (a) WHERE x.l <> y.l`);
      await s.drop(la);
      la = la3;
      if (changed === 0) return (await s.row(`SELECT count(DISTINCT l) FROM ${la}`))[0]!;
    }
    return undefined;
  } finally {
    await s.drop(la);
    await s.drop(edges);
  }
}
