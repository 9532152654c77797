/**
 * Every estimator honours the vcov it is given or refuses it with the spec's position:
 * never a silently different variance. Also the data errors of nw/dk/conley/hc2 and weights.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runWithFiles } from '../e2e/harness.js';
import { periodIndex } from '../../src/run/inference.js';

const rows = ['id,year,y,x,z,s,lat,lon,w'];
for (let i = 1; i <= 6; i++) for (let t = 2000; t <= 2003; t++) {
  const x = ((i * 7 + t * 3) % 11) / 3;
  rows.push(`${i},${t},${(1 + 0.5 * x + ((i * t) % 5) / 4).toFixed(3)},${x.toFixed(4)},${((i + t) % 3) + 0.5},${(i + t) % 2},${40 + i / 10},${-90 - i / 7},${i % 3}`);
}
const csv = `${rows.join('\n')}\n`;

function failsWith(models: string, code: string, line: number, panel = true): string {
  const yaml = `version: 1\ndata:\n  d: { source: d.csv${panel ? ', panel: { id: id, time: year }' : ''} }\nmodels:\n${models}`;
  const r = runWithFiles(yaml, { 'd.csv': csv });
  expect(r.status, r.stderr).toBe(1);
  expect(r.stderr).toMatch(new RegExp(`spec\\.yaml:${line}:\\d+: error ${code}`));
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(existsSync(r.outDir)).toBe(false);
  return r.stderr;
}

describe('vcov refusals name the spec line (SS535)', () => {
  const cases: [string, string, string][] = [
    ['heckman', 'cluster(id)', '    selection: s ~ z + x\n'],
    ['heckman', 'hc1', '    selection: s ~ z + x\n'],
    ['probit', 'cluster(id, year, z)', ''],
    ['probit', 'hc2', ''],
    ['logit', 'nw(1)', ''],
    ['cloglog', 'dk(1)', ''],
    ['cox', 'cluster(id, year)', ''],
    ['re', 'hc2', ''],
    ['re', 'conley(100, lat = lat, lon = lon)', ''],
    ['mte', 'cluster(id)', '    selection: s ~ z + x\n'],
  ];
  for (const [est, vcov, extra] of cases) {
    it(`${est} with ${vcov}`, () => {
      const f = est === 'cox' ? 'Surv(y, s) ~ x' : est === 'probit' || est === 'logit' || est === 'cloglog' ? 's ~ x' : 'y ~ x';
      const err = failsWith(`  m:\n    estimator: ${est}\n    formula: "${f}"\n${extra}    vcov: "${vcov}"\n`, 'SS535', extra ? 9 : 8);
      expect(err).toContain(est);
    });
  }
  it('2SLS with nw(1): its first-stage tests have no such variance', () => {
    failsWith('  m:\n    formula: "y ~ z | x ~ s"\n    vcov: nw(1)\n', 'SS535', 7);
  });
});

describe('data a vcov needs', () => {
  it('nw/dk need a panel (SS537)', () => {
    failsWith('  m:\n    formula: y ~ x\n    vcov: dk(1)\n', 'SS537', 7, false);
  });
  it('hc2 with absorbed FE (SS542)', () => {
    failsWith('  m:\n    formula: y ~ x | id\n    vcov: hc3\n', 'SS542', 7);
  });
  it('conley latitude out of range (SS543)', () => {
    failsWith('  m:\n    formula: y ~ x\n    vcov: "conley(50, lat = lon, lon = lat)"\n', 'SS543', 7);
  });
  it('small: false outside IV (SS547)', () => {
    failsWith('  m:\n    formula: y ~ x\n    small: false\n', 'SS547', 7);
  });
  it('a cluster column that does not exist is a plan error on the vcov line', () => {
    const r = runWithFiles('version: 1\ndata:\n  d: { source: d.csv }\nmodels:\n  m:\n    formula: y ~ x\n    vcov: cluster(id^nope)\n', { 'd.csv': csv });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/spec\.yaml:7:\d+: error/);
    expect(r.stderr).toContain('nope');
  });
});

describe('weights', () => {
  it('an estimator that does not take weights refuses them on the weights line (SS536): xtreg, re and be take none', () => {
    expect(failsWith('  m:\n    estimator: re\n    formula: y ~ x\n    weights: w\n', 'SS536', 8)).toMatch(/re takes no weights/);
    failsWith('  m:\n    estimator: between\n    formula: y ~ x | id\n    weights: { column: w, kind: frequency }\n', 'SS536', 8);
  });
  it('analytic weights on probit under the stata profile are refused as Stata refuses aweights, naming the fixest meaning (SS573)', () => {
    const err = failsWith('  m:\n    estimator: probit\n    formula: s ~ x\n    weights: w\n', 'SS573', 8);
    expect(err).toMatch(/kind: probability/);
    expect(err).toMatch(/conventions: fixest/);
  });
  it('under conventions: fixest analytic weights on logit are taken (feglm prior weights)', () => {
    const r = runWithFiles('version: 1\ndata:\n  d: { source: d.csv }\nmodels:\n  m: { estimator: logit, conventions: fixest, formula: s ~ x, weights: z }\n', { 'd.csv': csv });
    expect(r.status, r.stderr).toBe(0);
    expect(r.results.models.m.nobs).toBe(24);
  });
  it('probability weights with the model-based variance are refused on the vcov line (SS574)', () => {
    failsWith('  m:\n    estimator: logit\n    formula: s ~ x\n    weights: { column: z, kind: probability }\n    vcov: iid\n', 'SS574', 9);
  });
  it('a negative weight (SS539)', () => {
    const r = runWithFiles('version: 1\ndata:\n  d: { source: d.csv }\nvariables:\n  neg: x - 10\nmodels:\n  m:\n    formula: y ~ z\n    weights: neg\n', { 'd.csv': csv });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/error SS539/);
  });
  it('non-integer frequency weights (SS540)', () => {
    const r = runWithFiles('version: 1\ndata:\n  d: { source: d.csv }\nmodels:\n  m:\n    formula: y ~ z\n    weights: { column: x, kind: frequency }\n', { 'd.csv': csv });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/error SS540/);
  });
  it('frequency weights with a kind that does not count copies (SS548)', () => {
    failsWith('  m:\n    formula: y ~ x\n    weights: { column: w, kind: frequency }\n    vcov: nw(1)\n', 'SS548', 8);
  });
  it('IV takes weights (every method); zero weights leave its sample too', () => {
    const r = runWithFiles(
      'version: 1\ndata:\n  d: { source: d.csv }\nmodels:\n' +
        '  a: { formula: "y ~ 1 | x ~ z + s", weights: w }\n  g: { formula: "y ~ 1 | x ~ z + s", weights: { column: w, kind: probability }, method: gmm }\n',
      { 'd.csv': csv },
    );
    expect(r.status, r.stderr).toBe(0);
    const zeros = rows.slice(1).filter((l) => l.endsWith(',0')).length;
    expect(r.results.models.a.nobs).toBe(24 - zeros);
    expect(r.results.models.a.extra.weights).toBe('analytic');
    expect(r.results.models.g.vcov).toBe('hc1');
  });
  it('frequency weights on IV with nw(1) (SS535: IV takes iid, hc1, cluster)', () => {
    failsWith('  m:\n    formula: y ~ 1 | x ~ z + s\n    weights: { column: w, kind: frequency }\n    vcov: nw(1)\n', 'SS535', 8);
  });
  it('zero weights leave the sample and are counted', () => {
    const r = runWithFiles('version: 1\ndata:\n  d: { source: d.csv }\nmodels:\n  m:\n    formula: y ~ x\n    weights: w\n', { 'd.csv': csv });
    expect(r.status, r.stderr).toBe(0);
    const zeros = rows.slice(1).filter((l) => l.endsWith(',0')).length;
    expect(r.results.models.m.nobs).toBe(24 - zeros);
    expect(r.results.models.m.dropped.zero_weight).toBe(zeros);
  });
});

describe('periodIndex', () => {
  const t = Float64Array.from([2001, 2003, 2004, 2001]);
  it('stata: calendar steps (a missing year breaks the lag chain)', () => {
    expect([...periodIndex(t, 'stata').period]).toEqual([0, 2, 3, 0]);
    expect(periodIndex(t, 'stata').nPeriods).toBe(4);
  });
  it('fixest: ranks of the distinct times', () => {
    expect([...periodIndex(t, 'fixest').period]).toEqual([0, 1, 2, 0]);
    expect(periodIndex(t, 'fixest').nPeriods).toBe(3);
  });
});
