/**
 * resid(m)/fitted(m) of a weighted model with absorbed fixed effects: the fixed effects are the
 * weighted group means of y − x'b (the model's own normal equations), so the residuals sum to
 * zero with the weights inside every group — not without them, as they would if the residual
 * were demeaned unweighted.
 */
import { describe, expect, it } from 'vitest';
import { fitOls } from '../../../src/estimators/linear/ols.js';
import { linearColumns } from '../../../src/estimators/linear/columns.js';
import type { Design } from '../../../src/design/types.js';
import { fitInput } from '../../helpers/estimator-fixture.js';

function design(weighted: boolean): Design {
  const n = 600;
  let s = 7;
  const u = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const g = Int32Array.from({ length: n }, (_, i) => i % 30);
  const h = Int32Array.from({ length: n }, (_, i) => Math.floor(i / 30) % 7);
  const x = Float64Array.from({ length: n }, () => u() * 4);
  const w = Float64Array.from({ length: n }, (_, i) => 0.2 + 3 * u() + (i % 3));
  const y = Float64Array.from({ length: n }, (_, i) => 1 + 0.5 * x[i]! + 0.3 * g[i]! - 0.2 * h[i]! + (u() - 0.5) * (1 + x[i]!));
  return {
    n, y, yName: 'y', X: [x], names: ['x'], intercept: false,
    fe: [{ name: 'g', codes: g, nlevels: 30 }, { name: 'h', codes: h, nlevels: 7 }],
    clusters: [], rows: Int32Array.from({ length: n }, (_, i) => i),
    dropped: { missing: 0, missingBy: {}, singletons: 0, collinear: [] },
    ...(weighted ? { weights: w } : {}),
  } as Design;
}

describe('linear model columns with weights and absorbed FE', () => {
  for (const weighted of [true, false]) {
    it(`${weighted ? 'weighted' : 'unweighted'}: residuals solve the model's FE normal equations`, () => {
      const d = design(weighted);
      const result = fitOls(fitInput(d, { weights: weighted ? { column: 'w', kind: 'analytic' } : undefined } as never));
      const { resid, fitted } = linearColumns({ result, design: d });
      const w = weighted ? d.weights! : new Float64Array(d.n).fill(1);
      for (const fe of d.fe) {
        const sums = new Float64Array(fe.nlevels);
        const scale = new Float64Array(fe.nlevels);
        for (let i = 0; i < d.n; i++) {
          sums[fe.codes[i]!] += w[i]! * resid![i]!;
          scale[fe.codes[i]!] += w[i]! * Math.abs(resid![i]!);
        }
        for (let l = 0; l < fe.nlevels; l++) expect(Math.abs(sums[l]!) / scale[l]!).toBeLessThan(1e-9);
      }
      // and with the regressor (the slope's normal equation, x demeaned or not)
      let sx = 0;
      let ax = 0;
      for (let i = 0; i < d.n; i++) {
        sx += w[i]! * d.X[0]![i]! * resid![i]!;
        ax += Math.abs(w[i]! * d.X[0]![i]! * resid![i]!);
      }
      expect(Math.abs(sx) / ax).toBeLessThan(1e-9);
      for (let i = 0; i < d.n; i++) expect(fitted![i]! + resid![i]!).toBeCloseTo(d.y[i]!, 12);
    });
  }
});
