/**
 * The step cache through the CLI: an unchanged spec reuses every step, a changed model
 * re-fits only itself, --no-cache recomputes, a damaged entry is never trusted, --only runs
 * a subset, and a failing run keeps what it finished.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../e2e/harness.js';

function cli(args: string[], cwd = repoRoot) {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'studyspec.mjs'), ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

type Steps = Record<string, { action: 'run' | 'reuse' | 'skip'; hash: string }>;

describe('persistent step cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'studyspec-cache-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const study = join(dir, 'study');
  expect(cli(['init', study]).code).toBe(0);
  const spec = join(study, 'study.yaml');
  const out = join(study, 'out', 'study');
  const steps = (): Steps => (JSON.parse(readFileSync(join(out, '.studyspec', 'steps.json'), 'utf8')) as { steps: Steps }).steps;
  const ran = (s: Steps) => Object.keys(s).filter((k) => s[k]!.action === 'run');
  const results = () => readFileSync(join(out, 'results.json'), 'utf8');

  const first = cli(['run', spec]);
  const firstSteps = steps();
  const firstResults = results();

  it('a first run runs every step and says so', () => {
    expect(first.code, first.err).toBe(0);
    expect(Object.values(firstSteps).every((s) => s.action === 'run')).toBe(true);
    expect(first.err).toMatch(new RegExp(`\\(${Object.keys(firstSteps).length} steps run, 0 reused from the cache\\)`));
  });

  it('an unchanged spec reuses every step, with the same results and model tables', () => {
    const second = cli(['run', spec]);
    expect(second.code, second.err).toBe(0);
    const s = steps();
    expect(ran(s)).toEqual([]);
    expect(Object.values(s).every((x) => x.action === 'reuse')).toBe(true);
    expect(second.err).toContain(`(0 steps run, ${Object.keys(s).length} reused from the cache)`);
    expect(results()).toBe(firstResults);
    expect(second.out).toBe(first.out);
    expect(readFileSync(join(out, 'tables', 'main.md'), 'utf8')).toContain('Training hours');
  });

  it('a damaged entry (a killed run, a full disk) is never trusted: that step runs again', () => {
    const pooled = steps()['model.pooled']!.hash;
    const file = join(out, '.studyspec', 'cache', `${pooled}.bin`);
    expect(existsSync(file)).toBe(true);
    truncateSync(file, 100);
    const r = cli(['run', spec]);
    expect(r.code, r.err).toBe(0);
    const s = steps();
    expect(s['model.pooled']!.action).toBe('run');
    expect(s['model.twfe']!.action).toBe('reuse');
    expect(results()).toBe(firstResults);
  });

  it('changing one model re-fits only that model (and re-renders what shows it)', () => {
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('formula: lnsales ~ training + {controls} | firm + year', 'formula: lnsales ~ training + {controls} + employees | firm + year'));
    const r = cli(['run', spec]);
    expect(r.code, r.err).toBe(0);
    const s = steps();
    const models = Object.keys(s).filter((k) => k.startsWith('model.'));
    expect(models.filter((k) => s[k]!.action === 'run')).toEqual(['model.twfe']);
    expect(s['model.pooled']!.action).toBe('reuse');
    expect(s['table.main']!.action).toBe('run');
    const res = JSON.parse(results()) as { models: Record<string, { terms: string[] }> };
    expect(res.models['twfe']!.terms).toContain('employees');
    expect(res.models['pooled']!.terms).toEqual(['(Intercept)', 'training', 'lncapital']);
  });

  it('--no-cache runs every step again', () => {
    const r = cli(['run', '--no-cache', '--quiet', spec]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('');
    expect(Object.values(steps()).every((x) => x.action === 'run')).toBe(true);
  });

  it('--only runs a model and what it needs; cached steps outside it are restored', () => {
    const fresh = join(dir, 'only-out');
    const r = cli(['run', '--only', 'pooled', '--out', fresh, spec]);
    expect(r.code, r.err).toBe(0);
    const s = (JSON.parse(readFileSync(join(fresh, '.studyspec', 'steps.json'), 'utf8')) as { steps: Steps }).steps;
    expect(s['model.pooled']!.action).toBe('run');
    expect(s['model.twfe']!.action).toBe('skip');
    expect(s['table.main']!.action).toBe('skip');
    const res = JSON.parse(readFileSync(join(fresh, 'results.json'), 'utf8')) as { models: Record<string, unknown>; tables: Record<string, unknown> };
    expect(Object.keys(res.models)).toEqual(['pooled']);
    expect(res.tables).toEqual({});
    expect(r.out).toContain('pooled  OLS');
    expect(r.out).not.toContain('twfe  OLS');
    // A name the spec does not have is a usage error with a suggestion.
    const bad = cli(['run', '--only', 'pooledd', spec]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('SS903');
    expect(bad.err).toContain("did you mean 'pooled'?");
  });

  it('a failing step keeps the finished steps in the cache and names what was not written', () => {
    const good = readFileSync(spec, 'utf8');
    const fresh = join(dir, 'fail-out');
    expect(cli(['run', '--quiet', '--out', fresh, spec]).code).toBe(0);
    const published = readFileSync(join(fresh, 'results.json'), 'utf8');
    // A new model p2 (fitted first), then twfe made to fail: focal names a regressor the data
    // make collinear, which only the data can tell, so check passes and the fit fails.
    const withP2 = good.replace('  twfe:\n', '  p2:\n    formula: lnsales ~ training\n    vcov: hc1\n  twfe:\n');
    const bad = withP2
      .replace('  lncapital: log(capital)\n', '  lncapital: log(capital)\n  twice: 2 * training\n')
      .replace('formula: lnsales ~ training + {controls} + employees | firm + year\n    vcov: cluster(firm)', 'formula: lnsales ~ training + twice + {controls} | firm + year\n    vcov: cluster(firm)\n    focal: [twice]');
    expect(bad).not.toBe(withP2);
    writeFileSync(spec, bad);
    expect(cli(['check', spec]).code).toBe(0);
    const r = cli(['run', '--out', fresh, spec]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('SS840');
    expect(r.err).toMatch(/not written: .*table main.*results\.json/);
    expect(r.err).toMatch(/\d+ finished step\(s\) are kept in the cache/);
    expect(readFileSync(join(fresh, 'results.json'), 'utf8')).toBe(published); // the published output is untouched
    // The next run starts from what the failed one finished: p2 is not fitted again.
    writeFileSync(spec, withP2);
    const again = cli(['run', '--out', fresh, spec]);
    expect(again.code, again.err).toBe(0);
    const s = (JSON.parse(readFileSync(join(fresh, '.studyspec', 'steps.json'), 'utf8')) as { steps: Steps }).steps;
    expect(s['model.p2']!.action).toBe('reuse');
    expect(s['model.twfe']!.action).toBe('reuse');
    writeFileSync(spec, good);
  });

  it('a first run that fails leaves no output folder', () => {
    const text = readFileSync(spec, 'utf8');
    writeFileSync(spec, text.replace('formula: lnsales ~ training + {controls}\n    vcov: hc1', 'formula: lnsales ~ training + twice + {controls}\n    vcov: hc1\n    focal: [twice]').replace('  lncapital: log(capital)\n', '  lncapital: log(capital)\n  twice: 2 * training\n'));
    const fresh = join(dir, 'never');
    const r = cli(['run', '--out', fresh, spec]);
    writeFileSync(spec, text);
    expect(r.code).toBe(1);
    expect(existsSync(fresh)).toBe(false);
  });
});
