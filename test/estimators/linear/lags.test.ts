// Lags on a gappy panel (lin_lags_grunfeld_gappy). The panel-aware `l(x, k)` belongs to the
// expression evaluator; until it is wired in, the lag columns are built here by matching
// (unit, time − k) on the time VALUE, which is the rule the fixture states, and the estimator
// must then drop the rows whose lag is missing.
import { describe, expect, it } from 'vitest';
import { checkCoefficients, checkStats } from '../../helpers/linear-check.js';
import { formula, loadExpected, num, readCsvFrame, v, withNum } from '../../helpers/linear-fixture.js';
import { fit } from '../../helpers/linear-fit.js';

function lagByTime(id: Float64Array, time: Float64Array, x: Float64Array, k: number): Float64Array {
  const at = new Map<string, number>();
  for (let i = 0; i < x.length; i++) at.set(`${id[i]}|${time[i]}`, x[i]!);
  return Float64Array.from(x, (_, i) => at.get(`${id[i]}|${time[i]! - k}`) ?? Number.NaN);
}

describe('lags respecting time gaps', () => {
  it('lin_lags_grunfeld_gappy', () => {
    const e = loadExpected('lin_lags_grunfeld_gappy');
    let fr = readCsvFrame('grunfeld_gappy.csv');
    const [id, yr, val] = [num(fr, 'firm'), num(fr, 'year'), num(fr, 'value')];
    fr = withNum(fr, 'l(value,1)', lagByTime(id, yr, val, 1));
    fr = withNum(fr, 'l(value,2)', lagByTime(id, yr, val, 2));
    const r = fit(formula({ y: 'inv', x: [v('l(value,1)'), v('l(value,2)')] }), fr);
    expect(r.nobs).toBe(e.nobs);
    expect(r.dropped.missing).toBe(e.tests.rows_dropped);
    checkCoefficients(r, e, (n) => n.replace(/^lag\(value, (\d)\)$/, 'l(value,$1)'));
    checkStats(r, e, ['r2', 'adj_r2', 'sigma', 'ssr', 'f', 'f_p', 'df_t']);
    expect(r.nobs).not.toBe(e.tests.naive_row_shift_for_contrast.nobs);
  });
});
