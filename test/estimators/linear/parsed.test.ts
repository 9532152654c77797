// End to end through the real formula parser and expression evaluator: panel-aware lags on
// the gappy panel (lin_lags_grunfeld_gappy), i(year, ref = 1984) (lin_factor_year_fatalities)
// and a two-way FE model with clustering (lin_twfe_fatalities_cluster_state).
import { describe, expect, it } from 'vitest';
import { buildDesign } from '../../../src/design/build.js';
import type { Frame } from '../../../src/data/frame.js';
import { Reporter } from '../../../src/diagnostics/diagnostic.js';
import { fitOls } from '../../../src/estimators/linear/ols.js';
import { evaluate } from '../../../src/expr/evaluate.js';
import { expandFormula, parseFormula } from '../../../src/formula/index.js';
import { checkCoefficients, checkStats } from '../../helpers/linear-check.js';
import { loadExpected, readCsvFrame } from '../../helpers/linear-fixture.js';

function fitText(text: string, frame: Frame, vcov: 'iid' | 'cluster' = 'iid', clusters: string[] = []) {
  const parsed = parseFormula(text);
  expect(parsed.errors).toEqual([]);
  const [f] = expandFormula(parsed.value!);
  const design = buildDesign(f!, frame, { evaluate: (e) => evaluate(e, { frame }), clusters });
  return fitOls({ id: 'm', formula: text, design, options: { vcov, conventions: 'stata' }, reporter: new Reporter() });
}

describe('parsed formulas', () => {
  it('l(value, 1) + l(value, 2) on the gappy panel', () => {
    const e = loadExpected('lin_lags_grunfeld_gappy');
    const raw = readCsvFrame('grunfeld_gappy.csv');
    const frame: Frame = { ...raw, panel: { id: 'firm', time: 'year' } };
    const r = fitText('inv ~ l(value, 1) + l(value, 2)', frame);
    expect(r.nobs).toBe(e.nobs);
    const ours = r.terms.filter((t) => t !== '(Intercept)');
    checkCoefficients(r, e, (n) => (n.startsWith('lag(value, ') ? ours[Number(n.slice(11, 12)) - 1]! : n));
    checkStats(r, e, ['r2', 'sigma', 'f']);
  });
  it('i(year, ref = 1984)', () => {
    const e = loadExpected('lin_factor_year_fatalities');
    const r = fitText('frate ~ beertax + i(year, ref = 1984)', readCsvFrame('fatalities.csv'));
    checkCoefficients(r, e, (n) => n.replace(/^year(\d+)$/, 'year::$1'));
  });
  it('two-way FE clustered by state', () => {
    const e = loadExpected('lin_twfe_fatalities_cluster_state');
    const r = fitText('frate ~ beertax + unemp | state + year', readCsvFrame('fatalities.csv'), 'cluster', ['state']);
    checkCoefficients(r, e);
    checkStats(r, e, ['r2_within', 'f', 'k_adj']);
  });
});
