import { describe, expect, it } from 'vitest';
import { createEstimatorRegistry } from '../../src/estimators/index.js';
import type { HeaderReader } from '../../src/data/header.js';
import { loadSpec } from '../../src/spec/load.js';
import { normalizeSpec } from '../../src/spec/normalize.js';
import { defaultParsers } from '../../src/spec/parsers.js';
import type { StudySpec } from '../../src/spec/types.js';
import { compilePlan } from '../../src/plan/compile.js';
import type { DataStep, ModelStep, Step, TableStep } from '../../src/plan/types.js';
import { formatPlanText } from '../../src/plan/print.js';

const parsers = defaultParsers();

/** Headers by file name; no file is read. */
const HEADERS: Record<string, string[]> = {
  'firms.csv': ['firm', 'year', 'industry', 'province', 'assets', 'export', 'QUA', 'region'],
  'regions.csv': ['province', 'east'],
  'customs.csv': ['firm', 'year', 'hs6', 'country', 'value', 'quantity'],
};
const reader: HeaderReader = async (path) => {
  const name = path.split('/').pop()!;
  const cols = HEADERS[name];
  if (!cols) throw Object.assign(new Error(`no such file ${path}`), { code: 'ENOENT' });
  return cols.map((c) => ({ name: c }));
};

async function plan(src: string, allowOutside = false) {
  const loaded = loadSpec(src, '/study/s.yaml');
  expect(loaded.diagnostics).toEqual([]);
  const n = normalizeSpec(loaded.value as StudySpec, '/study/s.yaml', parsers, createEstimatorRegistry());
  expect(n.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return compilePlan(n.value!, { parsers, readHeader: reader, allowOutside });
}
const ids = (steps: readonly Step[]) => steps.map((s) => s.id);
const codes = (r: { diagnostics: readonly { code: string }[] }) => r.diagnostics.map((d) => d.code);

const DATA = `version: 1
data:
  firms: { source: data/firms.csv, panel: { id: firm, time: year } }
  regions: { source: data/regions.csv }
  merged:
    from: firms
    join: [{ table: regions, on: [province] }]
`;

describe('compilePlan: ids and dependencies', () => {
  it('creates data, variable, sample, model and table steps in topological order', async () => {
    const r = await plan(`${DATA}variables:
  lnassets: log(assets)
samples:
  late: year >= 2009
models:
  m:
    formula: export ~ QUA + lnassets | firm + year
    sample: late
    vcov: cluster(firm)
tables:
  t: { models: [m] }
`);
    expect(r.diagnostics).toEqual([]);
    const steps = r.plan!.steps;
    expect(ids(steps)).toEqual([
      'data.firms',
      'data.regions',
      'data.merged',
      'sample.late@merged',
      'var.lnassets@merged',
      'model.m',
      'table.t',
    ]);
    const m = steps.find((s) => s.id === 'model.m') as ModelStep;
    expect(m.deps).toEqual(['data.merged', 'sample.late@merged', 'var.lnassets@merged']);
    expect(m.cacheKey).toBe('merged|late||firm+year');
    expect(m.options.vcov.clusters).toEqual(['firm']);
    const merged = steps.find((s) => s.id === 'data.merged')!;
    expect(merged.deps).toEqual(['data.firms', 'data.regions']);
    // every dep precedes its step
    const pos = new Map(steps.map((s, i) => [s.id, i]));
    for (const s of steps) for (const d of s.deps) expect(pos.get(d)!).toBeLessThan(pos.get(s.id)!);
  });

  it('expands multiple estimation into model.<name>/<step> and a table depends on every step', async () => {
    const r = await plan(`${DATA}models:
  steps:
    formula: export ~ csw(QUA, assets) | year
  outs:
    formula: c(export, assets) ~ QUA
tables:
  t: { models: [steps, outs/assets] }
`);
    expect(r.diagnostics).toEqual([]);
    const models = r.plan!.steps.filter((s) => s.kind === 'model') as ModelStep[];
    expect(models.map((m) => m.resultKey)).toEqual(['steps/1', 'steps/2', 'outs/export', 'outs/assets']);
    const t = r.plan!.steps.find((s) => s.kind === 'table')!;
    expect(t.deps).toEqual(['model.steps/1', 'model.steps/2', 'model.outs/assets']);
    expect(models[0]!.cacheKey).toBe(models[1]!.cacheKey);
  });

  it('a split model is one step of kind split; tables may name its groups', async () => {
    const r = await plan(`${DATA}models:
  by_region:
    formula: export ~ QUA | firm
    split: region
tables:
  t: { models: [by_region/east, by_region] }
`);
    expect(r.diagnostics).toEqual([]);
    const s = r.plan!.steps.find((x) => x.id === 'model.by_region') as ModelStep;
    expect(s.kind).toBe('split');
    expect(s.split).toBe('region');
    const t = r.plan!.steps.find((x) => x.kind === "table") as TableStep;
    expect(t.results).toEqual(['by_region/east', 'by_region']);
  });

  it('model-derived variables depend on the model; tables built from tables use them on the source', async () => {
    const r = await plan(`version: 1
data:
  customs: { source: customs.csv }
  firm_year:
    from: customs
    variables:
      sq: quality * 2
    group_by: [firm, year]
    aggregate:
      QUA: weighted_mean(sq, value)
variables:
  quality: resid(khandelwal)
models:
  khandelwal:
    data: customs
    formula: quantity ~ 1 | hs6 + country^year
  second:
    data: firm_year
    formula: QUA ~ 1 | year
`);
    expect(r.diagnostics).toEqual([]);
    const s = r.plan!.steps;
    expect(ids(s)).toEqual(['data.customs', 'model.khandelwal', 'var.quality@customs', 'data.firm_year', 'model.second']);
    expect(s.find((x) => x.id === 'var.quality@customs')!.deps).toEqual(['data.customs', 'model.khandelwal']);
    const fy = s.find((x) => x.id === "data.firm_year") as DataStep;
    expect(fy.deps).toEqual(['data.customs', 'var.quality@customs']);
    expect(fy.columns).toEqual(['firm', 'year', 'QUA']);
    expect(fy.uses).toEqual(['quality']);
  });

  it('a placebo step depends on its target model', async () => {
    const r = await plan(`${DATA}models:
  m: { formula: export ~ QUA | firm }
  p: { estimator: placebo, model: m, permute: QUA, within: industry, draws: 50, seed: 3 }
figures:
  d: { kind: density, of: p, mark: observed }
`);
    expect(r.diagnostics).toEqual([]);
    const p = r.plan!.steps.find((x) => x.id === 'model.p')!;
    expect(p).toMatchObject({ kind: 'placebo', target: 'model.m', draws: 50, seed: 3, within: ['industry'] });
    expect(r.plan!.steps.find((x) => x.id === 'figure.d')!.deps).toEqual(['model.p']);
    expect(formatPlanText(r.plan!)).toContain('model.p');
  });
});

describe('compilePlan: errors', () => {
  it('a table read from a file with its own join has the joined columns (aggregates may use them)', async () => {
    const r = await plan(`version: 1
data:
  regions: { source: data/regions.csv }
  firms2: { source: data/firms.csv, join: [{ table: regions, on: [province] }] }
  by_east:
    from: firms2
    group_by: [year]
    aggregate: { share_east: mean(east) }
models:
  m: { data: firms2, formula: export ~ east }
`);
    expect(codes(r)).toEqual([]);
  });
  it('unknown column in a formula, with did-you-mean and a span', async () => {
    const r = await plan(`${DATA}models:\n  m: { formula: export ~ QA | firm }\n`);
    expect(codes(r)).toEqual(['SS304']);
    expect(r.diagnostics[0]!.span).toEqual({ start: 9, end: 11 });
    expect(r.diagnostics[0]!.notes).toEqual(["did you mean 'QUA'?"]);
  });

  it('unknown table, sample and model references', async () => {
    const r = await plan(`${DATA}models:
  m: { formula: export ~ QUA, data: merge, sample: late }
tables:
  t: { models: [mm] }
`);
    expect(codes(r).sort()).toEqual(['SS301', 'SS303']);
    const r2 = await plan(`${DATA}models:\n  m: { formula: export ~ QUA, sample: late }\n`);
    expect(codes(r2)).toEqual(['SS302']);
  });

  it('"<iv>/first" and "<m>/margins" columns depend on their model; a first stage of a non-IV model is SS622', async () => {
    const r = await plan(`${DATA}models:
  ols: { formula: export ~ QUA | firm, margins: {} }
  iv: { formula: export ~ assets | firm | QUA ~ region }
tables:
  t: { models: [ols, iv/first, iv, ols/margins] }
`);
    expect(codes(r)).toEqual([]);
    const t = r.plan!.steps.find((s) => s.id === 'table.t') as TableStep;
    expect(t.results).toEqual(['ols', 'iv/first', 'iv', 'ols/margins']);
    expect([...t.deps].sort()).toEqual(['model.iv', 'model.ols']);
    const bad = await plan(`${DATA}models:
  ols: { formula: export ~ QUA | firm }
tables:
  t: { models: [ols/first] }
`);
    expect(codes(bad)).toEqual(['SS622']);
    // margins columns need the model's margins: key (SS733)
    const noMargins = await plan(`${DATA}models:
  ols: { formula: export ~ QUA | firm }
tables:
  t: { models: [ols/margins] }
`);
    expect(codes(noMargins)).toEqual(['SS733']);
  });

  it('a cycle among variables names the cycle', async () => {
    const r = await plan(`${DATA}variables:\n  a: b + 1\n  b: a * 2\nmodels:\n  m: { formula: export ~ a }\n`);
    expect(codes(r)).toEqual(['SS305']);
    expect(r.diagnostics[0]!.message).toContain('var.a@merged → var.b@merged → var.a@merged');
    expect(r.plan).toBeUndefined();
  });

  it('a cycle through a model-derived variable', async () => {
    const r = await plan(`${DATA}variables:\n  r: resid(m)\nmodels:\n  m: { formula: export ~ QUA + r }\n`);
    expect(codes(r)).toEqual(['SS305']);
    expect(r.diagnostics[0]!.message).toContain('model.m');
  });

  it('a model-derived column needs a single model, not a multiple-estimation family', async () => {
    const r = await plan(`${DATA}variables:\n  r: resid(steps)\nmodels:\n  steps: { formula: "export ~ csw(QUA, assets)" }\n  m: { formula: r ~ QUA }\n`);
    expect(codes(r)).toEqual(['SS311']);
    expect(r.diagnostics[0]!.span).toEqual({ start: 6, end: 11 });
  });

  it('a variable may read the column it shadows (with a warning)', async () => {
    const r = await plan(`${DATA}variables:\n  assets: log(assets)\nmodels:\n  m: { formula: export ~ assets }\n`);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['SS309', 'warning']]);
    expect(r.plan).toBeDefined();
  });

  it('refuses a source outside the spec folder unless allowed', async () => {
    const src = 'data:\n  f: { source: ../elsewhere/firms.csv }\n';
    expect(codes(await plan(src))).toEqual(['SS306']);
    expect(codes(await plan(src, true))).toEqual([]);
  });

  it('a missing file is an error at the source', async () => {
    const r = await plan('data:\n  f: { source: nothere.csv }\n');
    expect(codes(r)).toEqual(['SS307']);
    expect(r.diagnostics[0]!.path).toEqual(['data', 'f', 'source']);
  });

  it('unknown columns in cluster, split, panel and join keys', async () => {
    const r = await plan(`version: 1
data:
  firms: { source: firms.csv, panel: { id: frim, time: year } }
  regions: { source: regions.csv }
  merged: { from: firms, join: [{ table: regions, on: { province: provnce } }] }
models:
  m: { formula: export ~ QUA, data: firms, vcov: cluster(frm), split: regoin }
`);
    expect(r.diagnostics.map((d) => d.path!.join('.')).sort()).toEqual([
      'data.firms.panel.id',
      'data.merged.join.0.on.province',
      'models.m.split',
      'models.m.vcov',
    ]);
  });
});
