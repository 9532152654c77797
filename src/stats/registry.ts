/**
 * Table statistics: the rows under the coefficients (N, R², χ², first-stage F …), each a
 * named entry requested by key from a table spec, like fixest's fitstat registry.
 *
 * An entry says how to find its number in a ModelResult and how to print it. Estimators
 * put statistics in `stats` (flat numbers) or in `extra.tests` / `extra.first_stage`
 * (a number, or {stat|value, p}); `lookup` searches those places in that order so an
 * estimator may use either.
 */
import type { ModelResult, StatKey } from '../estimators/result.js';
import type { Lang } from '../render/types.js';
import { fmtAuto, fmtCount, fmtFixed } from '../render/format.js';

export interface StatEntry {
  readonly key: StatKey;
  /** Row label; `$…$` is LaTeX math (see docs/tables.md, "Labels"). */
  readonly label: Readonly<Record<Lang, string>>;
  /** How the number prints: a count with separators, or fixed decimals. */
  readonly format: 'count' | 'fixed';
  readonly decimals: number;
  get(r: ModelResult): number | null;
  /** A p-value printed in brackets after the number (KP LM, Hansen J …). */
  p?(r: ModelResult): number | null;
}

/** The test blocks a result carries: IV's tests and first stages, random effects' tests. */
function testBlocks(r: ModelResult): unknown[] {
  if (r.family === 'linear') return [r.extra?.tests, r.extra?.first_stage];
  if (r.family === 'panel') return [r.extra?.tests];
  return [];
}

/** Statistic value: stats[key], then extra.tests[key], then extra.first_stage[key]. */
export function lookup(r: ModelResult, ...keys: string[]): number | null {
  for (const key of keys) {
    const v = r.stats[key];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    for (const block of testBlocks(r)) {
      const found = fromBlock(block, key, 'stat');
      if (found !== null) return found;
    }
  }
  return null;
}

/** p-value companion: stats[`${key}_p`], or the `p` field of a {stat, p} test record. */
export function lookupP(r: ModelResult, key: string): number | null {
  const flat = r.stats[`${key}_p`];
  if (typeof flat === 'number' && Number.isFinite(flat)) return flat;
  for (const block of testBlocks(r)) {
    const found = fromBlock(block, key, 'p');
    if (found !== null) return found;
  }
  return null;
}

function fromBlock(block: unknown, key: string, field: 'stat' | 'p'): number | null {
  if (block === null || typeof block !== 'object') return null;
  // First stages may be listed per endogenous variable; tables report the first one.
  const obj = (Array.isArray(block) ? block[0] : block) as Record<string, unknown> | undefined;
  if (!obj) return null;
  const v = obj[key];
  if (field === 'stat' && typeof v === 'number' && Number.isFinite(v)) return v;
  if (v !== null && typeof v === 'object') {
    const rec = v as Record<string, unknown>;
    // Test records name their statistic by its distribution (chi2, F, z) or generically.
    const x = field === 'p' ? rec.p : (rec.stat ?? rec.value ?? rec.estimate ?? rec.chi2 ?? rec.F ?? rec.z);
    if (typeof x === 'number' && Number.isFinite(x)) return x;
  }
  if (field === 'p') {
    const flat = obj[`${key}_p`];
    if (typeof flat === 'number' && Number.isFinite(flat)) return flat;
  }
  return null;
}

const stat = (
  key: StatKey,
  en: string,
  zh: string,
  get: (r: ModelResult) => number | null,
  opts: { format?: 'count' | 'fixed'; decimals?: number; p?: (r: ModelResult) => number | null } = {},
): StatEntry => ({
  key,
  label: { en, zh },
  format: opts.format ?? 'fixed',
  decimals: opts.decimals ?? 3,
  get,
  ...(opts.p ? { p: opts.p } : {}),
});

const nClusters = (r: ModelResult): number | null => {
  const n = r.inference.n_clusters;
  return n && n.length ? Math.min(...n) : null;
};

const nParams = (r: ModelResult): number => r.terms.length;

const ENTRIES: readonly StatEntry[] = [
  stat('nobs', 'Observations', '样本量', (r) => r.nobs, { format: 'count' }),
  stat('r2', '$R^2$', '$R^2$', (r) => lookup(r, 'r2')),
  stat('adj_r2', 'Adjusted $R^2$', '调整后 $R^2$', (r) => lookup(r, 'adj_r2')),
  stat('r2_within', 'Within $R^2$', '组内 $R^2$', (r) => lookup(r, 'r2_within')),
  stat('pseudo_r2', 'Pseudo $R^2$', '伪 $R^2$', (r) => lookup(r, 'pseudo_r2')),
  stat('rmse', 'RMSE', '均方根误差', (r) => lookup(r, 'rmse')),
  stat('f', '$F$', '$F$ 统计量', (r) => lookup(r, 'f'), { decimals: 2 }),
  stat('f_p', '$p$ ($F$)', '$F$ 检验 $p$ 值', (r) => lookup(r, 'f_p')),
  stat('chi2', '$\\chi^2$', '$\\chi^2$', (r) => lookup(r, 'chi2', 'lr_chi2', 'wald_chi2'), { decimals: 2 }),
  stat('chi2_p', '$p$ ($\\chi^2$)', '$\\chi^2$ 检验 $p$ 值', (r) => lookup(r, 'chi2_p', 'lr_chi2_p', 'wald_chi2_p')),
  stat('loglik', 'Log likelihood', '对数似然值', (r) => lookup(r, 'loglik'), { decimals: 2 }),
  stat('aic', 'AIC', 'AIC', (r) => {
    const ll = lookup(r, 'loglik');
    return ll === null ? null : -2 * ll + 2 * nParams(r);
  }, { decimals: 2 }),
  stat('bic', 'BIC', 'BIC', (r) => {
    const ll = lookup(r, 'loglik');
    return ll === null ? null : -2 * ll + Math.log(r.nobs) * nParams(r);
  }, { decimals: 2 }),
  stat('n_clusters', 'Clusters', '聚类数', nClusters, { format: 'count' }),
  // Not lookup(r, 'f'): a model's own F must never show up as a first-stage F.
  stat('first_stage_f', 'First-stage $F$', '第一阶段 $F$ 值', (r) => lookup(r, 'first_stage_f') ?? (r.family === 'linear' ? fromBlock(r.extra?.first_stage, 'f', 'stat') : null), {
    decimals: 2,
  }),
  stat('kp_lm', 'Kleibergen–Paap rk LM', 'Kleibergen-Paap rk LM 统计量', (r) => lookup(r, 'kp_rk_lm', 'kp_lm'), {
    decimals: 2,
    p: (r) => lookupP(r, 'kp_rk_lm') ?? lookupP(r, 'kp_lm'),
  }),
  stat('kp_f', 'Kleibergen–Paap rk Wald $F$', 'Kleibergen-Paap rk Wald $F$ 统计量', (r) => lookup(r, 'kp_rk_f', 'kp_f', 'kp_wald_f'), {
    decimals: 2,
  }),
  stat('hansen_j', 'Hansen $J$', 'Hansen $J$ 统计量', (r) => lookup(r, 'hansen_j'), {
    decimals: 2,
    p: (r) => lookupP(r, 'hansen_j'),
  }),
  stat('kappa', 'LIML $\\kappa$', 'LIML $\\kappa$', (r) => lookup(r, 'kappa'), { decimals: 4 }),
  stat('hausman', 'Hausman $\\chi^2$', 'Hausman 检验', (r) => lookup(r, 'hausman', 'hausman_chi2'), {
    decimals: 2,
    p: (r) => lookupP(r, 'hausman') ?? lookupP(r, 'hausman_chi2'),
  }),
  stat('rho', '$\\rho$', '$\\rho$', (r) => lookup(r, 'rho')),
  stat('sigma', '$\\sigma$', '$\\sigma$', (r) => lookup(r, 'sigma')),
  stat('lambda', '$\\lambda$ (inverse Mills)', '逆米尔斯比 $\\lambda$', (r) => lookup(r, 'lambda')),
  // Table-side statistics of the estimation sample (run/table-stats.ts adds them to `stats`).
  stat('ymean', 'Mean of dep. var.', '因变量均值', (r) => lookup(r, 'ymean')),
  stat('ysd', 'SD of dep. var.', '因变量标准差', (r) => lookup(r, 'ysd')),
  stat('n_groups', 'Groups', '组数', (r) => lookup(r, 'n_groups'), { format: 'count' }),
  stat('n_singletons', 'Singletons dropped', '剔除单例观测', (r) => r.dropped.singletons, { format: 'count' }),
];

const BY_KEY: ReadonlyMap<StatKey, StatEntry> = new Map(ENTRIES.map((e) => [e.key, e]));

/** Aliases users write in specs (fixest/Stata spellings) → registry key. */
const ALIASES: Readonly<Record<string, StatKey>> = {
  n: 'nobs',
  N: 'nobs',
  ar2: 'adj_r2',
  wr2: 'r2_within',
  pr2: 'pseudo_r2',
  ll: 'loglik',
  ivf: 'first_stage_f',
  ivwald: 'kp_f',
  G: 'n_clusters',
};

export function getStat(key: string): StatEntry | undefined {
  return BY_KEY.get((ALIASES[key] ?? key) as StatKey);
}

export function statKeys(): StatKey[] {
  return [...BY_KEY.keys()];
}

/** Printed cell of statistic `e` for result `r`; '' when the model does not have it. */
export function formatStat(e: StatEntry, r: ModelResult, decimals?: number): string {
  const v = e.get(r);
  if (v === null || !Number.isFinite(v)) return '';
  const d = decimals ?? e.decimals;
  const text = e.format === 'count' ? fmtCount(v) : fmtAuto(v, d);
  const p = e.p?.(r);
  return p === null || p === undefined ? text : `${text} [${fmtFixed(p, 3)}]`;
}
