/**
 * Placebo / permutation draws. The reference R draws (nl_permutation_{simple,controls}_mroz)
 * depend on R's RNG, so our own 1000 draws are compared with the fixture's bands: the exact
 * permutation moments where given (mean 0, sd² = Syy/((n−1)Sxx)), else the two-sample bands.
 */
import { describe, expect, it } from 'vitest';
import { runPlacebo, summarise } from '../../../src/estimators/resampling/placebo.js';
import { drawRng, permutationPlan, permuteInto } from '../../../src/estimators/resampling/placebo-permute.js';
import { genericPlaceboRefit, linearPlaceboRefit } from '../../../src/estimators/resampling/placebo-refit.js';
import { fitBinaryModel } from '../../../src/estimators/binary/binary.js';
import { isStudyError } from '../../../src/diagnostics/diagnostic.js';
import { fitInput, makeDesign, readCsv, readExpected, rel } from '../../helpers/estimator-fixture.js';

const csv = readCsv('data/nl_mroz.csv');
const inlf = csv.num('inlf');
const B = 1000;

const sorted = (a: ArrayLike<number>): number[] => Array.from(a).sort((x, y) => x - y);

describe('seeded permutations', () => {
  const values = Float64Array.from({ length: 40 }, (_, i) => i * 1.5);
  it('are permutations, deterministic in (seed, draw), and differ across draws and seeds', () => {
    const plan = permutationPlan(40);
    const a = new Float64Array(40);
    const b = new Float64Array(40);
    permuteInto(plan, values, a, 7, 3);
    permuteInto(plan, values, b, 7, 3);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(sorted(a)).toEqual(sorted(values));
    permuteInto(plan, values, b, 7, 4);
    expect(Array.from(a)).not.toEqual(Array.from(b));
    permuteInto(plan, values, b, 8, 3);
    expect(Array.from(a)).not.toEqual(Array.from(b));
  });
  it('bounded integers are uniform (chi-square over 6 cells, 60k draws)', () => {
    const rng = drawRng(1, 0);
    const cells = new Array<number>(6).fill(0);
    for (let i = 0; i < 60_000; i++) cells[rng.below(6)]!++;
    const chi2 = cells.reduce((s, c) => s + (c - 10_000) ** 2 / 10_000, 0);
    expect(chi2).toBeLessThan(20.5); // χ²(5) 0.999 quantile
  });
  it('within: values never leave their group', () => {
    const within = Int32Array.from({ length: 40 }, (_, i) => i % 3);
    const plan = permutationPlan(40, within);
    const out = new Float64Array(40);
    for (let d = 0; d < 20; d++) {
      permuteInto(plan, values, out, 11, d);
      for (let i = 0; i < 40; i++) expect((out[i]! / 1.5) % 3).toBe(i % 3);
    }
  });
  it('units: a unit receives another unit’s whole path, in order, among equal-length units', () => {
    // 6 units × 3 periods and 2 units × 2 periods (unbalanced), rows interleaved.
    const units: number[] = [];
    for (let t = 0; t < 3; t++) for (let u = 0; u < 8; u++) if (u < 6 || t < 2) units.push(u);
    const codes = Int32Array.from(units);
    const vals = Float64Array.from(units, (u, i) => u * 100 + Math.floor(i / 8));
    const plan = permutationPlan(codes.length, undefined, codes);
    const out = new Float64Array(codes.length);
    permuteInto(plan, vals, out, 5, 0);
    const paths = new Map<number, number[]>();
    units.forEach((u, i) => paths.set(u, [...(paths.get(u) ?? []), out[i]!]));
    const donors = new Set<number>();
    for (const [u, p] of paths) {
      const donor = Math.floor(p[0]! / 100);
      donors.add(donor);
      expect(p).toEqual(p.map((_, t) => donor * 100 + t));
      expect(donor < 6).toBe(u < 6);
    }
    expect(donors.size).toBe(8);
  });
});

describe.each([
  { name: 'nl_permutation_simple_mroz', xs: ['educ'], seed: 20240601 },
  { name: 'nl_permutation_controls_mroz', xs: ['educ', 'exper', 'expersq'], seed: 20240602 },
])('$name', (tc) => {
  const exp = readExpected(tc.name);
  const design = makeDesign(csv, 'lwage', tc.xs, { filter: (i) => inlf[i] === 1 });
  const refit = linearPlaceboRefit(design, { vcov: 'iid', conventions: 'stata' }, 'educ');
  const observed = refit(design.X[0]!);

  it('observed coefficient equals the fixture OLS slope', () => {
    expect(design.n).toBe(exp.nobs);
    expect(rel(observed, exp.permutation.observed)).toBeLessThan(1e-8);
  });

  it('1000 draws: moments inside the fixture bands, p-value by the |draw| >= |observed| rule', async () => {
    const res = await runPlacebo({ observed, draws: B, seed: tc.seed, permute: design.X[0]!, refit });
    const p = exp.permutation;
    expect(res.draws.length).toBe(B);
    expect(res.failed).toBe(0);
    if (p.exact_sd !== undefined) {
      expect(res.mean).toBeGreaterThan(p.band_mean_exact[0]);
      expect(res.mean).toBeLessThan(p.band_mean_exact[1]);
      const w = 4 / Math.sqrt(2 * (B - 1));
      expect(res.sd).toBeGreaterThan(p.exact_sd * (1 - w));
      expect(res.sd).toBeLessThan(p.exact_sd * (1 + w));
    }
    expect(res.mean).toBeGreaterThan(p.band_mean_two_sample[0]);
    expect(res.mean).toBeLessThan(p.band_mean_two_sample[1]);
    expect(res.sd).toBeGreaterThan(p.band_sd_two_sample[0]);
    expect(res.sd).toBeLessThan(p.band_sd_two_sample[1]);
    expect(res.p_value).toBe(p.p_two_sided);
    expect(res.p_value_plus1).toBeCloseTo(1 / (B + 1), 15);
  });
});

describe('runPlacebo', () => {
  const design = makeDesign(csv, 'lwage', ['educ', 'exper', 'expersq'], { filter: (i) => inlf[i] === 1 });
  const options = { vcov: 'iid', conventions: 'stata' } as const;
  const refit = linearPlaceboRefit(design, options, 'educ');

  it('worker threads give bit-identical draws to the in-thread batched run, with progress callbacks', async () => {
    const linear = { design, options, focal: 'educ' };
    const one = await runPlacebo({ observed: 0.1, draws: 61, seed: 3, permute: design.X[0]!, refit, linear });
    const seen: number[] = [];
    const two = await runPlacebo({
      observed: 0.1,
      draws: 61,
      seed: 3,
      permute: design.X[0]!,
      refit,
      workers: 2,
      linear,
      onProgress: (done, total) => {
        expect(total).toBe(61);
        seen.push(done);
      },
    });
    expect(two.fallback).toBeUndefined();
    expect(two.threads).toBe(2);
    expect(one.threads).toBe(1);
    expect(Array.from(two.draws)).toEqual(Array.from(one.draws));
    expect(seen.at(-1)).toBe(61);
    // The batched FWL path agrees with the one-column-per-draw refit (different demeaning batches).
    const single = await runPlacebo({ observed: 0.1, draws: 61, seed: 3, permute: design.X[0]!, refit });
    single.draws.forEach((v, b) => expect(rel(one.draws[b]!, v)).toBeLessThan(1e-10));
  });

  it('batched FWL on a two-way FE design equals the per-draw refit and keeps batch alignment', async () => {
    const n = 2000;
    const fe = [
      { name: 'g', codes: Int32Array.from({ length: n }, (_, i) => i % 150), nlevels: 150 },
      { name: 't', codes: Int32Array.from({ length: n }, (_, i) => (i * 7) % 13), nlevels: 13 },
    ];
    const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.61) + (i % 150) * 0.01);
    const c = Float64Array.from({ length: n }, (_, i) => Math.cos(i * 0.23));
    const y = Float64Array.from({ length: n }, (_, i) => 0.4 * x[i]! + 0.2 * c[i]! + Math.sin(i * 2.1) + (i % 150) * 0.05);
    const d = { ...design, n, y, X: [x, c], names: ['x', 'c'], intercept: false, fe, clusters: [], rows: Int32Array.from({ length: n }, (_, i) => i) };
    const opt = { vcov: 'iid', conventions: 'stata', tol: 1e-12 } as const;
    const per = linearPlaceboRefit(d, opt, 'x');
    const a = await runPlacebo({ observed: 0.4, draws: 20, seed: 5, permute: x, refit: per });
    const b = await runPlacebo({ observed: 0.4, draws: 20, seed: 5, permute: x, refit: per, linear: { design: d, options: opt, focal: 'x' } });
    a.draws.forEach((v, i) => expect(rel(b.draws[i]!, v)).toBeLessThan(1e-7));
    expect(rel(per(x), 0.4)).toBeLessThan(0.2);
  });

  it('p-value rule: ties count, NaN draws are excluded and counted as failed', () => {
    const s = summarise(Float64Array.of(1, -2, 0.5, Number.NaN, -1), 1);
    expect(s.p_value).toBe(3 / 4);
    expect(s.failed).toBe(1);
    expect(s.p_value_plus1).toBe(4 / 5);
    expect(s.mean).toBeCloseTo(-0.375, 15);
  });

  it('generic refit through any estimator (probit) is deterministic', async () => {
    const d = makeDesign(csv, 'inlf', ['educ', 'age']);
    const input = fitInput(d);
    const r = genericPlaceboRefit((i) => fitBinaryModel(i, 'probit'), input, 'educ');
    const a = await runPlacebo({ observed: 0.1, draws: 5, seed: 1, permute: d.X[0]!, refit: r });
    const b = await runPlacebo({ observed: 0.1, draws: 5, seed: 1, permute: d.X[0]!, refit: r });
    expect(Array.from(a.draws)).toEqual(Array.from(b.draws));
    expect(a.failed).toBe(0);
  });

  it('bad arguments are SS570', async () => {
    await expect(runPlacebo({ observed: 0, draws: 0, seed: 1, permute: new Float64Array(3), refit: () => 0 })).rejects.toSatisfy(
      (e: unknown) => isStudyError(e) && e.diagnostics[0]!.code === 'SS570',
    );
  });
});
