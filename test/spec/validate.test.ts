import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/spec/load.js';
import { createValidator, validateSpec, pointerToPath } from '../../src/spec/validate.js';

const validator = createValidator();
const check = (src: string) => validateSpec(loadSpec(src, 's.yaml'), validator);
const brief = (src: string) => check(src).map((d) => `${d.code} ${d.pos?.line}:${d.pos?.col}`);

const base = 'version: 1\ndata:\n  firms: { source: f.csv }\n';

describe('validateSpec', () => {
  it('accepts a valid spec', () => {
    expect(check(`${base}models:\n  m:\n    formula: y ~ x\n    vcov: cluster(firm)\n`)).toEqual([]);
  });

  it('reports an unknown key at the key, with did-you-mean', () => {
    const ds = check(`${base}models:\n  m:\n    formla: y ~ x\n`);
    expect(ds.map((d) => `${d.code} ${d.pos?.line}:${d.pos?.col}`)).toEqual(['SS104 6:5']);
    expect(ds[0]!.path).toEqual(['models', 'm', 'formla']);
    expect(ds[0]!.notes?.[0]).toContain("'formula'");
  });

  it('reports a bad enum value at the value, with did-you-mean', () => {
    const ds = check(`${base}models:\n  m:\n    formula: y ~ x\n    estimator: coxx\n`);
    expect(ds.map((d) => `${d.code} ${d.pos?.line}:${d.pos?.col}`)).toEqual(['SS105 7:16']);
    expect(ds[0]!.notes?.join(' ')).toContain("'cox'");
  });

  it('collapses anyOf noise to the fitting branch: one error for a bad format', () => {
    expect(brief(`${base}tables:\n  t:\n    models: [m]\n    format: [latex, pdf]\n`)).toEqual(['SS105 7:21']);
  });

  it('one type error when no anyOf branch fits', () => {
    expect(brief(`${base}tables:\n  t:\n    models: [m]\n    notes: 3\n`)).toEqual(['SS106 7:12']);
  });

  it('reports a missing required key and a wrong root', () => {
    expect(brief('version: 1\n')).toEqual(['SS107 1:1']);
    expect(check('- a\n- b\n')[0]!.code).toBe('SS109');
  });

  it('reports every problem of a file, in source order', () => {
    const src = `${base}models:\n  m:\n    estimator: olss\n    formula: y ~ x\n    vcov: 3\n    nope: 1\n`;
    expect(brief(src)).toEqual(['SS105 6:16', 'SS106 8:11', 'SS104 9:5']);
  });

  it('rejects a version other than 1', () => {
    expect(brief('version: 2\ndata:\n  a: { source: a.csv }\n')).toEqual(['SS119 1:10']);
  });

  it('maps JSON pointers to paths with array indices as numbers', () => {
    expect(pointerToPath('/tables/t~1x/models/1', { tables: { 't/x': { models: ['a', 'b'] } } })).toEqual([
      'tables',
      't/x',
      'models',
      1,
    ]);
  });
});
