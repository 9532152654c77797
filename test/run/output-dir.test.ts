import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StudyError } from '../../src/diagnostics/diagnostic.js';
import { chooseOutputDir, inspect, isMarked, openStaging, OutputRefused } from '../../src/run/output-dir.js';
import { outputFile } from '../../src/render/safe-path.js';

const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));
function tree(): string {
  const t = mkdtempSync(join(tmpdir(), 'studyspec-outdir-'));
  temps.push(t);
  mkdirSync(join(t, 'spec', 'data'), { recursive: true });
  writeFileSync(join(t, 'spec', 'study.yaml'), 'version: 1\n');
  writeFileSync(join(t, 'spec', 'data', 'a.csv'), 'x\n1\n');
  return t;
}
const inputs = (t: string) => [{ kind: 'data source' as const, written: 'data/a.csv', resolved: join(t, 'spec', 'data', 'a.csv'), path: ['data', 'a', 'source'] }];
function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(OutputRefused);
    return (e as StudyError).diagnostics[0]!.code;
  }
  throw new Error('not refused');
}

describe('chooseOutputDir', () => {
  it('accepts new, empty and marked folders; the default is <spec dir>/out/<name>', () => {
    const t = tree();
    const spec = join(t, 'spec', 'study.yaml');
    expect(chooseOutputDir({ specPath: spec, inputs: inputs(t), cwd: t })).toBe(join(t, 'spec', 'out', 'study'));
    mkdirSync(join(t, 'empty'));
    expect(chooseOutputDir({ out: 'empty', specPath: spec, inputs: [], cwd: t })).toBe(join(t, 'empty'));
    mkdirSync(join(t, 'ours', '.studyspec'), { recursive: true });
    writeFileSync(join(t, 'ours', '.studyspec', 'output.json'), '{"tool":"studyspec"}');
    expect(inspect(join(t, 'ours'))).toBe('ours');
    expect(chooseOutputDir({ out: 'ours', specPath: spec, inputs: [], cwd: t })).toBe(join(t, 'ours'));
  });

  it('refuses what it must not replace, comparing real paths', () => {
    const t = tree();
    const spec = join(t, 'spec', 'study.yaml');
    const req = (out: string | undefined, cwd = t) => () => chooseOutputDir({ out, specPath: spec, inputs: inputs(t), cwd });
    expect(refusal(req(''))).toBe('SS650');
    expect(refusal(req('  '))).toBe('SS650');
    expect(refusal(req('.', join(t, 'spec')))).toBe('SS651');
    expect(refusal(req('..', join(t, 'spec', 'data')))).toBe('SS651');
    expect(refusal(req('spec'))).toBe('SS652');
    expect(refusal(req('/'))).toBe('SS651');
    expect(refusal(req('spec/data'))).toBe('SS653');
    symlinkSync(join(t, 'spec'), join(t, 'alias'));
    expect(refusal(req('alias/data'))).toBe('SS653');
    writeFileSync(join(t, 'f.txt'), 'x');
    expect(refusal(req('f.txt'))).toBe('SS654');
    mkdirSync(join(t, 'mine'));
    writeFileSync(join(t, 'mine', 'thesis.tex'), 'x');
    expect(refusal(req('mine'))).toBe('SS655');
    mkdirSync(join(t, 'real'));
    symlinkSync(join(t, 'real'), join(t, 'link'));
    expect(refusal(req('link'))).toBe('SS656');
    writeFileSync(join(t, 'spec', '...yaml'), 'version: 1\n');
    expect(refusal(() => chooseOutputDir({ specPath: join(t, 'spec', '...yaml'), inputs: [], cwd: t }))).toBe('SS657');
  });
});

describe('staging and publish', () => {
  it('writes the marker, replaces a marked folder, keeps an unmarked one that appeared meanwhile', () => {
    const t = tree();
    const out = join(t, 'res');
    const s1 = openStaging(out, join(t, 'spec', 'study.yaml'), () => undefined);
    expect(s1.dir.startsWith(`${out}.partial-${process.pid}-`)).toBe(true);
    writeFileSync(join(s1.dir, 'a.txt'), '1');
    expect(s1.publish()).toBeUndefined();
    expect(isMarked(out)).toBe(true);
    const marker = JSON.parse(readFileSync(join(out, '.studyspec', 'output.json'), 'utf8')) as Record<string, string>;
    expect(marker.spec).toBe(join(t, 'spec', 'study.yaml'));

    const s2 = openStaging(out, join(t, 'spec', 'study.yaml'), () => undefined);
    writeFileSync(join(s2.dir, 'b.txt'), '2');
    s2.publish();
    expect(readdirSync(out).sort()).toEqual(['.studyspec', 'b.txt']);
    expect(readdirSync(t).sort()).toEqual(['res', 'spec']);

    // The folder lost its marker and gained user files during a run: left alone.
    const s3 = openStaging(out, join(t, 'spec', 'study.yaml'), () => undefined);
    rmSync(join(out, '.studyspec'), { recursive: true });
    expect(() => s3.publish()).toThrow(StudyError);
    expect(readdirSync(out)).toEqual(['b.txt']);
    expect(existsSync(s3.dir)).toBe(false);
  });

  it('discard removes only the staging folder; signal handlers are released', () => {
    const t = tree();
    const before = process.listenerCount('SIGTERM');
    const s = openStaging(join(t, 'res'), join(t, 'spec', 'study.yaml'), () => undefined);
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    s.discard();
    expect(process.listenerCount('SIGTERM')).toBe(before);
    expect(readdirSync(t)).toEqual(['spec']);
  });
});

describe('outputFile (names under the output folder)', () => {
  it('joins a safe name and refuses one that escapes', () => {
    expect(outputFile('/o', 'tables', 'main', 'tex')).toEqual({ abs: '/o/tables/main.tex', rel: 'tables/main.tex' });
    for (const n of ['../x', '../../../../elsewhere/x', 'a/b', '', '..', '/etc/passwd']) {
      expect(() => outputFile('/o', 'tables', n, 'md'), n).toThrow(/SS661/);
    }
  });
});
