/**
 * Counting-process data Surv(start, stop, event): no R fixture covers it, so the tests use
 * identities that must hold exactly:
 *  - episode splitting: cutting every subject's follow-up at a time c into (0, c] and
 *    (c, t] with unchanged covariates leaves the likelihood, the coefficients and the
 *    model-based variance unchanged, and the robust variance clustered by subject equals
 *    the robust variance by observation of the unsplit data;
 *  - delayed entry: the fitted Cox coefficients zero the score of a brute-force O(n²)
 *    partial likelihood whose risk sets are {start < t ≤ stop}.
 */
import { describe, expect, it } from 'vitest';
import { fitCoxModel } from '../../../src/estimators/survival/cox.js';
import { fitStregModel } from '../../../src/estimators/survival/streg.js';
import type { Design, Grouping } from '../../../src/design/types.js';
import type { FitOptions } from '../../../src/estimators/registry.js';
import type { SurvivalResult } from '../../../src/estimators/result.js';
import { Reporter } from '../../../src/diagnostics/diagnostic.js';
import { relErr, survDesign } from '../../helpers/survival-fixture.js';

const TOL = 1e-8;

function split(d: Design, cut: number): Design {
  const s = d.surv!;
  const idx: number[] = [];
  const start: number[] = [];
  const stop: number[] = [];
  const event: number[] = [];
  for (let i = 0; i < d.n; i++) {
    const t0 = s.start ? s.start[i]! : 0;
    const t = s.time[i]!;
    if (t0 < cut && cut < t) {
      idx.push(i, i);
      start.push(t0, cut);
      stop.push(cut, t);
      event.push(0, s.event[i]!);
    } else {
      idx.push(i);
      start.push(t0);
      stop.push(t);
      event.push(s.event[i]!);
    }
  }
  const pick = (a: Float64Array): Float64Array => Float64Array.from(idx, (i) => a[i]!);
  const pickG = (g: Grouping): Grouping => ({ ...g, codes: Int32Array.from(idx, (i) => g.codes[i]!) });
  const time = Float64Array.from(stop);
  const subject: Grouping = { name: 'id', codes: Int32Array.from(idx), nlevels: d.n };
  return {
    ...d,
    n: idx.length,
    y: time,
    X: d.X.map(pick),
    surv: { time, event: Float64Array.from(event), start: Float64Array.from(start) },
    ...(d.strata ? { strata: pickG(d.strata) } : {}),
    clusters: [subject],
    rows: Int32Array.from(idx),
  };
}

const opts = (o: Partial<FitOptions>): FitOptions => ({ vcov: 'iid', conventions: 'stata', ...o });
const cox = (design: Design, o: Partial<FitOptions>): SurvivalResult =>
  fitCoxModel({ id: 'm', formula: '', design, options: opts(o), reporter: new Reporter() });

const lung = survDesign({ csv: 'nl_lung.csv', time: 'time', event: 'dead', covariates: ['age', 'sex', 'ph_ecog'] });

describe.each(['breslow', 'efron'] as const)('Cox episode splitting (%s)', (ties) => {
  const whole = cox(lung, { ties });
  const pieces = split(lung, 200);
  const parts = cox({ ...pieces, clusters: [] }, { ties });
  const wholeRobust = cox(lung, { ties, vcov: 'hc1' });
  const partsRobust = cox(pieces, { ties, vcov: 'cluster' });

  it('really splits rows', () => {
    expect(pieces.n).toBeGreaterThan(lung.n + 50);
  });
  it('same loglik', () => {
    expect(relErr(parts.stats.loglik!, whole.stats.loglik!)).toBeLessThan(TOL);
  });
  for (const t of lung.names) {
    it(`same coefficient ${t}`, () => {
      expect(relErr(parts.coefficients[t]!.estimate, whole.coefficients[t]!.estimate)).toBeLessThan(TOL);
    });
    it(`same model-based SE ${t}`, () => {
      expect(relErr(parts.coefficients[t]!.se, whole.coefficients[t]!.se)).toBeLessThan(TOL);
    });
    it(`robust SE clustered by subject = robust SE by observation unsplit ${t}`, () => {
      expect(relErr(partsRobust.coefficients[t]!.se, wholeRobust.coefficients[t]!.se)).toBeLessThan(1e-7);
    });
  }
  it('same concordance (risk sets are unchanged by splitting)', () => {
    expect(relErr(parts.stats.concordance!, whole.stats.concordance!)).toBeLessThan(1e-12);
  });
  it('flags the counting-process layout', () => {
    expect(parts.extra!.counting_process).toBe(true);
    expect(whole.extra!.counting_process).toBe(false);
  });
});

describe('Cox episode splitting with strata', () => {
  const strat = survDesign({ csv: 'nl_lung.csv', time: 'time', event: 'dead', covariates: ['age', 'ph_ecog'], strata: 'sex' });
  const whole = cox(strat, { ties: 'efron' });
  const parts = cox({ ...split(strat, 300), clusters: [] }, { ties: 'efron' });
  it('same coefficients', () => {
    for (const t of strat.names)
      expect(relErr(parts.coefficients[t]!.estimate, whole.coefficients[t]!.estimate)).toBeLessThan(TOL);
  });
});

/** Brute-force log partial likelihood with risk sets {start < t ≤ stop}. */
function naiveLoglik(d: Design, beta: readonly number[], ties: 'breslow' | 'efron'): number {
  const s = d.surv!;
  const eta = (i: number): number => d.X.reduce((acc, c, j) => acc + beta[j]! * c[i]!, 0);
  const times = [...new Set([...s.time].filter((_, i) => s.event[i] === 1))];
  let ll = 0;
  for (const t of times) {
    let denom = 0;
    let tied = 0;
    const deaths: number[] = [];
    for (let i = 0; i < d.n; i++) {
      if (s.start![i]! < t && t <= s.time[i]!) denom += Math.exp(eta(i));
      if (s.time[i] === t && s.event[i] === 1) {
        deaths.push(i);
        tied += Math.exp(eta(i));
      }
    }
    deaths.forEach((i, m) => {
      ll += eta(i) - Math.log(ties === 'efron' ? denom - (m / deaths.length) * tied : denom);
    });
  }
  return ll;
}

describe.each(['breslow', 'efron'] as const)('Cox delayed entry vs brute force (%s)', (ties) => {
  // Deterministic late entries: subject i enters at a fraction of its exit time.
  const start = Float64Array.from(lung.surv!.time, (t, i) => Math.floor(t * ((i * 37) % 10) / 20));
  const late: Design = { ...lung, surv: { ...lung.surv!, start } };
  const fit = cox(late, { ties });
  const b = lung.names.map((t) => fit.coefficients[t]!.estimate);

  it('loglik equals the brute-force partial likelihood', () => {
    expect(relErr(fit.stats.loglik!, naiveLoglik(late, b, ties))).toBeLessThan(1e-10);
  });
  it('loglik at 0 equals the brute-force value', () => {
    expect(relErr(fit.stats.loglik_0!, naiveLoglik(late, [0, 0, 0], ties))).toBeLessThan(1e-10);
  });
  it('coefficients maximise the brute-force likelihood (central differences)', () => {
    for (let j = 0; j < b.length; j++) {
      const se = fit.coefficients[lung.names[j]!]!.se;
      const h = se * 1e-3;
      const up = [...b];
      const dn = [...b];
      up[j] += h;
      dn[j] -= h;
      const grad = (naiveLoglik(late, up, ties) - naiveLoglik(late, dn, ties)) / (2 * h);
      expect(Math.abs(grad * se)).toBeLessThan(1e-5);
    }
  });
  it('differs from ignoring the entry times', () => {
    expect(Math.abs(fit.stats.loglik! - cox(lung, { ties }).stats.loglik!)).toBeGreaterThan(1);
  });
});

describe.each(['exponential', 'weibull'] as const)('%s episode splitting', (dist) => {
  const d = survDesign({ csv: 'nl_lung.csv', time: 'time', event: 'dead', covariates: ['age', 'sex', 'ph_ecog'], intercept: true });
  const fitS = (design: Design, o: Partial<FitOptions>): SurvivalResult =>
    fitStregModel({ id: 'm', formula: '', design, options: opts(o), reporter: new Reporter() }, dist);
  const whole = fitS(d, {});
  const pieces = split(d, 250);
  const parts = fitS({ ...pieces, clusters: [] }, {});
  const wholeRobust = fitS(d, { vcov: 'hc1' });
  const partsRobust = fitS(pieces, { vcov: 'cluster' });
  it('same loglik', () => {
    expect(relErr(parts.stats.loglik!, whole.stats.loglik!)).toBeLessThan(TOL);
  });
  it('same constant-only loglik', () => {
    expect(relErr(parts.stats.loglik_0!, whole.stats.loglik_0!)).toBeLessThan(TOL);
  });
  for (const t of whole.terms) {
    it(`same coefficient ${t}`, () => {
      expect(relErr(parts.coefficients[t]!.estimate, whole.coefficients[t]!.estimate)).toBeLessThan(TOL);
    });
    it(`same SE ${t}`, () => {
      expect(relErr(parts.coefficients[t]!.se, whole.coefficients[t]!.se)).toBeLessThan(1e-7);
    });
    it(`robust SE clustered by subject = robust by observation unsplit ${t}`, () => {
      expect(relErr(partsRobust.coefficients[t]!.se, wholeRobust.coefficients[t]!.se)).toBeLessThan(1e-7);
    });
  }
});
