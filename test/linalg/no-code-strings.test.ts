// No code is compiled from strings anywhere in src/: kernels are TypeScript modules the type
// checker sees (docs/architecture.md, "Fast kernels").
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = join(import.meta.dirname, '..', '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('src/', () => {
  it('has no new Function, eval or worker started from source text', () => {
    const all = files(src);
    expect(all.length).toBeGreaterThan(100);
    // Plain substrings, deliberately broad (a method named …eval( trips it too: rename it).
    const offending = all.filter((f) => {
      const text = readFileSync(f, 'utf8');
      return /new\s+Function\b/.test(text) || text.includes('eval(') || /\beval\s*:\s*true/.test(text);
    });
    expect(offending.map((f) => f.slice(src.length + 1))).toEqual([]);
  });
});
