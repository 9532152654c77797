import { describe, expect, it } from 'vitest';
import { FILE_NAME_PATTERN, fileNameProblem } from '../../src/spec/names.js';

const schemaRule = new RegExp(FILE_NAME_PATTERN, 'u');

describe('names that become file names', () => {
  const ok = ['baseline', 'T2', 'table_1', 'iv-first', 'v1.2', '表1', 'Übersicht', 'x'.repeat(100), 'console', 'COM0', 'lpt10', 'nul_x'];
  const bad: [string, RegExp][] = [
    ['', /empty/],
    ['../x', /separator/],
    ['a/b', /separator/],
    ['a\\b', /separator/],
    ['a..b', /'\.\.'/],
    ['..', /'\.\.'/],
    ['.hidden', /starts with '\.'/],
    ['tab\tname', /control/],
    ['nul\u0000', /control/],
    ['with space', /' '/],
    ['a:b', /':'/],
    ['x'.repeat(101), /longer than 100/],
    ['CON', /device/],
    ['con.tex', /device/],
    ['Lpt9', /device/],
    ['com1.md', /device/],
  ];
  it.each(ok)('%j is accepted by the code and the schema pattern', (n) => {
    expect(fileNameProblem(n)).toBeUndefined();
    expect(schemaRule.test(n)).toBe(true);
  });
  it.each(bad)('%j is refused (%s), by the schema pattern too', (n, why) => {
    expect(fileNameProblem(n)).toMatch(why);
    // The schema caps the length with maxLength, not the pattern.
    if (n.length <= 100) expect(schemaRule.test(n)).toBe(false);
  });
});
