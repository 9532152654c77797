/**
 * `engine: sql` through the CLI: every model is fitted twice in one run, in memory and inside
 * the data engine, and the two records must agree — coefficients ≤1e-8 relative, standard
 * errors and statistics ≤1e-8 (the in-memory path is itself held to R's fixest and Stata's
 * reghdfe in test/e2e). Cases: three fixed effects with an interaction, singletons dropped
 * (stata) and kept (fixest), an unbalanced panel with missing values and a collinear
 * regressor, one- and two-way clusters, a fixed effect nested in the cluster, hc1, iid, one
 * fixed effect (xtreg's R² between/overall), OLS without fixed effects, row-wise term
 * expressions; and a 1,000,000-row two-way model clustered by firm.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, close } from '../e2e/harness.js';

/** Deterministic uniform draws (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const gauss = (u: () => number): number => Math.sqrt(-2 * Math.log(u() + 1e-300)) * Math.cos(2 * Math.PI * u());

/** Unbalanced firm × year rows, some firms seen once (singletons), a few missing values. */
function smallPanel(n: number): string {
  const u = rng(18);
  const regions = ['north', 'south', 'east', 'west', 'centre'];
  const lines = ['firm,year,region,y,x1,x2,x3,pos'];
  for (let i = 0; i < n; i++) {
    // Firm sizes are skewed (u² puts mass on low ids); the last rows are firms seen once.
    const firm = i < n - 60 ? Math.floor(u() * u() * 400) : 10_000 + i;
    const year = 2000 + Math.floor(u() * 12);
    const region = regions[(firm * 7 + (u() < 0.1 ? 1 : 0)) % 5]!;
    const x1 = gauss(u) + firm / 200;
    const x2 = gauss(u) + (year - 2000) / 5;
    const pos = Math.exp(gauss(u));
    const y = 1 + 0.5 * x1 - 0.3 * x2 + 0.2 * Math.log(pos) + Math.sin(firm) + (year - 2000) * 0.05 + gauss(u);
    const miss = i % 997 === 5;
    lines.push(`${firm},${year},${region},${miss ? '' : y.toPrecision(15)},${x1.toPrecision(15)},${i % 1499 === 7 ? 'NA' : x2.toPrecision(15)},${(2 * x1 - x2).toPrecision(15)},${pos.toPrecision(15)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** 1M rows, 50,000 firms × 20 years with gaps, for `y ~ x1 + x2 | firm + year`. */
function bigPanel(n: number): string {
  const u = rng(1_000_000);
  const out: string[] = ['firm,year,y,x1,x2'];
  for (let i = 0; i < n; i++) {
    const firm = Math.floor(u() * 50_000);
    const year = 2000 + Math.floor(u() * 20);
    const x1 = gauss(u) + (firm % 100) / 50;
    const x2 = gauss(u) + year / 1000;
    const y = 0.7 * x1 - 0.2 * x2 + (firm % 13) * 0.1 + (year % 7) * 0.2 + gauss(u);
    out.push(`${firm},${year},${y.toPrecision(15)},${x1.toPrecision(15)},${x2.toPrecision(15)}`);
  }
  return `${out.join('\n')}\n`;
}

const F3 = 'y ~ x1 + x2 + x3 | firm + year + region^year';
const CASES: Record<string, string> = {
  fe3_cl2: `{ formula: "${F3}", vcov: "cluster(firm, year)" }`,
  fe3_fixest: `{ formula: "${F3}", vcov: "cluster(firm)", conventions: fixest }`,
  fe3_fixest_drop: `{ formula: "${F3}", vcov: "cluster(region)", conventions: fixest, singletons: drop }`,
  fe2_hc1: `{ formula: "y ~ x1 + x2 + log(pos) | firm + year", vcov: hc1 }`,
  fe2_iid: `{ formula: "y ~ x1 + I(x2^2) + x2 | firm + year", vcov: iid }`,
  fe2_cl_year: `{ formula: "y ~ x1 + x2 | firm + region", vcov: "cluster(year)" }`,
  fe1_nested: `{ formula: "y ~ x1 + x2 | firm", vcov: "cluster(firm)" }`,
  fe1_iid: `{ formula: "y ~ x1 + x2 | firm" }`,
  ols_hc1: `{ formula: "y ~ x1 + x2 + log(pos)", vcov: robust }`,
  ols_cl: `{ formula: "y ~ x1 + x2", vcov: "cluster(firm^year)" }`,
  ols_nocons: `{ formula: "y ~ 0 + x1 + x2" }`,
};

function spec(table: string, source: string, cases: Record<string, string>): string {
  const models = Object.entries(cases).flatMap(([k, v]) => [
    `  ${k}_mem: ${v.replace('{', `{ data: ${table},`)}`,
    `  ${k}_sql: ${v.replace('{', `{ data: ${table}, engine: sql,`)}`,
  ]);
  return `version: 1\ndata:\n  ${table}: { source: ${source} }\nmodels:\n${models.join('\n')}\n`;
}

const STATS = ['r2', 'adj_r2', 'r2_within', 'r2_between', 'r2_overall', 'f', 'f_p', 'rmse', 'sigma', 'ssr', 'tss', 'loglik', 'df_resid', 'k', 'n_clusters', 'k_adj'];

function agree(mem: any, sql: any, seTol: number): void {
  expect(sql.nobs).toBe(mem.nobs);
  expect(sql.terms).toEqual(mem.terms);
  expect(sql.vcov).toBe(mem.vcov);
  expect(sql.dropped.singletons).toBe(mem.dropped.singletons);
  expect(sql.dropped.missing).toBe(mem.dropped.missing);
  expect(sql.dropped.collinear).toEqual(mem.dropped.collinear);
  expect(sql.extra.fe_dof).toBe(mem.extra.fe_dof);
  expect(sql.extra.fe_levels).toEqual(mem.extra.fe_levels);
  expect(sql.inference).toEqual({ ...mem.inference });
  for (const t of mem.terms) {
    const a = sql.coefficients[t];
    const b = mem.coefficients[t];
    expect(close(a.estimate, b.estimate, 1e-8), `${t} estimate ${a.estimate} vs ${b.estimate}`).toBe(true);
    expect(close(a.se, b.se, seTol), `${t} se ${a.se} vs ${b.se}`).toBe(true);
    expect(close(a.p, b.p, 1e-6, 1e-300), `${t} p ${a.p} vs ${b.p}`).toBe(true);
  }
  for (const s of STATS) {
    const a = sql.stats[s];
    const b = mem.stats[s];
    if (b === null || b === undefined) expect(a ?? null, s).toBe(b ?? null);
    // p-values far in the tail magnify a 1e-10 difference in F: statistics' 1e-6 applies.
    else expect(close(a, b, s === 'f_p' ? 1e-6 : 1e-8), `${s} ${a} vs ${b}`).toBe(true);
  }
  if (mem.extra.cons) {
    expect(close(sql.extra.cons.estimate, mem.extra.cons.estimate, 1e-8)).toBe(true);
    expect(close(sql.extra.cons.se, mem.extra.cons.se, seTol)).toBe(true);
  }
}

describe('engine: sql agrees with the in-memory fit (small cases)', () => {
  let dir: string;
  let models: Record<string, any>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'studyspec-sqlfe-'));
    writeFileSync(join(dir, 'panel.csv'), smallPanel(4000));
    writeFileSync(join(dir, 'spec.yaml'), spec('p', 'panel.csv', CASES));
    const r = cli(['run', 'spec.yaml', '--out', 'out', '--quiet'], dir);
    if (r.status !== 0) throw new Error(`run failed (${r.status}):\n${r.stderr}`);
    models = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8')).models;
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const k of Object.keys(CASES)) it(k, () => agree(models[`${k}_mem`], models[`${k}_sql`], 1e-8));

  it('the cases exercise what they claim', () => {
    expect(models['fe3_cl2_sql'].dropped.singletons).toBeGreaterThan(0);
    expect(models['fe3_fixest_sql'].dropped.singletons).toBe(0);
    expect(models['fe3_cl2_sql'].dropped.collinear).toEqual(['x3']);
    expect(models['fe3_cl2_sql'].dropped.missing).toBeGreaterThan(0);
    expect(models['fe3_cl2_sql'].extra.engine.name).toBe('sql');
    expect(models['fe3_cl2_mem'].extra.engine).toBeUndefined();
    expect(models['fe1_nested_sql'].stats.r2_between).not.toBeNull();
  });

  it('writes nothing beside the spec but its output folder (DuckDB spills to the system temp)', () => {
    expect(readdirSync(dir).sort()).toEqual(['out', 'panel.csv', 'spec.yaml']);
  });
});

describe('engine: sql agrees with the in-memory fit on 1,000,000 rows', () => {
  let dir: string;
  let models: Record<string, any>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'studyspec-sqlfe-1m-'));
    writeFileSync(join(dir, 'big.csv'), bigPanel(1_000_000));
    writeFileSync(join(dir, 'spec.yaml'), spec('b', 'big.csv', { twfe: `{ formula: "y ~ x1 + x2 | firm + year", vcov: "cluster(firm)" }` }));
    const r = cli(['run', 'spec.yaml', '--out', 'out', '--quiet'], dir);
    if (r.status !== 0) throw new Error(`run failed (${r.status}):\n${r.stderr}`);
    models = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8')).models;
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('two-way fixed effects, clustered by firm', () => {
    expect(models['twfe_sql'].nobs).toBe(1_000_000 - models['twfe_sql'].dropped.singletons);
    agree(models['twfe_mem'], models['twfe_sql'], 1e-8);
  });
});

describe('engine: sql refusals through the CLI', () => {
  it('a model the SQL path cannot fit fails check with the code and the spec position', () => {
    const dir = mkdtempSync(join(tmpdir(), 'studyspec-sqlfe-bad-'));
    try {
      writeFileSync(join(dir, 'd.csv'), 'firm,y,x\n1,1,2\n1,2,3\n2,3,1\n2,1,1\n');
      writeFileSync(join(dir, 'spec.yaml'), 'version: 1\ndata:\n  d: { source: d.csv }\nmodels:\n  m: { engine: sql, vcov: hc3, formula: "y ~ x | firm" }\n');
      const r = cli(['run', 'spec.yaml', '--out', 'out'], dir);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('SS773');
      expect(r.stderr).toMatch(/spec\.yaml:5:\d+/);
      expect(r.stderr).not.toMatch(/\n\s+at .*\.(m?js|ts):\d+/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
