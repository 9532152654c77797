import { describe, expect, it } from 'vitest';
import { factorColumn, makeFrame, numColumn } from '../../src/data/frame.js';
import { formatTable } from '../../src/render/render-table.js';
import { buildGroupSummaryTable, buildSummaryTable } from '../../src/render/summary.js';
import { describe as summarize, groupSummary, type DescribeResult } from '../../src/stats/describe.js';
import { isStudyError } from '../../src/diagnostics/diagnostic.js';
import { compileTable, missingGlyphs } from './tex-helper.js';

const provenance = { spec_sha256: '5f3a9c0e', data_sha256: '9b1d22aa', tool_version: '0.1.0' };

/** Seed 000 Table 2 numbers (as printed), in the DescribeResult shape. Test data. */
const seedTable2: DescribeResult = {
  values: {
    RES: { n: 63675, mean: 0.548, sd: 1.749, min: -0.96, max: 24.494 },
    RECT: { n: 50586, mean: 2.104, sd: 1.189, min: 1, max: 5 },
    QUA: { n: 80736, mean: 0.561, sd: 0.125, min: 0.015, max: 1 },
    lnage: { n: 80500, mean: 2.355, sd: 0.554, min: 0.693, max: 3.784 },
  },
};

describe('summary table (T2)', () => {
  it('seed 000 Table 2 layout with a definitions column, compiled with xelatex', async () => {
    const t = buildSummaryTable('table2', {
      kind: 'summary',
      title: '主要变量的描述性统计',
      variables: ['RES', 'RECT', 'QUA', 'lnage'],
      labels: { RES: 'RES$_{it}$', RECT: 'RECT$_{it}$', QUA: 'QUA$_{it}$', n: '样本' },
      definitions: { RES: '出口抵御力', RECT: '出口恢复力', QUA: '企业产品质量', lnage: '企业年龄' },
      lang: 'zh',
    }, seedTable2);
    expect(t.header.at(-1)!.cells.map((c) => c.text)).toEqual(['变量', '定义', '样本', '均值', '标准差', '最小值', '最大值']);
    expect(t.body[0]!.cells.map((c) => c.text)).toEqual(['RES$_{it}$', '出口抵御力', '63,675', '0.548', '1.749', '-0.960', '24.494']);
    expect(t.body[1]!.cells.map((c) => c.text).slice(5)).toEqual(['1', '5']); // integer min/max print as integers
    await expect(formatTable(t, 'markdown', { provenance })).toMatchFileSnapshot('./__snapshots__/seed000_table2.md');
    await expect(formatTable(t, 'html', { provenance })).toMatchFileSnapshot('./__snapshots__/seed000_table2.html');
    const run = compileTable(formatTable(t, 'latex', { provenance }), 'seed000_table2', 'xelatex');
    expect(missingGlyphs(run.log)).toEqual([]);
  });

  it('by-group blocks from computed statistics, compiled with pdflatex', () => {
    const frame = makeFrame([
      ['tfp', numColumn(Float64Array.from([1.2, 1.5, 0.9, 2.1, 2.4, 1.9, 2.2, NaN]))],
      ['lev', numColumn(Float64Array.from([0.3, 0.5, 0.4, 0.6, 0.2, 0.7, 0.5, 0.4]))],
      ['ofdi', factorColumn(Int32Array.from([0, 0, 0, 1, 1, 1, 1, 0]), ['Non-OFDI', 'OFDI'])],
    ]);
    const data = summarize(frame, ['tfp', 'lev'], ['n', 'mean', 'sd', 'p50'], { by: 'ofdi' });
    const t = buildSummaryTable('by_ofdi', { kind: 'summary', title: 'TFP by OFDI status', variables: ['tfp', 'lev'], stats: ['n', 'mean', 'sd', 'p50'], by: 'ofdi', labels: { tfp: 'TFP (LP)', lev: 'Leverage_ratio', ofdi: 'Group' } }, data);
    expect(t.header[0]!.cells.map((c) => [c.text, c.span ?? 1])).toEqual([['', 1], ['Group = Non-OFDI', 4], ['Group = OFDI', 4]]);
    expect(t.body[0]!.cells.map((c) => c.text)).toEqual(['TFP (LP)', '3', '1.200', '0.300', '1.200', '4', '2.150', '0.208', '2.150']);
    compileTable(formatTable(t, 'latex', { provenance }), 'summary-by-group', 'pdflatex');
  });

  it('unknown statistic is SS610', () => {
    try {
      buildSummaryTable('s', { kind: 'summary', variables: ['RES'], stats: ['kurtosis'] }, seedTable2);
      expect.unreachable();
    } catch (e) {
      expect(isStudyError(e) && e.diagnostics[0]!.code).toBe('SS610');
    }
  });
});

describe('group summary table (T3)', () => {
  // Seed 000 Table 1 shape: mean recovery time by factor intensity (rows) × region (columns). Test data.
  const n = 36;
  const intensity = Int32Array.from({ length: n }, (_, i) => i % 3);
  const region = Int32Array.from({ length: n }, (_, i) => Math.floor(i / 3) % 3);
  const rect = Float64Array.from({ length: n }, (_, i) => 1 + (i % 3) * 0.4 + (Math.floor(i / 3) % 3) * 0.25 + (i % 5) * 0.1);
  const frame = makeFrame([
    ['RECT', numColumn(rect)],
    ['intensity', factorColumn(intensity, ['劳动密集型', '资本密集型', '技术密集型'])],
    ['region', factorColumn(region, ['东部', '中部', '西部'])],
  ]);

  it('two-way means with totals, compiled with xelatex', async () => {
    const data = groupSummary(frame, 'RECT', ['intensity', 'region']);
    const t = buildGroupSummaryTable('table1', { kind: 'group-summary', title: '中国制造业企业的出口恢复力', variable: 'RECT', by: ['intensity', 'region'], labels: { RECT: '出口恢复时间', intensity: '要素密集度' }, lang: 'zh' }, data);
    expect(t.header[1]!.cells.map((c) => c.text)).toEqual(['要素密集度', '东部', '中部', '西部', '总体']);
    expect(t.body.at(-1)!.cells[0]!.text).toBe('总体');
    expect(t.body.at(-1)!.cells.at(-1)!.text).toBe((Array.from(rect).reduce((a, b) => a + b, 0) / n).toFixed(3));
    await expect(formatTable(t, 'markdown', { provenance })).toMatchFileSnapshot('./__snapshots__/seed000_table1.md');
    const run = compileTable(formatTable(t, 'latex', { provenance }), 'seed000_table1', 'xelatex');
    expect(missingGlyphs(run.log)).toEqual([]);
  });

  it('one-way means', () => {
    const t = buildGroupSummaryTable('oneway', { kind: 'group-summary', variable: 'RECT', by: ['region'] }, groupSummary(frame, 'RECT', ['region']));
    expect(t.ncols).toBe(2);
    expect(t.body.map((r) => r.cells[0]!.text)).toEqual(['东部', '中部', '西部', 'Total']);
  });
});
