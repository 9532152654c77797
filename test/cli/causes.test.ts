/**
 * Every error names its true cause: an empty estimation sample says so (and which filter
 * made it so), a duplicate key is named in full, and spec text echoed to the terminal
 * cannot carry control sequences.
 */
import { describe, expect, it } from 'vitest';
import { cli, studyDir, writeSpec } from './hostile-helpers.js';

describe('empty estimation sample', () => {
  it('names the sample that keeps no rows, not the cluster variable', () => {
    const dir = studyDir();
    writeSpec(
      dir,
      `version: 1
data:
  t: { source: d.csv }
samples:
  none: x > 5
models:
  m: { formula: "y ~ x", vcov: cluster(g), sample: none }
`,
    );
    const r = cli(['run', 'spec.yaml', '--out', 'out'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain("spec.yaml:7:52: error SS477: model 'm': the estimation sample is empty: sample 'none' (x > 5) keeps none of the 200 rows of table 't'");
    expect(r.err).not.toContain('SS504');
  });

  it("names the table's where: filter when the table itself is empty", () => {
    const dir = studyDir();
    writeSpec(
      dir,
      `version: 1
data:
  t0: { source: d.csv }
  t: { from: t0, where: "x > 5" }
models:
  m: { formula: "y ~ x", vcov: cluster(g) }
`,
    );
    const r = cli(['run', 'spec.yaml', '--out', 'out'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain("spec.yaml:4:25: error SS478: model 'm': the estimation sample is empty: table 't' has no rows (its where: filter 'x > 5' keeps none)");
    expect(r.err).not.toContain('SS504');
  });
});

describe('duplicate keys', () => {
  it('name the whole key, plain, quoted or in a flow mapping, underlined in full', () => {
    const dir = studyDir();
    writeSpec(
      dir,
      `version: 1
data:
  t: { source: d.csv }
models:
  main_model: { formula: "y ~ x" }
  main_model: { formula: "y ~ z" }
  "quoted key": { formula: "y ~ x" }
  "quoted key": { formula: "y ~ x" }
tables: { a b: { models: [main_model] }, a b: { models: [main_model] } }
`,
    );
    const r = cli(['check', 'spec.yaml'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain("spec.yaml:6:3: error SS102: duplicate key 'main_model'");
    expect(r.err).toContain("spec.yaml:8:3: error SS102: duplicate key 'quoted key'");
    expect(r.err).toContain("spec.yaml:9:42: error SS102: duplicate key 'a b'");
    expect(r.err).toContain('  |   ^^^^^^^^^^\n');
  });
});

describe('terminal control characters in echoed spec text', () => {
  // ESC (clear screen, set window title), BEL, CSI as a C1 character, a bidi override.
  const hostile = `version: 1
title: "Study\\e]0;pwned\\a"
data:
  t: { source: d.csv }
models:
  "m\\e[2J\\u009b31m\\u202e": { formula: "y ~ x", estimatorr: ols }
`;
  const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/;

  it('check (text and github) prints them as visible escapes', () => {
    const dir = studyDir();
    writeSpec(dir, hostile);
    const r = cli(['check', 'spec.yaml'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain("unknown key 'estimatorr' in model 'm\\x1b[2J\\x9b31m\\u202e'");
    expect(r.err).not.toMatch(raw);
    const g = cli(['check', '--format', 'github', 'spec.yaml'], dir);
    expect(g.out).toContain('m\\x1b[2J');
    expect(g.out).not.toMatch(raw);
    const j = cli(['check', '--format', 'json', 'spec.yaml'], dir);
    expect(j.out).not.toMatch(raw);
    expect((JSON.parse(j.out) as { message: string }[])[0]!.message).toContain('m\u001b[2J\u009b31m\u202e');
  });

  it('raw control bytes in the file are escaped in the code frame, with the caret still aligned', () => {
    const dir = studyDir();
    writeSpec(dir, `version: 1\ndata:\n  t: { source: d.csv }\nmodels:\n  n: { formula: "y ~ x + \u001b[31m" }\n`);
    const r = cli(['check', 'spec.yaml'], dir);
    expect(r.code).toBe(1);
    expect(r.err).not.toMatch(raw);
    const lines = r.err.split('\n');
    const src = lines.find((l) => l.startsWith('5 | '))!;
    const caret = lines[lines.indexOf(src) + 1]!;
    expect(src.slice(caret.indexOf('^'), caret.indexOf('^') + 4)).toBe('\\x1b');
  });

  it('plan prints the title escaped; a model name with control characters is refused (SS121), echoed escaped', () => {
    const dir = studyDir();
    writeSpec(dir, hostile.replace(', estimatorr: ols', ''));
    const refused = cli(['plan', 'spec.yaml'], dir);
    // Model names are file names of the reports: control characters are not allowed in them.
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('SS121');
    expect(refused.err).toContain('m\\x1b[2J');
    expect(refused.err).not.toMatch(raw);
    writeSpec(dir, hostile.replace(', estimatorr: ols', '').replace('"m\\e[2J\\u009b31m\\u202e"', 'm'));
    const r = cli(['plan', 'spec.yaml'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Study\\x1b]0;pwned\\x07');
    expect(r.out).not.toMatch(raw);
    const j = cli(['plan', '--json', 'spec.yaml'], dir);
    expect(j.out).not.toMatch(raw);
  });
});
