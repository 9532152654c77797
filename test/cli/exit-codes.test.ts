import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../e2e/harness.js';
import { TOOL_VERSION } from '../../src/run/version.js';

function cli(args: string[], cwd = repoRoot) {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'studyspec.mjs'), ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('exit codes: 0 ok, 1 spec or data error, 2 usage, 3 internal', () => {
  it('--version prints the version, exit 0; --help exit 0', () => {
    const v = cli(['--version']);
    expect(v.code).toBe(0);
    expect(v.out.trim()).toBe(TOOL_VERSION);
    expect(cli(['--help']).code).toBe(0);
    expect(cli(['run', '--help']).code).toBe(0);
  });

  it('usage mistakes exit 2', () => {
    expect(cli([]).code).toBe(2);
    expect(cli(['frobnicate']).code).toBe(2);
    expect(cli(['run']).code).toBe(2);
    expect(cli(['check', '--format', 'xml', 'a.yaml']).code).toBe(2);
    expect(cli(['run', '--bogus', 'a.yaml']).code).toBe(2);
  });

  it('a spec error exits 1', () => {
    expect(cli(['check', 'specs/broken/bad-enum.yaml']).code).toBe(1);
    expect(cli(['check', 'no/such/spec.yaml']).code).toBe(1);
  });
});

describe('studyspec init', () => {
  const dir = mkdtempSync(join(tmpdir(), 'studyspec-init-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a spec, data and a README that check cleanly, the same every time', () => {
    const r = cli(['init', join(dir, 'a')]);
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(join(dir, 'a')).sort()).toEqual(['README.md', 'data', 'study.yaml']);
    expect(cli(['check', join(dir, 'a', 'study.yaml')]).code).toBe(0);
    expect(cli(['init', join(dir, 'b')]).code).toBe(0);
    expect(readFileSync(join(dir, 'b', 'data', 'firms.csv'), 'utf8')).toBe(readFileSync(join(dir, 'a', 'data', 'firms.csv'), 'utf8'));
    expect(readFileSync(join(dir, 'a', 'data', 'firms.csv'), 'utf8').split('\n').length).toBe(60 * 8 + 2);
  });

  it('refuses a folder that is not empty, and writes nothing', () => {
    mkdirSync(join(dir, 'c'));
    writeFileSync(join(dir, 'c', 'notes.txt'), 'mine');
    const r = cli(['init', join(dir, 'c')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('SS904');
    expect(readdirSync(join(dir, 'c'))).toEqual(['notes.txt']);
    // an empty folder is fine
    mkdirSync(join(dir, 'd'));
    expect(cli(['init', join(dir, 'd')]).code).toBe(0);
  });
});
