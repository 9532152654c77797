/**
 * The estimation sample of a fit inside the data engine, as one table:
 *
 *   source relation ──complete rows──> base (y, x0.., key columns k0..)
 *        distinct keys per grouping ──> level tables (key columns → integer code)
 *   base ⋈ level tables ─────────────> sample (y, x0.., f0.. fixed effects, c0.. clusters)
 *        iterated removal of singleton fixed-effect groups (reghdfe's rule)
 *
 * The same rows as the in-memory design: a row leaves when any term is missing or not
 * finite, or any fixed-effect or cluster column is missing; then singletons go, until none
 * is left. Integer codes keep the later passes' joins and group-bys on 4-byte keys,
 * whatever the key columns' types (text countries, numeric years).
 */
import { qid } from '../data/sql.js';
import { col, type SqlSession } from './session.js';

/** One grouping (fixed effect or cluster way): its display name and its source columns. */
export interface SqlGrouping {
  readonly name: string;
  readonly columns: readonly string[];
}

/** A numeric term: its display name and a DOUBLE SQL expression over the source columns. */
export interface SqlTerm {
  readonly name: string;
  readonly sql: string;
}

export interface SqlDesign {
  /** The source relation (a quoted table name). */
  readonly relation: string;
  readonly y: SqlTerm;
  readonly x: readonly SqlTerm[];
  readonly fe: readonly SqlGrouping[];
  readonly clusters: readonly SqlGrouping[];
  readonly intercept: boolean;
  readonly dropSingletons: boolean;
  /** Source columns carried beside the codes (named p0, p1, …), for a residual table (fit.ts). */
  readonly carry?: readonly string[];
}

export interface SqlSample {
  readonly table: string;
  readonly n: number;
  readonly rowsIn: number;
  readonly missing: number;
  readonly missingBy: Readonly<Record<string, number>>;
  readonly singletons: number;
  /** Levels present in the sample, per fixed effect and per cluster way. */
  readonly feLevels: readonly number[];
  readonly clusterLevels: readonly number[];
}

const ok = (sql: string): string => `coalesce(isfinite(${sql}), false)`;

export async function buildSample(s: SqlSession, d: SqlDesign): Promise<SqlSample> {
  // Each distinct source column gets one key slot, shared by every grouping that reads it.
  const keys: string[] = [];
  const slot = (c: string): string => {
    let i = keys.indexOf(c);
    if (i < 0) i = keys.push(c) - 1;
    return `k${i}`;
  };
  const groupings = [...d.fe, ...d.clusters].map((g) => g.columns.map(slot));
  const terms = [d.y, ...d.x];
  const termOk = terms.map((t) => ok(t.sql));
  const keyOk = keys.map((k) => `${qid(k)} IS NOT NULL`);
  const complete = [...termOk, ...keyOk].join(' AND ') || 'TRUE';

  // One scan of the source: every row once, with its completeness flag, so the counts and
  // the sample below read a materialised table instead of the source (a Parquet file, a join).
  const carry = (d.carry ?? []).map((c, i) => [`${qid(c)} AS p${i}`, `b.p${i}`] as const);
  const checks = new Map<string, string[]>();
  terms.forEach((t, i) => checks.set(t.name, [...(checks.get(t.name) ?? []), `NOT ${termOk[i]!}`]));
  for (const g of [...d.fe, ...d.clusters]) {
    for (const c of g.columns) checks.set(c, [...(checks.get(c) ?? []), `${qid(c)} IS NULL`]);
  }
  const names = [...checks.keys()];
  const flags = names.map((nm, i) => `(${[...new Set(checks.get(nm)!)].join(' OR ')}) AS m${i}`);
  const all = await s.create(
    'all',
    `SELECT ${[...terms.map((t, i) => `${t.sql} AS ${i === 0 ? col.y : col.x(i - 1)}`), ...keys.map((k, i) => `${qid(k)} AS k${i}`), ...carry.map((c) => c[0]), ...flags, `(${complete}) AS ok`].join(', ')} FROM ${d.relation}`,
  );
  const counts = await s.row(`SELECT count(*), count(*) FILTER (WHERE ok)${names.map((_, i) => `, count(*) FILTER (WHERE m${i})`).join('')} FROM ${all}`);
  const rowsIn = counts[0]!;
  const missing = rowsIn - counts[1]!;
  const missingBy: Record<string, number> = Object.create(null);
  names.forEach((nm, i) => {
    if (counts[i + 2]! > 0) missingBy[nm] = counts[i + 2]!;
  });
  const base = `(SELECT * FROM ${all} WHERE ok)`;
  const levels: string[] = [];
  for (const g of groupings) {
    const cols = g.join(', ');
    levels.push(await s.create('levels', `SELECT ${cols}, (row_number() OVER () - 1)::INTEGER AS code FROM (SELECT DISTINCT ${cols} FROM ${base})`));
  }
  const codeCols = groupings.map((_, i) => `l${i}.code AS ${i < d.fe.length ? col.fe(i) : col.cluster(i - d.fe.length)}`);
  const joins = groupings.map((g, i) => `JOIN ${levels[i]!} l${i} ON ${g.map((k) => `b.${k} = l${i}.${k}`).join(' AND ')}`);
  const valueCols = [col.y, ...d.x.map((_, j) => col.x(j))].map((c) => `b.${c}`);
  let table = await s.create('sample', `SELECT ${[...valueCols, ...codeCols, ...carry.map((c) => c[1])].join(', ')} FROM ${base} b ${joins.join(' ')}`);
  await s.drop(all);
  for (const l of levels) await s.drop(l);

  let n = (await s.row(`SELECT count(*) FROM ${table}`))[0]!;
  let singletons = 0;
  if (d.dropSingletons && d.fe.length > 0) {
    for (;;) {
      // Rows whose level of some fixed effect occurs once; removing them can make new ones.
      const single = d.fe.map((_, q) => `${col.fe(q)} IN (SELECT ${col.fe(q)} FROM ${table} GROUP BY ${col.fe(q)} HAVING count(*) = 1)`);
      const drop = (await s.row(`SELECT count(*) FROM ${table} WHERE ${single.join(' OR ')}`))[0]!;
      if (drop === 0) break;
      const next = await s.create('sample', `SELECT * FROM ${table} WHERE NOT (${single.join(' OR ')})`);
      await s.drop(table);
      table = next;
      singletons += drop;
      n -= drop;
    }
  }
  const lv = await s.row(
    `SELECT ${[...d.fe.map((_, q) => `count(DISTINCT ${col.fe(q)})`), ...d.clusters.map((_, c) => `count(DISTINCT ${col.cluster(c)})`), 'count(*)'].join(', ')} FROM ${table}`,
  );
  return {
    table,
    n,
    rowsIn,
    missing,
    missingBy,
    singletons,
    feLevels: lv.slice(0, d.fe.length),
    clusterLevels: lv.slice(d.fe.length, d.fe.length + d.clusters.length),
  };
}
