import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { schemaJson, studySchema } from '../../src/spec/schema.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('studyspec.schema.json', () => {
  it('is the committed output of the typebox types (run `npm run schema` when this fails)', () => {
    expect(readFileSync(join(root, 'studyspec.schema.json'), 'utf8')).toBe(schemaJson());
  });

  it('compiles under ajv strict mode and documents every property', () => {
    const ajv = new Ajv({ strict: true, allowUnionTypes: true });
    expect(() => ajv.compile(studySchema())).not.toThrow();
    const undocumented: string[] = [];
    const walk = (s: unknown, at: string): void => {
      if (!s || typeof s !== 'object') return;
      const o = s as Record<string, unknown>;
      for (const [k, v] of Object.entries((o.properties as Record<string, unknown>) ?? {})) {
        if (!(v as { description?: string }).description) undocumented.push(`${at}.${k}`);
        walk(v, `${at}.${k}`);
      }
      for (const v of Object.values((o.patternProperties as Record<string, unknown>) ?? {})) walk(v, `${at}.*`);
      if (o.items) walk(o.items, `${at}[]`);
      for (const b of (o.anyOf as unknown[]) ?? []) walk(b, at);
    };
    walk(studySchema(), '$');
    expect(undocumented).toEqual([]);
  });
});
