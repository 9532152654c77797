import { mkdtempSync, writeFileSync, mkdirSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { StudyError } from '../../src/diagnostics/diagnostic.js';
import { defaultOutDir, runCommand } from '../../src/cli/commands.js';
import type { Io } from '../../src/cli/report.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function memoryIo(): Io & { text: () => string } {
  const buf: string[] = [];
  return { out: (t) => buf.push(t), err: (t) => buf.push(t), color: false, text: () => buf.join('\n') };
}

describe('runCommand', () => {
  const dir = mkdtempSync(join(tmpdir(), 'studyspec-run-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'data'));
  cpSync(join(root, 'specs', 'broken', 'data', 'firms.csv'), join(dir, 'data', 'firms.csv'));
  const spec = join(dir, 'ok.yaml');
  writeFileSync(spec, 'version: 1\ndata:\n  firms: { source: data/firms.csv }\nmodels:\n  m:\n    formula: export ~ QUA\n');

  it('passes the plan and options to runStudy', async () => {
    const io = memoryIo();
    let got: { outDir: string; specPath: string; steps: number } | undefined;
    const code = await runCommand(spec, { out: join(dir, 'o') }, io, async () => ({
      runStudy: async (plan, o) => {
        got = { outDir: o.outDir, specPath: o.specPath, steps: plan.steps.length };
      },
    }));
    expect(code).toBe(0);
    expect(got).toEqual({ outDir: join(dir, 'o'), specPath: spec, steps: 2 });
  });

  it('a StudyError from the run is printed at its spec position, exit 1', async () => {
    const io = memoryIo();
    const code = await runCommand(spec, {}, io, async () => ({
      runStudy: async () => {
        throw new StudyError({ code: 'SS501', severity: 'error', message: 'singular design', path: ['models', 'm', 'formula'], span: { start: 9, end: 12 } });
      },
    }));
    expect(code).toBe(1);
    expect(io.text()).toContain(`${spec}:6:23: error SS501: singular design`);
  });

  it('an internal error prints SS999 without a stack unless --debug', async () => {
    const boom = async () => ({
      runStudy: async () => {
        throw new TypeError('x is undefined');
      },
    });
    const quiet = memoryIo();
    expect(await runCommand(spec, {}, quiet, boom)).toBe(3);
    expect(quiet.text()).toContain('SS999');
    expect(quiet.text()).not.toContain('at ');
    const loud = memoryIo();
    expect(await runCommand(spec, { debug: true }, loud, boom)).toBe(3);
    expect(loud.text()).toContain('TypeError: x is undefined\n    at ');
  });

  it('a missing run stage is reported, check/plan unaffected', async () => {
    const io = memoryIo();
    const code = await runCommand(spec, {}, io, async () => {
      throw new Error('Cannot find module');
    });
    expect(code).toBe(3);
    expect(io.text()).toContain('SS902');
  });

  it('default output folder is <spec dir>/out/<spec name>', () => {
    expect(defaultOutDir('/a/b/study.yaml')).toBe('/a/b/out/study');
  });
});
