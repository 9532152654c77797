import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Reporter } from '../../src/diagnostics/diagnostic.js';
import { formatTable, renderTable } from '../../src/render/render-table.js';
import { buildRegressionTable } from '../../src/render/table-model.js';
import { tQuantile } from '../../src/linalg/distributions.js';
import { CONTROLS, englishResults, seedTable3Results } from './fixtures.js';
import { compileTable } from './tex-helper.js';
import { codeOf, codeOfAsync } from '../helpers/errors.js';

const provenance = { spec_sha256: '5f3a9c0e', data_sha256: '9b1d22aa', tool_version: '0.1.0' };
const tmp = mkdtempSync(join(tmpdir(), 'studyspec-tm-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const en = englishResults();
const seed = seedTable3Results();
const texts = (cells: readonly { text: string }[]) => cells.map((c) => c.text);


describe('coefficient rows', () => {
  it('below: se, p, ci and none', () => {
    const iv = en.get('iv')!;
    const c = iv.coefficients['l(price,1)']!;
    const row = (below: 'se' | 'p' | 'ci' | 'none') => buildRegressionTable('t', { models: ['iv'], below, keep: ['l(price,1)'], intercept: false }, en).body.filter((r) => r.kind === 'below');
    expect(texts(row('se')[0]!.cells)[1]).toBe(`(${(c.se).toFixed(3)})`);
    expect(texts(row('p')[0]!.cells)[1]).toBe(`(${c.p.toFixed(3)})`);
    const q = tQuantile(0.975, iv.inference.df!);
    expect(texts(row('ci')[0]!.cells)[1]).toBe(`[${(c.estimate - q * c.se).toFixed(3)}, ${(c.estimate + q * c.se).toFixed(3)}]`);
    expect(row('none')).toEqual([]);
  });

  it('stars can be changed or switched off; decimals apply', () => {
    const t = buildRegressionTable('t', { models: ['ols'], keep: ['x:z', 'price:income'], stars: { '†': 0.05 }, decimals: 2, intercept: false }, en);
    expect(texts(t.body[0]!.cells)).toEqual(['price × income', '0.03†']);
    const none = buildRegressionTable('t', { models: ['ols'], keep: ['price:income'], stars: {}, intercept: false }, en);
    expect(texts(none.body[0]!.cells)[1]).toBe('0.031');
  });

  it('intercept row last by default, or dropped', () => {
    const t = buildRegressionTable('t', { models: ['ols'] }, en);
    expect(t.body.filter((r) => r.kind === 'coef').at(-1)!.key).toBe('(Intercept)');
    const d = buildRegressionTable('t', { models: ['ols'], drop: ['(Intercept)'] }, en);
    expect(d.body.some((r) => r.key === '(Intercept)')).toBe(false);
  });

  it('controls indicator row from a {terms} list (both spellings)', () => {
    const a = buildRegressionTable('t', { models: ['res_fe', 'rect'], keep: ['QUA'], indicators: { Controls: '{controls}' } }, seed, { terms: { controls: CONTROLS } });
    const b = buildRegressionTable('t', { models: ['res_fe', 'rect'], keep: ['QUA'], indicators: { '{controls}': 'Controls' } }, seed, { terms: { controls: CONTROLS } });
    const row = (t: typeof a) => texts(t.body.find((r) => r.kind === 'indicator')!.cells);
    const c = buildRegressionTable('t', { models: ['res_fe', 'rect'], keep: ['QUA'], controls: { 控制变量: '{controls}' }, indicators: { firm: '企业效应' }, words: { yes: '是', no: '否' } }, seed, { terms: { controls: CONTROLS } });
    expect(c.body.filter((r) => r.kind === 'indicator').map((r) => texts(r.cells))).toEqual([['控制变量', '是', '是'], ['企业效应', '是', '否']]);
    expect(row(a)).toEqual(['Controls', 'Yes', 'Yes']);
    expect(row(b)).toEqual(['Controls', 'Yes', 'Yes']);
  });

  it('warns (SS613) about keep entries that match nothing', () => {
    const reporter = new Reporter();
    buildRegressionTable('t', { models: ['ols'], keep: ['nothere'] }, en, { reporter });
    expect(reporter.warnings.map((d) => d.code)).toEqual(['SS613']);
  });
});

describe('panels', () => {
  it('Panel A/B each with its own statistics rows; compiles with pdflatex', () => {
    const t = buildRegressionTable('panels', {
      title: 'Two panels',
      panels: [
        { title: 'Panel A: OLS', models: ['ols'], stats: ['nobs', 'r2'] },
        { title: 'Panel B: 2SLS', models: ['iv'], stats: ['nobs', 'first_stage_f', 'kp_lm'] },
      ],
      keep: ['l(price,1)'],
      intercept: false,
    }, en);
    expect(t.body.map((r) => `${r.kind}:${r.key ?? r.cells[0]!.text}`)).toEqual([
      'panel:Panel A: OLS', 'coef:l(price,1)', 'below:l(price,1)', 'stat:nobs', 'stat:r2',
      'panel:Panel B: 2SLS', 'coef:l(price,1)', 'below:l(price,1)', 'stat:nobs', 'stat:first_stage_f', 'stat:kp_lm',
      // indicators: auto (the default) lists the absorbed effects of both panels' models, once, at the bottom.
      'indicator:state', 'indicator:year',
    ]);
    compileTable(formatTable(t, 'latex', { provenance }), 'panels', 'pdflatex');
  });
});

describe('errors', () => {
  it('unknown model SS601, unknown statistic SS602, non-adjacent group SS604, unknown format SS612', async () => {
    expect(codeOf(() => buildRegressionTable('t', { models: ['nope'] }, en))).toBe('SS601');
    expect(codeOf(() => buildRegressionTable('t', { models: ['ols'], stats: ['kurtosis'] }, en))).toBe('SS602');
    expect(codeOf(() => buildRegressionTable('t', { models: ['res_fe', 'rect', 'rectw'], columns: { A: ['res_fe', 'rectw'], B: ['rect'] } }, seed))).toBe('SS604');
    expect(await codeOfAsync(() => renderTable({ name: 't', models: ['ols'], format: ['pdf' as never] }, en, { outDir: tmp, provenance }))).toBe('SS612');
  });
});

describe('user templates', () => {
  it('a .md.hbs template replaces the Markdown output and can use the helpers', async () => {
    const tpl = join(tmp, 'mine.md.hbs');
    writeFileSync(tpl, 'MY TABLE {{table.name}}\n{{#each table.body}}{{#if (eq kind "coef")}}{{#with (lookup cells 0)}}{{md text}};{{/with}}{{/if}}{{/each}}\n');
    const out = await renderTable({ name: 'custom', models: ['ols'], template: 'mine.md.hbs', format: ['markdown', 'latex'] }, en, { outDir: tmp, provenance, specDir: tmp });
    const md = readFileSync(join(tmp, out.files[0]!), 'utf8');
    expect(md).toContain('spec sha256 5f3a9c0e');
    expect(md).toContain('MY TABLE custom\nL.price;price × income;region = east;region = west;Constant;');
    expect(readFileSync(join(tmp, out.files[1]!), 'utf8')).toContain('\\toprule'); // latex still built in
  });
  it('a missing template is SS605, a broken one SS606', async () => {
    expect(await codeOfAsync(() => renderTable({ name: 'x', models: ['ols'], template: 'none.tex.hbs' }, en, { outDir: tmp, provenance, specDir: tmp }))).toBe('SS605');
    writeFileSync(join(tmp, 'bad.tex.hbs'), '{{#each table.body}}{{nofield}}{{/each}}');
    expect(await codeOfAsync(() => renderTable({ name: 'x', models: ['ols'], template: 'bad.tex.hbs', format: ['latex'] }, en, { outDir: tmp, provenance, specDir: tmp }))).toBe('SS606');
  });
});
