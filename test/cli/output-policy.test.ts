/**
 * The output policy through the CLI: `run` never deletes anything it did not create.
 * Every data-loss case snapshots each pre-existing file of the temp tree (path → sha256)
 * before the run and checks afterwards that all are still there, byte-identical.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'studyspec.mjs');
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function cli(args: string[], cwd = root) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function temp(): string {
  const t = mkdtempSync(join(tmpdir(), 'studyspec-out-'));
  temps.push(t);
  return t;
}

/** path → sha256 of every file under dir (symlinks recorded by target path, not followed). */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isSymbolicLink()) out.set(relative(dir, p), `link:${lstatSync(p).size}`);
      else out.set(relative(dir, p), createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

function expectKept(dir: string, before: Map<string, string>): void {
  const after = snapshot(dir);
  for (const [p, h] of before) expect(after.get(p), p).toBe(h);
}

/** A small study (one CSV, one OLS model, one table in three formats): runs in about a second. */
const CSV = ['firm,year,y,x', ...Array.from({ length: 40 }, (_, i) => `${i % 8},${2000 + (i % 5)},${((i * 7) % 11) + 0.5 * i},${(i * 3) % 7}`)].join('\n') + '\n';
function smallStudy(dir: string, table = 'main', extra = ''): string {
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(join(dir, 'data', 'panel.csv'), CSV);
  const spec = join(dir, 'study.yaml');
  writeFileSync(
    spec,
    `version: 1
title: Small study
data:
  panel: { source: data/panel.csv }
models:
  ols:
    data: panel
    formula: y ~ x
tables:
  "${table}":
    models: [ols]
    format: [latex, markdown, html]
${extra}`,
  );
  return spec;
}

/** specs/example copied into a fresh tree with an unrelated folder and file beside it. */
function exampleTree(): { t: string; spec: string } {
  const t = temp();
  cpSync(join(root, 'specs', 'example'), join(t, 'ex'), { recursive: true });
  mkdirSync(join(t, 'other'));
  writeFileSync(join(t, 'other', 'notes.txt'), 'my only copy\n');
  writeFileSync(join(t, 'afile.txt'), 'keep me\n');
  return { t, spec: join(t, 'ex', 'study.yaml') };
}

describe('run refuses output folders it does not own (exit 2, nothing deleted)', () => {
  const cases: { name: string; out: (t: string) => string | undefined; cwd?: (t: string) => string; code: string; spec?: (t: string) => string }[] = [
    { name: 'the data folder', out: (t) => join(t, 'ex', 'data'), code: 'SS653' },
    { name: 'the spec folder', out: (t) => join(t, 'ex'), code: 'SS652' },
    { name: 'the parent of the spec folder', out: (t) => t, code: 'SS652' },
    { name: 'an unrelated non-empty folder', out: (t) => join(t, 'other'), code: 'SS655' },
    { name: 'a file', out: (t) => join(t, 'afile.txt'), code: 'SS654' },
    { name: '`.` (the spec folder as working folder)', out: () => '.', cwd: (t) => join(t, 'ex'), code: 'SS651' },
    { name: 'an empty path', out: () => '', cwd: (t) => join(t, 'ex'), code: 'SS650' },
    {
      name: 'the default folder of a spec named ...yaml',
      out: () => undefined,
      code: 'SS657',
      spec: (t) => {
        cpSync(join(t, 'ex', 'study.yaml'), join(t, 'ex', '...yaml'));
        return join(t, 'ex', '...yaml');
      },
    },
  ];
  it.each(cases)('$name → $code', ({ out, cwd, code, spec }) => {
    const { t, spec: example } = exampleTree();
    const file = spec ? spec(t) : example;
    const before = snapshot(t);
    const o = out(t);
    const r = cli(['run', file, ...(o === undefined ? [] : ['--out', o])], cwd ? cwd(t) : root);
    expect(r.err).toContain(`error ${code}`);
    expect(r.code).toBe(2);
    expectKept(t, before);
    expect(readdirSync(t).filter((f) => f.includes('.partial') || f.includes('.old-'))).toEqual([]);
  });
});

describe('run writes a marked output folder and replaces only its own', () => {
  it('marker, second run replaces the first, empty folder adopted, unmarked folder refused', () => {
    const t = temp();
    const spec = smallStudy(t);
    writeFileSync(join(t, 'keep.txt'), 'x\n');
    const before = snapshot(t);
    const r1 = cli(['run', spec]);
    expect(r1.code, r1.err).toBe(0);
    const out = join(t, 'out', 'study');
    const marker = JSON.parse(readFileSync(join(out, '.studyspec', 'output.json'), 'utf8')) as Record<string, string>;
    expect(marker.tool).toBe('studyspec');
    expect(marker.spec).toBe(spec);
    expect(marker.tool_version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Number.isNaN(Date.parse(marker.created!))).toBe(false);
    writeFileSync(join(out, 'stale.txt'), 'from the old run\n');
    const r2 = cli(['run', spec]);
    expect(r2.code, r2.err).toBe(0);
    expect(existsSync(join(out, 'stale.txt'))).toBe(false);
    expect(existsSync(join(out, 'tables', 'main.tex'))).toBe(true);
    expect(readdirSync(join(t, 'out'))).toEqual(['study']);
    expectKept(t, before);

    mkdirSync(join(t, 'empty'));
    expect(cli(['run', spec, '--out', join(t, 'empty')]).code).toBe(0);
    expect(existsSync(join(t, 'empty', '.studyspec', 'output.json'))).toBe(true);

    // A folder written by an older version (no marker) is not replaced.
    rmSync(join(out, '.studyspec'), { recursive: true });
    const snap = snapshot(t);
    const r3 = cli(['run', spec]);
    expect(r3.code).toBe(2);
    expect(r3.err).toContain('SS655');
    expectKept(t, snap);
  });
});

describe('names that become file names', () => {
  it('a table named ../../../../elsewhere/x is refused by check at its position, and run writes nothing outside', () => {
    const t = temp();
    const study = join(t, 'a', 'b', 'c', 'd');
    const spec = smallStudy(study, '../../../../elsewhere/x');
    const c = cli(['check', '--format', 'json', spec]);
    expect(c.code).toBe(1);
    const d = (JSON.parse(c.out) as { code: string; pos?: { line: number; col: number } }[]).find((x) => x.code === 'SS121');
    expect(d?.pos).toMatchObject({ line: 10, col: 3 });
    const r = cli(['run', spec, '--out', join(study, 'out')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${spec}:10:3: error SS121`);
    expect(existsSync(join(t, 'elsewhere'))).toBe(false);
    expect(existsSync(join(study, 'out'))).toBe(false);
  });

  it('device names, backslashes, leading dots, over-long names and control characters are refused, each at its key', () => {
    const t = temp();
    const bad = ['CON', 'aux.tex', 'a\\\\b', '.hidden', 'x'.repeat(101), 'tab\\tname'];
    const spec = smallStudy(t, 'main', bad.map((n) => `  "${n}": { models: [ols] }\n`).join(''));
    const c = cli(['check', '--format', 'json', spec]);
    expect(c.code).toBe(1);
    const lines = (JSON.parse(c.out) as { code: string; pos?: { line: number } }[]).filter((d) => d.code === 'SS121').map((d) => d.pos?.line);
    expect(lines).toEqual([13, 14, 15, 16, 17, 18]);
  });

  it('Unicode letters, digits, _ - and inner dots are accepted', () => {
    const t = temp();
    const spec = smallStudy(t, '表1_base-line.v2');
    const r = cli(['run', spec]);
    expect(r.code, r.err).toBe(0);
    expect(existsSync(join(t, 'out', 'study', 'tables', '表1_base-line.v2.md'))).toBe(true);
  });
});

describe('one path policy for files the spec names (check, plan and run agree)', () => {
  it('a template with an absolute path outside the spec folder is refused unless --allow-outside', () => {
    const t = temp();
    const secret = join(t, 'secret.md.hbs');
    writeFileSync(secret, 'SECRET {{table.title}}\n');
    const spec = smallStudy(join(t, 'study'), 'main', `    template: ${secret}\n`);
    for (const cmd of [['check', spec], ['plan', spec], ['run', spec]]) {
      const r = cli(cmd);
      expect(r.code, cmd[0]).toBe(1);
      expect(r.err).toContain(`${spec}:13:15: error SS330`);
    }
    expect(existsSync(join(t, 'study', 'out'))).toBe(false);
    const ok = cli(['run', spec, '--allow-outside']);
    expect(ok.code, ok.err).toBe(0);
    expect(readFileSync(join(t, 'study', 'out', 'study', 'tables', 'main.md'), 'utf8')).toContain('SECRET');
  });

  it('a symlinked data source pointing out of the tree is refused by check, plan and run alike', () => {
    const t = temp();
    const spec = smallStudy(join(t, 'study'));
    mkdirSync(join(t, 'private'));
    writeFileSync(join(t, 'private', 'panel.csv'), CSV);
    rmSync(join(t, 'study', 'data', 'panel.csv'));
    spawnSync('ln', ['-s', join(t, 'private', 'panel.csv'), join(t, 'study', 'data', 'panel.csv')]);
    for (const cmd of [['check', spec], ['plan', spec], ['run', spec]]) {
      const r = cli(cmd);
      expect(r.code, cmd[0]).toBe(1);
      expect(r.err).toMatch(/error SS306: data source 'data\/panel.csv' is outside/);
    }
    for (const cmd of [['check', spec], ['plan', spec], ['run', spec]]) expect(cli([...cmd, '--allow-outside']).code, cmd[0]).toBe(0);
  });
});

describe('LaTeX passed through from labels', () => {
  it('\\input in a math segment of a label is refused at its position; latex.raw allows it', () => {
    const t = temp();
    const spec = smallStudy(t, 'main', '    labels: { x: "Size $\\\\input{/etc/passwd}$" }\n');
    const r = cli(['check', spec]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${spec}:13:25: error SS122`);
    const raw = smallStudy(t, 'main', '    labels: { x: "Size $\\\\input{/etc/passwd}$" }\n    latex: { raw: true }\n');
    expect(cli(['check', raw]).code).toBe(0);
    // Outside math, the same text is escaped and prints literally: nothing to refuse.
    const plain = smallStudy(t, 'main', '    labels: { x: "Size \\\\input{x}" }\n');
    expect(cli(['run', plain]).code).toBe(0);
    expect(readFileSync(join(t, 'out', 'study', 'tables', 'main.tex'), 'utf8')).toContain('\\textbackslash{}input');
  });

  it('\\write18, \\catcode, ^^ notation, \\def and \\openout in math are refused, each at its note', () => {
    const t = temp();
    const tex = ['\\\\write18{rm -rf /}', '\\\\catcode`\\\\@=11', '^^5cinput{x}', '\\\\def\\\\x{y}', '\\\\immediate\\\\openout1=x'];
    const spec = smallStudy(t, 'main', `    notes:\n${tex.map((x) => `      - "see $${x}$"\n`).join('')}`);
    const r = cli(['check', '--format', 'json', spec]);
    expect(r.code).toBe(1);
    const lines = (JSON.parse(r.out) as { code: string; pos?: { line: number } }[]).filter((d) => d.code === 'SS122').map((d) => d.pos?.line);
    expect(lines).toEqual([14, 15, 16, 17, 18]);
  });
});

describe('HTML in user text is escaped in Markdown and HTML outputs', () => {
  it('<img src=x onerror=alert(1)> in a label and title', () => {
    const t = temp();
    const evil = '<img src=x onerror=alert(1)>';
    const spec = smallStudy(t, 'main', `    title: "T ${evil}"\n    labels: { x: "${evil}" }\n    notes: "n ${evil}"\n`);
    const r = cli(['run', spec]);
    expect(r.code, r.err).toBe(0);
    const out = join(t, 'out', 'study');
    for (const f of ['tables/main.md', 'tables/main.html', 'report.md', 'report.html']) {
      const text = readFileSync(join(out, f), 'utf8');
      expect(text, f).not.toContain('<img');
      expect(text, f).toContain('&lt;img src=x onerror=alert(1)');
    }
  });
});

describe('signals, read-only locations and file-system errors', () => {
  it('SIGTERM during a run removes the staging folder and exits 143', async () => {
    const { t, spec } = exampleTree();
    const before = snapshot(t);
    const child = spawn(process.execPath, [bin, 'run', spec, '--out', join(t, 'result')], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b) => (err += String(b)));
    const done = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    const deadline = Date.now() + 60_000;
    while (!readdirSync(t).some((f) => f.startsWith('result.partial-')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(readdirSync(t).some((f) => f.startsWith('result.partial-'))).toBe(true);
    child.kill('SIGTERM');
    expect(await done).toBe(143);
    expect(err).toContain('SS659');
    expect(readdirSync(t).filter((f) => f.startsWith('result'))).toEqual([]);
    expectKept(t, before);
  }, 90_000);

  it('an output path under a file: the path and OS reason, exit 1, nothing created', () => {
    const t = temp();
    const spec = smallStudy(join(t, 'study'));
    writeFileSync(join(t, 'plain'), 'x\n');
    const before = snapshot(t);
    const r = cli(['run', spec, '--out', join(t, 'plain', 'out')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('SS658');
    expect(r.err).toContain('(ENOTDIR)');
    expect(r.err).not.toContain('bug in studyspec');
    expectKept(t, before);
  });

  it('a read-only output location: exit 1 with the path, previous outputs unchanged', () => {
    const t = temp();
    const spec = smallStudy(join(t, 'study'));
    const parent = join(t, 'results');
    expect(cli(['run', spec, '--out', join(parent, 'out')]).code).toBe(0);
    const before = snapshot(t);
    // As root, permissions do not stop writes; the immutable attribute does (ext4, xfs, btrfs).
    const asRoot = process.getuid?.() === 0;
    const lock = (p: string, on: boolean) =>
      asRoot ? spawnSync('chattr', [on ? '+i' : '-i', p]).status === 0 : spawnSync('chmod', [on ? 'a-w' : 'u+w', p]).status === 0;
    if (!lock(parent, true)) {
      // Only where neither mechanism exists (root on tmpfs/overlay); the ENOTDIR case above still runs.
      console.warn('skipped: cannot make a folder read-only here (root without chattr support on this file system)');
      return;
    }
    try {
      const r = cli(['run', spec, '--out', join(parent, 'out')]);
      expect(r.code).toBe(1);
      expect(r.err).toContain('SS658');
      expect(r.err).toContain(parent);
      expect(r.err).not.toContain('bug in studyspec');
    } finally {
      lock(parent, false);
    }
    expectKept(t, before);
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('a spec path that is a folder is a file error with the reason, exit 1', () => {
    const t = temp();
    const r = cli(['check', t]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('SS814');
    expect(r.err).toContain('(EISDIR)');
  });
});
