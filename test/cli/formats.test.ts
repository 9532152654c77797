/**
 * One model read from every source format through the CLI gives the same results.json; a
 * value-labelled .dta column shows its label texts (base level = lowest code, as fixest with
 * the factor in code order: oracle/formats-region.R) and the file's variable labels name the
 * rows of tables without a `labels:` entry. `check` reads the header of a .csv.gz.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, close, expected, fixturesDir } from '../e2e/harness.js';

const formats = join(fixturesDir, 'data', 'formats');
let dir = '';

const spec = (source: string, extra = ''): string => `data:
  panel:
    source: ${source}
${extra}    panel: { id: firm, time: year }
models:
  fe:
    formula: outcome ~ exposure | firm + year
    vcov: cluster(firm)
  ols:
    formula: outcome ~ exposure + i(region) | year
    vcov: hc1
tables:
  main:
    kind: regression
    columns: { "(1)": [fe], "(2)": [ols] }
`;

function run(name: string, yaml: string): { status: number; stderr: string; results: any; out: string } {
  writeFileSync(join(dir, `${name}.yaml`), yaml);
  const out = join(dir, `out-${name}`);
  const r = cli(['run', join(dir, `${name}.yaml`), '--out', out], dir);
  let results: any;
  try {
    results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  } catch {
    results = undefined;
  }
  return { status: r.status, stderr: r.stderr, results, out };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'studyspec-formats-'));
  for (const f of ['panel.csv', 'panel_v14.dta', 'panel_v8.dta', 'panel.xlsx']) copyFileSync(join(formats, f), join(dir, f));
  writeFileSync(join(dir, 'panel.csv.gz'), gzipSync(readFileSync(join(formats, 'panel.csv'))));
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  const csv = join(dir, 'panel.csv');
  await conn.run(`ATTACH '${join(dir, 'panel.duckdb')}' AS db`);
  await conn.run(`CREATE TABLE db.panel AS SELECT * FROM read_csv('${csv}')`);
  await conn.run('DETACH db');
  mkdirSync(join(dir, 'hive'));
  await conn.run(`COPY (SELECT * FROM read_csv('${csv}')) TO '${join(dir, 'hive')}' (FORMAT parquet, PARTITION_BY (year), OVERWRITE)`);
  conn.closeSync();
  inst.closeSync();
}, 60_000);

describe('the same model from every source format', () => {
  it('CSV, .csv.gz, .dta (118 and 113), .xlsx, a .duckdb table and a hive Parquet folder give identical results.json models', () => {
    // region holds the codes 1–3 everywhere (the .dta with labels: codes), so i(region) is the same factor.
    const sources: [string, string, string][] = [
      ['csv', 'panel.csv', ''],
      ['gz', 'panel.csv.gz', ''],
      ['dta118', 'panel_v14.dta', '    labels: codes\n'],
      ['dta113', 'panel_v8.dta', '    labels: codes\n'],
      ['xlsx', 'panel.xlsx', '    sheet: panel\n'],
      ['duckdb', 'panel.duckdb', '    table: panel\n'],
      ['hive', 'hive', '    hive: true\n'],
    ];
    const runs = sources.map(([name, src, extra]) => [name, run(name, spec(src, extra))] as const);
    for (const [name, r] of runs) expect(r.status, `${name}: ${r.stderr}`).toBe(0);
    const base = runs[0]![1].results;
    expect(Object.keys(base.models.ols.coefficients)).toEqual(['exposure', 'region::2', 'region::3']);
    for (const [name, r] of runs.slice(1)) {
      expect(r.results.models, name).toEqual(base.models);
      expect(r.results.warnings, name).toEqual(base.warnings);
    }
  });

  it('a value-labelled .dta factor has its lowest code as base level, as fixest on the factor in code order', () => {
    const r = run('labelled', spec('panel_v14.dta'));
    expect(r.status, r.stderr).toBe(0);
    const want = expected('formats_region').coefficients;
    const got = r.results.models.ols.coefficients;
    expect(Object.keys(got)).toEqual(Object.keys(want));
    for (const k of Object.keys(want)) expect(close(got[k].estimate, want[k], 1e-8), k).toBe(true);
  });

  it('label texts and variable labels of the .dta appear in the table without a labels: entry', () => {
    const r = run('labels', spec('panel_v14.dta'));
    expect(r.status, r.stderr).toBe(0);
    const md = readFileSync(join(r.out, 'tables', 'main.md'), 'utf8');
    expect(md).toContain('| Exposure (std.) |');
    expect(md).toContain('| Region of the firm = South |');
    expect(md).toContain('| Region of the firm = East |');
    expect(md).not.toContain('North |');
    // A labels: entry of the table wins over the file's label.
    const own = run('own', spec('panel_v14.dta').replace('    columns:', '    labels: { exposure: "Treatment" }\n    columns:'));
    expect(own.status, own.stderr).toBe(0);
    expect(readFileSync(join(own.out, 'tables', 'main.md'), 'utf8')).toContain('| Treatment |');
  });

  it('check reads the header of a .csv.gz (no false unknown-column errors)', () => {
    writeFileSync(join(dir, 'gz.yaml'), spec('panel.csv.gz'));
    const r = cli(['check', join(dir, 'gz.yaml')], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('SS3');
    writeFileSync(join(dir, 'gzbad.yaml'), spec('panel.csv.gz').replace('outcome ~ exposure |', 'outcome ~ exposur |'));
    const bad = cli(['check', join(dir, 'gzbad.yaml')], dir);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("'exposur'");
  });

  it('check reports a missing sheet, a bad .dta and a misspelt .dta column at their keys', () => {
    writeFileSync(join(dir, 'sheet.yaml'), spec('panel.xlsx', '    sheet: Panel\n'));
    const r1 = cli(['check', join(dir, 'sheet.yaml')], dir);
    expect(r1.status).toBe(1);
    expect(r1.stderr).toMatch(/sheet\.yaml:4:12: error SS193: workbook 'panel\.xlsx' has no sheet 'Panel'/);
    writeFileSync(join(dir, 'junk.dta'), 'not a stata file');
    writeFileSync(join(dir, 'junk.yaml'), spec('junk.dta'));
    const r2 = cli(['check', join(dir, 'junk.yaml')], dir);
    expect(r2.status).toBe(1);
    expect(r2.stderr).toContain('error SS190');
    writeFileSync(join(dir, 'dtacol.yaml'), spec('panel_v14.dta').replace('outcome ~ exposure |', 'outcome ~ exposur |'));
    const r3 = cli(['check', join(dir, 'dtacol.yaml')], dir);
    expect(r3.status).toBe(1);
    expect(r3.stderr).toContain("'exposur'");
    const ok = cli(['check', join(dir, 'labels.yaml')], dir);
    expect(ok.status, ok.stderr).toBe(0);
  });
});
