/**
 * The plan-level side of `engine: sql`: which tables stay in the data engine (never
 * extracted), and that check reports each refusal at the key responsible.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileSpec } from '../../src/spec/pipeline.js';
import { defaultParsers } from '../../src/spec/parsers.js';
import { tableStaysInEngine } from '../../src/sqlfe/check.js';

const dir = mkdtempSync(join(tmpdir(), 'studyspec-sqlfe-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'd.csv'), 'firm,year,y,x,z\n1,2000,1,2,3\n1,2001,2,3,4\n');

async function compile(models: string, extra = '') {
  const text = `version: 1\ndata:\n  d: { source: d.csv }\n  e: { from: d, where: "year > 2000" }\nmodels:\n${models}${extra}`;
  const file = join(dir, 'spec.yaml');
  writeFileSync(file, text);
  return compileSpec(text, file, { parsers: defaultParsers() });
}

describe('tables read only by engine: sql models stay in the engine', () => {
  it('only sql models on d: d is not extracted; e (unused) is not either', async () => {
    const r = await compile('  a: { engine: sql, data: d, formula: "y ~ x | firm" }\n  b: { engine: sql, data: d, formula: "y ~ z | firm + year", vcov: cluster(firm) }\n');
    expect(r.ok).toBe(true);
    expect(tableStaysInEngine(r.plan!, 'd')).toBe(true);
    expect(tableStaysInEngine(r.plan!, 'e')).toBe(false);
  });
  it('an in-memory model or a summary table on d loads it', async () => {
    const mixed = await compile('  a: { engine: sql, data: d, formula: "y ~ x | firm" }\n  m: { data: d, formula: "y ~ x" }\n');
    expect(tableStaysInEngine(mixed.plan!, 'd')).toBe(false);
    const summary = await compile('  a: { engine: sql, data: d, formula: "y ~ x | firm" }\n', 'tables:\n  s: { kind: summary, data: d, variables: [y, x] }\n');
    expect(summary.ok).toBe(true);
    expect(tableStaysInEngine(summary.plan!, 'd')).toBe(false);
  });
});

describe('check refuses what engine: sql cannot fit, at the key responsible', () => {
  const cases: [string, string, string, string][] = [
    ['engine', '  a: { engine: sql, estimator: logit, formula: "y ~ x | firm" }\n', '', 'SS770'],
    ['formula', '  a: { engine: sql, formula: "y ~ 1 | firm | x ~ z" }\n', '', 'SS771'],
    ['weights', '  a: { engine: sql, weights: z, formula: "y ~ x | firm" }\n', '', 'SS772'],
    ['vcov', '  a: { engine: sql, vcov: "nw(2)", formula: "y ~ x | firm" }\n', '', 'SS773'],
    ['formula', '  a: { engine: sql, formula: "y ~ x:i(year) | firm" }\n', '', 'SS774'],
    ['formula', '  a: { engine: sql, data: d, formula: "y ~ v | firm" }\n', 'variables:\n  v: "x + 1"\n', 'SS775'],
    ['sample', '  a: { engine: sql, data: d, sample: late, formula: "y ~ x | firm" }\n', 'samples:\n  late: "year > 2000"\n', 'SS776'],
    ['split', '  a: { engine: sql, data: d, split: year, formula: "y ~ x | firm" }\n', '', 'SS776'],
  ];
  for (const [key, model, extra, code] of cases) {
    it(`${code} at ${key}`, async () => {
      const r = await compile(model, extra);
      const e = r.diagnostics.find((d) => d.code === code);
      expect(e, r.diagnostics.map((d) => d.code).join(' ')).toBeDefined();
      expect(e!.severity).toBe('error');
      expect(e!.path).toContain(key);
      expect(e!.pos?.line).toBeGreaterThan(0);
    });
  }
});
