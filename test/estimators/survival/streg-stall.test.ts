/**
 * A fit that used to stall: seed 000's Table 5 exponential model at the large size (16,857 firms,
 * QUA, six controls and 29 industry dummies; data written by the study's own steps). Near the
 * optimum the Newton step's gain (~1e-10) was lost in the rounding of the log-likelihood sum, so
 * the line search halved every step to nothing and the fit stopped at 100 iterations (SS585)
 * with the decrement frozen at 1.8e-10. Subsets of the same rows converge either way, so the
 * whole sample is the fixture.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fitStreg } from '../../../src/estimators/survival/streg-fit.js';
import { stregPass } from '../../../src/estimators/survival/streg-likelihood.js';
import { invertSpdRelative, matvec } from '../../../src/linalg/dense.js';

function load() {
  const text = gunzipSync(readFileSync(join(__dirname, '../../fixtures/data/streg_stall_exponential.csv.gz'))).toString('utf8');
  const rows = text.trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
  const n = rows.length;
  // columns: t, event, x1..x7, g (industry 1..29, 0 = the base industry)
  const groups = Math.max(...rows.map((r) => r[9]!));
  const p = 1 + 7 + groups;
  const x = new Float64Array(n * p);
  const logT = new Float64Array(n);
  const event = new Uint8Array(n);
  rows.forEach((r, i) => {
    x[i * p] = 1;
    for (let j = 1; j <= 7; j++) x[i * p + j] = r[1 + j]!;
    if (r[9]! > 0) x[i * p + 7 + r[9]!] = 1;
    logT[i] = Math.log(r[0]!);
    event[i] = r[1]!;
  });
  return { n, p, x, logT, logT0: new Float64Array(n).fill(Number.NEGATIVE_INFINITY), event };
}

describe('exponential fit on 16,857 rows whose last Newton gains are below the log-likelihood noise', () => {
  const data = load();
  const names = Array.from({ length: data.p }, (_, j) => `x${j}`);
  it('converges in a few iterations to a point where the Newton decrement is at rounding level', () => {
    const fit = fitStreg(data, 'exponential', names, 0, 100);
    expect(fit.iterations).toBeLessThan(10);
    const pass = stregPass(data, fit.theta, 'exponential');
    const inv = invertSpdRelative(pass.info, data.p)!;
    const step = matvec(inv, pass.grad, data.p, data.p);
    const decrement = pass.grad.reduce((s, g, j) => s + g * step[j]!, 0);
    expect(decrement).toBeLessThan(1e-16);
    expect(fit.loglik).toBeCloseTo(-28815.9035325457, 8);
  });
});
