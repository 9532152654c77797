/**
 * Person-period expansion against shared/fixtures/data/nl_lung_discrete_pp.csv (built by
 * shared/oracle/nl_cloglog.R from nl_lung_discrete_orig.csv, width 90): exact equality.
 */
import { describe, expect, it } from 'vitest';
import { expandPersonPeriod, personPeriodDesign } from '../../../src/estimators/binary/person-period.js';
import { isStudyError } from '../../../src/diagnostics/diagnostic.js';
import { makeDesign, readCsv, readExpected } from '../../helpers/estimator-fixture.js';

const orig = readCsv('data/nl_lung_discrete_orig.csv');
const pp = readCsv('data/nl_lung_discrete_pp.csv');
const exp = readExpected('nl_cloglog_discrete_lung');

describe('expandPersonPeriod', () => {
  const e = expandPersonPeriod(orig.num('time'), orig.num('status'), 90);
  it('reproduces the oracle person-period file row for row', () => {
    expect(e.n).toBe(pp.n);
    const id = orig.num('id');
    const ppId = pp.num('id');
    const ppPeriod = pp.num('period');
    const ppEvent = pp.num('event');
    for (let r = 0; r < pp.n; r++) {
      expect(id[e.unit[r]!]).toBe(ppId[r]);
      expect(e.period[r]).toBe(ppPeriod[r]);
      expect(e.event[r]).toBe(ppEvent[r]);
    }
  });
  it('counts units, rows, events and the per-period tables', () => {
    expect(e.units).toBe(exp.n_units);
    expect(e.events).toBe(exp.n_events);
    expect(e.nPeriods).toBe(exp.n_periods);
    expect(e.eventsByPeriod).toEqual(Object.values(exp.events_by_period));
    expect(e.atRiskByPeriod).toEqual(Object.values(exp.at_risk_by_period));
  });
  it('puts t = k*w in period k, drops t <= 0, and rejects bad input', () => {
    const x = expandPersonPeriod(Float64Array.of(90, 90.5, 0, 1), Float64Array.of(1, 0, 1, 1), 90);
    expect(Array.from(x.period)).toEqual([1, 1, 2, 1]);
    expect(Array.from(x.event)).toEqual([1, 0, 0, 1]);
    expect(x.zeroTime).toBe(1);
    expect(x.units).toBe(3);
    for (const bad of [() => expandPersonPeriod(Float64Array.of(1), Float64Array.of(2), 90), () => expandPersonPeriod(Float64Array.of(1), Float64Array.of(1), 0)]) {
      try {
        bad();
        expect.unreachable();
      } catch (err) {
        expect(isStudyError(err) && err.diagnostics[0]!.code).toBe('SS565');
      }
    }
  });
});

describe('personPeriodDesign', () => {
  it('copies covariates, adds period dummies 2..K and maps rows back to units', () => {
    const base = makeDesign(orig, 'time', ['age', 'sex', 'ph_ecog'], { also: ['status'] });
    const d = { ...base, surv: { time: base.y, event: orig.num('status') } };
    const { design } = personPeriodDesign(d, 90);
    expect(design.names).toEqual(['age', 'sex', 'ph_ecog', ...[2, 3, 4, 5, 6, 7, 8].map((k) => `period::${k}`)]);
    const age = pp.num('age');
    const period = pp.num('period');
    for (let r = 0; r < pp.n; r++) {
      expect(design.X[0]![r]).toBe(age[r]);
      expect(design.X[3]![r]).toBe(period[r] === 2 ? 1 : 0);
    }
    expect(design.rows[0]).toBe(0);
    expect(design.rows[pp.n - 1]).toBe(orig.n - 1);
  });
});
