/**
 * Hand-made ModelResult records for render tests: TEST DATA, not estimates. Numbers are
 * shaped after seed 000's Table 3 (coefficients and t statistics as printed in the paper),
 * so the rendered table can be compared with the published one by eye.
 */
import type { Coefficient, ModelResult } from '../../src/estimators/result.js';
import type { RegressionTableSpec } from '../../src/render/types.js';
import { normalPValue, tPValue } from '../../src/linalg/distributions.js';
import { createEstimatorRegistry } from '../../src/estimators/index.js';

const registry = createEstimatorRegistry();

interface Make {
  id: string;
  estimator?: ModelResult['estimator'];
  /** term → [estimate, t statistic]; se = estimate / t. */
  coefs: Record<string, [number, number]>;
  nobs: number;
  fe?: string[];
  vcov?: string;
  dist?: 't' | 'normal';
  df?: number;
  clusters?: number[];
  stats?: Record<string, number | null>;
  singletons?: number;
  collinear?: string[];
  extra?: Record<string, unknown>;
}

export function makeResult(m: Make): ModelResult {
  const dist = m.dist ?? 't';
  const df = m.df ?? m.nobs - Object.keys(m.coefs).length;
  const coefficients: Record<string, Coefficient> = {};
  for (const [term, [estimate, stat]] of Object.entries(m.coefs)) {
    const p = dist === 't' ? tPValue(stat, df) : normalPValue(stat);
    coefficients[term] = { estimate, se: estimate / stat, stat, p };
  }
  const terms = Object.keys(m.coefs);
  const estimator = m.estimator ?? 'ols';
  // The family tag as the estimator's registry entry declares it; `extra` is test data shaped
  // like that family's (hence the cast).
  return {
    family: registry.get(estimator)!.family,
    id: m.id,
    estimator,
    formula: 'test',
    nobs: m.nobs,
    fixed_effects: m.fe ?? [],
    vcov: m.vcov ?? 'iid',
    conventions: 'stata',
    terms,
    coefficients,
    vcov_matrix: terms.map((a) => terms.map((b) => (a === b ? coefficients[a]!.se ** 2 : 0))),
    inference: { dist, ...(dist === 't' ? { df } : {}), ...(m.clusters ? { n_clusters: m.clusters } : {}) },
    stats: m.stats ?? {},
    dropped: { singletons: m.singletons ?? 0, missing: 0, collinear: m.collinear ?? [] },
    ...(m.extra ? { extra: m.extra } : {}),
  } as ModelResult;
}

export const CONTROLS = ['lnage', 'lnassets', 'lnemployment', 'lncapitalint', 'leverageratio', 'lp'];

const yearDummies = (shift: number): Record<string, [number, number]> => ({
  'i(year)::2010': [0.21 + shift, 4.1],
  'i(year)::2011': [0.35 + shift, 6.3],
  'i(industry)::C13': [-0.05, -1.2],
});

/** Seed 000, Table 3: (1) two-way FE OLS on RES; (2)–(4) Cox models on RECT, RECWT, RECHT. */
export function seedTable3Results(): Map<string, ModelResult> {
  const res = makeResult({
    id: 'res_fe',
    coefs: {
      QUA: [8.201, 45.77], lnage: [-0.107, -3.39], lnassets: [-0.041, -1.68], lnemployment: [-0.085, -2.72],
      lncapitalint: [-0.034, -2.21], leverageratio: [0.005, 0.64], lp: [0.046, 3.13], '(Intercept)': [-3.549, -11.86],
    },
    nobs: 62306,
    fe: ['firm', 'year'],
    vcov: 'cluster(firm)',
    clusters: [12034],
    df: 12033,
    stats: { r2: 0.241, adj_r2: 0.093, r2_within: 0.09, f: 312.4, loglik: null, chi2: null },
    singletons: 1362,
  });
  const cox = (id: string, nobs: number, chi2: number, c: number[][]): ModelResult =>
    makeResult({
      id,
      estimator: 'cox',
      dist: 'normal',
      vcov: 'oim',
      coefs: Object.fromEntries([
        ...['QUA', ...CONTROLS].map((t, i) => [t, c[i] as [number, number]]),
        ...Object.entries(yearDummies(0)),
      ]),
      nobs,
      stats: { chi2, chi2_p: 1e-30, loglik: -41234.56 },
    });
  const rect = cox('rect', 42515, 220.9, [[0.688, 7.7], [-0.183, -8.97], [-0.083, -4.8], [0.024, 1.23], [0.006, 0.55], [-0.037, -3.92], [0.036, 2.63]]);
  const rectw = cox('rectw', 37707, 111.68, [[0.177, 2.24], [-0.099, -6.1], [-0.057, -3.73], [0.014, 0.79], [0.004, 0.44], [-0.026, -3.89], [0.031, 2.71]]);
  const recth = cox('recth', 14238, 100.4, [[0.472, 8.0], [-0.066, -5.07], [-0.028, -2.3], [0.013, 0.96], [0.005, 0.65], [-0.011, -1.56], [0.008, 0.76]]);
  return new Map([res, rect, rectw, recth].map((r) => [r.id, r]));
}

/** A small English OLS/IV pair with factor levels, lags and an interaction. */
export function englishResults(): Map<string, ModelResult> {
  const ols = makeResult({
    id: 'ols',
    coefs: { 'l(price,1)': [-0.52, -4.1], 'price:income': [0.031, 2.2], 'region::east': [0.12, 1.7], 'region::west': [-0.2, -2.9], '(Intercept)': [3.2, 10.5] },
    nobs: 1480,
    vcov: 'hc1',
    stats: { r2: 0.412, adj_r2: 0.41, f: 88.21, f_p: 1e-40 },
  });
  const iv = makeResult({
    id: 'iv',
    estimator: 'iv',
    coefs: { 'l(price,1)': [-0.81, -3.2], 'price:income': [0.028, 1.9], '(Intercept)': [3.9, 8.8] },
    nobs: 1480,
    fe: ['state', 'year'],
    vcov: 'cluster(state)',
    clusters: [48],
    df: 47,
    stats: { r2: 0.38, adj_r2: 0.37, r2_within: 0.21 },
    extra: { first_stage: { f: 45.3 }, tests: { kp_lm: { stat: 19.82, p: 0.00005 }, kp_f: 44.1 } },
    collinear: ['income'],
  });
  return new Map([ols, iv].map((r) => [r.id, r]));
}

/** Seed 000, Table 3, as a table spec. */
export const seedTable3: RegressionTableSpec = {
  title: '企业产品质量与出口韧性基准估计结果',
  models: ['res_fe', 'rect', 'rectw', 'recth'],
  columns: { 抵御力: ['res_fe'], 恢复力: ['rect', 'rectw', 'recth'] },
  titles: { rect: '冲击到恢复', rectw: '冲击到企稳', recth: '企稳到恢复' },
  keep: ['QUA', '{controls}'],
  labels: { QUA: 'QUA$_{it}$', chi2: 'Chi', firm: '企业' },
  below: 't',
  stars: { '*': 0.1, '**': 0.05, '***': 0.01 },
  stats: ['nobs', 'adj_r2', 'chi2'],
  indicators: { firm: '企业效应', year: '年份效应', industry: '行业效应' },
  words: { yes: '是', no: '否', na: '—' },
  lang: 'zh',
};

