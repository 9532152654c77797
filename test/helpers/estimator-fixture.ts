/**
 * Test helpers: read a fixture CSV into typed columns and build a Design by hand
 * (listwise deletion on the named variables), so the estimators are tested on fixture
 * columns without the formula compiler in front of them.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Design, Grouping } from '../../src/design/types.js';
import { Reporter } from '../../src/diagnostics/diagnostic.js';
import type { FitInput, FitOptions } from '../../src/estimators/registry.js';
import { binaryLink, type LinkName } from '../../src/estimators/binary/link.js';
import { withConstant } from '../../src/estimators/binary/result.js';
import { crossprodWeighted as crossprod, crossVec, linearIndex } from '../../src/linalg/kernels.js';
import { invertSpdRelative as invertSpd, matvec } from '../../src/linalg/dense.js';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixtures = join(repoRoot, 'test', 'fixtures');

export interface Csv {
  readonly n: number;
  num(name: string): Float64Array;
  text(name: string): string[];
  readonly header: readonly string[];
}

export function readCsv(rel: string): Csv {
  const lines = readFileSync(join(fixtures, rel), 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const unq = (s: string): string => (s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s);
  const header = lines[0]!.split(',').map(unq);
  const rows = lines.slice(1).map((l) => l.split(',').map(unq));
  return {
    n: rows.length,
    header,
    num(name) {
      const j = header.indexOf(name);
      if (j < 0) throw new Error(`no column ${name}`);
      return Float64Array.from(rows, (r) => (r[j] === '' || r[j] === 'NA' ? Number.NaN : Number(r[j])));
    },
    text(name) {
      const j = header.indexOf(name);
      return rows.map((r) => r[j]!);
    },
  };
}

export function readExpected(name: string): any {
  return JSON.parse(readFileSync(join(fixtures, 'expected', `${name}.json`), 'utf8'));
}

/** Design of y on xs (with intercept), rows complete on y, xs and `also`, optionally filtered. */
export function makeDesign(
  csv: Csv,
  y: string,
  xs: readonly string[],
  opts: { filter?: (i: number) => boolean; cluster?: string; also?: readonly string[] } = {},
): Design {
  const cols = [y, ...xs, ...(opts.also ?? [])].map((c) => csv.num(c));
  const rows: number[] = [];
  for (let i = 0; i < csv.n; i++) {
    if (opts.filter && !opts.filter(i)) continue;
    if (cols.every((c) => !Number.isNaN(c[i]!))) rows.push(i);
  }
  const pick = (v: Float64Array): Float64Array => Float64Array.from(rows, (r) => v[r]!);
  const clusters: Grouping[] = [];
  if (opts.cluster) {
    const raw = csv.text(opts.cluster);
    const levels = [...new Set(rows.map((r) => raw[r]!))].sort();
    clusters.push({ name: opts.cluster, codes: Int32Array.from(rows, (r) => levels.indexOf(raw[r]!)), nlevels: levels.length, levels });
  }
  return {
    n: rows.length,
    y: pick(cols[0]!),
    yName: y,
    X: xs.map((x) => pick(csv.num(x))),
    names: xs,
    intercept: true,
    fe: [],
    clusters,
    rows: Int32Array.from(rows),
    dropped: { missing: csv.n - rows.length, missingBy: {}, singletons: 0, collinear: [] },
  };
}

export function fitInput(design: Design, options: Partial<FitOptions> = {}, extra: Partial<FitInput> = {}): FitInput {
  return {
    id: 'm',
    formula: 'f',
    design,
    options: { vcov: 'default', conventions: 'stata', ...options },
    reporter: new Reporter(),
    ...extra,
  };
}

/** Relative difference, with an absolute floor for values near zero. */
export function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

/** R's term names → ours (`factor(period)2` → `period::2`). */
export function ourTerm(r: string): string {
  const m = /^factor\((\w+)\)(.+)$/.exec(r);
  return m ? `${m[1]}::${m[2]}` : r;
}

/**
 * R glm coefficients polished by one Newton step on the exact score and observed Hessian.
 * R stops Fisher scoring on a relative deviance change of 1e-14; for non-canonical links
 * (probit, cloglog) that leaves the coefficients ~1e-8 from the MLE. One Newton step from
 * there is exact to ~1e-15, so the polished values are the reference at 1e-8.
 */
export function polishedGlm(rCoefs: Record<string, { estimate: number }>, design: Design, link: LinkName): Float64Array {
  const { cols } = withConstant(design.X, design.names, design.intercept, design.n);
  const b = Float64Array.from(Object.values(rCoefs).map((c) => c.estimate));
  const L = binaryLink(link);
  const eta = linearIndex(cols, b, design.n);
  const g = crossVec(cols, Float64Array.from(eta, (e, i) => L.score(design.y[i]!, e)));
  const H = invertSpd(crossprod(cols, Float64Array.from(eta, (e, i) => L.observed(design.y[i]!, e))), cols.length)!;
  const step = matvec(H, g, cols.length, cols.length);
  return Float64Array.from(b, (v, a) => v + step[a]!);
}
