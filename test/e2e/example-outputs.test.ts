/**
 * The example study run through the CLI on a machine without any usable system font
 * (STUDYSPEC_FONTS points at an empty folder): every table and figure is written, the Word
 * and Excel tables read back with reader libraries hold the numbers of results.json rounded
 * as printed, the CSV holds them at full precision, and report.html shows every table.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fmtFixed } from '../../src/render/format.js';
import { repoRoot } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'studyspec-example-'));
const out = join(dir, 'out');
const noFonts = join(dir, 'fonts');
let results: any;
let stderr = '';

beforeAll(() => {
  mkdirSync(noFonts);
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'studyspec.mjs'), 'run', join(repoRoot, 'specs', 'example', 'study.yaml'), '--out', out], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', STUDYSPEC_FONTS: noFonts },
  });
  stderr = r.stderr;
  expect(r.status, r.stderr).toBe(0);
  results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const coef = (model: string, term: string) => results.models[model].coefficients[term];

describe('npm run example without system fonts', () => {
  it('writes every table and figure it lists, without warnings', () => {
    expect(stderr).not.toMatch(/SS607|SS618/);
    expect(results.warnings).toEqual([]);
    for (const t of Object.values<any>(results.tables)) for (const f of t.files) expect(existsSync(join(out, f)), f).toBe(true);
    for (const f of Object.values<any>(results.figures)) {
      expect(f.files.length).toBeGreaterThan(0);
      for (const file of f.files) expect(existsSync(join(out, file)), file).toBe(true);
    }
    expect(results.figures.event.files).toEqual(['figures/event.svg', 'figures/event.png', 'figures/event.pdf']);
  });

  it('figure PDFs are vector with the shipped font embedded, so pdflatex can include them', () => {
    const pdf = join(out, 'figures', 'event.pdf');
    expect(execFileSync('pdffonts', [pdf], { encoding: 'utf8' })).toMatch(/NotoSansCJKsc-Regular\s+CID Type 0C\s+Identity-H\s+yes yes yes/);
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('2008');
    expect(text).toContain('Year'); // x_label
    expect(readFileSync(pdf).length).toBeLessThan(80_000);
  });

  it('baseline.csv holds every number of results.json at full precision', () => {
    const lines = readFileSync(join(out, 'tables', 'baseline.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('model,term,statistic,value');
    let checked = 0;
    for (const line of lines.slice(1)) {
      const [model, term, stat, value] = line.split(',');
      if (term === '') continue;
      // `constant: true` shows reghdfe's _cons, which the estimator keeps in extra.cons.
      const c = model === 'iv/first' ? results.models.iv.extra.first_stage.QUA.coefficients[term!] : (coef(model!, term!) ?? results.models[model!].extra.cons);
      expect(Number(value), line).toBe(c[stat!]);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(4 * 4 * 3);
    expect(lines).toContain(`twfe,,nobs,${results.models.twfe.nobs}`);
  });

  it('baseline.xlsx, read with exceljs, holds the rounded numbers of results.json', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, 'tables', 'baseline.xlsx'));
    const ws = wb.worksheets[0]!;
    const rows: unknown[][] = [];
    ws.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
    const quality = rows.findIndex((r) => r[0] === 'Quality');
    expect(quality).toBeGreaterThan(0);
    expect(ws.getRow(quality + 1).getCell(1).value).toBe('Quality'); // rows[i] is sheet row i + 1
    const round3 = (x: number) => Number(fmtFixed(x, 3));
    expect(rows[quality]![1]).toBe(round3(coef('twfe', 'QUA').estimate));
    expect(rows[quality]![3]).toBe(round3(coef('iv', 'QUA').estimate));
    expect(rows[quality + 1]![1]).toBe(round3(coef('twfe', 'QUA').se));
    // Stars and parentheses are number formats: the cell stays a number.
    expect(ws.getRow(quality + 1).getCell(2).numFmt).toContain('"***"');
    expect(ws.getRow(quality + 2).getCell(2).numFmt).toMatch(/^"\("0\.000"\)"/);
    const nobs = rows.find((r) => r[0] === 'Observations')!;
    expect(nobs[1]).toBe(results.models.twfe.nobs);
    expect(rows.find((r) => r[0] === 'Dependent variable')).toBeDefined();
    expect(rows.find((r) => r[0] === 'Firm FE')!.slice(1, 5)).toEqual(['Yes', 'Yes', 'Yes', 'Yes']);
  });

  it('baseline.docx, opened as a Word package, is a real table with the rounded numbers and raised stars', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(out, 'tables', 'baseline.docx')));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('<w:tbl>');
    const rows = [...xml.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map((m) =>
      [...m[1]!.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => [...c[1]!.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')),
    );
    const quality = rows.find((r) => r[0] === 'Quality')!;
    expect(quality[1]).toBe(`${fmtFixed(coef('twfe', 'QUA').estimate, 3)}***`);
    expect(rows).toContainEqual(['', 'Full sample', '2008 onward']); // grouped header, merged cells
    expect(xml).toMatch(/<w:gridSpan w:val="3"\/>/);
    expect(xml).toMatch(/<w:vertAlign w:val="superscript"\/><\/w:rPr><w:t xml:space="preserve">\*\*\*<\/w:t>/);
    expect(rows.find((r) => r[0] === 'Dependent variable')).toBeDefined();
  });

  it('report.html shows every table of the run, whatever formats it was written in', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    for (const name of Object.keys(results.tables)) expect(html).toContain(`<section id="table-${name}">`);
    expect(html.match(/<table class="studyspec-table">/g)!.length).toBe(Object.keys(results.tables).length);
    expect(html).toContain('Region = east'); // the split table was written as latex + xlsx only
    for (const name of Object.keys(results.figures)) expect(html).toContain(`id="figure-${name}"`);
  });
});

describe('a figure that cannot be drawn', () => {
  it('is warning SS618 at its spec position; the run exits 0 and writes every other output', () => {
    const study = join(dir, 'broken-figure');
    cpSync(join(repoRoot, 'specs', 'example'), study, { recursive: true, filter: (p) => !/[/\\]out([/\\]|$)/.test(p) });
    const yaml = readFileSync(join(study, 'study.yaml'), 'utf8').replace(/^figures:\n/m, 'figures:\n  no_event: { kind: event, of: twfe }\n');
    writeFileSync(join(study, 'study.yaml'), yaml);
    const line = yaml.split('\n').findIndex((l) => l.startsWith('  no_event:')) + 1;
    const outDir = join(study, 'out2');
    const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'studyspec.mjs'), 'run', join(study, 'study.yaml'), '--out', outDir], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`study.yaml:${line}:`);
    expect(r.stderr).toMatch(/warning SS618: figure 'no_event' was not drawn: SS619/);
    const res = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8'));
    expect(res.figures.no_event.files).toEqual([]);
    expect(res.warnings.some((w: string) => w.startsWith('SS618'))).toBe(true);
    for (const t of Object.values<any>(res.tables)) for (const f of t.files) expect(existsSync(join(outDir, f)), f).toBe(true);
    expect(existsSync(join(outDir, 'figures', 'event.pdf'))).toBe(true);
  }, 240_000);
});
