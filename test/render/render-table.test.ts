import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatTable, renderTable } from '../../src/render/render-table.js';
import { buildRegressionTable } from '../../src/render/table-model.js';
import type { RegressionTableSpec } from '../../src/render/types.js';
import { CONTROLS, englishResults, seedTable3, seedTable3Results } from './fixtures.js';
import { compileTable, missingGlyphs } from './tex-helper.js';

const provenance = { spec_sha256: '5f3a9c0e', data_sha256: '9b1d22aa', tool_version: '0.1.0' };
const tmp = mkdtempSync(join(tmpdir(), 'studyspec-render-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const english: RegressionTableSpec = {
  title: 'Demand for cigarettes: OLS and 2SLS',
  models: ['ols', 'iv'],
  columns: { OLS: ['ols'], '2SLS & FE': ['iv'] },
  labels: { price: 'Price ($)', income: 'Income_pc', region: 'Region', 'l(price,1)': 'L.log price$_{t}$' },
  stats: ['nobs', 'r2', 'adj_r2', 'first_stage_f', 'kp_lm', 'kp_f', 'n_clusters'],
  indicators: { state: 'State FE', year: 'Year FE' },
  notes: ['Data: 48 states, 1985–1995 (50% sample).'],
};

describe('English regression table', () => {
  const table = buildRegressionTable('english', english, englishResults());

  it('matches the Markdown and HTML golden files', async () => {
    await expect(formatTable(table, 'markdown', { provenance })).toMatchFileSnapshot('./__snapshots__/english.md');
    await expect(formatTable(table, 'html', { provenance })).toMatchFileSnapshot('./__snapshots__/english.html');
  });

  it('compiles with pdflatex (plain columns and siunitx S columns)', () => {
    for (const siunitx of [false, true]) {
      const tex = formatTable(table, 'latex', { provenance, siunitx });
      expect(tex).toContain('\\$'); // the literal dollar in "Price ($)" is escaped
      expect(tex).toContain('Income\\_pc');
      const run = compileTable(tex, siunitx ? 'english-siunitx' : 'english', 'pdflatex');
      expect(missingGlyphs(run.log)).toEqual([]);
    }
  });
});

describe('seed 000 Table 3', () => {
  const results = seedTable3Results();

  it('writes .tex, .md and .html atomically with provenance', async () => {
    const out = await renderTable({ ...seedTable3, name: 'table3', format: ['latex', 'markdown', 'html'] }, results, { outDir: tmp, provenance, terms: { controls: CONTROLS } });
    expect(out.files).toEqual(['tables/table3.tex', 'tables/table3.md', 'tables/table3.html']);
    for (const f of out.files) {
      const text = readFileSync(join(tmp, f), 'utf8');
      expect(text).toContain('spec sha256 5f3a9c0e');
      expect(text).toContain('data sha256 9b1d22aa');
    }
  });

  it('has the paper layout: groups, t statistics, effect rows, N, adjusted R², Chi', () => {
    const t = buildRegressionTable('table3', seedTable3, results, { terms: { controls: CONTROLS } });
    expect(t.header[0]!.cells.map((c) => [c.text, c.span ?? 1])).toEqual([['', 1], ['抵御力', 1], ['恢复力', 3]]);
    expect(t.header.at(-1)!.cells.map((c) => c.text)).toEqual(['变量', '(1)', '(2)', '(3)', '(4)']);
    const row = (key: string) => t.body.find((r) => r.key === key && r.kind !== 'below')!.cells.map((c) => c.text);
    expect(row('QUA')).toEqual(['QUA$_{it}$', '8.201***', '0.688***', '0.177**', '0.472***']);
    expect(t.body.find((r) => r.key === 'QUA' && r.kind === 'below')!.cells.map((c) => c.text)).toEqual(['', '(45.77)', '(7.70)', '(2.24)', '(8.00)']);
    expect(row('(Intercept)')).toEqual(['常数项', '-3.549***', '—', '—', '—']);
    expect(row('firm')).toEqual(['企业效应', '是', '否', '否', '否']);
    expect(row('year')).toEqual(['年份效应', '是', '是', '是', '是']);
    expect(row('industry')).toEqual(['行业效应', '否', '是', '是', '是']);
    expect(row('nobs')).toEqual(['样本量', '62,306', '42,515', '37,707', '14,238']);
    expect(row('adj_r2')).toEqual(['调整后 $R^2$', '0.093', '—', '—', '—']);
    expect(row('chi2')).toEqual(['Chi', '—', '220.90', '111.68', '100.40']);
    // year/industry dummies of the Cox models are not shown (keep lists QUA and controls only)
    expect(t.body.some((r) => r.key?.startsWith('i('))).toBe(false);
  });

  it('matches the golden files and compiles with xelatex', async () => {
    const t = buildRegressionTable('table3', seedTable3, results, { terms: { controls: CONTROLS } });
    await expect(formatTable(t, 'markdown', { provenance })).toMatchFileSnapshot('./__snapshots__/seed000_table3.md');
    await expect(formatTable(t, 'html', { provenance })).toMatchFileSnapshot('./__snapshots__/seed000_table3.html');
    const run = compileTable(formatTable(t, 'latex', { provenance }), 'seed000_table3', 'xelatex');
    expect(missingGlyphs(run.log)).toEqual([]);
    const run2 = compileTable(formatTable(t, 'latex', { provenance, siunitx: true }), 'seed000_table3-siunitx', 'xelatex');
    expect(missingGlyphs(run2.log)).toEqual([]);
  });
});
