/**
 * Regression table model: results + table spec → TableModel (format-neutral, pure).
 *
 *   header   [group labels spanning their columns] [model titles] [(1) (2) …]
 *   body     per panel: [panel title] coefficient rows (estimate+stars, below-row)
 *            indicator rows (yes/no)           — after the last panel
 *            statistic rows (from src/stats)   — per panel, or once without panels
 *   notes    generated (below kind, SE type, stars, drops) + the spec's own
 */
import type { Reporter } from '../diagnostics/diagnostic.js';
import { StudyError } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/messages/index.js';
import { renderMessages } from '../diagnostics/messages/render.js';
import type { ModelResult } from '../estimators/result.js';
import { normalQuantile, tQuantile } from '../linalg/distributions.js';
import { formatStat, getStat, statKeys } from '../stats/registry.js';
import { DEFAULT_STARS, fmtFixed, starsFor } from './format.js';
import { depvarOf, expandDerivedKeys, resolveResult } from './derived.js';
import { factorOf, labelDictionary, labelTerm } from './labels.js';
import type { BodyRow, Cell, HeaderRow, TableModel } from './model.js';
import { generateNotes } from './notes.js';
import { compileSelector, selectTerms } from './select.js';
import type { Lang, RegressionTableSpec } from './types.js';

export interface BuildOptions {
  readonly lang?: Lang;
  readonly terms?: Readonly<Record<string, readonly string[]>>;
  readonly reporter?: Reporter;
  /** The study's top-level labels and the data's variable labels (under the table's own). */
  readonly labels?: Readonly<Record<string, string>>;
  readonly dataLabels?: Readonly<Record<string, string>>;
}

const WORDS: Record<Lang, { yes: string; no: string; depvar: string; fe: string }> = {
  en: { yes: 'Yes', no: 'No', depvar: 'Dependent variable', fe: 'FE' },
  zh: { yes: '是', no: '否', depvar: '被解释变量', fe: '固定效应' },
};
const INTERCEPTS = new Set(['(Intercept)', '_cons', 'Intercept']);

interface Panel {
  readonly title?: string;
  readonly ids: readonly string[];
  readonly stats: readonly string[];
}

export function buildRegressionTable(
  name: string,
  spec: RegressionTableSpec,
  results: ReadonlyMap<string, ModelResult>,
  opts: BuildOptions = {},
): TableModel {
  const lang: Lang = spec.lang ?? opts.lang ?? 'en';
  const labels = labelDictionary({ ...(spec.labels ? { own: spec.labels } : {}), ...(opts.labels ? { study: opts.labels } : {}), ...(opts.dataLabels ? { data: opts.dataLabels } : {}) });
  const stars = spec.stars ?? DEFAULT_STARS;
  const below = spec.below ?? 'se';
  const decimals = spec.decimals ?? 3;
  const words = { ...WORDS[lang], ...(spec.words ?? {}) } as { yes: string; no: string; na?: string; depvar: string; fe: string };
  const na = words.na ?? '';
  const ctx = { table: name, ...(opts.terms ? { terms: opts.terms } : {}) };

  // 1. Columns and panels.
  const columnIds = expandDerivedKeys(spec.models ?? Object.values(spec.columns ?? {}).flat(), results);
  const panels: Panel[] = spec.panels?.length
    ? spec.panels.map((p) => ({ title: p.title, ids: expandDerivedKeys(p.models, results), stats: p.stats ?? spec.stats ?? ['nobs', 'r2'] }))
    : [{ ids: columnIds, stats: spec.stats ?? ['nobs', 'r2'] }];
  const ncolModels = Math.max(columnIds.length, ...panels.map((p) => p.ids.length));
  const resolve = (id: string): ModelResult => {
    const r = resolveResult(id, results);
    if (!r) throw new StudyError(diag(renderMessages.tableUnknownModel(name, id, [...results.keys()])));
    return r;
  };
  for (const p of panels) for (const key of p.stats) {
    if (!getStat(key)) throw new StudyError(diag(renderMessages.tableUnknownStat(name, key, statKeys())));
  }

  // 2. Header.
  const headerIds = columnIds.length ? columnIds : panels[0]!.ids;
  const header = buildHeader(name, spec, headerIds, ncolModels, labels, lang);
  if (spec.depvar !== false) {
    const depvars = headerIds.map((id) => labelTerm(depvarOf(resolve(id)), labels, lang));
    const groupOf = headerIds.map((id) => Object.entries(spec.columns ?? {}).find(([, ms]) => ms.includes(id))?.[0] ?? '');
    // Results that do not say what they explain (hand-made records) get no empty row.
    if (depvars.some((d) => d !== '')) header.splice(spec.numbers === false ? header.length : header.length - 1, 0, depvarRow(depvars, groupOf, labels['_depvar'] ?? words.depvar));
  }

  // 3. Body: each panel's coefficient and statistic rows.
  const body: BodyRow[] = [];
  const panelResults: ModelResult[][] = [];
  for (const [pi, panel] of panels.entries()) {
    const rs = panel.ids.map(resolve);
    panelResults.push(rs);
    if (panel.title !== undefined) {
      body.push({ kind: 'panel', rule: pi > 0, cells: [{ text: panel.title, span: ncolModels + 1 }] });
    }
    const coefRows = coefficientRows(rs, spec, ctx, opts.reporter, { labels, lang, stars, below, decimals, na, ncolModels });
    body.push(...coefRows.map((row, i) => (i === 0 && pi > 0 && panel.title === undefined ? { ...row, rule: true } : row)));
    if (spec.panels?.length) body.push(...statRows(rs, panel.stats, labels, lang, na, ncolModels, true));
  }

  // 4. Indicator rows, then (without panels) the statistic rows.
  const indicatorBase = panelResults[0] ?? [];
  // controls: {label: selector} is the reversed indicator spelling; both share one block.
  const controls = Object.fromEntries(Object.entries(spec.controls ?? {}).map(([label, sel]) => [sel, label]));
  const indicators = spec.indicators === undefined || spec.indicators === 'auto'
    ? autoIndicators(panelResults.flat(), labels, lang, words.fe)
    : spec.indicators;
  body.push(...indicatorRows(indicatorBase, { ...controls, ...indicators }, ctx, words, ncolModels, spec.indicators === undefined || spec.indicators === 'auto'));
  if (!spec.panels?.length) body.push(...statRows(indicatorBase, panels[0]!.stats, labels, lang, na, ncolModels, true));
  body.push(...extraRows(name, spec, ncolModels));

  // 5. Notes.
  const notePanels = panels.map((p, i) => ({ ...(p.title !== undefined ? { title: p.title } : {}), results: panelResults[i] ?? [] }));
  const notes = [
    ...(spec.auto_notes === false ? [] : generateNotes({ panels: notePanels, below, stars, labels, lang })),
    ...(spec.notes ?? []),
  ];
  // 6. The numbers behind the table at full precision (the csv format).
  const values: { model: string; term: string; statistic: string; value: number | null }[] = [];
  const shown = body.filter((r) => r.kind === 'coef').map((r) => r.key!);
  panels.forEach((p, pi) => {
    p.ids.forEach((id, j) => {
      const r = panelResults[pi]![j]!;
      for (const term of new Set(shown)) {
        const c = r.coefficients[term] ?? (INTERCEPTS.has(term) ? findIntercept(r) : undefined);
        if (!c) continue;
        for (const k of ['estimate', 'se', 'stat', 'p'] as const) values.push({ model: id, term, statistic: k, value: c[k] });
      }
      for (const key of p.stats) values.push({ model: id, term: '', statistic: getStat(key)!.key, value: getStat(key)!.get(r) });
    });
  });
  return {
    name,
    ...(spec.title !== undefined ? { title: spec.title } : {}),
    values,
    ncols: ncolModels + 1,
    textCols: 1,
    header,
    body,
    notes,
    lang,
  };
}

function buildHeader(
  table: string,
  spec: RegressionTableSpec,
  ids: readonly string[],
  n: number,
  labels: Readonly<Record<string, string>>,
  lang: Lang,
): HeaderRow[] {
  const rows: HeaderRow[] = [];
  if (spec.columns && Object.keys(spec.columns).length) {
    const cells: Cell[] = [{ text: '' }];
    const rules: { from: number; to: number }[] = [];
    let col = 0;
    const groupOf = ids.map((id) => Object.entries(spec.columns!).find(([, ms]) => ms.includes(id))?.[0]);
    while (col < n) {
      const g = groupOf[col];
      let end = col;
      while (g !== undefined && end + 1 < n && groupOf[end + 1] === g) end++;
      if (g !== undefined && spec.columns[g]!.length !== end - col + 1) {
        throw new StudyError(diag(renderMessages.tableGroupNotAdjacent(table, g)));
      }
      cells.push({ text: g ?? '', span: end - col + 1 });
      if (g !== undefined) rules.push({ from: col + 2, to: end + 2 });
      col = end + 1;
    }
    rows.push({ cells, rules });
  }
  if (spec.titles && Object.keys(spec.titles).length) {
    rows.push({ cells: [{ text: '' }, ...ids.map((id) => ({ text: spec.titles![id] ?? '' }))], rules: [] });
  }
  if (spec.numbers !== false) {
    const stub = lang === 'zh' ? '变量' : '';
    rows.push({ cells: [{ text: labels['_stub'] ?? stub }, ...Array.from({ length: n }, (_, i) => ({ text: `(${i + 1})` }))], rules: [] });
  }
  return rows;
}

interface CoefOpts {
  labels: Readonly<Record<string, string>>;
  lang: Lang;
  stars: Readonly<Record<string, number>>;
  below: RegressionTableSpec['below'] & string;
  decimals: number;
  na: string;
  ncolModels: number;
}

function coefficientRows(
  rs: readonly ModelResult[],
  spec: RegressionTableSpec,
  ctx: { table: string; terms?: Readonly<Record<string, readonly string[]>> },
  reporter: Reporter | undefined,
  o: CoefOpts,
): BodyRow[] {
  const union: string[] = [];
  for (const r of rs) for (const t of r.terms) if (!union.includes(t)) union.push(t);
  const slopes = union.filter((t) => !INTERCEPTS.has(t));
  const { terms, unmatched } = selectTerms(slopes, spec, ctx);
  for (const u of unmatched) reporter?.add(diag(renderMessages.tableKeepMatchesNothing(ctx.table, u), { severity: 'warning' }));
  const droppedIntercept = spec.drop?.some((d) => union.some((t) => INTERCEPTS.has(t) && compileSelector(d, ctx)(t)));
  if (spec.intercept !== false && !droppedIntercept) {
    const icpt = union.find((t) => INTERCEPTS.has(t));
    if (icpt) terms.push(icpt);
  }
  const rows: BodyRow[] = [];
  for (const term of terms) {
    const est: Cell[] = [];
    const sub: Cell[] = [];
    for (let j = 0; j < o.ncolModels; j++) {
      const r = rs[j];
      const c = r?.coefficients[term] ?? (r && INTERCEPTS.has(term) ? findIntercept(r) : undefined);
      if (!r || !c || !Number.isFinite(c.estimate)) {
        est.push({ text: r ? o.na : '', num: true });
        sub.push({ text: '', num: true });
        continue;
      }
      const st = starsFor(c.p, o.stars);
      est.push({ text: fmtFixed(c.estimate, o.decimals) + st, num: true, ...(st ? { stars: st } : {}) });
      sub.push({ text: belowText(r, c, o.below, o.decimals), num: true });
    }
    rows.push({ kind: 'coef', key: term, cells: [{ text: labelTerm(term, o.labels, o.lang) }, ...est] });
    if (o.below !== 'none') rows.push({ kind: 'below', key: term, cells: [{ text: '' }, ...sub] });
  }
  return rows;
}

function findIntercept(r: ModelResult): ModelResult['coefficients'][string] | undefined {
  for (const k of INTERCEPTS) if (r.coefficients[k]) return r.coefficients[k];
  return undefined;
}

function belowText(r: ModelResult, c: ModelResult['coefficients'][string], below: string, d: number): string {
  switch (below) {
    case 'se': return Number.isFinite(c.se) ? `(${fmtFixed(c.se, d)})` : '';
    case 't': return Number.isFinite(c.stat) ? `(${fmtFixed(c.stat, 2)})` : '';
    case 'p': return Number.isFinite(c.p) ? `(${fmtFixed(c.p, d)})` : '';
    case 'ci': {
      if (!Number.isFinite(c.se)) return '';
      const q = r.inference.dist === 't' && r.inference.df ? tQuantile(0.975, r.inference.df) : normalQuantile(0.975);
      return `[${fmtFixed(c.estimate - q * c.se, d)}, ${fmtFixed(c.estimate + q * c.se, d)}]`;
    }
    default: return '';
  }
}

/** The "Dependent variable" header row; adjacent columns of one group with the same outcome share one cell. */
function depvarRow(depvars: readonly string[], groups: readonly string[], stub: string): HeaderRow {
  const cells: Cell[] = [{ text: stub }];
  const rules: { from: number; to: number }[] = [];
  for (let i = 0; i < depvars.length; ) {
    let j = i;
    while (j + 1 < depvars.length && depvars[j + 1] === depvars[i] && groups[j + 1] === groups[i]) j++;
    cells.push({ text: depvars[i]!, span: j - i + 1 });
    if (j > i) rules.push({ from: i + 2, to: j + 2 });
    i = j + 1;
  }
  return { cells, rules };
}

/**
 * `indicators: auto`: one row per absorbed fixed effect of the table's models, in order of
 * first appearance, labelled "<label> FE" (`firm^year` → "firm × year FE").
 */
function autoIndicators(rs: readonly ModelResult[], labels: Readonly<Record<string, string>>, lang: Lang, fe: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of rs) {
    for (const f of r.fixed_effects) {
      if (out[f] !== undefined) continue;
      const name = labels[f] ?? f.split('^').map((p) => labelTerm(p, labels, lang)).join(' × ');
      out[f] = lang === 'zh' ? `${name}${fe}` : `${name} ${fe}`;
    }
  }
  return out;
}

/** `extra_rows`: one value per column; numbers print as written. */
function extraRows(table: string, spec: RegressionTableSpec, n: number): BodyRow[] {
  return (spec.extra_rows ?? []).map((row, i) => {
    if (row.values.length !== n) throw new StudyError(diag(renderMessages.tableExtraRowLength(table, row.label, row.values.length, n)));
    const cells: Cell[] = [{ text: row.label }, ...row.values.map((v) => ({ text: v === null ? '' : String(v), num: typeof v === 'number' }))];
    return { kind: 'extra' as const, key: row.label, rule: i === 0, cells };
  });
}

function indicatorRows(
  rs: readonly ModelResult[],
  indicators: Readonly<Record<string, string>>,
  ctx: { table: string; terms?: Readonly<Record<string, readonly string[]>> },
  words: { yes: string; no: string },
  n: number,
  exactFe = false,
): BodyRow[] {
  const rows: BodyRow[] = [];
  for (const [k, v] of Object.entries(indicators)) {
    // Two spellings: {fe_var: label} and {label: "{terms}"} (value is a selector).
    const isSelector = (x: string) => /^\{\w+\}$/.test(x) || /^\/.*\/[a-z]*$/.test(x);
    const reversed = isSelector(v) && !isSelector(k);
    const [selector, label] = reversed ? [v, k] : [k, v];
    // Automatic rows name absorbed effects exactly: `firm` is not `firm^year`.
    const has = exactFe && !reversed ? (r: ModelResult) => r.fixed_effects.includes(selector) : indicatorTest(selector, ctx);
    const cells: Cell[] = [{ text: label }];
    for (let j = 0; j < n; j++) cells.push({ text: rs[j] ? (has(rs[j]!) ? words.yes : words.no) : '' });
    rows.push({ kind: 'indicator', key: selector, rule: rows.length === 0, cells });
  }
  return rows;
}

/** Does a model include a fixed effect / factor / term group? */
function indicatorTest(selector: string, ctx: { table: string; terms?: Readonly<Record<string, readonly string[]>> }) {
  const m = compileSelector(selector, ctx);
  const plain = !/^[{/]/.test(selector);
  return (r: ModelResult): boolean => {
    if (plain) {
      if (r.fixed_effects.some((fe) => fe === selector || fe.split('^').includes(selector))) return true;
      if (r.terms.some((t) => factorOf(t) === selector)) return true;
    }
    return r.terms.some((t) => m(t)) || r.dropped.collinear.some((t) => m(t));
  };
}

function statRows(
  rs: readonly ModelResult[],
  keys: readonly string[],
  labels: Readonly<Record<string, string>>,
  lang: Lang,
  na: string,
  n: number,
  ruleFirst: boolean,
): BodyRow[] {
  return keys.map((key, i) => {
    const e = getStat(key)!;
    const cells: Cell[] = [{ text: labels[key] ?? e.label[lang] }];
    for (let j = 0; j < n; j++) {
      const r = rs[j];
      cells.push({ text: r ? formatStat(e, r) || na : '', num: true, ...(e.format === 'count' ? { center: true } : {}) });
    }
    return { kind: 'stat' as const, key, rule: ruleFirst && i === 0, cells };
  });
}
