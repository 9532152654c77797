/**
 * The multi-level shape of seed 000 (methods.md M5), run by the CLI: customs rows →
 * product + country×year FE regression → quality = resid / (σ − 1) on the customs table →
 * min–max within product → export-value-weighted mean per firm × year → joined to the firm
 * panel → a model on the joined table. The quality score is recomputed here independently
 * (least squares on explicit dummies with ml-matrix, aggregation in plain JS) and must agree
 * to 1e-8.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Matrix, solve } from 'ml-matrix';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, close } from '../e2e/harness.js';

// Deterministic data (LCG): 12 firms × 3 years × 4 products × 3 countries, ~70% of cells traded.
let seed = 7;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const customs: { firm: number; year: number; hs6: string; country: string; value: number; lnq: number }[] = [];
for (let f = 1; f <= 12; f++)
  for (const year of [2008, 2009, 2010])
    for (const hs6 of ['850110', '850120', '620342', '940360'])
      for (const country of ['US', 'DE', 'JP'])
        if (rnd() < 0.7) customs.push({ firm: f, year, hs6, country, value: Math.round(100 + 900 * rnd()), lnq: 2 * rnd() + (hs6 === '620342' ? 1 : 0) });
const sigma = 5;

describe('customs → quality → firm panel (seed 000 M5) through the CLI', () => {
  let results: any;
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'studyspec-m5-'));
    writeFileSync(join(dir, 'customs.csv'), 'firm,year,hs6,country,value,lnq_adj,sigma\n' + customs.map((r) => `${r.firm},${r.year},h${r.hs6},${r.country},${r.value},${r.lnq},${sigma}`).join('\n') + '\n');
    const firms = ['firm,year,size'];
    for (let f = 1; f <= 12; f++) for (const year of [2008, 2009, 2010]) firms.push(`${f},${year},${(1 + rnd()).toFixed(6)}`);
    writeFileSync(join(dir, 'firms.csv'), firms.join('\n') + '\n');
    writeFileSync(
      join(dir, 'study.yaml'),
      `version: 1
data:
  customs: { source: customs.csv }
  firm_year:
    from: customs
    variables:
      squality: (quality - min_by(quality, by = hs6)) / (max_by(quality, by = hs6) - min_by(quality, by = hs6))
    group_by: [firm, year]
    aggregate:
      QUA: weighted_mean(squality, value)
      exports: sum(value)
  firms: { source: firms.csv, panel: { id: firm, time: year } }
  analysis:
    from: firms
    join: [{ table: firm_year, on: [firm, year], how: left }]
variables:
  quality: resid(khandelwal) / (sigma - 1)
models:
  khandelwal: { data: customs, formula: "lnq_adj ~ 1 | hs6 + country^year" }
  main: { data: analysis, formula: "size ~ QUA + log(exports)" }
tables:
  qua:
    kind: summary
    data: firm_year
    variables: [QUA, exports]
    stats: [n, mean, min, max]
    format: [markdown]
`,
    );
    const r = cli(['run', join(dir, 'study.yaml'), '--out', join(dir, 'out')]);
    if (r.status !== 0) throw new Error(`studyspec run failed (${r.status}):\n${r.stderr}`);
    results = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8'));
  });

  // Independent computation: OLS on explicit product and country×year dummies.
  const hs = [...new Set(customs.map((r) => r.hs6))].sort();
  const cy = [...new Set(customs.map((r) => `${r.country}:${r.year}`))].sort();
  const X = customs.map((r) => [1, ...hs.slice(1).map((h) => (r.hs6 === h ? 1 : 0)), ...cy.slice(1).map((c) => (`${r.country}:${r.year}` === c ? 1 : 0))]);
  const Xm = new Matrix(X);
  const y = Matrix.columnVector(customs.map((r) => r.lnq));
  const b = solve(Xm.transpose().mmul(Xm), Xm.transpose().mmul(y));
  const fitted = Xm.mmul(b).to1DArray();
  const quality = customs.map((r, i) => (r.lnq - fitted[i]!) / (sigma - 1));
  const lo = new Map<string, number>();
  const hi = new Map<string, number>();
  customs.forEach((r, i) => {
    lo.set(r.hs6, Math.min(lo.get(r.hs6) ?? Infinity, quality[i]!));
    hi.set(r.hs6, Math.max(hi.get(r.hs6) ?? -Infinity, quality[i]!));
  });
  const qua = new Map<string, { w: number; s: number; v: number }>();
  customs.forEach((r, i) => {
    const sq = (quality[i]! - lo.get(r.hs6)!) / (hi.get(r.hs6)! - lo.get(r.hs6)!);
    const k = `${r.firm}:${r.year}`;
    const a = qua.get(k) ?? { w: 0, s: 0, v: 0 };
    qua.set(k, { w: a.w + r.value, s: a.s + r.value * sq, v: a.v + r.value });
  });
  const values = [...qua.values()].map((a) => a.s / a.w);

  it('the FE regression on customs rows is fitted', () => {
    expect(results.models.khandelwal.nobs).toBe(customs.length);
  });
  it('QUA per firm-year matches the independent computation (n, mean, min, max ≤1e-8)', () => {
    const got = results.tables.qua.values.QUA;
    expect(got.n).toBe(values.length);
    expect(close(got.mean, values.reduce((a, b) => a + b, 0) / values.length, 1e-8)).toBe(true);
    expect(close(got.min, Math.min(...values), 1e-8)).toBe(true);
    expect(close(got.max, Math.max(...values), 1e-8)).toBe(true);
    expect(results.tables.qua.values.exports.mean).toBeCloseTo([...qua.values()].reduce((a, b) => a + b.v, 0) / qua.size, 9);
  });
  it('the firm-level model uses the joined score', () => {
    expect(results.models.main.nobs).toBe(values.length);
    expect(results.models.main.coefficients.QUA).toBeDefined();
  });
});
