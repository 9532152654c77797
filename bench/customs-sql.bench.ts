/**
 * Seed 000's customs steps on customs data far larger than memory, with the rows kept in
 * DuckDB (memory_limit 4 GB, spill folder bench/data/tmp-sql-<N>):
 *
 *   1. generate N rows of firm × hs6 × country × year (value_usd, quantity) as Parquet, with
 *      DuckDB SQL from range(N) — nothing per row passes through JavaScript;
 *   2. the Khandelwal quality regression `lnq_adj ~ 1 | hs6 + country^year`,
 *      lnq_adj = log(quantity) + σ·log(value_usd / quantity), σ joined by hs6, fitted by
 *      the SQL path (src/sqlfe/, `engine: sql`), residuals written back as a DuckDB table;
 *   3. quality = resid / (σ − 1), min–max scaled within hs6;
 *   4. value-weighted mean of scaled quality per firm × year.
 *
 * N = env SQLFE_ROWS (default 100,000,000) or argv[2]. The generated file is deleted at the
 * end unless SQLFE_KEEP=1. Writes bench/results/customs-sql-<N>.md; run alone with
 * `npx tsx bench/customs-sql.bench.ts [rows]`.
 */
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { Reporter } from '../src/diagnostics/diagnostic.js';
import { fitSql } from '../src/sqlfe/fit.js';

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = join(here, 'data');
const ROWS = Number(process.argv[2] ?? process.env['SQLFE_ROWS'] ?? 100_000_000);
const MEMORY_LIMIT = '4GB';
const file = join(dataDir, `customs_sql_${ROWS}.parquet`);
// One spill folder per run, so two sizes can run side by side.
const spill = join(dataDir, `tmp-sql-${ROWS}`);
const FIRMS = Math.max(1000, Math.round(ROWS / 50));

/**
 * Firms export a few products to a few destinations per year, 2008–2013: row i belongs to
 * firm i mod F; its product and destination are drawn by hashing (i, salt), with popular
 * products and destinations (squares of uniforms); unit values carry product, country×year
 * and firm quality effects, so the regression has something to find.
 */
const GENERATE = (rows: number, out: string): string => `COPY (
  WITH r AS (
    SELECT i,
      CAST(i % ${FIRMS} AS INTEGER) AS firm,
      2008 + CAST((i // ${FIRMS}) % 6 AS INTEGER) AS year,
      CAST(5000 * pow((hash(i, 1) % 1000003) / 1000003.0, 2) AS INTEGER) AS p,
      CAST(200 * pow((hash(i, 2) % 1000003) / 1000003.0, 2) AS INTEGER) AS c,
      (hash(i, 3) % 1000003) / 1000003.0 AS u1,
      (hash(i, 4) % 1000003) / 1000003.0 AS u2,
      (hash(i, 5) % 1000003) / 1000003.0 AS u3
    FROM range(${rows}) t(i)
  )
  SELECT firm, year,
    lpad(CAST(100000 + p * 37 AS VARCHAR), 6, '0') AS hs6,
    'C' || lpad(CAST(c AS VARCHAR), 3, '0') AS country,
    round(exp(8 + 2 * u1 + 0.3 * sin(firm) + 0.002 * p), 2) AS value_usd,
    round(exp(5 + 2 * u2 - 0.5 * u3 + 0.001 * c + 0.05 * (year - 2008)), 0) + 1 AS quantity
  FROM r) TO '${out}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)`;

const ELASTICITY = `CREATE TABLE elasticity AS
  SELECT lpad(CAST(100000 + p * 37 AS VARCHAR), 6, '0') AS hs6, 3 + 7 * ((hash(p, 9) % 1000) / 1000.0) AS sigma
  FROM range(5000) t(p)`;

async function main(): Promise<void> {
  mkdirSync(spill, { recursive: true });
  mkdirSync(join(here, 'results'), { recursive: true });
  const inst = await DuckDBInstance.create(':memory:');
  const con = await inst.connect();
  await con.run(`SET memory_limit = '${MEMORY_LIMIT}'`);
  await con.run(`SET temp_directory = '${spill}'`);
  await con.run('SET preserve_insertion_order = false');
  const load0 = loadavg()[0]!;
  const times: [string, number][] = [];
  const timed = async <T>(label: string, f: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const r = await f();
    times.push([label, (performance.now() - t) / 1000]);
    process.stderr.write(`${label}: ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
    return r;
  };
  try {
    await timed('generate Parquet', () => con.run(GENERATE(ROWS, file)));
    await con.run(ELASTICITY);
    await con.run(`CREATE VIEW customs AS
      SELECT c.firm, c.year, c.hs6, c.country, c.value_usd, c.quantity, e.sigma,
             ln(c.quantity) + e.sigma * ln(c.value_usd / c.quantity) AS lnq_adj
      FROM read_parquet('${file}') c LEFT JOIN elasticity e USING (hs6)`);
    const reporter = new Reporter();
    const result = await timed('quality regression (SQL path)', () =>
      fitSql(
        con,
        {
          relation: 'customs',
          y: { name: 'lnq_adj', sql: '"lnq_adj"' },
          x: [],
          fe: [{ name: 'hs6', columns: ['hs6'] }, { name: 'country^year', columns: ['country', 'year'] }],
          clusters: [],
          intercept: true,
          dropSingletons: true,
          carry: ['firm', 'year', 'value_usd', 'sigma'],
        },
        { id: 'khandelwal', formula: 'lnq_adj ~ 1 | hs6 + country^year', kind: 'iid', profile: 'stata', tol: 1e-8, residualsTo: 'quality_rows' },
        reporter,
      ),
    );
    await timed('min–max by product', () =>
      con.run(`CREATE TABLE scaled AS
        WITH r AS (SELECT firm, year, f0, value_usd, resid / (sigma - 1) AS q FROM quality_rows)
        SELECT r.firm, r.year, r.value_usd, (r.q - m.lo) / nullif(m.hi - m.lo, 0) AS squality
        FROM r JOIN (SELECT f0, min(q) AS lo, max(q) AS hi FROM r GROUP BY f0) m USING (f0)`),
    );
    const firmYears = await timed('value-weighted mean to firm × year', async () => {
      await con.run(`CREATE TABLE firm_year AS
        SELECT firm, year, sum(squality * value_usd) / sum(value_usd) FILTER (WHERE squality IS NOT NULL) AS QUA
        FROM scaled WHERE squality IS NOT NULL GROUP BY firm, year`);
      const r = await con.runAndReadAll('SELECT count(*) FROM firm_year');
      return Number(r.getRows()[0]![0]);
    });
    const rss = process.resourceUsage().maxRSS / 1024;
    const size = statSync(file).size / 2 ** 30;
    const x = result.extra as { demean: { iterations: number }; fe_levels: Record<string, number>; engine: { statements: number } };
    const total = times.slice(1).reduce((a, [, t]) => a + t, 0);
    writeFileSync(
      join(here, 'results', `customs-sql-${ROWS}.md`),
      `## Customs at scale, rows kept in DuckDB: ${ROWS.toLocaleString('en')} rows (bench/customs-sql.bench.ts)

Seed 000's customs steps on generated firm × hs6 × country × year Parquet (${size.toFixed(2)} GiB, ${FIRMS.toLocaleString('en')} firms, 2008–2013):
the quality regression \`lnq_adj ~ 1 | hs6 + country^year\` by the SQL path (${x.fe_levels['hs6']} products, ${x.fe_levels['country^year']} country-years,
${result.dropped.singletons.toLocaleString('en')} singletons dropped, ${x.demean.iterations} accelerated iterations, ${x.engine.statements} SQL statements), residuals
written back in DuckDB, quality min–max scaled by product, value-weighted to ${firmYears.toLocaleString('en')} firm-years. DuckDB \`memory_limit = ${MEMORY_LIMIT}\`,
spill folder bench/data/tmp-sql-${ROWS}, ${cpus().length} cores, load average at start ${load0.toFixed(1)} (the machine is shared; timings are noisy).

| step | seconds |
|---|---|
${times.map(([k, t]) => `| ${k} | ${t.toFixed(1)} |`).join('\n')}
| **customs steps (without generation)** | **${total.toFixed(1)}** |

Peak RSS of the process (Node and DuckDB together): ${rss.toFixed(0)} MiB.
`,
    );
  } finally {
    con.closeSync();
    inst.closeSync();
    if (process.env['SQLFE_KEEP'] !== '1') rmSync(file, { force: true });
    rmSync(spill, { recursive: true, force: true });
  }
}

await main();
