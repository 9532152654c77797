// Properties of LIML (kclass.ts) and two-step GMM (gmm.ts) that hold whatever the data:
// κ = 1 and LIML = 2SLS when exactly identified, κ ≥ 1 otherwise and the k-class family
// passing through OLS (κ = 0) and 2SLS (κ = 1); GMM under iid = 2SLS with J = Sargan,
// exactly identified GMM = 2SLS with J = 0, and GMM invariant to an invertible recombination
// of the instruments. Values against R and Stata are checked through the CLI
// (test/e2e/iv-methods.test.ts, test/e2e/iv-stata.test.ts).
import { describe, expect, it } from 'vitest';
import { kClass, limlKappa } from '../../../src/estimators/linear/kclass.js';
import { overidTests, twoStepGmm } from '../../../src/estimators/linear/gmm.js';
import { choleskySkip, cholSolve } from '../../../src/linalg/dense.js';
import { crossprod, crossprodVec } from '../../../src/linalg/kernels.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

/** n rows: exogenous x, excluded instruments z1..zq, endogenous d (loads on z and on the error), y. */
function data(n: number, q: number, seed: number) {
  const r = lcg(seed);
  const x = Float64Array.from({ length: n }, r);
  const Z = Array.from({ length: q }, () => Float64Array.from({ length: n }, r));
  const e = Float64Array.from({ length: n }, () => r() * (1 + Math.abs(x[0]!)));
  const d = Float64Array.from({ length: n }, (_, i) => Z.reduce((s, z, l) => s + (0.6 - 0.2 * l) * z[i]!, 0) + 0.5 * e[i]! + 0.3 * r());
  const y = Float64Array.from({ length: n }, (_, i) => 1 + 0.8 * d[i]! - 0.5 * x[i]! + e[i]! * (1 + Math.abs(x[i]!)));
  const ones = new Float64Array(n).fill(1);
  return { y, X: [d, x, ones], Zall: [x, ones, ...Z] };
}

const chol = (cols: readonly Float64Array[]) => choleskySkip(crossprod(cols), cols.length, 1e-12).L;
const ols = (X: readonly Float64Array[], y: Float64Array) => cholSolve(chol(X), X.length, crossprodVec(X, y));
const rel = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]!) / Math.max(Math.abs(b[i]!), 1e-12)));

function tsls(X: Float64Array[], Z: Float64Array[], y: Float64Array) {
  const Lz = chol(Z);
  const Xh = X.map((c) => {
    const pi = cholSolve(Lz, Z.length, crossprodVec(Z, c));
    return Float64Array.from(c, (_, i) => Z.reduce((s, z, l) => s + pi[l]! * z[i]!, 0));
  });
  const b = cholSolve(chol(Xh), X.length, crossprodVec(Xh, y));
  return { b, u: Float64Array.from(y, (v, i) => v - X.reduce((s, c, j) => s + b[j]! * c[i]!, 0)) };
}

describe('LIML as a k-class estimator', () => {
  it('exactly identified: κ = 1 and LIML = 2SLS', () => {
    const { y, X, Zall } = data(300, 1, 7);
    const kappa = limlKappa(y, [X[0]!], Zall, chol(Zall), [X[1]!, X[2]!])!;
    expect(Math.abs(kappa - 1)).toBeLessThan(1e-12);
    const fit = kClass(X, 1, y, Zall, chol(Zall), kappa)!;
    expect(rel(fit.b, tsls(X, Zall, y).b)).toBeLessThan(1e-9);
  });
  it('over-identified: κ > 1; κ = 0 gives OLS and κ = 1 gives 2SLS', () => {
    const { y, X, Zall } = data(300, 3, 11);
    const Lz = chol(Zall);
    expect(limlKappa(y, [X[0]!], Zall, Lz, [X[1]!, X[2]!])!).toBeGreaterThan(1);
    expect(rel(kClass(X, 1, y, Zall, Lz, 0)!.b, ols(X, y))).toBeLessThan(1e-9);
    expect(rel(kClass(X, 1, y, Zall, Lz, 1)!.b, tsls(X, Zall, y).b)).toBeLessThan(1e-9);
  });
  it('κ does not depend on the scale of the outcome', () => {
    const { y, X, Zall } = data(200, 3, 5);
    const Lz = chol(Zall);
    const k1 = limlKappa(y, [X[0]!], Zall, Lz, [X[1]!, X[2]!])!;
    const k2 = limlKappa(y.map((v) => 10 * v), [X[0]!], Zall, Lz, [X[1]!, X[2]!])!;
    expect(Math.abs(k1 - k2) / k1).toBeLessThan(1e-12);
  });
});

describe('two-step efficient GMM', () => {
  it('iid weighting: b = 2SLS and J = Sargan', () => {
    const { y, X, Zall } = data(250, 3, 3);
    const t = tsls(X, Zall, y);
    const g = twoStepGmm({ kind: 'iid', Z: Zall, X, y, u: t.u, clusters: [] }, 250)!;
    expect(rel(g.b, t.b)).toBeLessThan(1e-9);
    const tests = overidTests({ kind: 'iid', Z: Zall, X, y, u: t.u, clusters: [], n: 250, q: 3, p: 1 }) as { sargan: { chi2: number } };
    expect(Math.abs(g.j - tests.sargan.chi2) / tests.sargan.chi2).toBeLessThan(1e-9);
  });
  it('exactly identified robust GMM = 2SLS, J = 0, and no overidentification test', () => {
    const { y, X, Zall } = data(250, 1, 9);
    const t = tsls(X, Zall, y);
    const g = twoStepGmm({ kind: 'hc1', Z: Zall, X, y, u: t.u, clusters: [] }, 250)!;
    expect(rel(g.b, t.b)).toBeLessThan(1e-9);
    expect(Math.abs(g.j)).toBeLessThan(1e-12);
    expect(overidTests({ kind: 'hc1', Z: Zall, X, y, u: t.u, clusters: [], n: 250, q: 1, p: 1 })).toEqual({});
  });
  it('robust GMM is invariant to an invertible recombination of the instruments; J ≥ 0 and equals the robust 2SLS J', () => {
    const { y, X, Zall } = data(400, 3, 21);
    const t = tsls(X, Zall, y);
    const g = twoStepGmm({ kind: 'hc1', Z: Zall, X, y, u: t.u, clusters: [] }, 400)!;
    const [a, b, c, d, e] = Zall as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    const Z2 = [a, b, c.map((v, i) => v + 2 * d[i]!), d.map((v, i) => v - e[i]!), e.map((v, i) => 3 * v + a[i]!)];
    const g2 = twoStepGmm({ kind: 'hc1', Z: Z2, X, y, u: tsls(X, Z2, y).u, clusters: [] }, 400)!;
    expect(rel(g2.b, g.b)).toBeLessThan(1e-9);
    expect(Math.abs(g2.j - g.j) / g.j).toBeLessThan(1e-8);
    expect(g.j).toBeGreaterThan(0);
    const tests = overidTests({ kind: 'hc1', Z: Zall, X, y, u: t.u, clusters: [], n: 400, q: 3, p: 1 }) as { hansen_j: { chi2: number; df: number } };
    expect(tests.hansen_j.chi2).toBe(g.j);
    expect(tests.hansen_j.df).toBe(2);
  });
});
