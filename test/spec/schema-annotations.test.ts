/**
 * The published schema's editor annotations: every property has hover text in markdown
 * and plain text; every property whose value comes from a set (enumeration, boolean, number)
 * or is free text with a known shape has a default or examples. Keys added later need only
 * a description (markdownDescription and a stated default are derived from it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../e2e/harness.js';
import { plainText, statedDefault } from '../../src/spec/schema-annotate.js';

type Node = Record<string, unknown>;
const schema = JSON.parse(readFileSync(join(repoRoot, 'studyspec.schema.json'), 'utf8')) as Node;

/** Every property of the schema with its path ('*' any name, '[]' array item). */
function properties(): [string, Node][] {
  const out: [string, Node][] = [];
  const walk = (n: Node, path: string): void => {
    for (const [k, v] of Object.entries((n['properties'] as Record<string, Node>) ?? {})) {
      const p = path ? `${path}.${k}` : k;
      out.push([p, v]);
      walk(v, p);
    }
    for (const v of Object.values((n['patternProperties'] as Record<string, Node>) ?? {})) walk(v, `${path}.*`);
    if (n['items'] && typeof n['items'] === 'object') walk(n['items'] as Node, `${path}[]`);
    for (const b of (n['anyOf'] as Node[]) ?? []) walk(b, path);
  };
  walk(schema, '');
  return out;
}

/** Properties that take free text or records where no example would help (names, labels). */
const NO_EXAMPLES = new Set(['version', 'data', 'models', 'tables', 'figures', 'data.*.panel', 'data.*.join', 'tables.*.panels']);

/** The keys this test was written against; keys added since need only a description. */
const KNOWN = new Set(
  'version title description data variables samples terms models tables figures data.*.source data.*.format data.*.types data.*.from data.*.join data.*.join[].table data.*.join[].on data.*.join[].how data.*.where data.*.panel data.*.panel.id data.*.panel.time data.*.variables data.*.group_by data.*.aggregate models.*.formula models.*.estimator models.*.data models.*.sample models.*.vcov models.*.conventions models.*.ties models.*.noadjust models.*.metric models.*.method models.*.selection models.*.period models.*.split models.*.information models.*.focal models.*.tol models.*.model models.*.permute models.*.within models.*.draws models.*.seed models.*.grid tables.*.kind tables.*.title tables.*.models tables.*.columns tables.*.keep tables.*.drop tables.*.order tables.*.labels tables.*.below tables.*.stars tables.*.stats tables.*.indicators tables.*.words tables.*.titles tables.*.controls tables.*.lang tables.*.numbers tables.*.intercept tables.*.auto_notes tables.*.siunitx tables.*.format tables.*.template tables.*.panels tables.*.panels[].title tables.*.panels[].models tables.*.panels[].stats tables.*.notes tables.*.decimals tables.*.constant tables.*.variables tables.*.by tables.*.data tables.*.sample figures.*.kind figures.*.of figures.*.mark figures.*.x figures.*.y figures.*.by figures.*.keep figures.*.data figures.*.sample figures.*.title figures.*.format'.split(
    ' ',
  ),
);

describe('studyspec.schema.json editor annotations', () => {
  const props = properties();

  it('every property has a description and a markdownDescription', () => {
    const missing = props.filter(([, n]) => typeof n['description'] !== 'string' || typeof n['markdownDescription'] !== 'string').map(([p]) => p);
    expect(missing).toEqual([]);
    for (const [, n] of props) expect(n['description']).toBe(plainText(n['markdownDescription'] as string));
  });

  it('every known property has a default or examples (completion values)', () => {
    const seen = new Set(props.map(([p]) => p));
    expect([...KNOWN].filter((k) => !seen.has(k))).toEqual([]);
    const lacking = props
      .filter(([p]) => KNOWN.has(p) && !NO_EXAMPLES.has(p))
      .filter(([, n]) => n['default'] === undefined && n['examples'] === undefined && n['enum'] === undefined && n['const'] === undefined)
      .map(([p]) => p);
    expect(lacking).toEqual([]);
  });

  it('enumerations, booleans and numbers state their default where the description names one', () => {
    for (const [p, n] of props) {
      const md = n['markdownDescription'] as string;
      if (!/__Default:__/.test(md)) continue;
      const v = statedDefault(md, n);
      if (v !== undefined) expect(n['default'], p).toEqual(v);
    }
  });

  it('vcov, formulas and statistics get completion values', () => {
    const byPath = new Map(props);
    expect(byPath.get('models.*.vcov')!['examples']).toEqual(expect.arrayContaining(['iid', 'hc1', 'cluster(firm)']));
    expect((byPath.get('models.*.formula')!['examples'] as string[]).length).toBeGreaterThan(2);
    const statItems = (byPath.get('tables.*.stats') as Node)['items'] as Node;
    expect(statItems['examples']).toEqual(expect.arrayContaining(['nobs', 'r2', 'r2_within', 'mean', 'sd']));
  });
});
