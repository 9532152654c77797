/**
 * A short seeded run of the fuzz harness inside the test suite (the long run is
 * `npm run fuzz`). Any failure prints its input, so it can be turned into a unit test.
 */
import { describe, expect, it } from 'vitest';
import { runFuzz } from './harness.js';

describe('fuzz: formula parser, expression parser, spec front end', () => {
  it('6,000 seeded inputs: no throw, no SS999, every error located', async () => {
    const report = await runFuzz({ seed: 20261207, count: 6000, seconds: 120 });
    expect(report.count).toBeGreaterThan(1000);
    expect(report.byKind.spec).toBeGreaterThan(0);
    expect(report.failures.slice(0, 5).map((f) => `${f.kind} #${f.index}: ${f.problem}\n${f.input.slice(0, 400)}`)).toEqual([]);
  }, 180_000);
});
