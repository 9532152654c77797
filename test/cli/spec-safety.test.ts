/**
 * What a spec may name through the CLI: names that become file names, files it reads (one
 * path rule for check, plan and run), LaTeX passed through, and HTML in Markdown/HTML outputs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSV, cli, smallStudy, temp } from '../helpers/cli-tree.js';

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

