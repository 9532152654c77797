/** Fit helper for the linear tests: formula AST + Frame → ModelResult via the real design builder. */
import { buildDesign } from '../../src/design/build.js';
import type { Design } from '../../src/design/types.js';
import type { Frame } from '../../src/data/frame.js';
import { Reporter } from '../../src/diagnostics/diagnostic.js';
import type { SingleFormula } from '../../src/formula/ast.js';
import type { FitOptions } from '../../src/estimators/registry.js';
import type { LinearResult, ModelResult } from '../../src/estimators/result.js';
import { fitOls } from '../../src/estimators/linear/ols.js';
import { tinyEvaluator } from './linear-fixture.js';

export function design(f: SingleFormula, frame: Frame, clusters: string[] = []): Design {
  return buildDesign(f, frame, { evaluate: tinyEvaluator(frame), clusters });
}

/** R: the result variant of `fitter` (OLS by default). */
export function fit<R extends ModelResult = LinearResult>(
  f: SingleFormula,
  frame: Frame,
  opts: Partial<FitOptions> & { clusters?: string[] } = {},
  fitter: (i: Parameters<typeof fitOls>[0]) => R = fitOls as (i: Parameters<typeof fitOls>[0]) => R,
): R {
  const { clusters, ...rest } = opts;
  const d = design(f, frame, clusters ?? []);
  const options: FitOptions = { vcov: 'iid', conventions: 'stata', ...rest };
  return fitter({ id: 'm', formula: f.text, design: d, options, reporter: new Reporter() });
}
