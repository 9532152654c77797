import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const broken = join('specs', 'broken');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'studyspec.mjs'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** `# expect: SS123 7:12` on the first line of every broken spec. */
const cases = readdirSync(join(root, broken))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => {
    const first = readFileSync(join(root, broken, f), 'utf8').split('\n')[0]!;
    const m = /^# expect: (SS\d{3}) (\d+):(\d+)$/.exec(first);
    if (!m) throw new Error(`${f}: first line must be '# expect: SS123 L:C'`);
    return { file: join(broken, f), code: m[1]!, line: Number(m[2]), col: Number(m[3]) };
  });

describe('studyspec check on specs/broken', () => {
  const all = cli(['check', '--format', 'json', ...cases.map((c) => c.file)]);
  const diags = JSON.parse(all.out) as Diagnostic[];

  it('exits 1 and reports every file in one run', () => {
    expect(all.code).toBe(1);
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(cases)('$file → $code at $line:$col', ({ file, code, line, col }) => {
    const mine = diags.filter((d) => d.pos?.file === file && d.severity === 'error');
    expect(mine.map((d) => `${d.code} ${d.pos!.line}:${d.pos!.col}`)).toContain(`${code} ${line}:${col}`);
  });
});

describe('output formats', () => {
  const c = cases.find((x) => x.file === join(broken, 'unknown-column.yaml'))!;

  it('text: file:line:col, the offending line with a caret, notes, no stack trace', () => {
    const r = cli(['check', c.file]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${c.file}:${c.line}:${c.col}: error ${c.code}:`);
    expect(r.err).toContain('    formula: export ~ QUA + asets | firm');
    const lines = r.err.split('\n');
    const caret = lines.find((l) => /^\s+\|\s+\^+$/.test(l))!;
    expect(caret.indexOf('^') - caret.indexOf('|') - 2).toBe(c.col - 1);
    expect(caret.trim().replace(/^\|\s*/, '')).toBe('^^^^^');
    expect(r.err).toContain("did you mean 'assets'?");
    expect(r.err).not.toMatch(/\bat .*\.m?js:\d+/);
  });

  it('github: workflow commands with file, line and col', () => {
    const r = cli(['check', '--format', 'github', c.file]);
    expect(r.code).toBe(1);
    expect(r.out.trim().split('\n')[0]).toMatch(
      new RegExp(`^::error file=${c.file.replace(/\//g, '\\/')},line=${c.line},col=${c.col},endColumn=\\d+,title=${c.code}::${c.code}: `),
    );
  });

  it('json: an array of diagnostics with code, severity, message, pos and path', () => {
    const r = cli(['check', '--format', 'json', c.file]);
    const ds = JSON.parse(r.out) as Diagnostic[];
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ code: c.code, severity: 'error', pos: { file: c.file, line: c.line, col: c.col } });
    expect(ds[0]!.path).toEqual(['models', 'm', 'formula']);
  });

  it('a missing spec file is a clear error', () => {
    const r = cli(['check', 'nothere.yaml']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('SS901');
  });
});

describe('a valid spec', () => {
  const dir = mkdtempSync(join(tmpdir(), 'studyspec-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'data'));
  cpSync(join(root, broken, 'data', 'firms.csv'), join(dir, 'data', 'firms.csv'));
  const spec = join(dir, 'ok.yaml');
  writeFileSync(
    spec,
    `version: 1
data:
  firms: { source: data/firms.csv, panel: { id: firm, time: year } }
variables:
  lnassets: log(assets)
models:
  steps:
    formula: export ~ csw(QUA, lnassets) | year
    vcov: hc1
  m:
    formula: export ~ QUA
    ties: efron
tables:
  t: { models: [steps, m] }
`,
  );

  it('check exits 0 and prints warnings', () => {
    const r = cli(['check', spec]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('warning SS112');
    expect(r.err).toContain(': ok (1 warning)');
  });

  it('plan prints the steps; --json gives them as data', () => {
    const t = cli(['plan', spec]);
    expect(t.code).toBe(0);
    expect(t.out).toContain('model.steps/2');
    const j = cli(['plan', '--json', spec]);
    const parsed = JSON.parse(j.out) as { steps: { id: string }[] };
    expect(parsed.steps.map((s) => s.id)).toEqual([
      'data.firms',
      'var.lnassets@firms',
      'model.steps/1',
      'model.steps/2',
      'model.m',
      'table.t',
    ]);
  });

  it('check with a good and a bad file reports the bad one and exits 1', () => {
    const r = cli(['check', spec, join(broken, 'bad-enum.yaml')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(': ok (1 warning)');
    expect(r.err).toContain('error SS105');
  });
});
