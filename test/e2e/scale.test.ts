/**
 * The fixed-effect solvers through the CLI on a low-mobility worker–firm panel
 * (test/fixtures/data/hard_workers.csv from bench/gen-hard.mjs; 1,100 firms, so the dense direct
 * solve does not apply): the automatic choice is cg, recorded in results.json, and every
 * solver reproduces fixest feols (oracle/scale_hard_graph.R): coefficients ≤1e-8, SEs ≤1e-6.
 * Non-convergence and an unavailable requested solver are warnings at the model's position.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { close, expected, fixtureTests, runSpec, type FixtureCase } from './harness.js';

const f = 'y ~ x1 + x2 | worker + firm';
const yaml = `version: 1
data:
  hw: { source: hard_workers.csv, panel: { id: worker, time: year } }
models:
  auto: { conventions: fixest, vcov: cluster(worker), formula: "${f}" }
  cg: { conventions: fixest, vcov: cluster(worker), solver: cg, formula: "${f}" }
  direct: { conventions: fixest, vcov: cluster(worker), solver: direct, formula: "${f}" }
  capped: { conventions: fixest, vcov: cluster(worker), solver: cg, tol: 1e-30, maxIter: 1, formula: "${f}" }
`;

let run: ReturnType<typeof runSpec>;
const models = (): Record<string, any> => run.results.models;

beforeAll(() => {
  run = runSpec(yaml, ['hard_workers.csv']);
  if (run.status !== 0) throw new Error(`studyspec run failed (${run.status}):\n${run.stderr}`);
});

describe('FE solvers on a hard graph (fixest feols reference)', () => {
  for (const model of ['auto', 'cg', 'direct']) {
    describe(model, () => {
      const c: FixtureCase = { model, fixture: 'scale_hard_workers_cluster', block: 'coefficients', stats: { n_clusters: 'n_clusters', r2_within: 'r2_within' } };
      fixtureTests(c, models, it, expect);
    });
  }

  it('results.json records the solver that ran', () => {
    expect(models().auto.extra.demean).toMatchObject({ solver: 'cg', converged: true });
    expect(models().cg.extra.demean.solver).toBe('cg');
    // fixest's alternating projections took 1,480–1,920 iterations here; CG with the sparse-Cholesky preconditioner one or two.
    expect(models().auto.extra.demean.iterations).toBeLessThanOrEqual(2);
    expect(models().direct.extra.demean.solver).toBe('cg');
  });

  it('a requested solver that cannot run is a warning at the model (SS751)', () => {
    const line = yaml.split('\n').findIndex((l) => l.startsWith('  direct:')) + 1;
    expect(run.stderr).toMatch(new RegExp(`spec\\.yaml:${line}:\\d+: warning SS751`));
  });

  it('non-convergence is a warning at the model (SS750), and the fit is still reported', () => {
    const line = yaml.split('\n').findIndex((l) => l.startsWith('  capped:')) + 1;
    expect(run.stderr).toMatch(new RegExp(`spec\\.yaml:${line}:\\d+: warning SS750`));
    expect(models().capped.extra.demean).toMatchObject({ solver: 'cg', converged: false, iterations: 1 });
    const want = expected('scale_hard_workers_cluster').coefficients.x1.estimate;
    expect(close(models().capped.coefficients.x1.estimate, want, 1e-6)).toBe(true);
  });
});
