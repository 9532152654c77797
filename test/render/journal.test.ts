/**
 * A journal-ready regression table with every option of docs/tables.md: it must compile
 * with pdflatex and xelatex as written (no hand edits), and the PDF must show what a reader
 * checks — decimal-aligned columns (also with stars, parentheses, 4-digit statistics and
 * integers), the dependent-variable row, FE rows, group labels, first-stage and margins
 * columns, the added statistics and rows.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ModelResult } from '../../src/estimators/result.js';
import { formatTable, renderTable } from '../../src/render/render-table.js';
import { buildRegressionTable } from '../../src/render/table-model.js';
import type { RegressionTableSpec } from '../../src/render/types.js';
import { codeOf } from '../helpers/errors.js';
import { makeResult } from './fixtures.js';
import { compileTable, missingGlyphs } from './tex-helper.js';

const provenance = { spec_sha256: '5f3a9c0e', data_sha256: '9b1d22aa', tool_version: '0.1.0' };
const tmp = mkdtempSync(join(tmpdir(), 'studyspec-journal-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** TEST DATA (constructed records, not estimates), shaped like the example study's models. */
function results(): Map<string, ModelResult> {
  const withFormula = (r: ModelResult, formula: string): ModelResult => ({ ...r, formula });
  const ols = withFormula(
    makeResult({
      id: 'ols', coefs: { QUA: [1.1345, 78.0], lnage: [-0.0601, -0.6], '(Intercept)': [3.6047, 4.2] }, nobs: 3036, fe: ['firm', 'year'],
      vcov: 'cluster(firm)', clusters: [400], stats: { r2: 0.8123, r2_within: 0.6971, ymean: 3.2161, ysd: 1.9873, n_groups: 400 },
    }),
    'lnexport ~ QUA + lnage | firm + year',
  );
  const firstStage = {
    QUA: {
      coefficients: { QUA_iv: { estimate: 0.9891, se: 0.0236, stat: 41.9, p: 0 }, lnage: { estimate: 0.0744, se: 0.105, stat: 0.71, p: 0.48 } },
      f_robust: { F: 1764.64, df1: 1, df2: 399, p: 0 },
      partial_r2: 0.41,
    },
  };
  const iv = withFormula(
    makeResult({
      id: 'iv', estimator: 'iv', coefs: { QUA: [0.5061, 16.3], lnage: [0.1811, 1.38] }, nobs: 3036, fe: ['firm', 'year'],
      vcov: 'cluster(firm)', clusters: [400], stats: { r2_within: 0.4842, first_stage_f: 1764.64, ymean: 3.2161, ysd: 1.9873, n_groups: 400, 'ymean:QUA': -0.1472, 'ysd:QUA': 1.0013 },
      extra: { first_stage: firstStage },
    }),
    'lnexport ~ lnage | firm + year | QUA ~ QUA_iv',
  );
  const logit = withFormula(
    makeResult({
      id: 'logit', estimator: 'logit', coefs: { QUA: [0.8123, 6.1], lnage: [-0.212, -1.9], '(Intercept)': [-1.0234, -3.3] }, nobs: 12345,
      dist: 'normal', vcov: 'hc1', stats: { pseudo_r2: 0.1234, loglik: -6789.123, ymean: 0.4121, ysd: 0.4922 },
    }),
    'exporter ~ QUA + lnage',
  );
  // Margins are computed by the estimator stage and stored under "<model>/margins"; here constructed.
  const margins = withFormula(
    makeResult({ id: 'logit/margins', estimator: 'logit', coefs: { QUA: [0.1912, 6.3], lnage: [-0.0499, -1.95] }, nobs: 12345, dist: 'normal', vcov: 'hc1', stats: { ymean: 0.4121 } }),
    'exporter ~ QUA + lnage',
  );
  return new Map([ols, iv, logit, margins].map((r) => [r.id, r]));
}

const STUDY_LABELS = { QUA: 'Quality', lnage: 'log age', lnexport: 'log exports', exporter: 'Exporter', firm: 'Firm', year: 'Year' };

const spec: RegressionTableSpec = {
  title: 'Product quality and exports',
  models: ['ols', 'iv/first', 'iv', 'logit', 'logit/margins'],
  columns: { 'Export volume': ['ols', 'iv/first', 'iv'], 'Export status': ['logit', 'logit/margins'] },
  titles: { ols: 'OLS', 'iv/first': 'First stage', iv: '2SLS', logit: 'Logit', 'logit/margins': 'dy/dx' },
  labels: { QUA_iv: 'Quality IV' }, // over the study's labels
  stats: ['nobs', 'ymean', 'ysd', 'n_groups', 'r2_within', 'pseudo_r2', 'loglik', 'aic', 'bic', 'first_stage_f'],
  extra_rows: [{ label: 'Sample', values: ['All', 'All', 'All', 'Panel', 'Panel'] }],
  label: 'tab:baseline',
  font_size: 'small',
  resize: true,
};


interface Word { readonly x0: number; readonly x1: number; readonly y: number; readonly text: string }

function words(pdf: string): Word[] {
  const xml = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' });
  return [...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({
    x0: Number(m[1]), y: Number(m[2]), x1: Number(m[3]), text: m[4]!.replace(/&amp;/g, '&'),
  }));
}

/** Right edges of the numbers in the column whose x-range contains `x`. */
function edges(ws: readonly Word[], pattern: RegExp, lo: number, hi: number): number[] {
  return ws.filter((w) => pattern.test(w.text) && w.x0 >= lo && w.x1 <= hi).map((w) => w.x1);
}

const spread = (xs: readonly number[]) => Math.max(...xs) - Math.min(...xs);

describe('journal-ready LaTeX', () => {
  const table = buildRegressionTable('baseline', spec, results(), { labels: STUDY_LABELS });

  it('has the depvar row, automatic FE rows, first-stage and margins columns, new statistics and extra rows', () => {
    const header = table.header.map((h) => h.cells.map((c) => c.text));
    expect(header).toContainEqual(['', 'Export volume', 'Export status']);
    expect(header).toContainEqual(['Dependent variable', 'log exports', 'Quality', 'log exports', 'Exporter']);
    const kinds = table.body.map((r) => `${r.kind}:${r.key}`);
    expect(kinds).toEqual(expect.arrayContaining(['indicator:firm', 'indicator:year', 'stat:ymean', 'stat:n_groups', 'stat:pseudo_r2', 'stat:loglik', 'stat:aic', 'stat:bic', 'extra:Sample']));
    const row = (key: string) => table.body.find((r) => r.key === key && r.kind !== 'below')!.cells.map((c) => c.text);
    expect(row('firm')).toEqual(['Firm FE', 'Yes', 'Yes', 'Yes', 'No', 'No']);
    expect(row('QUA_iv')).toEqual(['Quality IV', '', '0.989***', '', '', '']);
    expect(row('QUA')).toEqual(['Quality', '1.135***', '', '0.506***', '0.812***', '0.191***']);
    expect(row('ymean')).toEqual(['Mean of dep. var.', '3.216', '-0.147', '3.216', '0.412', '0.412']);
    expect(row('first_stage_f')).toEqual(['First-stage $F$', '', '1764.64', '1764.64', '', '']);
    // AIC = −2 ll + 2k with k = 3 terms; BIC = −2 ll + ln(N) k.
    expect(row('aic')[4]).toBe((2 * 6789.123 + 6).toFixed(2));
    expect(row('bic')[4]).toBe((2 * 6789.123 + Math.log(12345) * 3).toFixed(2));
  });

  it('compiles with pdflatex: stars are superscripts and every number column is aligned on the decimal point', () => {
    const tex = formatTable(table, 'latex', { provenance, latex: { label: 'tab:baseline', fragment: false, font_size: 'small', resize: true } });
    expect(tex).toContain('\\label{tab:baseline}');
    expect(tex).toContain('\\small');
    expect(tex).toContain('\\resizebox{\\textwidth}{!}{%');
    expect(tex).toContain('0.506{$^{***}$}');
    expect(tex).toMatch(/S\[table-format=4\.3, table-space-text-pre=\{\(\}, table-space-text-post=\{\$\^\{\*\*\*\}\$\}\]/); // 1764.64 and 3 decimals
    const run = compileTable(tex, 'journal-pdflatex', 'pdflatex');
    expect(missingGlyphs(run.log)).toEqual([]);
    expect(run.log).not.toMatch(/Overfull \\hbox/);
    const text = execFileSync('pdftotext', ['-layout', run.pdf, '-'], { encoding: 'utf8' });
    for (const s of ['Dependent variable', 'Export volume', 'Export status', 'First stage', 'Firm FE', 'Year FE', 'Mean of dep. var.', 'Pseudo R', 'Quality IV', 'Sample']) {
      expect(text).toContain(s);
    }
    const ws = words(run.pdf);
    const at = (t: string) => ws.find((w) => w.text === t)!;
    // Column 1 (OLS): coefficients, the mean of y and R² share one right edge (3 decimals);
    // the standard errors' closing parentheses one further right edge.
    const c1 = at('1.135');
    const lo = c1.x0 - 20;
    const hi = c1.x1 + 12;
    expect(spread(edges(ws, /^−?\d+\.\d{3}$/, lo, hi))).toBeLessThan(0.3);
    expect(spread(edges(ws, /^\(\d+\.\d{3}\)$/, lo, hi))).toBeLessThan(0.3);
    // Column 2 (first stage): a 4-digit F with 2 decimals has its decimal point under the coefficients'.
    const f = at('1,764.64');
    const coef = at('0.989');
    // Decimal points: f.x1 − 2 digits vs coef.x1 − 3 digits (digits are 0.5 em, the point 0.278 em).
    const digit = (coef.x1 - coef.x0) / (4 + 0.278 / 0.5);
    expect(Math.abs(f.x1 + digit - coef.x1)).toBeLessThan(0.6);
    // Stars are raised: their words sit higher than the number they follow.
    const star = ws.find((w) => /^∗∗∗$/.test(w.text) && Math.abs(w.x0 - c1.x1) < 1)!;
    expect(star.y).toBeLessThan(c1.y);
  });

  it('compiles with xelatex with Chinese words and labels', () => {
    const zh = buildRegressionTable('baseline_zh', { ...spec, lang: 'zh', labels: { QUA: '产品质量', lnexport: '出口额对数' } }, results(), { labels: STUDY_LABELS });
    const run = compileTable(formatTable(zh, 'latex', { provenance }), 'journal-xelatex', 'xelatex');
    expect(missingGlyphs(run.log)).toEqual([]);
    const text = execFileSync('pdftotext', ['-layout', run.pdf, '-'], { encoding: 'utf8' });
    for (const s of ['被解释变量', '出口额对数', 'Firm固定效应', '产品质量', '因变量均值']) expect(text.replace(/ /g, '')).toContain(s);
  });

  it('fragment: the tabular only, to \\input into your own table', () => {
    const tex = formatTable(table, 'latex', { provenance, latex: { label: '', fragment: true, font_size: '', resize: false } });
    expect(tex).not.toContain('\\begin{table}');
    expect(tex).not.toContain('threeparttable');
    expect(tex).toContain('\\begin{tabular}');
    expect(tex).toContain('% * p < 0.10, ** p < 0.05, *** p < 0.01.'); // notes kept as comments
    const wrapped = `\\begin{table}\\centering\\caption{Mine}\n${tex}\\end{table}`;
    compileTable(wrapped, 'journal-fragment', 'pdflatex');
  });

  it('siunitx: false gives centred columns with superscript stars', () => {
    const tex = formatTable(table, 'latex', { provenance, siunitx: false });
    expect(tex).toContain('*{5}{c}');
    expect(tex).toContain('0.506$^{***}$');
    compileTable(tex, 'journal-plain', 'pdflatex');
  });

  it('extra_rows must give one value per column (SS617)', () => {
    expect(codeOf(() => buildRegressionTable('t', { ...spec, extra_rows: [{ label: 'x', values: [1, 2] }] }, results()))).toBe('SS617');
  });

  it('a margins key without a stored result is SS601', () => {
    const r = results();
    r.delete('logit/margins');
    expect(codeOf(() => buildRegressionTable('t', spec, r))).toBe('SS601');
  });

  it('writes csv at full precision, one row per model × term × statistic', async () => {
    const out = await renderTable({ ...spec, name: 'baseline', format: ['csv'] }, results(), { outDir: tmp, provenance, labels: STUDY_LABELS });
    const lines = readFileSync(join(tmp, out.files[0]!), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('model,term,statistic,value');
    const rows = lines.slice(1).map((l) => l.split(','));
    const r = results();
    for (const [model, term, stat, value] of rows) {
      if (term === '') continue;
      const c = model === 'iv/first' ? ((r.get('iv')!.extra as { first_stage: any }).first_stage).QUA.coefficients[term!] : r.get(model!)!.coefficients[term!];
      expect(Number(value)).toBe(c[stat as 'estimate']);
    }
    expect(rows).toContainEqual(['ols', 'QUA', 'se', String(1.1345 / 78.0)]);
    expect(rows).toContainEqual(['logit', '', 'pseudo_r2', '0.1234']);
    expect(rows).toContainEqual(['iv/first', '', 'first_stage_f', '1764.64']);
  });

  it('docx and xlsx are the same bytes when written again later (no time stamps)', async () => {
    const write = async (dir: string) => {
      const out = await renderTable({ ...spec, name: 'baseline', format: ['docx', 'xlsx'] }, results(), { outDir: join(tmp, dir), provenance, labels: STUDY_LABELS });
      return out.files.map((f) => readFileSync(join(tmp, dir, f)));
    };
    const first = await write('a');
    await new Promise((r) => setTimeout(r, 2100)); // zip dates have a 2-second resolution
    const second = await write('b');
    expect(second[0]!.equals(first[0]!)).toBe(true);
    expect(second[1]!.equals(first[1]!)).toBe(true);
  });
});
