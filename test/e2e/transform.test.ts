/**
 * lin_transform_fatalities through a spec run by the CLI: a summary table of raw,
 * winsorized (Stata winsor2 = type 2, and R type 7) and standardized variables; the numbers
 * are read back from results.json (`tables.<name>.values.<variable>.<stat>`).
 * Relative 1e-10; quantities that are zero in theory (the mean of a z-score) absolute 1e-12.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { close, expected, runSpec } from './harness.js';

const VARS = ['frate', 'beertax', 'unemp', 'income', 'miles'] as const;
const yaml = `version: 1
data:
  f: { source: fatalities.csv }
variables:
${VARS.map((v) => `  ${v}_w2: winsorize(${v}, 0.05, 0.95)
  ${v}_w7: winsorize(${v}, 0.01, 0.99, type = 7)
  ${v}_z: standardize(${v})`).join('\n')}
tables:
  raw:
    kind: summary
    variables: [${VARS.join(', ')}]
    stats: [n, mean, sd, min, max, p1, p5, p25, p50, p75, p95, p99]
    format: [markdown]
  transformed:
    kind: summary
    variables: [${VARS.flatMap((v) => [`${v}_w2`, `${v}_w7`, `${v}_z`]).join(', ')}]
    stats: [n, mean, sd, min, max]
    format: [markdown]
`;

describe('lin_transform_fatalities through the CLI', () => {
  const exp = expected('lin_transform_fatalities');
  let t: any;
  beforeAll(() => {
    const r = runSpec(yaml, ['fatalities.csv']);
    if (r.status !== 0) throw new Error(`studyspec run failed (${r.status}):\n${r.stderr}\n${r.stdout}`);
    t = r.results.tables;
  });
  const pct = { p1: 'p01', p5: 'p05', p25: 'p25', p50: 'p50', p75: 'p75', p95: 'p95', p99: 'p99' };
  for (const v of VARS) {
    it(`${v}: n, mean, sd, min, max`, () => {
      for (const s of ['n', 'mean', 'sd', 'min', 'max']) {
        expect(close(t.raw.values[v][s], exp.descriptives[v][s], 1e-10), `${v}.${s}`).toBe(true);
      }
    });
    it(`${v}: percentiles are Stata's summarize, detail (type 2)`, () => {
      for (const [ours, theirs] of Object.entries(pct)) {
        const want = exp.stata_summarize_detail_percentiles[v][theirs];
        expect(close(t.raw.values[v][ours], want, 1e-10), `${v}.${ours} ${t.raw.values[v][ours]} vs ${want}`).toBe(true);
      }
    });
    it(`${v}: winsorized at 5/95 (winsor2) and 1/99 (type 7)`, () => {
      for (const [suffix, key] of [['w2', 'stata_winsor2_05_95'], ['w7', 'r_type7_01_99']] as const) {
        const want = exp.winsorized[v][key];
        for (const s of ['n', 'mean', 'sd', 'min', 'max']) {
          expect(close(t.transformed.values[`${v}_${suffix}`][s], want[s], 1e-10), `${v}_${suffix}.${s}`).toBe(true);
        }
      }
    });
    it(`${v}: z-score`, () => {
      const got = t.transformed.values[`${v}_z`];
      const want = exp.standardized[v];
      expect(Math.abs(got.mean)).toBeLessThan(1e-12);
      for (const s of ['sd', 'min', 'max']) expect(close(got[s], want[s], 1e-10), `${v}_z.${s}`).toBe(true);
    });
  }
});
