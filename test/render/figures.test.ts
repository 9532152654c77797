import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { factorColumn, makeFrame, numColumn } from '../../src/data/frame.js';
import { mteCurve, placeboDraws, renderFigure, trendPoints } from '../../src/render/figures/render-figure.js';
import { readPngText } from '../../src/render/figures/png-text.js';
import { silvermanBandwidth } from '../../src/render/figures/specs.js';
import { writeAtomic } from '../../src/render/write.js';
import { CONTROLS, englishResults, makeResult, seedTable3Results } from './fixtures.js';
import { outputDir, repoRoot } from './tex-helper.js';

const provenance = { spec_sha256: '5f3a9c0e', data_sha256: '9b1d22aa', tool_version: '0.1.0' };
const tmp = mkdtempSync(join(tmpdir(), 'studyspec-fig-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const fixture = (name: string) => JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'expected', name), 'utf8'));

/** Deterministic normal draws (LCG + Box–Muller): test data standing in for placebo estimates. */
function normalDraws(n: number, mean: number, sd: number, seed = 12345): number[] {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  return Array.from({ length: n }, () => mean + sd * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
}

/** PNG width/height from the IHDR chunk. */
function pngSize(png: Uint8Array): [number, number] {
  const v = new DataView(png.buffer, png.byteOffset);
  return [v.getUint32(16), v.getUint32(20)];
}

async function draw(spec: Parameters<typeof renderFigure>[0], data: Parameters<typeof renderFigure>[1], lang?: 'zh') {
  const out = await renderFigure(spec, data, { outDir: tmp, provenance, ...(lang ? { lang } : {}), terms: { controls: CONTROLS } });
  expect(out.files).toEqual([`figures/${spec.name}.svg`, `figures/${spec.name}.png`]);
  const svg = readFileSync(join(tmp, out.files[0]!), 'utf8');
  const png = readFileSync(join(tmp, out.files[1]!));
  expect(svg).toContain('spec sha256 5f3a9c0e');
  expect(readPngText(png).Comment).toContain('data sha256 9b1d22aa');
  expect(pngSize(png)).toEqual([2 * Number(/<svg[^>]* width="(\d+)"/.exec(svg)![1]), 2 * Number(/<svg[^>]* height="(\d+)"/.exec(svg)![1])]);
  // a copy for people to look at
  writeAtomic(join(outputDir, `figure-${spec.name}.png`), png);
  return { svg, png, out };
}

describe('figure data', () => {
  it('Silverman bandwidth equals R bw.nrd0', () => {
    // R: bw.nrd0(1:10) = 0.9 * min(sd, IQR/1.34) * 10^(-1/5) = 1.719…; computed from the formula by hand
    const x = Array.from({ length: 10 }, (_, i) => i + 1);
    const sd = Math.sqrt(82.5 / 9);
    expect(silvermanBandwidth(x)).toBeCloseTo(0.9 * Math.min(sd, 4.5 / 1.34) * 10 ** -0.2, 14);
    expect(silvermanBandwidth([3, 3, 3, 3])).toBeCloseTo(0.9 * 3 * 4 ** -0.2, 14); // sd = 0 → |x1|
  });

  it('reads the MTE grid in the oracle fixture shape (u0.05 … u0.95)', () => {
    const f = fixture('nl_mte_normal.json');
    const pts = mteCurve(makeResult({ id: 'mte', estimator: 'mte', coefs: {}, nobs: f.nobs, extra: { mte: f.liv.mte } }));
    expect(pts.length).toBe(19);
    expect(pts[0]).toEqual({ u: 0.05, mte: f.liv.mte['u0.05'] });
    expect(pts.map((p) => p.u)).toEqual([...pts.map((p) => p.u)].sort((a, b) => a - b));
  });

  it('means by time and group for trend lines', () => {
    const frame = makeFrame([
      ['year', numColumn(Float64Array.from([2009, 2009, 2010, 2010, 2010]))],
      ['g', factorColumn(Int32Array.from([0, 1, 0, 1, -1]), ['a', 'b'])],
      ['y', numColumn(Float64Array.from([1, 2, 3, NaN, 100]))],
    ]);
    expect(trendPoints(frame, 'y', 'year', 'g')).toEqual([
      { time: 2009, group: 'a', value: 1 },
      { time: 2010, group: 'a', value: 3 },
      { time: 2009, group: 'b', value: 2 },
    ]);
  });
});

describe('figures to SVG and PNG', () => {
  it('density of placebo draws with the observed coefficient marked', async () => {
    const perm = fixture('nl_permutation_simple_mroz.json').permutation;
    const draws = normalDraws(perm.n_permutations, perm.mean, perm.sd);
    const placebo = makeResult({ id: 'placebo', estimator: 'placebo', coefs: {}, nobs: 428, extra: { draws, observed: perm.observed } });
    expect(placeboDraws(placebo)).toEqual({ draws, observed: perm.observed });
    const { svg, out } = await draw({ name: 'placebo_density', kind: 'density', of: 'placebo', title: 'Placebo: educ permuted 1,000 times' }, { results: new Map([['placebo', placebo]]) });
    expect(svg).toContain('Estimated coefficient');
    const layers = (out.vegaLite.layer as { transform?: { bandwidth: number }[] }[]);
    expect(layers[0]!.transform![0]!.bandwidth).toBeCloseTo(silvermanBandwidth(draws), 14);
  });

  it('coefficient plot with confidence intervals (Chinese labels)', async () => {
    const results = seedTable3Results();
    const { svg } = await draw(
      { name: 'coefplot', kind: 'coefplot', models: ['rect', 'rectw', 'recth'], keep: ['QUA', '{controls}'], labels: { QUA: '产品质量', lnage: '企业年龄' }, title: '恢复力模型系数' },
      { results },
      'zh',
    );
    expect(svg).toContain('产品质量');
  });

  it('trend lines by group over time', async () => {
    const years = [2009, 2010, 2011, 2012, 2013];
    const groups = ['劳动密集型', '资本密集型', '技术密集型'];
    const n = years.length * groups.length * 4;
    const year = new Float64Array(n);
    const g = new Int32Array(n);
    const res = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      year[i] = years[i % 5]!;
      g[i] = Math.floor(i / 5) % 3;
      res[i] = -0.3 + 0.18 * (year[i]! - 2009) + 0.1 * g[i]! + 0.02 * ((i * 7) % 5);
    }
    const frame = makeFrame([['year', numColumn(year)], ['intensity', factorColumn(g, groups)], ['RES', numColumn(res)]]);
    const { svg } = await draw(
      { name: 'trend', kind: 'trend', variable: 'RES', time: 'year', by: 'intensity', labels: { RES: '出口抵御力', year: '年份', intensity: '要素密集度' } },
      { frame },
      'zh',
    );
    expect(svg).toContain('技术密集型');
  });

  it('MTE curve from the oracle fixture grid', async () => {
    const f = fixture('nl_mte_normal.json');
    const mte = makeResult({ id: 'mte', estimator: 'mte', coefs: {}, nobs: f.nobs, extra: { mte: f.liv.mte } });
    await draw({ name: 'mte', kind: 'mte', of: 'mte', title: 'Marginal treatment effect (normal model)' }, { results: new Map([['mte', mte]]) });
  });

  it('coefficient plot of two English models is byte-identical on a second run', async () => {
    const spec = { name: 'coef_en', kind: 'coefplot' as const, models: ['ols', 'iv'], labels: { price: 'Price', income: 'Income' } };
    const a = await draw(spec, { results: englishResults() });
    const b = await draw(spec, { results: englishResults() });
    expect(Buffer.compare(a.png, b.png)).toBe(0);
  });
});
