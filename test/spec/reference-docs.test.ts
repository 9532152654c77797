/**
 * docs/spec-reference.md documents every key of the schema, so the two cannot drift: each
 * property name appears in the page's inline code (`key`, `{id, time}`, `key: value` …).
 * Keys of tables and figures may be documented in docs/tables.md instead, which the
 * reference points to for their options.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../e2e/harness.js';
import { studySchema } from '../../src/spec/schema.js';

type Node = Record<string, unknown>;

function keys(): [string, string][] {
  const out: [string, string][] = [];
  const walk = (n: Node, path: string): void => {
    for (const [k, v] of Object.entries((n['properties'] as Record<string, Node>) ?? {})) {
      out.push([path ? `${path}.${k}` : k, k]);
      walk(v, path ? `${path}.${k}` : k);
    }
    for (const v of Object.values((n['patternProperties'] as Record<string, Node>) ?? {})) walk(v, `${path}.*`);
    if (n['items'] && typeof n['items'] === 'object') walk(n['items'] as Node, `${path}[]`);
    for (const b of (n['anyOf'] as Node[]) ?? []) walk(b, path);
  };
  walk(studySchema() as Node, '');
  return out;
}

/** Words inside inline code spans and code blocks of a markdown page. */
function codeWords(file: string): Set<string> {
  const text = readFileSync(join(repoRoot, file), 'utf8');
  const spans = [...text.matchAll(/```[\s\S]*?```|`[^`\n]+`/g)].map((m) => m[0]);
  return new Set(spans.flatMap((s) => s.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []));
}

describe('docs/spec-reference.md', () => {
  it('documents every key of studyspec.schema.json', () => {
    const reference = codeWords('docs/spec-reference.md');
    const tables = codeWords('docs/tables.md');
    const missing = keys().filter(([path, k]) => !reference.has(k) && !(/^(tables|figures)\./.test(path) && tables.has(k)));
    expect(missing.map(([p]) => p)).toEqual([]);
  });
});
