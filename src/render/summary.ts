/**
 * Summary (T2) and group-summary (T3) table models, from numbers computed by
 * src/stats/describe.ts (or handed in by the run stage in the same shape).
 *
 *   T2: variable | [definition] | n mean sd min max …      (one stats block per `by` group)
 *   T3: by[0] level | mean of variable [per by[1] level] | [total]
 */
import { StudyError } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/messages/index.js';
import { renderMessages } from '../diagnostics/messages/render.js';
import { isSummaryStat, type DescribeResult, type GroupSummaryResult } from '../stats/describe.js';
import { fmtCount, fmtFixed } from './format.js';
import { labelDictionary, labelTerm, type Labels } from './labels.js';
import type { BodyRow, Cell, HeaderRow, TableModel } from './model.js';
import type { GroupSummaryTableSpec, Lang, SummaryTableSpec } from './types.js';

export type { DescribeResult, GroupSummaryResult } from '../stats/describe.js';

const STAT_LABELS: Record<Lang, Record<string, string>> = {
  en: { n: 'N', mean: 'Mean', sd: 'SD', min: 'Min', max: 'Max', median: 'Median', sum: 'Sum' },
  zh: { n: '样本量', mean: '均值', sd: '标准差', min: '最小值', max: '最大值', median: '中位数', sum: '合计' },
};

const WORDS: Record<Lang, { variable: string; definition: string; total: string }> = {
  en: { variable: 'Variable', definition: 'Definition', total: 'Total' },
  zh: { variable: '变量', definition: '定义', total: '总体' },
};

export function statLabel(stat: string, lang: Lang, labels: Readonly<Record<string, string>> = {}): string {
  return labels[stat] ?? STAT_LABELS[lang][stat] ?? stat.toUpperCase();
}

/** A count prints with separators; an integer-valued statistic (min/max of a count) without decimals. */
function fmtSummary(stat: string, v: number | null | undefined, decimals: number): string {
  if (v === null || v === undefined) return '';
  if (stat === 'n') return fmtCount(v);
  if ((stat === 'min' || stat === 'max' || /^p\d+$|^median$/.test(stat)) && Number.isInteger(v)) return fmtCount(v);
  return fmtFixed(v, decimals);
}

export function buildSummaryTable(
  name: string,
  spec: SummaryTableSpec,
  data: DescribeResult,
  defaultLang?: Lang,
  sources: { labels?: Labels; dataLabels?: Labels } = {},
): TableModel {
  const lang: Lang = spec.lang ?? defaultLang ?? 'en';
  const stats = spec.stats ?? ['n', 'mean', 'sd', 'min', 'max'];
  for (const s of stats) if (!isSummaryStat(s)) throw new StudyError(diag(renderMessages.summaryUnknownStat(name, s)));
  const labels = labelDictionary({ ...(spec.labels ? { own: spec.labels } : {}), ...(sources.labels ? { study: sources.labels } : {}), ...(sources.dataLabels ? { data: sources.dataLabels } : {}) });
  const decimals = spec.decimals ?? 3;
  const withDefs = spec.definitions !== undefined && Object.keys(spec.definitions).length > 0;
  const textCols = withDefs ? 2 : 1;
  const blocks: { label?: string; values: DescribeResult['values'] }[] =
    spec.by && data.by
      ? data.by.groups.map((g) => ({ label: `${labelTerm(spec.by!, labels, lang)} = ${labels[`${spec.by}::${g}`] ?? g}`, values: data.by!.values[g] ?? {} }))
      : [{ values: data.values }];

  const header: HeaderRow[] = [];
  const stub: Cell[] = [{ text: labels['_stub'] ?? WORDS[lang].variable }, ...(withDefs ? [{ text: WORDS[lang].definition }] : [])];
  if (blocks.length > 1 || blocks[0]!.label) {
    const cells: Cell[] = [{ text: '' }, ...(withDefs ? [{ text: '' }] : [])];
    const rules = blocks.map((_, i) => ({ from: textCols + 1 + i * stats.length, to: textCols + (i + 1) * stats.length }));
    for (const b of blocks) cells.push({ text: b.label ?? '', span: stats.length });
    header.push({ cells, rules });
  }
  header.push({ cells: [...stub, ...blocks.flatMap(() => stats.map((s) => ({ text: statLabel(s, lang, labels) })))], rules: [] });

  const body: BodyRow[] = spec.variables.map((v) => {
    if (!data.values[v]) throw new StudyError(diag(renderMessages.summaryMissingVariable(name, v)));
    const cells: Cell[] = [{ text: labelTerm(v, labels, lang) }];
    if (withDefs) cells.push({ text: spec.definitions?.[v] ?? '' });
    for (const b of blocks) for (const s of stats) cells.push({ text: fmtSummary(s, b.values[v]?.[s], decimals), num: true });
    return { kind: 'value', key: v, cells };
  });
  return {
    name,
    ...(spec.title !== undefined ? { title: spec.title } : {}),
    ncols: textCols + blocks.length * stats.length,
    textCols,
    header,
    body,
    notes: spec.notes ?? [],
    lang,
    values: blocks.flatMap((b, i) =>
      spec.variables.flatMap((v) =>
        stats.map((st) => ({ model: spec.by && data.by ? (data.by.groups[i] ?? '') : '', term: v, statistic: st, value: b.values[v]?.[st] ?? null })),
      ),
    ),
  };
}

export function buildGroupSummaryTable(
  name: string,
  spec: GroupSummaryTableSpec,
  data: GroupSummaryResult,
  defaultLang?: Lang,
  sources: { labels?: Labels; dataLabels?: Labels } = {},
): TableModel {
  const lang: Lang = spec.lang ?? defaultLang ?? 'en';
  const labels = labelDictionary({ ...(spec.labels ? { own: spec.labels } : {}), ...(sources.labels ? { study: sources.labels } : {}), ...(sources.dataLabels ? { data: sources.dataLabels } : {}) });
  const decimals = spec.decimals ?? 3;
  const total = spec.total !== false;
  const stat = spec.stat ?? 'mean';
  const level = (v: string, l: string): string => labels[`${v}::${l}`] ?? l;
  const varLabel = labelTerm(data.variable, labels, lang);
  const cols = data.cols ?? [];
  const twoWay = data.colVar !== undefined && cols.length > 0;

  const header: HeaderRow[] = [];
  if (twoWay) {
    const span = cols.length + (total ? 1 : 0);
    header.push({
      cells: [{ text: '' }, { text: `${varLabel} (${statLabel(stat, lang)})`, span }],
      rules: [{ from: 2, to: 1 + span }],
    });
    header.push({
      cells: [
        { text: labelTerm(data.rowVar, labels, lang) },
        ...cols.map((c) => ({ text: level(data.colVar!, c) })),
        ...(total ? [{ text: WORDS[lang].total }] : []),
      ],
      rules: [],
    });
  } else {
    header.push({ cells: [{ text: labelTerm(data.rowVar, labels, lang) }, { text: `${varLabel} (${statLabel(stat, lang)})` }], rules: [] });
  }

  const fmt = (v: number | null | undefined) => ({ text: fmtSummary(stat, v, decimals), num: true });
  const body: BodyRow[] = data.rows.map((r, i) => ({
    kind: 'value' as const,
    key: r,
    cells: [
      { text: level(data.rowVar, r) },
      ...(twoWay ? data.cells[i]!.map(fmt) : [fmt(data.cells[i]?.[0])]),
      ...(twoWay && total ? [fmt(data.rowTotals[i])] : []),
    ],
  }));
  if (total) {
    body.push({
      kind: 'value',
      key: '_total',
      rule: true,
      cells: [{ text: WORDS[lang].total }, ...(twoWay ? data.colTotals.map(fmt) : []), fmt(data.total)],
    });
  }
  return {
    name,
    ...(spec.title !== undefined ? { title: spec.title } : {}),
    ncols: 1 + (twoWay ? cols.length + (total ? 1 : 0) : 1),
    textCols: 1,
    header,
    body,
    notes: spec.notes ?? [],
    lang,
    values: [
      ...data.rows.flatMap((r, i) =>
        twoWay
          ? cols.map((c, j) => ({ model: c, term: r, statistic: stat, value: data.cells[i]?.[j] ?? null }))
          : [{ model: '', term: r, statistic: stat, value: data.cells[i]?.[0] ?? null }],
      ),
    ],
  };
}
