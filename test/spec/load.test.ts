import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/spec/load.js';

describe('loadSpec', () => {
  it('reads a valid document into plain JSON', () => {
    const r = loadSpec('version: 1\ndata:\n  a: { source: a.csv }\n', 's.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.value).toEqual({ version: 1, data: { a: { source: 'a.csv' } } });
  });

  it('reports a duplicate key at the second occurrence', () => {
    const r = loadSpec('models:\n  m: { formula: y ~ x }\n  m: { formula: y ~ z }\n', 's.yaml');
    expect(r.diagnostics.map((d) => [d.code, d.pos?.line, d.pos?.col])).toEqual([['SS102', 3, 3]]);
    expect(r.diagnostics[0]!.message).toContain("'m'");
    expect(r.value).toBeUndefined();
  });

  it('reports a syntax error with line and column', () => {
    const r = loadSpec('a: [1, 2\nb: 3\n', 's.yaml');
    expect(r.diagnostics[0]!.code).toBe('SS101');
    expect(r.diagnostics[0]!.pos?.file).toBe('s.yaml');
    expect(r.diagnostics[0]!.pos?.line).toBeGreaterThanOrEqual(1);
  });

  it('refuses an alias bomb and points at the first alias', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const [p, q] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd']]) {
      lines.push(`${p}: &${p} [${Array(10).fill(`*${q}`).join(', ')}]`);
    }
    const r = loadSpec(lines.join('\n') + '\n', 's.yaml');
    expect(r.diagnostics.map((d) => [d.code, d.pos?.line, d.pos?.col])).toEqual([['SS103', 2, 8]]);
  });

  it('reports an empty file', () => {
    expect(loadSpec('# nothing\n', 's.yaml').diagnostics[0]!.code).toBe('SS118');
  });
});
