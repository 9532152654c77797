import { describe, expect, it } from 'vitest';
import { canonical, stepHashes } from '../../src/cache/keys.js';
import { compileSpec } from '../../src/spec/pipeline.js';
import { defaultParsers } from '../../src/spec/parsers.js';
import type { HeaderReader } from '../../src/data/header.js';
import type { Plan } from '../../src/plan/types.js';

const readHeader: HeaderReader = async () => ['firm', 'year', 'y', 'x', 'z'].map((name) => ({ name }));

async function plan(text: string): Promise<Plan> {
  const r = await compileSpec(text, '/tmp/keys/study.yaml', { parsers: defaultParsers(), readHeader, allowOutside: true });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.plan!;
}

const base = `version: 1
data:
  firms: { source: firms.csv }
variables:
  lx: log(x)
models:
  a: { formula: y ~ lx }
  b: { formula: y ~ z | firm }
tables:
  t: { models: [a] }
`;
const inputs = { sourceHashes: new Map([['firms', 'f'.repeat(64)]]), provenance: { spec_sha256: 's', data_sha256: 'd' } };

describe('step hashes', () => {
  it('are stable for an unchanged spec', async () => {
    expect([...stepHashes(await plan(base), inputs)]).toEqual([...stepHashes(await plan(base), inputs)]);
  });

  it('change for a changed model and what depends on it, nothing else', async () => {
    const h1 = stepHashes(await plan(base), inputs);
    const h2 = stepHashes(await plan(base.replace('y ~ lx', 'y ~ lx + z')), inputs);
    const changed = [...h1.keys()].filter((k) => h1.get(k) !== h2.get(k));
    expect(changed.sort()).toEqual(['model.a', 'table.t']);
  });

  it('change everywhere downstream of a changed data file', async () => {
    const h1 = stepHashes(await plan(base), inputs);
    const h2 = stepHashes(await plan(base), { ...inputs, sourceHashes: new Map([['firms', 'e'.repeat(64)]]) });
    expect([...h1.keys()].filter((k) => h1.get(k) === h2.get(k))).toEqual([]);
  });

  it('an unhashable source is never reused', async () => {
    const none = { ...inputs, sourceHashes: new Map<string, string>() };
    const p = await plan(base);
    expect(stepHashes(p, none).get('model.b')).not.toBe(stepHashes(p, none).get('model.b'));
  });

  it('canonical text sees Map and Set contents and key order does not matter', () => {
    expect(canonical(new Map([['a', 1]]))).not.toBe(canonical(new Map([['a', 2]])));
    expect(canonical(new Set([1, 2]))).toBe(canonical(new Set([2, 1])));
    expect(canonical({ a: 1, b: 2 })).toBe(canonical({ b: 2, a: 1 }));
    expect(canonical({ a: undefined })).not.toBe(canonical({ a: null }));
  });
});
