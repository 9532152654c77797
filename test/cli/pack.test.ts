/**
 * The package as a user gets it: `npm pack` → `npm install -g` into a temporary prefix →
 * the installed `studyspec` creates and runs a study. Dependencies come from the npm cache
 * when they are there (--prefer-offline) and from the registry otherwise; the install is
 * bounded in time. Also: every package the bundle loads at run time is a dependency.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../e2e/harness.js';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  version: string;
  files: string[];
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};

/** Bare package names the bundle imports, dynamically imports or require()s. */
function runtimePackages(): Set<string> {
  const names = new Set<string>();
  const builtins = new Set(builtinModules);
  for (const f of readdirSync(join(repoRoot, 'dist')).filter((x) => x.endsWith('.mjs'))) {
    const text = readFileSync(join(repoRoot, 'dist', f), 'utf8');
    for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\d*\(\s*)"([A-Za-z@][\w@./-]*)"/g)) {
      const spec = m[1]!;
      if (spec.startsWith('node:') || builtins.has(spec) || spec.startsWith('ajv/dist/runtime/')) continue;
      const parts = spec.split('/');
      names.add(spec.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!);
    }
  }
  return names;
}

describe('the npm package', () => {
  it('ships the bundle, builds it before packing, and declares every runtime import', () => {
    expect(pkg.files).toEqual(expect.arrayContaining(['bin/', 'dist/', 'templates/', 'studyspec.schema.json']));
    expect(pkg.scripts['prepack']).toBe('npm run build');
    const used = [...runtimePackages()].sort();
    expect(used.length).toBeGreaterThan(3);
    expect(used.filter((n) => !(n in pkg.dependencies))).toEqual([]);
  });

  const dir = mkdtempSync(join(tmpdir(), 'studyspec-pack-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('installs globally from the tarball and runs a study with the installed command', () => {
    // The suite's global setup has built dist/ already; --ignore-scripts keeps pack from
    // rebuilding it under the feet of other test files that run the CLI meanwhile.
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: repoRoot, encoding: 'utf8' }),
    ) as { filename: string; files: { path: string }[] }[];
    const files = packed[0]!.files.map((f) => f.path);
    expect(files).toContain('dist/studyspec.mjs');
    expect(files).toContain('dist/placebo-worker.mjs');
    expect(files).toContain('dist/progress-worker.mjs');
    expect(files).toContain('templates/table.tex.hbs');
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('test/'))).toBe(false);

    const prefix = join(dir, 'prefix');
    const install = spawnSync(
      'npm',
      ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', join(dir, packed[0]!.filename)],
      { encoding: 'utf8', timeout: 400_000 },
    );
    expect(install.status, install.stderr).toBe(0);
    const bin = join(prefix, 'bin', 'studyspec');
    expect(existsSync(bin)).toBe(true);

    const run = (args: string[], cwd = dir) => spawnSync(bin, args, { cwd, encoding: 'utf8', env: { ...process.env, PATH: `${join(prefix, 'bin')}:${process.env['PATH']}` } });
    const v = run(['--version']);
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toBe(pkg.version);

    expect(run(['init', 'study']).status).toBe(0);
    const r = run(['run', 'study.yaml'], join(dir, 'study'));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/twfe\s+OLS/);
    const results = JSON.parse(readFileSync(join(dir, 'study', 'out', 'study', 'results.json'), 'utf8')) as { models: Record<string, { coefficients: Record<string, { estimate: number }> }> };
    // the starter data's true effect is 0.4
    expect(Math.abs(results.models['twfe']!.coefficients['training']!.estimate - 0.4)).toBeLessThan(0.05);
    expect(existsSync(join(dir, 'study', 'out', 'study', 'tables', 'main.tex'))).toBe(true);
    expect(run(['run', '--frobnicate', 'study.yaml'], join(dir, 'study')).status).toBe(2);
  }, 600_000);
});
