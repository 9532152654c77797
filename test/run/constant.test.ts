/**
 * `constant: true` on a table shows reghdfe's `_cons` for fixed-effects models (kept by the
 * estimator in extra.cons) as the constant row; without it the FE model has no such row.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSpec } from '../e2e/harness.js';

const yaml = (constant: boolean) => `version: 1
data:
  d: { source: produc.csv }
models:
  fe: { formula: "lgsp ~ lpcap + lpc + lemp + unemp | state + year", vcov: cluster(state) }
tables:
  t: { models: [fe], format: [markdown], decimals: 4, constant: ${constant} }
`;

describe('Stata-style constant row', () => {
  it('shows extra.cons of a two-way FE model with its SE', () => {
    const r = runSpec(yaml(true), ['produc.csv']);
    expect(r.status, r.stderr).toBe(0);
    const cons = r.results.models.fe.extra.cons;
    expect(cons.estimate).toBeTypeOf('number');
    const md = readFileSync(join(r.outDir, 'tables', 't.md'), 'utf8');
    const lines = md.split('\n');
    const i = lines.findIndex((l) => l.startsWith('| Constant'));
    expect(i).toBeGreaterThan(0);
    expect(lines[i]).toContain(cons.estimate.toFixed(4));
    expect(lines[i + 1]).toContain(`(${cons.se.toFixed(4)})`);
  });
  it('is absent by default', () => {
    const r = runSpec(yaml(false), ['produc.csv']);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(r.outDir, 'tables', 't.md'), 'utf8')).not.toContain('| Constant');
  });
});
