import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { codeFrame, displayWidth, formatDiagnostic, formatDiagnostics, formatGithub } from '../../src/diagnostics/format.js';

const src = 'version: 1\nmodels:\n  m:\n    estimator: olss\n';
const d: Diagnostic = {
  code: 'SS105',
  severity: 'error',
  message: "'olss' is not a valid 'estimator' of model 'm'",
  pos: { file: 's.yaml', line: 4, col: 16, length: 4 },
  notes: ["did you mean 'ols'?"],
};

describe('formatDiagnostic', () => {
  it('header, source line, caret under the span, notes', () => {
    expect(formatDiagnostic(d, src)).toBe(
      [
        "s.yaml:4:16: error SS105: 'olss' is not a valid 'estimator' of model 'm'",
        '  |',
        '4 |     estimator: olss',
        '  |                ^^^^',
        "  = did you mean 'ols'?",
      ].join('\n'),
    );
  });

  it('without a position: the message only', () => {
    expect(formatDiagnostic({ code: 'SS999', severity: 'error', message: 'boom' })).toBe('error SS999: boom');
  });

  it('wide characters before the span shift the caret by two columns each', () => {
    const frame = codeFrame('  t: { 抵御力: [x, yy] }\n', 1, 17, 2);
    expect(frame[2]).toBe(`  | ${' '.repeat(19)}^^`);
    expect(displayWidth('抵御力a')).toBe(7);
  });
});

describe('formatGithub', () => {
  it('escapes newlines and commas, gives line, col and end column', () => {
    expect(formatGithub(d)).toBe(
      "::error file=s.yaml,line=4,col=16,endColumn=20,title=SS105::SS105: 'olss' is not a valid 'estimator' of model 'm'%0Adid you mean 'ols'?",
    );
    expect(formatGithub({ ...d, severity: 'warning', pos: { file: 'a,b:c.yaml', line: 1, col: 1 } })).toMatch(
      /^::warning file=a%2Cb%3Ac\.yaml,line=1,col=1,title=SS105::/,
    );
  });
});

describe('formatDiagnostics', () => {
  it('json is the diagnostics array', () => {
    expect(JSON.parse(formatDiagnostics([d], 'json'))).toEqual([d]);
  });
});
