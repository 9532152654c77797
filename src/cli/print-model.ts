/**
 * The compact coefficient table `run` prints for each model, the way fixest prints an
 * estimation or Stata shows its regression output:
 *
 *   twfe  OLS  lnexport ~ QUA + {controls} | firm + year
 *   Observations: 3,036   Std. errors: cluster(firm), 400 clusters   Fixed effects: firm, year
 *               Estimate  Std. Error   t value   Pr(>|t|)
 *   QUA         1.134489    0.014540    78.024    < 1e-16 ***
 *   ...
 *   R²: 0.8497   Within R²: 0.6973   Adj. R²: 0.8263
 *
 * Placebo results print their draws' summary instead of coefficients. Stars: * p < 0.10,
 * ** p < 0.05, *** p < 0.01 (the tables' default).
 */
import type { ModelResult } from '../estimators/result.js';
import { DEFAULT_STARS, fmtCount, starLegend, starsFor } from '../render/format.js';

const NAMES: Record<string, string> = {
  ols: 'OLS', re: 'Random effects (GLS)', iv: 'IV (2SLS)', probit: 'Probit', logit: 'Logit', cloglog: 'Complementary log-log',
  heckman: 'Heckman selection', cox: 'Cox proportional hazards', exponential: 'Exponential survival', weibull: 'Weibull survival',
  mte: 'Marginal treatment effects', placebo: 'Placebo (permutation)',
};

const FIT_STATS: readonly (readonly [string, string])[] = [
  ['r2', 'R²'], ['r2_within', 'Within R²'], ['adj_r2', 'Adj. R²'], ['pseudo_r2', 'Pseudo R²'], ['loglik', 'Log likelihood'],
];

/** Significant digits that show a number the way R's print does (7 at most, no trailing noise). */
function num(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-4) return x.toExponential(3);
  return Number(x.toPrecision(6)).toString();
}

function pval(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  if (p < 1e-16) return '< 1e-16';
  if (p < 1e-4) return p.toExponential(1);
  return p.toFixed(4);
}

export function formatModel(key: string, r: ModelResult): string {
  const lines: string[] = [];
  const margins = (r.extra as Readonly<Record<string, unknown>> | undefined)?.['margins'] as { at?: string } | undefined;
  // A margins record reads as its parent's estimator plus what the effects are.
  const what = margins ? `, ${margins.at === 'means' ? 'marginal effects at means' : 'average marginal effects'}` : '';
  lines.push(`${key}  ${NAMES[r.estimator] ?? r.estimator}${what}  ${r.formula}`);
  if (r.family === 'resampling') {
    const x = r.extra;
    lines.push(
      `Draws: ${fmtCount(x.draws.length)}   Observed: ${num(x.observed)}   ` +
        `Mean of draws: ${num(x.mean)}   SD: ${num(x.sd)}   p-value: ${pval(x.p_value)}`,
    );
    return lines.join('\n');
  }
  const clusters = r.inference.n_clusters?.length ? `, ${r.inference.n_clusters.map(fmtCount).join(' × ')} clusters` : '';
  const fe = r.fixed_effects.length ? `   Fixed effects: ${r.fixed_effects.join(', ')}` : '';
  lines.push(`Observations: ${fmtCount(r.nobs)}   Std. errors: ${r.vcov}${clusters}${fe}`);
  const statName = r.inference.dist === 't' ? 't value' : 'z value';
  const pName = r.inference.dist === 't' ? 'Pr(>|t|)' : 'Pr(>|z|)';
  const rows: string[][] = [['', 'Estimate', 'Std. Error', statName, pName, '']];
  for (const t of r.terms) {
    const c = r.coefficients[t];
    if (!c) continue;
    rows.push([t, num(c.estimate), num(c.se), num(c.stat), pval(c.p), starsFor(c.p, DEFAULT_STARS)]);
  }
  const cons = r.family === 'linear' ? r.extra?.cons : undefined;
  if (cons && !r.coefficients['(Intercept)'] && !r.coefficients['_cons']) {
    rows.push(['(constant)', num(cons.estimate), num(cons.se), num(cons.stat), pval(cons.p), starsFor(cons.p, DEFAULT_STARS)]);
  }
  if (rows.length > 1) {
    const widths = rows[0]!.map((_, j) => Math.max(...rows.map((row) => row[j]!.length)));
    for (const row of rows) {
      lines.push(row.map((cell, j) => (j === 0 || j === row.length - 1 ? cell.padEnd(widths[j]!) : cell.padStart(widths[j]!))).join('  ').trimEnd());
    }
  }
  const fit = FIT_STATS.filter(([k]) => typeof r.stats[k] === 'number' && Number.isFinite(r.stats[k]!)).map(([k, label]) => `${label}: ${num(r.stats[k])}`);
  if (r.dropped.collinear.length) fit.push(`Dropped (collinear): ${r.dropped.collinear.join(', ')}`);
  if (fit.length) lines.push(fit.join('   '));
  return lines.join('\n');
}

/** Every model of a run, one block each, then the star legend once. */
export function formatModels(results: ReadonlyMap<string, ModelResult>): string {
  if (results.size === 0) return '';
  const blocks = [...results].map(([k, r]) => formatModel(k, r));
  return `${blocks.join('\n\n')}\n---\nSignif. codes: ${starLegend(DEFAULT_STARS)}\n`;
}
