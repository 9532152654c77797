/**
 * Bad data found only at run time: a clear message with the spec position and the offending
 * line, exit code 1, no stack trace, and no results folder left behind.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runWithFiles } from '../e2e/harness.js';

const csv = 'id,year,y,x,z\n1,2000,1.5,2,4\n1,2001,2.5,3,6\n2,2000,1.0,1,2\n2,2001,3.0,x7,8\n3,2000,2.0,5,10\n3,2001,4.0,6,12\n';

function failsWith(yaml: string, code: string, line: number) {
  const r = runWithFiles(yaml, { 'd.csv': csv });
  expect(r.status, r.stderr).toBe(1);
  expect(r.stderr).toMatch(new RegExp(`spec\\.yaml:${line}:\\d+: error ${code}`));
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(existsSync(r.outDir)).toBe(false);
  return r.stderr;
}

describe('run-time data errors', () => {
  it('an all-missing variable names itself (SS813)', () => {
    const err = failsWith('version: 1\ndata:\n  d: { source: d.csv }\nvariables:\n  allna: ifelse(y > 100, y, NA)\nmodels:\n  m:\n    formula: y ~ allna + z\n', 'SS813', 8);
    expect(err).toContain('allna 6');
  });
  it('a numeric column with a stray text cell used as a regressor (SS520)', () => {
    const err = failsWith('version: 1\ndata:\n  d: { source: d.csv }\nmodels:\n  m:\n    formula: y ~ x + z\n', 'SS520', 6);
    expect(err).toContain("'x7'");
  });
  it('a declared numeric column with a text cell is reported with its row (SS406)', () => {
    const err = failsWith('version: 1\ndata:\n  d: { source: d.csv, types: { x: number } }\nmodels:\n  m:\n    formula: y ~ z\n', 'SS406', 3);
    expect(err).toContain('row 4');
  });
  it('a singular design: more parameters than observations (SS505)', () => {
    failsWith('version: 1\ndata:\n  d: { source: d.csv, types: { x: string } }\nmodels:\n  m:\n    formula: y ~ z | id + year\n    vcov: cluster(id)\n  n:\n    formula: y ~ z + i(x) | id\n', 'SS505', 9);
  });
});
