import { describe, expect, it } from 'vitest';
import { formatStat, getStat, lookup, lookupP, statKeys } from '../../src/stats/registry.js';
import { englishResults, makeResult, seedTable3Results } from '../render/fixtures.js';

describe('table statistics registry', () => {
  const en = englishResults();
  const seed = seedTable3Results();

  it('has the statistics the seeds print', () => {
    for (const k of ['nobs', 'r2', 'adj_r2', 'r2_within', 'f', 'chi2', 'chi2_p', 'loglik', 'pseudo_r2', 'ymean', 'ysd', 'n_groups', 'aic', 'bic', 'n_clusters', 'first_stage_f', 'kp_lm', 'kp_f', 'hansen_j', 'rho', 'lambda']) {
      expect(statKeys()).toContain(k);
    }
    expect(getStat('N')!.key).toBe('nobs');
    expect(getStat('ar2')!.key).toBe('adj_r2');
    expect(getStat('nope')).toBeUndefined();
    expect(getStat('ll')!.key).toBe('loglik');
  });

  it('ymean, ysd and n_groups read the table-side values the run stage adds to stats', () => {
    const r = makeResult({ id: 'm', coefs: { x: [1, 2] }, nobs: 10, stats: { ymean: 3.21649, ysd: 1.5, n_groups: 1234 } });
    expect(formatStat(getStat('ymean')!, r)).toBe('3.216');
    expect(formatStat(getStat('ysd')!, r)).toBe('1.500');
    expect(formatStat(getStat('n_groups')!, r)).toBe('1,234');
    expect(formatStat(getStat('ymean')!, makeResult({ id: 'n', coefs: { x: [1, 2] }, nobs: 10 }))).toBe('');
  });

  it('formats counts, decimals and p-values in brackets', () => {
    expect(formatStat(getStat('nobs')!, seed.get('res_fe')!)).toBe('62,306');
    expect(formatStat(getStat('adj_r2')!, seed.get('res_fe')!)).toBe('0.093');
    expect(formatStat(getStat('chi2')!, seed.get('rect')!)).toBe('220.90');
    expect(formatStat(getStat('chi2')!, seed.get('res_fe')!)).toBe(''); // null stat → empty
    expect(formatStat(getStat('kp_lm')!, en.get('iv')!)).toBe('19.82 [0.000]');
    expect(formatStat(getStat('n_clusters')!, en.get('iv')!)).toBe('48');
  });

  it('reads tests from stats, extra.tests and extra.first_stage', () => {
    const iv = en.get('iv')!;
    expect(lookup(iv, 'kp_f')).toBe(44.1);
    expect(lookupP(iv, 'kp_lm')).toBe(0.00005);
    expect(getStat('first_stage_f')!.get(iv)).toBe(45.3);
    const flat = makeResult({ id: 'f', coefs: {}, nobs: 10, stats: { hansen_j: 1.5, hansen_j_p: 0.47 } });
    expect(formatStat(getStat('hansen_j')!, flat)).toBe('1.50 [0.470]');
    const perEndog = makeResult({ id: 'p', coefs: {}, nobs: 10, extra: { first_stage: [{ f: 12.5 }, { f: 3 }] } });
    expect(getStat('first_stage_f')!.get(perEndog)).toBe(12.5);
  });

  it("never reports a model's own F as a first-stage F", () => {
    expect(getStat('first_stage_f')!.get(en.get('ols')!)).toBeNull();
  });

  it('computes AIC/BIC from the log likelihood and parameter count', () => {
    const r = seed.get('rect')!;
    const k = r.terms.length;
    expect(getStat('aic')!.get(r)).toBeCloseTo(-2 * -41234.56 + 2 * k, 10);
    expect(getStat('bic')!.get(r)).toBeCloseTo(-2 * -41234.56 + Math.log(r.nobs) * k, 10);
  });
});
