/**
 * End-to-end harness: write a spec (and copy its data) into a temp folder, run the built CLI
 * the way a user does (`node bin/studyspec.mjs run spec.yaml --out …`), read results.json.
 *
 * Data come from test/fixtures/data and are copied next to the spec so the spec needs
 * no --allow-outside.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileTable, missingGlyphs } from '../render/tex-helper.js';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixturesDir = join(repoRoot, 'test', 'fixtures');

export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly dir: string;
  readonly outDir: string;
}

export function cli(args: readonly string[], cwd?: string): CliRun {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'studyspec.mjs'), ...args], {
    encoding: 'utf8',
    cwd: cwd ?? repoRoot,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, dir: cwd ?? repoRoot, outDir: '' };
}

/** Write `yaml` as spec.yaml in a fresh folder with the named fixture CSVs, and run it. */
export function runSpec(yaml: string, dataFiles: readonly string[]): CliRun & { results: any } {
  const dir = mkdtempSync(join(tmpdir(), 'studyspec-e2e-'));
  for (const f of dataFiles) copyFileSync(join(fixturesDir, 'data', f), join(dir, f));
  writeFileSync(join(dir, 'spec.yaml'), yaml);
  const outDir = join(dir, 'out');
  const r = cli(['run', join(dir, 'spec.yaml'), '--out', outDir], dir);
  const file = join(outDir, 'results.json');
  const results = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
  return { ...r, dir, outDir, results };
}

export function expected(name: string): any {
  return JSON.parse(readFileSync(join(fixturesDir, 'expected', `${name}.json`), 'utf8'));
}

/** |a − b| ≤ tol · max(|b|, floor): relative, with an absolute floor for values near zero. */
export function close(a: number, b: number, tol: number, floor = 1e-300): boolean {
  return Math.abs(a - b) <= tol * Math.max(Math.abs(b), floor);
}

export interface FixtureCase {
  /** Key of the model in results.json. */
  readonly model: string;
  readonly fixture: string;
  /** Coefficient block of the fixture used as reference. */
  readonly block: string;
  /** our term → the fixture's (R's) term name; identity when absent */
  readonly terms?: Readonly<Record<string, string>>;
  /** our stats key → the fixture's stats key */
  readonly stats?: Readonly<Record<string, string>>;
  /** Reference estimates replacing the block's (in block order), e.g. R's polished by a Newton step. */
  readonly reference?: () => Float64Array;
  /** The fixture's key holding nobs, when not `nobs` (e.g. Σw of frequency weights). */
  readonly nobs?: string;
}

/**
 * Register the standard checks of one model against one fixture block: nobs; each estimate
 * ≤1e-8 relative; each SE, statistic (t or z) and p ≤1e-6; each named statistic ≤1e-6.
 * `models()` is read lazily, after the suite's beforeAll has run the CLI.
 */
export function fixtureTests(c: FixtureCase, models: () => Record<string, any>, it: (name: string, fn: () => void) => void, expect: any): void {
  const exp = expected(c.fixture);
  const ours = (r: string): string => Object.entries(c.terms ?? {}).find(([, v]) => v === r)?.[0] ?? r;
  it('nobs', () => expect(models()[c.model].nobs).toBe(exp[c.nobs ?? 'nobs']));
  const ref = c.reference?.();
  for (const [a, [rName, e]] of Object.entries<any>(exp[c.block]).entries()) {
    it(`${rName}: estimate ≤1e-8${ref ? ' (reference polished)' : ''}`, () => {
      const got = models()[c.model].coefficients[ours(rName)];
      expect(got, `term ${ours(rName)} missing`).toBeDefined();
      const want = ref ? ref[a]! : e.estimate;
      expect(close(got.estimate, want, 1e-8), `${got.estimate} vs ${want}`).toBe(true);
    });
    it(`${rName}: se, stat, p ≤1e-6`, () => {
      const got = models()[c.model].coefficients[ours(rName)];
      const stat = e.stat ?? e.z ?? e.t;
      expect(close(got.se, e.se, 1e-6), `se ${got.se} vs ${e.se}`).toBe(true);
      expect(close(got.stat, stat, 1e-6), `stat ${got.stat} vs ${stat}`).toBe(true);
      expect(close(got.p, e.p, 1e-6), `p ${got.p} vs ${e.p}`).toBe(true);
    });
  }
  for (const [o, t] of Object.entries(c.stats ?? {})) {
    it(`stat ${o} ≤1e-6`, () => {
      const got = models()[c.model].stats[o];
      const want = exp.stats[t];
      expect(want, `fixture has no ${t}`).toBeTypeOf('number');
      expect(got, `results have no ${o}`).toBeTypeOf('number');
      expect(close(got, want, 1e-6), `${o} ${got} vs ${want}`).toBe(true);
    });
  }
}

/**
 * Generate a seed study's raw tables with the project's own generator
 * (examples/<study>/generate.mjs; small, seed 1 unless told), copy the spec (by default the
 * example's own study.yaml; a bare name is a file of examples/<study>/) next to them, run it,
 * and return results and truth.json. `truth` overrides true parameters (the generator's --truth).
 */
export function runGeneratedStudy(
  study: string,
  spec = 'study.yaml',
  opts: { seed?: number; truth?: Record<string, unknown> } = {},
): { results: any; truth: any; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'studyspec-seed-'));
  const args = [join(repoRoot, 'examples', study, 'generate.mjs'), '--seed', String(opts.seed ?? 1), '--out', join(dir, 'data')];
  if (opts.truth) {
    writeFileSync(join(dir, 'params.json'), JSON.stringify(opts.truth));
    args.push('--truth', join(dir, 'params.json'));
  }
  execFileSync(process.execPath, args);
  copyFileSync(spec.startsWith('/') ? spec : join(repoRoot, 'examples', study, spec), join(dir, 'study.yaml'));
  const out = join(dir, 'out');
  const r = cli(['run', join(dir, 'study.yaml'), '--out', out]);
  if (r.status !== 0) throw new Error(`studyspec run failed (${r.status}):\n${r.stderr}`);
  return {
    results: JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')),
    truth: JSON.parse(readFileSync(join(dir, 'data', 'truth.json'), 'utf8')),
    out,
  };
}

/** Run `yaml` as spec.yaml in a fresh folder holding the given small files (name → text). */
export function runWithFiles(yaml: string, files: Readonly<Record<string, string>>): CliRun & { results: any } {
  const dir = mkdtempSync(join(tmpdir(), 'studyspec-run-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'spec.yaml'), yaml);
  const outDir = join(dir, 'out');
  const r = cli(['run', join(dir, 'spec.yaml'), '--out', outDir], dir);
  const file = join(outDir, 'results.json');
  return { ...r, dir, outDir, results: existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined };
}

/** Names of the LaTeX tables a run wrote (out/tables/*.tex), sorted. */
export function texTables(out: string): string[] {
  return readdirSync(join(out, 'tables')).filter((f) => f.endsWith('.tex')).map((f) => f.slice(0, -4)).sort();
}

/**
 * Compile one LaTeX table of a run (out/tables/<name>.tex) with `engine`; fail on a TeX error or a
 * glyph the font lacks. One call per test, so each table has the whole test timeout.
 */
export function compileTableFile(out: string, name: string, engine: 'pdflatex' | 'xelatex', prefix: string): void {
  const run = compileTable(readFileSync(join(out, 'tables', `${name}.tex`), 'utf8'), `${prefix}-${name}`, engine);
  const missing = missingGlyphs(run.log);
  if (missing.length) throw new Error(`${name}.tex: ${missing.join('\n')}`);
}
