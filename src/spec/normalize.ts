/**
 * Validated spec → NormalizedSpec: defaults filled (estimator ols, vcov iid, conventions
 * stata, ties breslow, metric ph, …), formulas parsed with `{terms}` expanded by the
 * formula parser, expressions parsed and checked, Stata spellings reported as info.
 *
 * Grammar errors keep their offsets inside the string and get the string's spec path;
 * spec/locate turns path + span into file:line:col. Nothing here touches data files.
 */
import { dirname, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/messages/index.js';
import { sourceMessages } from '../diagnostics/messages/sources.js';
import { detectFormat, OPTION_FORMATS, type SourceFormat, type SourceOptions } from '../data/formats.js';
import { specMessages as messages } from '../diagnostics/messages/spec.js';
import { linearMessages } from '../diagnostics/messages/linear.js';
import type { GrammarError } from '../expr/errors.js';
import type { NormData, NormExpr, NormFigure, NormFormula, NormModel, NormTable, NormalizedSpec, SpecPath, Vcov } from './normalized.js';
import type { ExprContext, Parsers } from './parsers.js';
import type { EstimationMethod, EstimatorEntry, EstimatorRegistry } from '../estimators/registry.js';
import type { DataTable, FigureSpec, ModelSpec, StudySpec, TableSpec } from './types.js';
import { normalizeTable, normalizeFigure } from './normalize-output.js';
import { dict, setOwn, toDict } from './dict.js';

/** The part of the estimator registry normalization asks: options accepted and required. */
import { normalizeMargins } from '../margins/variables.js';

export type EstimatorCatalog = Pick<EstimatorRegistry, 'get' | 'accepting' | 'optionKeys' | 'withMargins'>;

export interface NormalizeResult {
  readonly value?: NormalizedSpec;
  readonly diagnostics: readonly Diagnostic[];
}

/** Context threaded through the helpers (instead of module state). */
export interface NormCtx {
  readonly parsers: Parsers;
  /** What each estimator accepts and requires (the estimator registry). */
  readonly estimators: EstimatorCatalog;
  readonly diagnostics: Diagnostic[];
  readonly terms: Record<string, string>;
}

export function normalizeSpec(spec: StudySpec, file: string, parsers: Parsers, estimators: EstimatorCatalog): NormalizeResult {
  const diagnostics: Diagnostic[] = [];
  const terms = toDict<string>(spec.terms ?? {});
  const ctx: NormCtx = { parsers, estimators, diagnostics, terms };
  const specDir = dirname(resolve(file));

  const dataOrder = Object.keys(spec.data);
  const data = dict<NormData>();
  for (const [name, t] of Object.entries(spec.data)) setOwn(data, name, normalizeData(name, t, specDir, ctx));
  const defaultData = dataOrder[dataOrder.length - 1] ?? '';

  const variables = parseExprMap(spec.variables ?? {}, ['variables'], 'row', ctx);
  const samples = parseExprMap(spec.samples ?? {}, ['samples'], 'sample', ctx);

  const models = dict<NormModel>();
  for (const [name, m] of Object.entries(spec.models ?? {})) {
    const nm = normalizeModel(name, m, defaultData, ctx);
    if (nm) setOwn(models, name, nm);
  }
  const tables = dict<NormTable>();
  for (const [name, t] of Object.entries(spec.tables ?? {}) as [string, TableSpec][]) {
    const nt = normalizeTable(name, t, ctx);
    if (nt) setOwn(tables, name, nt);
  }
  const figures = dict<NormFigure>();
  for (const [name, f] of Object.entries(spec.figures ?? {}) as [string, FigureSpec][]) {
    const nf = normalizeFigure(name, f, ctx);
    if (nf) setOwn(figures, name, nf);
  }

  const hasErrors = diagnostics.some((d) => d.severity === 'error');
  const value: NormalizedSpec = {
    version: 1,
    ...(spec.title !== undefined ? { title: spec.title } : {}),
    file,
    specDir,
    dataOrder,
    defaultData,
    data,
    variables,
    samples,
    terms,
    models,
    tables,
    figures,
    labels: spec.labels ?? {},
  };
  return hasErrors ? { diagnostics } : { value, diagnostics };
}

function grammarDiags(errors: readonly GrammarError[], path: SpecPath): Diagnostic[] {
  return errors.map((e) => ({
    code: e.code,
    severity: 'error' as const,
    message: e.message,
    path,
    span: { start: e.span.start, end: e.span.end },
    ...(e.notes?.length ? { notes: e.notes } : {}),
  }));
}

export function parseExprAt(text: string, path: SpecPath, context: ExprContext, ctx: NormCtx): NormExpr | undefined {
  const r = ctx.parsers.parseExpr(text);
  if (r.errors.length || !r.value) {
    ctx.diagnostics.push(...grammarDiags(r.errors, path));
    return undefined;
  }
  const checks = ctx.parsers.checkExpr(r.value, { context });
  if (checks.length) {
    ctx.diagnostics.push(...grammarDiags(checks, path));
    return undefined;
  }
  return { text, expr: r.value, path };
}

function parseExprMap(
  src: Record<string, string>,
  base: SpecPath,
  context: ExprContext,
  ctx: NormCtx,
): Record<string, NormExpr> {
  const out = dict<NormExpr>();
  for (const [name, text] of Object.entries(src)) {
    const e = parseExprAt(String(text), [...base, name], context, ctx);
    if (e) setOwn(out, name, e);
  }
  return out;
}

const STATA_PATTERNS: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [/\bc\.(\w+)#c\.(\w+)/g, (m) => `${m[1]}:${m[2]}`],
  [/\bi\.(\w+)#c\.(\w+)/g, (m) => `i(${m[1]}, ${m[2]})`],
  [/\b(\w+)##(\w+)/g, (m) => `${m[1]}*${m[2]}`],
  [/\bL(\d*)\.(\w+)/g, (m) => `l(${m[2]},${m[1] || '1'})`],
  [/\bF(\d*)\.(\w+)/g, (m) => `f(${m[2]},${m[1] || '1'})`],
  [/\bD\.(\w+)/g, (m) => `d(${m[1]})`],
  [/(?<![#\w.])i\.(\w+)(?!#)/g, (m) => `i(${m[1]})`],
];

/** The parser accepts Stata spellings; we tell the user how they were read (info only). */
function stataSpellings(text: string, path: SpecPath): Diagnostic[] {
  const out: Diagnostic[] = [];
  const taken: [number, number][] = [];
  for (const [re, canon] of STATA_PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken.some(([a, b]) => start < b && end > a)) continue;
      taken.push([start, end]);
      out.push(diag(messages.stataSpelling(m[0], canon(m)), { severity: 'info', path, span: { start, end } }));
    }
  }
  return out.sort((a, b) => a.span!.start - b.span!.start);
}

export function parseFormulaAt(text: string, path: SpecPath, ctx: NormCtx): NormFormula | undefined {
  const r = ctx.parsers.parseFormula(text, { terms: ctx.terms });
  if (r.errors.length || !r.value) {
    ctx.diagnostics.push(...grammarDiags(r.errors, path));
    return undefined;
  }
  ctx.diagnostics.push(...stataSpellings(text, path));
  return { text, ast: r.value, singles: ctx.parsers.expandFormula(r.value), path };
}

/** Source options given on a data table, checked against its format (SS199, SS197). */
function sourceOptions(t: DataTable, format: SourceFormat, written: string, path: SpecPath, ctx: NormCtx): SourceOptions {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(OPTION_FORMATS) as (keyof SourceOptions)[]) {
    const v = t[key];
    if (v === undefined) continue;
    const formats = OPTION_FORMATS[key];
    if (!formats.includes(format)) ctx.diagnostics.push(diag(sourceMessages.optionNotForFormat(key, format, formats), { path: [...path, key] }));
    else out[key] = v;
  }
  if (format === 'duckdb' && (t.table === undefined) === (t.query === undefined)) {
    ctx.diagnostics.push(diag(sourceMessages.duckdbNeedsTable(written), { path: [...path, 'source'] }));
  }
  return out as SourceOptions;
}

function normalizeData(name: string, t: DataTable, specDir: string, ctx: NormCtx): NormData {
  const path: SpecPath = ['data', name];
  if ((t.source === undefined) === (t.from === undefined)) ctx.diagnostics.push(diag(messages.dataNeedsSource(), { path }));
  if (t.aggregate && !t.group_by) ctx.diagnostics.push(diag(messages.aggregateNeedsGroupBy(), { path: [...path, 'aggregate'] }));
  let source: NormData['source'];
  if (t.source !== undefined) {
    const resolved = resolve(specDir, t.source);
    const format = detectFormat(t.source, resolved, t.format);
    if (!format) ctx.diagnostics.push(diag(messages.badFormat(t.source), { path: [...path, 'source'] }));
    else source = { written: t.source, resolved, format, options: sourceOptions(t, format, t.source, path, ctx) };
  }
  const join = (t.join ?? []).map((j, i) => ({
    table: j.table,
    on: Array.isArray(j.on)
      ? j.on.map((k, n) => ({ left: k, right: k, path: [...path, 'join', i, 'on', n] as SpecPath }))
      : Object.entries(j.on).map(([left, right]) => ({ left, right, path: [...path, 'join', i, 'on', left] as SpecPath })),
    how: j.how ?? 'left',
    path: [...path, 'join', i] as SpecPath,
  }));
  const where = t.where !== undefined ? parseExprAt(t.where, [...path, 'where'], 'sample', ctx) : undefined;
  const variables = parseExprMap(t.variables ?? {}, [...path, 'variables'], 'row', ctx);
  const aggregate = t.aggregate ? parseExprMap(t.aggregate, [...path, 'aggregate'], 'aggregate', ctx) : undefined;
  return {
    name,
    path,
    ...(source ? { source } : {}),
    types: t.types ?? {},
    ...(t.from !== undefined ? { from: t.from } : {}),
    join,
    ...(where ? { where } : {}),
    ...(t.panel ? { panel: { id: t.panel.id, time: t.panel.time } } : {}),
    variables,
    ...(t.group_by ? { groupBy: t.group_by } : {}),
    ...(aggregate ? { aggregate } : {}),
  };
}

const VCOV_ALIASES: Record<string, string> = { robust: 'hc1', hetero: 'hc1', standard: 'iid', ols: 'iid' };

export function parseVcov(text: string): Vcov | undefined {
  const s = text.trim();
  const lower = s.toLowerCase();
  const simple = VCOV_ALIASES[lower] ?? lower;
  if (simple === 'iid' || simple === 'hc1' || simple === 'hc2' || simple === 'hc3') return { type: simple, clusters: [], text: simple };
  const call = /^([A-Za-z]+)\s*\((.*)\)$/s.exec(s);
  if (!call) return undefined;
  const fn = call[1]!.toLowerCase();
  const args = call[2]!.split(',').map((a) => a.trim());
  if (fn === 'cluster' || fn === 'cl') {
    // Each way is a column or an interaction a^b^…; names as in formulas.
    if (!args.every((a) => /^[A-Za-z_.][\w.]*(?:\s*\^\s*[A-Za-z_.][\w.]*)*$/.test(a))) return undefined;
    const clusters = args.map((a) => a.replace(/\s+/g, ''));
    if (new Set(clusters).size !== clusters.length) return undefined;
    return { type: 'cluster', clusters, text: `cluster(${clusters.join(', ')})` };
  }
  if (fn === 'nw' || fn === 'newey' || fn === 'dk' || fn === 'driscoll_kraay') {
    if (args.length !== 1 || !/^\d+$/.test(args[0]!)) return undefined;
    const type = fn === 'nw' || fn === 'newey' ? 'nw' : 'dk';
    const lag = Number(args[0]);
    return { type, clusters: [], lag, text: `${type}(${lag})` };
  }
  if (fn === 'conley') {
    // conley(cutoff_km, lat = la, lon = lo), the named arguments in either order.
    if (args.length !== 3) return undefined;
    const cutoff = Number(args[0]);
    if (!/^\d+(?:\.\d*)?(?:e[+-]?\d+)?$/i.test(args[0]!) || !(cutoff > 0)) return undefined;
    const named = new Map<string, string>();
    for (const a of args.slice(1)) {
      const m = /^(lat|lon)\s*=\s*([A-Za-z_.][\w.]*)$/.exec(a);
      if (!m || named.has(m[1]!)) return undefined;
      named.set(m[1]!, m[2]!);
    }
    const lat = named.get('lat');
    const lon = named.get('lon');
    if (!lat || !lon) return undefined;
    return { type: 'conley', clusters: [], conley: { cutoff, lat, lon }, text: `conley(${cutoff}, lat = ${lat}, lon = ${lon})` };
  }
  return undefined;
}

/**
 * The model's `method`: one of the values its estimator declares (the first is the default);
 * an IV-only method on a formula without instruments is SS521, any other value SS522.
 */
function normalizeMethod(m: ModelSpec, entry: EstimatorEntry | undefined, formula: NormFormula | undefined, path: SpecPath, ctx: NormCtx): EstimationMethod {
  const allowed = entry?.options.methods ?? [];
  const dflt = allowed[0] ?? 'twostep';
  if (m.method === undefined || !entry?.options.accepts.includes('method')) return dflt;
  const estimator = m.estimator ?? 'ols';
  if (!allowed.includes(m.method)) {
    ctx.diagnostics.push(diag(linearMessages.linMethodNotForEstimator(estimator, m.method, allowed), { path: [...path, 'method'] }));
    return dflt;
  }
  if (entry.options.methodNeedsInstruments && formula && formula.singles.some((f) => !f.iv)) {
    ctx.diagnostics.push(diag(linearMessages.linMethodNeedsInstruments(path[path.length - 1] as string, m.method), { path: [...path, 'method'] }));
    return dflt;
  }
  return m.method;
}

function normalizeModel(name: string, m: ModelSpec, defaultData: string, ctx: NormCtx): NormModel | undefined {
  const path: SpecPath = ['models', name];
  const estimator = m.estimator ?? 'ols';
  const entry = ctx.estimators.get(estimator);
  const given = (key: string): boolean => (m as Record<string, unknown>)[key] !== undefined;
  for (const opt of ctx.estimators.optionKeys()) {
    if (given(opt) && !entry?.options.accepts.includes(opt)) {
      ctx.diagnostics.push(diag(messages.optionNotForEstimator(opt, estimator), { severity: 'warning', path: [...path, opt] }));
    }
  }
  const requires = new Set(entry?.options.requires ?? []);
  const needs = (key: keyof ModelSpec): boolean => {
    if (m[key] !== undefined) return true;
    ctx.diagnostics.push(diag(messages.needsOption(key, estimator), { path }));
    return false;
  };
  let formula: NormFormula | undefined;
  if (requires.has('formula') && needs('formula')) formula = parseFormulaAt(m.formula!, [...path, 'formula'], ctx);
  else if (!requires.has('formula') && m.formula !== undefined) formula = parseFormulaAt(m.formula, [...path, 'formula'], ctx);
  let selection: NormFormula | undefined;
  if (requires.has('selection') && needs('selection')) selection = parseFormulaAt(m.selection!, [...path, 'selection'], ctx);
  const weights = m.weights === undefined ? undefined
    : typeof m.weights === 'string' ? { column: m.weights, kind: 'analytic' as const }
    : { column: m.weights.column, kind: m.weights.kind ?? ('analytic' as const) };
  // Stata: [pw=] implies vce(robust) unless a vcov is given.
  let vcov: Vcov = weights?.kind === 'probability' ? { type: 'hc1', clusters: [], text: 'hc1' } : { type: 'iid', clusters: [], text: 'iid' };
  if (m.vcov !== undefined) {
    const v = parseVcov(m.vcov);
    if (v) vcov = v;
    else ctx.diagnostics.push(diag(messages.badVcov(m.vcov), { path: [...path, 'vcov'] }));
  }
  let placebo: NormModel['placebo'];
  if (requires.has('model') && needs('model') && needs('permute')) {
    const within = m.within === undefined ? [] : Array.isArray(m.within) ? m.within : [m.within];
    placebo = { model: m.model!, permute: m.permute!, within, draws: m.draws ?? 1000, seed: m.seed ?? 1 };
  }
  const method = normalizeMethod(m, entry, formula, path, ctx);
  const mte = entry?.options.accepts.includes('grid') ? { grid: m.grid ?? 99, interact: m.interact ?? 'controls' } : undefined;
  const margins = normalizeMargins(m.margins, {
    name, path, estimator, entry, supported: ctx.estimators.withMargins(), formula,
    conventions: m.conventions ?? 'stata', period: m.period !== undefined, diagnostics: ctx.diagnostics,
  });
  return {
    name,
    path,
    estimator,
    data: m.data ?? defaultData,
    ...(m.sample !== undefined ? { sample: m.sample } : {}),
    ...(formula ? { formula } : {}),
    ...(selection ? { selection } : {}),
    vcov,
    vcovGiven: m.vcov !== undefined,
    ...(weights ? { weights } : {}),
    ...(m.singletons !== undefined ? { singletons: m.singletons } : {}),
    small: m.small ?? true,
    conventions: m.conventions ?? 'stata',
    ties: m.ties ?? 'breslow',
    noadjust: m.noadjust ?? false,
    metric: m.metric ?? 'ph',
    method,
    information: m.information ?? 'observed',
    ...(m.period !== undefined ? { period: m.period } : {}),
    ...(m.split !== undefined ? { split: m.split } : {}),
    focal: m.focal ?? [],
    ...(m.tol !== undefined ? { tol: m.tol } : {}),
    ...(m.solver !== undefined ? { solver: m.solver } : {}),
    ...(m.maxIter !== undefined ? { maxIter: m.maxIter } : {}),
    engine: m.engine ?? 'memory',
    ...(placebo ? { placebo } : {}),
    ...(mte ? { mte } : {}),
    ...(margins ? { margins } : {}),
  };
}
