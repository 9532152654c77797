/**
 * Bad margins requests through the CLI: `check` names the spec's line and column and
 * suggests the variable meant; `run` refuses margins it cannot compute honestly (exit 1,
 * no stack trace, nothing half-written).
 */
import { copyFileSync, mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, fixturesDir } from '../e2e/harness.js';

function study(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'studyspec-margins-'));
  copyFileSync(join(fixturesDir, 'data', 'nl_mroz.csv'), join(dir, 'nl_mroz.csv'));
  writeFileSync(join(dir, 'spec.yaml'), yaml);
  return dir;
}

const head = `version: 1
data:
  mroz: { source: nl_mroz.csv }
models:
`;

describe('margins: check', () => {
  it('a dydx name that is not a regressor: SS721 at its line and column, with a suggestion', () => {
    const dir = study(`${head}  a: { estimator: logit, formula: "inlf ~ educ + exper", margins: { dydx: [exper, edcu] } }\n`);
    const r = cli(['check', join(dir, 'spec.yaml')], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/spec\.yaml:5:83: error SS721: margins: dydx names 'edcu'/);
    expect(r.stderr).toContain("did you mean 'educ'?");
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('an estimator without margins, and a nonlinear model with absorbed fixed effects', () => {
    const dir = study(`${head}  a: { estimator: heckman, formula: "lwage ~ educ", selection: "inlf ~ educ + age", margins: {} }\n  b: { estimator: cloglog, formula: "inlf ~ educ | city", margins: {} }\n`);
    const r = cli(['check', join(dir, 'spec.yaml')], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/spec\.yaml:5:\d+: error SS720: margins: estimator 'heckman'/);
    expect(r.stderr).toMatch(/spec\.yaml:6:\d+: error SS723:/);
  });

  it('a model whose regressors give nothing to differentiate: SS722', () => {
    const dir = study(`${head}  a: { formula: "inlf ~ 1", margins: {} }\n`);
    const r = cli(['check', join(dir, 'spec.yaml')], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/spec\.yaml:5:\d+: error SS722:/);
  });
});

describe('margins: run', () => {
  it('refuses margins after a binary model dropped perfectly predicted rows (SS729), writing no results', () => {
    const dir = study(`${head}  a: { estimator: probit, formula: "inlf ~ educ + i(kidslt6)", margins: {} }\n`);
    const r = cli(['run', join(dir, 'spec.yaml'), '--out', join(dir, 'out')], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/spec\.yaml:5:\d+: error SS729: margins: model 'a' dropped 3 estimation rows/);
    expect(existsSync(join(dir, 'out', 'results.json'))).toBe(false);
  });
});
