/**
 * Editor annotations of the published schema (studyspec.schema.json), added at generation:
 *
 *   markdownDescription  the description as written (markdown: `code`, __Default:__), shown
 *                        on hover by the YAML language server; `description` becomes plain text
 *   default              read from "__Default:__ `value`" in the description, for keys whose
 *                        value is an enumeration, a boolean or a number
 *   examples             completion values for free-text keys (formulas, vcov, statistics …)
 *
 * Derived from the descriptions, so a key added with a description gets hover text (and its
 * default) without touching this file. The validator compiles the plain schema (./schema.ts);
 * these are annotations only and never change what is valid.
 */
import { statKeys } from '../stats/registry.js';

type Node = Record<string, unknown>;

const REGRESSION_STATS = (): string[] => statKeys();
const SUMMARY_STATS = ['n', 'mean', 'sd', 'min', 'p25', 'p50', 'p75', 'max'];

/** Completion values by path ('*' = any name, '[]' = array item). */
const EXAMPLES: Readonly<Record<string, () => readonly unknown[]>> = {
  'title': () => ['Product quality and export resilience'],
  'description': () => ['Replication package for …'],
  'data.*.source': () => ['data/firms.csv', 'data/panel.parquet'],
  'data.*.from': () => ['firms'],
  'data.*.join[].table': () => ['regions'],
  'data.*.join[].on': () => [['province'], { firm_id: 'id' }],
  'data.*.where': () => ['employment >= 8', 'year >= 2000 & !is.na(exports)'],
  'data.*.panel.id': () => ['firm'],
  'data.*.panel.time': () => ['year'],
  'data.*.group_by': () => [['firm', 'year']],
  'data.*.variables': () => [{ lnexport: 'log(exports)' }],
  'data.*.aggregate': () => [{ exports: 'sum(value)' }],
  'data.*.types': () => [{ hs6: 'string' }],
  'variables': () => [{ lnexport: 'log(exports)', growth: 'growth(exports)' }],
  'samples': () => [{ post: 'year >= 2008' }],
  'terms': () => [{ controls: 'lnage + lnassets + leverage' }],
  'models.*.formula': () => [
    'y ~ x1 + x2',
    'y ~ x + {controls} | firm + year',
    'y ~ {controls} | firm + year | endog ~ instrument',
    'y ~ csw(x1, x2, x3) | year',
  ],
  'models.*.data': () => ['merged'],
  'models.*.sample': () => ['post'],
  'models.*.vcov': () => ['iid', 'hc1', 'hc2', 'hc3', 'cluster(firm)', 'cluster(firm, year)', 'cluster(firm^year)', 'nw(2)', 'dk(2)', 'conley(100, lat = lat, lon = lon)'],
  'models.*.selection': () => ['works ~ educ + age + kids'],
  'models.*.period': () => [1],
  'models.*.split': () => ['region'],
  'models.*.focal': () => [['QUA']],
  'models.*.tol': () => [1e-8],
  'models.*.model': () => ['twfe'],
  'models.*.permute': () => ['QUA'],
  'models.*.within': () => ['industry', ['industry', 'year']],
  'models.*.draws': () => [500, 1000],
  'models.*.seed': () => [1],
  'models.*.grid': () => [99],
  'tables.*.title': () => ['Baseline results'],
  'tables.*.models': () => [['twfe', 'iv']],
  'tables.*.columns': () => [{ OLS: ['twfe'], IV: ['iv'] }],
  'tables.*.keep': () => [['QUA', '{controls}', '/^ln/']],
  'tables.*.drop': () => [['{controls}']],
  'tables.*.order': () => [['QUA']],
  'tables.*.labels': () => [{ QUA: 'Quality', lnage: 'log age' }],
  'tables.*.stars': () => [{ '*': 0.1, '**': 0.05, '***': 0.01 }],
  'tables.*.stats': () => [['nobs', 'r2', 'r2_within'], ['n', 'mean', 'sd', 'min', 'max']],
  'tables.*.stats[]': () => [...REGRESSION_STATS(), ...SUMMARY_STATS.filter((s) => !REGRESSION_STATS().includes(s))],
  'tables.*.panels[].stats': () => [['nobs', 'r2']],
  'tables.*.panels[].stats[]': () => REGRESSION_STATS(),
  'tables.*.panels[].title': () => ['Panel A: OLS'],
  'tables.*.panels[].models': () => [['twfe']],
  'tables.*.indicators': () => [{ firm: 'Firm FE', year: 'Year FE' }],
  'tables.*.words': () => [{ yes: 'Yes', no: 'No', na: '—' }],
  'tables.*.titles': () => [{ twfe: 'Baseline' }],
  'tables.*.controls': () => [{ Controls: '{controls}' }],
  'tables.*.template': () => ['templates/my-table.tex.hbs'],
  'tables.*.notes': () => ['Standard errors clustered by firm in parentheses.'],
  'tables.*.variables': () => [['lnexport', 'QUA']],
  'tables.*.by': () => ['region'],
  'tables.*.data': () => ['merged'],
  'tables.*.sample': () => ['post'],
  'tables.*.format': () => [['latex', 'markdown'], 'html'],
  'figures.*.of': () => ['placebo', ['twfe', 'iv']],
  'figures.*.mark': () => ['observed'],
  'figures.*.x': () => ['year'],
  'figures.*.y': () => ['lnexport'],
  'figures.*.by': () => ['industry'],
  'figures.*.keep': () => [['QUA']],
  'figures.*.data': () => ['merged'],
  'figures.*.sample': () => ['post'],
  'figures.*.title': () => ['Placebo coefficients'],
  'figures.*.format': () => [['svg', 'png'], 'svg'],
};

/** Plain text of a markdown description (what editors without markdown show). */
export function plainText(md: string): string {
  return md.replace(/__([^_]+)__/g, '$1').replace(/`([^`]*)`/g, '$1');
}

/** The default a description states ("__Default:__ `ols`", "__Default:__ true."), if any. */
export function statedDefault(md: string, node: Node): unknown {
  const m = /__Default:__\s*(?:`([^`]+)`|(true|false|-?\d+(?:\.\d+)?|[A-Za-z_][\w-]*)(?=[\s.,;)]|$))/.exec(md);
  if (!m) return undefined;
  const text = (m[1] ?? m[2])!;
  const type = node['type'];
  if (type === 'boolean') return text === 'true' ? true : text === 'false' ? false : undefined;
  if (type === 'number' || type === 'integer') return Number.isFinite(Number(text)) ? Number(text) : undefined;
  const values = node['enum'] as unknown[] | undefined;
  if (values) return values.includes(text) ? text : undefined;
  if (type === 'string' && /^[\w().,-]+$/.test(text)) return text;
  return undefined;
}

/** Add markdownDescription, default and examples throughout (returns a new object). */
export function annotateSchema(schema: Node): Node {
  return annotate(structuredClone(schema), '');
}

function annotate(node: Node, path: string, branch = false): Node {
  const d = node['description'];
  if (typeof d === 'string') {
    node['markdownDescription'] = d;
    node['description'] = plainText(d);
    if (node['default'] === undefined) {
      const v = statedDefault(d, node);
      if (v !== undefined) node['default'] = v;
    }
  }
  const ex = EXAMPLES[path];
  if (ex && !branch && node['examples'] === undefined) node['examples'] = [...ex()];
  const props = node['properties'] as Record<string, Node> | undefined;
  for (const [k, v] of Object.entries(props ?? {})) annotate(v, path ? `${path}.${k}` : k);
  for (const v of Object.values((node['patternProperties'] as Record<string, Node>) ?? {})) annotate(v, `${path}.*`);
  if (node['additionalProperties'] && typeof node['additionalProperties'] === 'object') annotate(node['additionalProperties'] as Node, `${path}.*`);
  if (node['items'] && typeof node['items'] === 'object') annotate(node['items'] as Node, `${path}[]`);
  for (const b of (node['anyOf'] as Node[]) ?? []) annotate(b, path, true);
  return node;
}
