/**
 * lin_transform_fatalities (oracle case j): descriptive statistics, winsorizing at Stata
 * winsor2 (type 2) and R type-7 cut points, and z-scores of five Fatalities variables.
 * Tolerance: 1e-10 relative; quantities that are zero in theory (mean of a z-score) 1e-12
 * absolute, as the oracle README asks.
 */
import { describe as group, expect, it } from 'vitest';
import { numColumn, withColumns } from '../../src/data/frame.js';
import { describe } from '../../src/variables/describe.js';
import { evaluate } from '../../src/expr/evaluate.js';
import { fixtureFrame, readExpected } from '../helpers/frame-from-csv.js';
import { parse } from './helpers.js';

type Stats = Record<string, number>;
const fx = readExpected('lin_transform_fatalities.json') as {
  nobs: number;
  descriptives: Record<string, Stats>;
  stata_summarize_detail_percentiles: Record<string, Stats>;
  winsorized: Record<string, Record<string, Stats>>;
  standardized: Record<string, Stats & { first_values: number[] }>;
};
const f = fixtureFrame('fatalities.csv');
const VARS = ['frate', 'beertax', 'unemp', 'income', 'miles'];

function close(actual: number, want: number, label: string): void {
  const err = Math.abs(want) < 1e-8 ? Math.abs(actual - want) : Math.abs(actual - want) / Math.abs(want);
  expect(err, `${label}: ${actual} vs ${want}`).toBeLessThanOrEqual(Math.abs(want) < 1e-8 ? 1e-12 : 1e-10);
}

/** Fixture stat names (p01) to describe() names, which accept the same spelling. */
function checkStats(got: Stats, want: Stats, label: string): void {
  for (const [k, v] of Object.entries(want)) {
    if (typeof v !== 'number' || k.startsWith('cut_') || k.startsWith('n_replaced')) continue;
    close(got[k]!, v, `${label}.${k}`);
  }
}

function statNames(want: Stats): string[] {
  return Object.keys(want).filter((k) => typeof want[k] === 'number' && !k.startsWith('cut_') && !k.startsWith('n_replaced'));
}

group('lin_transform_fatalities', () => {
  it('reads all rows', () => {
    expect(f.nrows).toBe(fx.nobs);
  });

  it('descriptives with R type-7 percentiles (type: 7)', () => {
    for (const v of VARS) {
      const want = fx.descriptives[v]!;
      const got = describe(f, [v], statNames(want), { type: 7 });
      checkStats(got.values[v]!, want, v);
    }
  });

  it('Stata summarize, detail percentiles are the default (type 2)', () => {
    for (const v of VARS) {
      const want = fx.stata_summarize_detail_percentiles[v]!;
      const got = describe(f, [v], Object.keys(want));
      checkStats(got.values[v]!, want, v);
    }
  });

  const CASES: [string, string, number][] = [
    ['r_type7_01_99', 'type = 7', 0.01],
    ['r_type7_05_95', 'type = 7', 0.05],
    ['stata_winsor2_01_99', 'type = 2', 0.01],
    ['stata_winsor2_05_95', '', 0.05],
  ];
  for (const [key, typeArg, lo] of CASES) {
    it(`winsorize ${key}: cut points, values replaced and summary`, () => {
      for (const v of VARS) {
        const want = fx.winsorized[v]![key]!;
        const text = `winsorize(${v}, ${lo}, ${1 - lo}${typeArg ? `, ${typeArg}` : ''})`;
        const w = evaluate(parse(text), { frame: f });
        if (w.kind !== 'num') throw new Error('numeric result expected');
        const raw = (f.columns.get(v) as { values: Float64Array }).values;
        let nLow = 0;
        let nHigh = 0;
        raw.forEach((x, i) => {
          if (w.values[i] !== x) (x < w.values[i]! ? nLow++ : nHigh++);
        });
        expect(nLow, `${v} n_replaced_low`).toBe(want.n_replaced_low);
        expect(nHigh, `${v} n_replaced_high`).toBe(want.n_replaced_high);
        const g = withColumns(f, [['w', w]]);
        // The oracle summarises every version with type-7 percentiles.
        const got = describe(g, ['w'], [...statNames(want)], { type: 7 }).values.w!;
        close(got.min!, want.cut_low!, `${v} cut_low`);
        close(got.max!, want.cut_high!, `${v} cut_high`);
        checkStats(got, want, `${v}.${key}`);
      }
    });
  }

  it('standardize: z-score summaries and first values', () => {
    for (const v of VARS) {
      const want = fx.standardized[v]!;
      const z = evaluate(parse(`standardize(${v})`), { frame: f }) as { values: Float64Array };
      const g = withColumns(f, [['z', numColumn(z.values)]]);
      const got = describe(g, ['z'], statNames(want), { type: 7 }).values.z!;
      checkStats(got, want, `z(${v})`);
      want.first_values.forEach((fv, i) => close(z.values[i]!, fv, `z(${v})[${i}]`));
    }
  });

  it('center equals x minus its mean', () => {
    const c = evaluate(parse('center(frate)'), { frame: f }) as { values: Float64Array };
    const m = fx.descriptives.frate!.mean!;
    const raw = (f.columns.get('frate') as { values: Float64Array }).values;
    raw.forEach((x, i) => expect(Math.abs(c.values[i]! - (x - m))).toBeLessThan(1e-13));
  });
});
