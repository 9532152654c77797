import { describe, expect, it } from 'vitest';
import { createEstimatorRegistry } from '../../src/estimators/index.js';
import { loadSpec } from '../../src/spec/load.js';
import { normalizeSpec, parseVcov } from '../../src/spec/normalize.js';
import { defaultParsers } from '../../src/spec/parsers.js';
import { compileSpec } from '../../src/spec/pipeline.js';
import type { StudySpec } from '../../src/spec/types.js';

const parsers = defaultParsers();
const norm = (src: string) => normalizeSpec(loadSpec(src, '/study/s.yaml').value as StudySpec, '/study/s.yaml', parsers, createEstimatorRegistry());
const base = 'version: 1\ndata:\n  firms: { source: data/firms.csv }\n  merged: { from: firms }\n';

describe('normalizeSpec', () => {
  it('fills model defaults and uses the last table as default data', () => {
    const r = norm(`${base}models:\n  m:\n    formula: y ~ x | firm\n`);
    expect(r.diagnostics).toEqual([]);
    const m = r.value!.models.m!;
    expect(m.estimator).toBe('ols');
    expect(m.vcov).toEqual({ type: 'iid', clusters: [], text: 'iid' });
    expect(m.conventions).toBe('stata');
    expect(m.ties).toBe('breslow');
    expect(m.metric).toBe('ph');
    expect(m.method).toBe('2sls');
    expect(m.information).toBe('observed');
    expect(m.noadjust).toBe(false);
    expect(m.data).toBe('merged');
    expect(r.value!.data.firms!.source).toEqual({ written: 'data/firms.csv', resolved: '/study/data/firms.csv', format: 'csv', options: {} });
  });

  it('expands {terms} through the formula parser and multiple estimation into singles', () => {
    const r = norm(`${base}terms:\n  ctl: a + b\nmodels:\n  m:\n    formula: y ~ csw(x, {ctl}) | firm\n`);
    expect(r.diagnostics).toEqual([]);
    const f = r.value!.models.m!.formula!;
    expect(f.singles.length).toBe(2);
    expect(parsers.formulaColumns(f.singles[1]!)).toEqual(new Set(['y', 'x', 'a', 'b', 'firm']));
  });

  it('keeps grammar errors with the formula path and a span inside the string', () => {
    const r = norm(`${base}models:\n  m:\n    formula: y ~ x + + z\n`);
    expect(r.value).toBeUndefined();
    const d = r.diagnostics[0]!;
    expect(d.code.startsWith('SS2')).toBe(true);
    expect(d.path).toEqual(['models', 'm', 'formula']);
    expect(d.span!.start).toBe(8);
  });

  it('checks expressions in variables, samples and where with their own paths', () => {
    const r = norm(`${base}variables:\n  v: lgo(x)\nsamples:\n  s: year >\n`);
    expect(r.diagnostics.map((d) => d.path)).toEqual([
      ['variables', 'v'],
      ['samples', 's'],
    ]);
  });

  it('reports Stata spellings as info with the span of the spelling', () => {
    const r = norm(`${base}models:\n  m:\n    formula: y ~ c.x#c.z + L.x\n`);
    const infos = r.diagnostics.filter((d) => d.severity === 'info');
    expect(infos.map((d) => [d.code, d.span?.start, d.span?.end])).toEqual([
      ['SS111', 4, 11],
      ['SS111', 14, 17],
    ]);
    expect(r.value).toBeDefined();
  });

  it('requires kind-specific keys (heckman selection, placebo target, summary variables)', () => {
    const r = norm(
      `${base}models:\n  h:\n    estimator: heckman\n    formula: y ~ x\n  p:\n    estimator: placebo\n` +
        `tables:\n  d:\n    kind: summary\n`,
    );
    expect(r.diagnostics.map((d) => d.code)).toEqual(['SS113', 'SS113', 'SS114']);
  });

  it('warns about an option the estimator ignores', () => {
    const r = norm(`${base}models:\n  m:\n    formula: y ~ x\n    ties: efron\n`);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['SS112', 'warning']]);
  });

  it('takes `method` from the estimator entry: IV methods on IV formulas, twostep for heckman', () => {
    const r = norm(
      `${base}models:\n  l: { formula: "y ~ x | d ~ z1 + z2", method: liml }\n  g: { formula: "y ~ x | firm | d ~ z1 + z2", method: gmm }\n` +
        `  h: { estimator: heckman, formula: "y ~ x", selection: "s ~ x + z" }\n`,
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.value!.models.l!.method).toBe('liml');
    expect(r.value!.models.g!.method).toBe('gmm');
    expect(r.value!.models.h!.method).toBe('twostep');
  });

  it('refuses an IV method without instruments (SS521) and a method the estimator lacks (SS522), on the method line', () => {
    const r = norm(
      `${base}models:\n  o: { formula: "y ~ x | firm", method: liml }\n` +
        `  h: { estimator: heckman, formula: "y ~ x", selection: "s ~ x + z", method: gmm }\n  i: { formula: "y ~ x | d ~ z", method: twostep }\n`,
    );
    expect(r.diagnostics.map((d) => [d.code, d.path?.join('.')])).toEqual([
      ['SS521', 'models.o.method'],
      ['SS522', 'models.h.method'],
      ['SS522', 'models.i.method'],
    ]);
    expect(r.diagnostics[0]!.message).toContain('no instruments');
  });

  it('needs exactly one of source and from', () => {
    expect(norm('data:\n  a: { source: a.csv, from: b }\n').diagnostics[0]!.code).toBe('SS115');
    expect(norm('data:\n  a: { source: a.sav }\n').diagnostics[0]!.code).toBe('SS117');
  });

  it('fills table defaults and collects models from models, columns and panels in order', () => {
    const src = `${base}models:\n  m: { formula: y ~ x }\n  n: { formula: y ~ z }\ntables:\n  t: { models: [m], columns: { A: [m, n] } }\n`;
    const t = norm(src).value!.tables.t!;
    expect(t.kind).toBe('regression');
    expect(t.models).toEqual(['m', 'n']);
    expect(t.modelRefs.map((r) => r.path)).toEqual([
      ['tables', 't', 'models', 0],
      ['tables', 't', 'columns', 'A', 0],
      ['tables', 't', 'columns', 'A', 1],
    ]);
    expect([t.below, t.format, t.decimals, t.stars]).toEqual(['se', ['latex', 'markdown'], 3, { '*': 0.1, '**': 0.05, '***': 0.01 }]);
  });
});

describe('parseVcov', () => {
  it.each([
    ['iid', 'iid', []],
    ['hc1', 'hc1', []],
    ['robust', 'hc1', []],
    ['cluster(firm)', 'cluster', ['firm']],
    ['cluster( firm , year )', 'cluster', ['firm', 'year']],
  ])('%s', (text, type, clusters) => {
    expect(parseVcov(text)).toMatchObject({ type, clusters });
  });
  it('rejects nonsense', () => {
    expect(parseVcov('clustr(firm)')).toBeUndefined();
    expect(parseVcov('cluster(a, a)')).toBeUndefined();
    expect(parseVcov('cluster(a^)')).toBeUndefined();
    expect(parseVcov('nw(-1)')).toBeUndefined();
    expect(parseVcov('nw(1.5)')).toBeUndefined();
    expect(parseVcov('dk()')).toBeUndefined();
    expect(parseVcov('conley(100, lat = a)')).toBeUndefined();
    expect(parseVcov('conley(0, lat = a, lon = b)')).toBeUndefined();
    expect(parseVcov('conley(100, lat = a, lat = b)')).toBeUndefined();
    expect(parseVcov('hc4')).toBeUndefined();
  });
  it('reads the contract 1.1 forms', () => {
    expect(parseVcov('hc2')).toEqual({ type: 'hc2', clusters: [], text: 'hc2' });
    expect(parseVcov('HC3')).toEqual({ type: 'hc3', clusters: [], text: 'hc3' });
    expect(parseVcov('cluster(a, b, c)')).toEqual({ type: 'cluster', clusters: ['a', 'b', 'c'], text: 'cluster(a, b, c)' });
    expect(parseVcov('cluster(state ^ year)')).toEqual({ type: 'cluster', clusters: ['state^year'], text: 'cluster(state^year)' });
    expect(parseVcov('nw(2)')).toEqual({ type: 'nw', clusters: [], lag: 2, text: 'nw(2)' });
    expect(parseVcov('dk(0)')).toEqual({ type: 'dk', clusters: [], lag: 0, text: 'dk(0)' });
    expect(parseVcov('conley(150.5, lon = x, lat = y)')).toEqual({
      type: 'conley', clusters: [], conley: { cutoff: 150.5, lat: 'y', lon: 'x' }, text: 'conley(150.5, lat = y, lon = x)',
    });
  });
});

describe('compileSpec (normalize stage positions)', () => {
  it('locates a formula error at file:line:col', async () => {
    const r = await compileSpec(`${base}models:\n  m:\n    formula: y ~ x + + z\n`, 's.yaml', { parsers, skipPlan: true });
    expect(r.ok).toBe(false);
    expect([r.diagnostics[0]!.pos?.line, r.diagnostics[0]!.pos?.col]).toEqual([7, 22]);
  });
});
