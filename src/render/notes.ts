/**
 * Table notes generated from the results themselves, so a table never claims a standard
 * error type, cluster count or sample drop that the models did not use.
 */
import type { ModelResult } from '../estimators/result.js';
import { fmtCount, starLegend } from './format.js';
import { labelTerm, type Labels } from './labels.js';
import type { BelowKind, Lang } from './types.js';

/** "(1)–(3), (5)" for column numbers [1, 2, 3, 5]. */
export function columnList(cols: readonly number[]): string {
  const sorted = [...cols].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j === i ? `(${sorted[i]})` : `(${sorted[i]})–(${sorted[j]})`);
    i = j + 1;
  }
  return parts.join(', ');
}

function belowNote(below: BelowKind, results: readonly ModelResult[], lang: Lang): string | null {
  const zCols = results.map((r, i) => (r.inference.dist === 'normal' ? i + 1 : 0)).filter((c) => c > 0);
  const allZ = zCols.length === results.length && results.length > 0;
  if (lang === 'zh') {
    switch (below) {
      case 'se': return '括号内为标准误。';
      case 't': return allZ ? '括号内为 z 统计量。' : '括号内为 t 统计量。';
      case 'p': return '括号内为 p 值。';
      case 'ci': return '方括号内为 95% 置信区间。';
      default: return null;
    }
  }
  switch (below) {
    case 'se': return 'Standard errors in parentheses.';
    case 't':
      if (allZ) return 'z statistics in parentheses.';
      return zCols.length ? `t statistics in parentheses (z statistics in ${columnList(zCols)}).` : 't statistics in parentheses.';
    case 'p': return 'p-values in parentheses.';
    case 'ci': return '95% confidence intervals in brackets.';
    default: return null;
  }
}

/** Words for a canonical vcov text: iid, hc1, cluster(a), cluster(a, b), oim, opg, robust. */
export function describeVcov(vcov: string, r: ModelResult, labels: Labels, lang: Lang): string {
  const v = vcov.replace(/\s+/g, '');
  const cl = /^cluster\((.*)\)$/.exec(v);
  if (cl) {
    const vars = cl[1]!.split(',').map((x) => labelTerm(x, labels, lang));
    const g = r.inference.n_clusters;
    const counts = g && g.length ? g.map((n) => fmtCount(n)).join(lang === 'zh' ? '、' : ' and ') : '';
    if (lang === 'zh') return `聚类到${vars.join('和')}层面${counts ? `（${counts} 个聚类）` : ''}`;
    const how = vars.length > 1 ? `two-way clustered by ${vars.join(' and ')}` : `clustered by ${vars[0]}`;
    return counts ? `${how} (${counts} clusters)` : how;
  }
  const words: Record<string, Record<Lang, string>> = {
    iid: { en: 'conventional', zh: '常规标准误' },
    hc1: { en: 'heteroskedasticity-robust (HC1)', zh: '异方差稳健标准误（HC1）' },
    robust: { en: 'robust', zh: '稳健标准误' },
    oim: { en: 'observed information matrix', zh: '观测信息矩阵' },
    opg: { en: 'outer product of gradients', zh: '梯度外积' },
  };
  return words[v]?.[lang] ?? v;
}

function vcovNote(results: readonly ModelResult[], labels: Labels, lang: Lang): string | null {
  if (!results.length) return null;
  const groups = new Map<string, number[]>();
  results.forEach((r, i) => {
    const text = describeVcov(r.vcov, r, labels, lang);
    groups.set(text, [...(groups.get(text) ?? []), i + 1]);
  });
  if (groups.size === 1) {
    const [text] = groups.keys();
    return lang === 'zh' ? `标准误：${text}。` : `Standard errors: ${text}.`;
  }
  const parts = [...groups].map(([text, cols]) => (lang === 'zh' ? `${columnList(cols)}${text}` : `${text} in ${columnList(cols)}`));
  return lang === 'zh' ? `标准误：${parts.join('；')}。` : `Standard errors: ${parts.join('; ')}.`;
}

function dropNotes(results: readonly ModelResult[], labels: Labels, lang: Lang): string[] {
  const out: string[] = [];
  results.forEach((r, i) => {
    const col = `(${i + 1})`;
    if (r.dropped.singletons > 0) {
      out.push(
        lang === 'zh'
          ? `${col}剔除 ${fmtCount(r.dropped.singletons)} 个单例观测。`
          : `${col}: ${fmtCount(r.dropped.singletons)} singleton observations dropped.`,
      );
    }
    if (r.dropped.collinear.length) {
      const names = r.dropped.collinear.map((t) => labelTerm(t, labels, lang)).join(', ');
      out.push(lang === 'zh' ? `${col}因共线性删除：${names}。` : `${col}: ${names} omitted because of collinearity.`);
    }
  });
  return out;
}

function starNote(stars: Readonly<Record<string, number>>, lang: Lang): string | null {
  const entries = Object.entries(stars).sort((a, b) => a[1] - b[1]);
  if (!entries.length) return null;
  if (lang === 'zh') {
    const syms = entries.map(([s]) => s).join('、').replace(/、([^、]*)$/, '和$1');
    const levels = entries.map(([, c]) => `${Math.round(c * 100)}%`).join('、');
    return `${syms}分别表示 ${levels} 的显著性水平。`;
  }
  return `${starLegend(stars)}.`;
}

/** All generated notes of a regression table, in reading order. */
export function generateNotes(opts: {
  /** One entry per panel (a table without panels is one untitled panel). */
  panels: readonly { readonly title?: string; readonly results: readonly ModelResult[] }[];
  below: BelowKind;
  stars: Readonly<Record<string, number>>;
  labels: Labels;
  lang: Lang;
}): string[] {
  const { panels, below, stars, labels, lang } = opts;
  const out: string[] = [];
  const b = belowNote(below, panels.flatMap((p) => p.results), lang);
  if (b) out.push(b);
  // Column numbers restart in every panel, so SE and drop notes are said per panel.
  const prefix = (title: string | undefined) => (title && panels.length > 1 ? (lang === 'zh' ? `${title}：` : `${title}: `) : '');
  if (below !== 'none') {
    for (const p of panels) {
      const v = vcovNote(p.results, labels, lang);
      if (v) out.push(prefix(p.title) + v);
    }
  }
  const s = starNote(stars, lang);
  if (s) out.push(s);
  for (const p of panels) out.push(...dropNotes(p.results, labels, lang).map((d) => prefix(p.title) + d));
  return out;
}
