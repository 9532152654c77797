/**
 * Every example study in specs/ (except specs/broken/) passes `check` with no warnings,
 * compiles to a plan, and runs end to end: results.json, every table file and every figure
 * listed in it exist. Broken specs have their own test (test/cli).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, repoRoot } from '../e2e/harness.js';

function exampleSpecs(dir = join(repoRoot, 'specs')): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) {
      if (e === 'broken' || e === 'out' || e === 'data') continue;
      out.push(...exampleSpecs(p));
    } else if (e.endsWith('.yaml') || e.endsWith('.yml')) out.push(p);
  }
  return out.sort();
}

const specs = exampleSpecs();

describe('example specs', () => {
  it('there is at least one example', () => expect(specs.length).toBeGreaterThan(0));
  for (const spec of specs) {
    const rel = spec.slice(repoRoot.length + 1);
    it(`${rel}: check passes with no warnings`, () => {
      const r = cli(['check', spec]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr + r.stdout).not.toMatch(/warning/i);
    });
    it(`${rel}: plan prints every step`, () => {
      const r = cli(['plan', spec, '--json']);
      expect(r.status, r.stderr).toBe(0);
      const plan = JSON.parse(r.stdout);
      expect(JSON.stringify(plan)).toContain('model.');
    });
    it(`${rel}: run writes results, tables and figures`, () => {
      const out = join(mkdtempSync(join(tmpdir(), 'studyspec-example-')), 'out');
      const r = cli(['run', spec, '--out', out]);
      expect(r.status, r.stderr).toBe(0);
      const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
      expect(Object.keys(results.models).length).toBeGreaterThan(0);
      for (const t of Object.values<any>(results.tables)) for (const f of t.files) expect(existsSync(join(out, f)), f).toBe(true);
      for (const g of Object.values<any>(results.figures)) for (const f of g.files) expect(existsSync(join(out, f)), f).toBe(true);
      expect(results.warnings).toEqual([]);
    });
  }
});
