/**
 * `check` says everything `run` could only say late. Every error code the run and render
 * stages can raise is listed here: either it depends only on the spec (and the data's
 * headers) — then a spec that triggers it must fail `check` with that very code — or it needs
 * the data's values, the machine or the file system, with the reason. A new run-time code
 * fails this test until it is classified.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileSpec } from '../../src/spec/pipeline.js';
import { defaultParsers } from '../../src/spec/parsers.js';
import { repoRoot } from '../e2e/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'studyspec-catalogue-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'data'));
writeFileSync(join(dir, 'data', 'firms.csv'), 'firm,year,y,x,z,region\n1,2000,1,2,3,east\n');

const head = `version: 1
data:
  firms: { source: data/firms.csv, panel: { id: firm, time: year } }
models:
  a: { formula: "y ~ x + z | firm" }
  b: { formula: "y ~ x" }
  c: { formula: "y ~ csw(x, z)" }
`;

/**
 * Spec-only run-time errors: the YAML appended to `head` that triggers each, and the code
 * check reports for it — the same code, or the earlier stage's code for the same mistake
 * (an unknown model is SS303 in the plan before it could be SS601 in a table).
 */
const SPEC_ONLY: Record<string, [string, string]> = {
  SS601: ['tables:\n  t: { models: [a, nosuch] }\n', 'SS303'],
  SS602: ['tables:\n  t: { models: [a], stats: [nobs, r2_withn] }\n', 'SS602'],
  SS603: ['tables:\n  t: { models: [a], keep: ["/x(/"] }\n', 'SS603'],
  SS604: ['tables:\n  t: { models: [a, b, c], columns: { "Group": [a, c] } }\n', 'SS604'],
  SS605: ['tables:\n  t: { models: [a], template: templates/missing.tex.hbs }\n', 'SS605'],
  SS608: ['figures:\n  f: { kind: density, of: a }\n', 'SS303'],
  SS609: ['figures:\n  f: { kind: mte, of: a }\n', 'SS609'],
  SS610: ['tables:\n  s: { kind: summary, variables: [x], stats: [mean, sdd] }\n', 'SS610'],
  SS612: ['tables:\n  t: { models: [a], format: [latex, word97] }\n', 'SS105'],
  SS615: ['figures:\n  f: { kind: pie, of: a }\n', 'SS105'],
  SS622: ['tables:\n  t: { models: [a/first] }\n', 'SS622'],
  SS801: ['tables:\n  s: { kind: summary, variables: [x], sample: nosuch }\n', 'SS302'],
  SS808: ['  p: { estimator: placebo, model: b, permute: z, draws: 10, seed: 1 }\n', 'SS808'],
  SS810: ['  n: { data: firms }\n', 'SS113'],
  SS812: ['tables:\n  s: { kind: summary, variables: [nosuch] }\n', 'SS304'],
  // margins (src/diagnostics/messages/margins.ts): all but three are the spec's alone
  SS720: ['  m1: { estimator: cox, formula: "Surv(y, x) ~ z", margins: {} }\n', 'SS720'],
  SS721: ['  m1: { formula: "y ~ x + z", margins: { dydx: [xx] } }\n', 'SS721'],
  SS722: ['  m1: { formula: "y ~ 1", margins: {} }\n', 'SS722'],
  SS723: ['  m1: { estimator: cloglog, formula: "y ~ x | firm", margins: {} }\n', 'SS723'],
  SS734: ['  m1: { estimator: poisson, formula: "y ~ x | firm", margins: { at: means } }\n', 'SS734'],
  SS724: ['  m1: { formula: "y ~ x | z ~ year", margins: {} }\n', 'SS724'],
  SS725: ['  m1: { estimator: cloglog, period: 1, formula: "Surv(y, x) ~ z", margins: {} }\n', 'SS725'],
  SS726: ['  m1: { formula: "y ~ x + i(x)", margins: {} }\n', 'SS726'],
  SS727: ['  m1: { formula: "y ~ z + l(x, 1)", margins: { dydx: [x] } }\n', 'SS727'],
  SS728: ['  m1: { estimator: poisson, formula: "y ~ x + exposure(z)", margins: { at: means } }\n', 'SS728'],
  SS731: ['  m1: { formula: "y ~ x", margins: { dydx: [x, x] } }\n', 'SS731'],
  SS733: ['tables:\n  t: { models: [b/margins] }\n', 'SS733'],
  SS770: ['  s1: { estimator: probit, engine: sql, formula: "y ~ x" }\n', 'SS770'],
  SS771: ['  s1: { engine: sql, formula: "y ~ 1 | x ~ z" }\n', 'SS771'],
  SS772: ['  s1: { engine: sql, weights: x, formula: "y ~ z" }\n', 'SS772'],
  SS773: ['  s1: { engine: sql, vcov: hc2, formula: "y ~ x" }\n', 'SS773'],
  SS774: ['  s1: { engine: sql, formula: "y ~ x + i(region)" }\n', 'SS774'],
  SS775: ['  s1: { engine: sql, formula: "y ~ v" }\nvariables:\n  v: "x * 2"\n', 'SS775'],
  SS776: ['  s1: { engine: sql, sample: big, formula: "y ~ x" }\nsamples:\n  big: "x > 1"\n', 'SS776'],
  SS777: ['  s1: { engine: sql, formula: "y ~ x" }\n  s2: { formula: "y ~ r" }\nvariables:\n  r: resid(s1)\n', 'SS777'],
  SS778: ['  s1: { engine: sql, formula: "y ~ x + z" }\n  p: { estimator: placebo, model: s1, permute: z, draws: 10, seed: 1 }\n', 'SS778'],
};

/** Codes check cannot raise (they need the data's values, the machine or the disk), with why. */
const NOT_SPEC_ONLY: Record<string, string> = {
  SS606: 'a user template that exists but fails while rendering the data',
  SS607: 'no font file on this machine (PNG figures)',
  SS611: 'the file system refuses a write',
  SS613: 'a warning: keep/order matches no coefficient the fitted models have',
  SS614: 'a figure whose data have no values to plot',
  SS616: 'a summary table whose variable has no non-missing values',
  SS617: 'extra_rows with the wrong number of values: the columns of split models are known only after the fit',
  SS618: 'a warning: a figure that could not be drawn (its cause is another code)',
  SS619: 'an event figure whose models have no i(time, …, ref = r) coefficients: known after the fit',
  SS620: 'a docx/xlsx writer failing on the machine',
  SS802: 'a model a variable reads has failed to fit',
  SS803: 'a model-derived column the estimator cannot give (depends on the fit)',
  SS804: 'a model-derived column used on another table (checked per value of the data)',
  SS805: 'a split column with no groups in the data',
  SS806: 'a split group the estimator cannot fit',
  SS807: 'a build without an estimator',
  SS809: 'the output folder cannot be written',
  SS811: 'fe(m, "x") where the fit lacks that effect',
  SS813: 'no rows with every model variable',
  SS840: 'a note after a failed run',
  SS729: 'margins after a binary model that dropped perfectly predicted rows: depends on the data',
  SS730: 'an internal mismatch between a design and its formula',
  SS732: 'a warning: a dydx variable absent from one step of a multiple-estimation model',
  SS735: 'fixed effects that cannot be recovered from the data at the estimates',
  SS750: 'a warning: the cg fixed-effect solver did not converge on the data\'s FE graph',
  SS751: 'a warning: the requested FE solver needs small FE, which only the data\'s levels show',
  SS779: 'a warning: the SQL demeaning did not converge on these data',
  SS780: 'a warning: the fixed-effect graph of these data is too deep for label propagation',
  SS781: 'a term reading a text column as a number: the column types are known once the data engine has read the data',
  SS782: 'a grouping column missing from the table the data engine built (check finds unknown columns first, SS304)',
};

/** SS808 and SS810 add a model (the models block ends `head`); the rest add a section. */
function specFor(_code: string, extra: string): string {
  return head + extra;
}

describe('check raises every run-time error that depends only on the spec', () => {
  const runtimeCodes = ['render.ts', 'run.ts', 'margins.ts', 'scale.ts', 'sql.ts'].flatMap((f) =>
    [...readFileSync(join(repoRoot, 'src/diagnostics/messages', f), 'utf8').matchAll(/code: '(SS\d{3})'/g)].map((m) => m[1]!),
  );

  it('every run and render code is classified', () => {
    const unclassified = [...new Set(runtimeCodes)].filter((c) => !(c in SPEC_ONLY) && !(c in NOT_SPEC_ONLY));
    expect(unclassified).toEqual([]);
  });

  it.each(Object.entries(SPEC_ONLY).map(([code, [extra, checkCode]]) => ({ code, extra, checkCode })))(
    '$code is reported by check (as $checkCode)',
    async ({ code, extra, checkCode }) => {
      const file = join(dir, `${code}.yaml`);
      const text = specFor(code, extra);
      writeFileSync(file, text);
      const r = await compileSpec(text, file, { parsers: defaultParsers() });
      const errors = r.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.map((d) => d.code)).toContain(checkCode);
      // at a position in the spec, not nowhere
      expect(errors.find((d) => d.code === checkCode)!.pos?.line).toBeGreaterThan(0);
    },
  );

  it('the valid base spec passes', async () => {
    const r = await compileSpec(head, join(dir, 'base.yaml'), { parsers: defaultParsers() });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
