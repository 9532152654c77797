/**
 * The output policy through the CLI: `run` never deletes anything it did not create.
 * Every data-loss case snapshots each pre-existing file of the temp tree (path → sha256)
 * before the run and checks afterwards that all are still there, byte-identical.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, cli, exampleTree, expectKept, root, smallStudy, snapshot, temp } from '../helpers/cli-tree.js';

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
    // The parent (no staging folder can be created) and the output folder itself (a
    // read-only output folder is not replaced, and not half-replaced either).
    for (const locked of [parent, join(parent, 'out')]) {
      if (!lock(locked, true)) {
        // Only where neither mechanism exists (root on tmpfs/overlay); the ENOTDIR case above still runs.
        console.warn('skipped: cannot make a folder read-only here (root without chattr support on this file system)');
        return;
      }
      try {
        const r = cli(['run', spec, '--out', join(parent, 'out')]);
        expect(r.code, locked).toBe(1);
        expect(r.err).toContain('SS658');
        expect(r.err).toContain(locked);
        expect(r.err).not.toContain('bug in studyspec');
      } finally {
        lock(locked, false);
      }
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
