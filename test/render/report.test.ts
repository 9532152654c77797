import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderFigure } from '../../src/render/figures/index.js';
import { renderTable } from '../../src/render/render-table.js';
import { renderReport } from '../../src/render/report.js';
import { CONTROLS, englishResults, seedTable3, seedTable3Results } from './fixtures.js';
import { outputDir } from './tex-helper.js';

const provenance = { spec_sha256: '5f3a9c0e', data_sha256: '9b1d22aa', tool_version: '0.1.0' };
const tmp = mkdtempSync(join(tmpdir(), 'studyspec-report-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('report', () => {
  it('gathers tables (embedded) and figures (linked) into report.md and report.html', async () => {
    const opts = { outDir: tmp, provenance, terms: { controls: CONTROLS } };
    const t3 = await renderTable({ ...seedTable3, name: 'table3' }, seedTable3Results(), opts);
    const en = await renderTable({ name: 'english', title: 'OLS and 2SLS', models: ['ols', 'iv'] }, englishResults(), opts);
    const fig = await renderFigure({ name: 'coefs', kind: 'coefplot', models: ['ols', 'iv'], title: 'Coefficients' }, { results: englishResults() }, opts);
    const out = renderReport(
      {
        title: '产品质量与出口韧性',
        tables: [{ name: 'table3', title: '表 3', files: t3.files, model: t3.model }, { name: 'english', files: en.files, model: en.model }],
        figures: [{ name: 'coefs', title: 'Coefficients', files: fig.files }],
      },
      { outDir: tmp, provenance, lang: 'zh' },
    );
    expect(out.files).toEqual(['report.md', 'report.html']);
    const md = readFileSync(join(tmp, 'report.md'), 'utf8');
    const html = readFileSync(join(tmp, 'report.html'), 'utf8');
    expect(md.match(/spec sha256/g)!.length).toBe(1); // the embedded tables' own comments are stripped
    expect(md).toContain('| 企业效应 | 是 | 否 | 否 | 否 |');
    expect(md).toContain('![Coefficients](figures/coefs.png)');
    expect(html).toContain('<img src="figures/coefs.svg"');
    expect(html).toContain('<th colspan="3">恢复力</th>');
    expect(html.indexOf('table3')).toBeLessThan(html.indexOf('english'));
    cpSync(tmp, join(outputDir, 'report'), { recursive: true });
  });
});
