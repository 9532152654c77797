/**
 * Names that are keys of Object.prototype (`__proto__`, `constructor`, `toString`,
 * `hasOwnProperty`, `valueOf`) are ordinary names: as models, tables, figures, variables,
 * columns, terms and samples, through `check` and `run`, and in results.json.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, panelCsv, readJson, studyDir, writeSpec } from './hostile-helpers.js';

describe('JavaScript prototype keys as names', () => {
  it('a model and a table named __proto__ are written to results.json as own keys', () => {
    const dir = studyDir();
    writeSpec(
      dir,
      `version: 1
data:
  t: { source: d.csv }
models:
  __proto__: { formula: "y ~ x" }
  constructor: { formula: "y ~ z" }
  toString: { formula: "y ~ x + z" }
tables:
  __proto__: { models: [__proto__, constructor, toString], format: [markdown] }
`,
    );
    const r = cli(['run', 'spec.yaml', '--out', 'out'], dir);
    expect(r.err).not.toContain('SS999');
    expect(r.code).toBe(0);
    const j = readJson(join(dir, 'out', 'results.json')) as { models: object; tables: object };
    expect(Object.keys(j.models)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.prototype.hasOwnProperty.call(j.models, '__proto__')).toBe(true);
    expect(Object.prototype.hasOwnProperty.call(j.tables, '__proto__')).toBe(true);
    const m = Object.getOwnPropertyDescriptor(j.models, '__proto__')!.value as { coefficients: Record<string, unknown> };
    expect(Object.keys(m.coefficients)).toEqual(['(Intercept)', 'x']);
  });

  it('columns, variables, terms, samples and references named like prototype keys', () => {
    const dir = studyDir({ 'p.csv': panelCsv('id,t,y,constructor,toString,__proto__,d,time,event') });
    writeSpec(
      dir,
      `version: 1
data:
  t: { source: p.csv, panel: { id: id, time: t } }
variables:
  valueOf: constructor * 2
  __proto__x: toString + 1
samples:
  hasOwnProperty: constructor > 0.1
terms:
  hasOwnProperty: constructor + toString
models:
  m: { formula: "y ~ {hasOwnProperty} | __proto__", vcov: cluster(__proto__), sample: hasOwnProperty }
  n: { formula: "y ~ i(__proto__) + valueOf" }
tables:
  tb: { models: [m, n], labels: { constructor: Cons }, format: [markdown] }
figures:
  f: { kind: trend, x: t, y: y, by: __proto__ }
`,
    );
    const r = cli(['run', 'spec.yaml', '--out', 'out'], dir);
    expect(r.err).not.toContain('SS999');
    expect(r.code).toBe(0);
    const j = readJson(join(dir, 'out', 'results.json')) as { models: Record<string, { coefficients: object }> };
    expect(Object.keys(j.models['m']!.coefficients)).toEqual(['constructor', 'toString']);
    expect(Object.keys(j.models['n']!.coefficients)).toContain('__proto__::g1');
    expect(Object.keys(j.models['n']!.coefficients)).toContain('valueOf');
  });

  it('a reference to an undefined prototype-key name is an unknown-name error, not an internal error', () => {
    const dir = studyDir();
    writeSpec(
      dir,
      `version: 1
data:
  t: { source: d.csv }
models:
  m: { formula: "y ~ x", sample: toString }
  n: { formula: "y ~ x", data: constructor }
  o: { formula: "y ~ valueOf" }
tables:
  tb: { models: [hasOwnProperty] }
`,
    );
    const r = cli(['check', '--format', 'json', 'spec.yaml'], dir);
    expect(r.code).toBe(1);
    const codes = (JSON.parse(r.out) as { code: string; pos: { line: number } }[]).map((d) => `${d.code}@${d.pos.line}`);
    expect(codes).toEqual(expect.arrayContaining(['SS302@5', 'SS301@6', 'SS304@7', 'SS303@9']));
    expect(codes.join()).not.toContain('SS999');
  });
});
