/**
 * Survival fixtures → Designs, without the data layer or the formula compiler in front:
 * read a shared fixture CSV into columns, drop incomplete rows listwise (as R does), expand
 * string factors into treatment dummies named as R names them (`celltypelarge`, reference
 * = first level alphabetically), and hand the estimator a Design.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Design, Grouping } from '../../src/design/types.js';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixturesDir = join(repoRoot, 'test', 'fixtures');

export type RawColumn = { kind: 'num'; values: Float64Array } | { kind: 'str'; values: (string | null)[] };

/** Minimal CSV reader for the fixture files: comma-separated, double-quoted strings, empty = missing. */
export function readCsv(path: string): Map<string, RawColumn> {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const split = (line: string): { text: string; quoted: boolean }[] => {
    const out: { text: string; quoted: boolean }[] = [];
    let i = 0;
    while (i <= line.length) {
      if (line[i] === '"') {
        let j = i + 1;
        let s = '';
        while (j < line.length) {
          if (line[j] === '"' && line[j + 1] === '"') { s += '"'; j += 2; continue; }
          if (line[j] === '"') break;
          s += line[j++];
        }
        out.push({ text: s, quoted: true });
        i = j + 2;
      } else {
        const j = line.indexOf(',', i);
        const end = j < 0 ? line.length : j;
        out.push({ text: line.slice(i, end), quoted: false });
        i = end + 1;
      }
    }
    return out;
  };
  const header = split(lines[0]!).map((c) => c.text);
  const rows = lines.slice(1).map(split);
  const cols = new Map<string, RawColumn>();
  header.forEach((name, j) => {
    const cells = rows.map((r) => r[j]!);
    const isStr = cells.some((c) => c.quoted || (c.text !== '' && Number.isNaN(Number(c.text))));
    if (isStr) cols.set(name, { kind: 'str', values: cells.map((c) => (c.text === '' && !c.quoted ? null : c.text)) });
    else cols.set(name, { kind: 'num', values: Float64Array.from(cells, (c) => (c.text === '' ? NaN : Number(c.text))) });
  });
  return cols;
}

export interface SurvSpec {
  readonly csv: string;
  readonly time: string;
  readonly event: string;
  readonly start?: string;
  /** Covariates in formula order; string columns become R-style treatment dummies. */
  readonly covariates: readonly string[];
  readonly strata?: string;
  readonly cluster?: string;
  readonly intercept?: boolean;
}

function grouping(name: string, col: RawColumn, keep: number[]): Grouping {
  const raw = keep.map((i) => (col.kind === 'num' ? String(col.values[i]) : col.values[i]!));
  const levels = [...new Set(raw)].sort();
  const idx = new Map(levels.map((l, i) => [l, i]));
  return { name, codes: Int32Array.from(raw, (v) => idx.get(v)!), nlevels: levels.length, levels };
}

export function survDesign(spec: SurvSpec): Design {
  const cols = readCsv(join(fixturesDir, 'data', spec.csv));
  const get = (n: string): RawColumn => {
    const c = cols.get(n);
    if (!c) throw new Error(`fixture column ${n} missing`);
    return c;
  };
  const used = [spec.time, spec.event, ...(spec.start ? [spec.start] : []), ...spec.covariates,
    ...(spec.strata ? [spec.strata] : []), ...(spec.cluster ? [spec.cluster] : [])];
  const nrows = (() => { const c = get(spec.time); return c.values.length; })();
  const keep: number[] = [];
  for (let i = 0; i < nrows; i++) {
    const ok = used.every((n) => {
      const c = get(n);
      return c.kind === 'num' ? !Number.isNaN(c.values[i]!) : c.values[i] !== null;
    });
    if (ok) keep.push(i);
  }
  const num = (n: string): Float64Array => {
    const c = get(n);
    if (c.kind !== 'num') throw new Error(`${n} is not numeric`);
    return Float64Array.from(keep, (i) => c.values[i]!);
  };
  const X: Float64Array[] = [];
  const names: string[] = [];
  for (const v of spec.covariates) {
    const c = get(v);
    if (c.kind === 'num') { X.push(num(v)); names.push(v); continue; }
    const levels = [...new Set(keep.map((i) => c.values[i]!))].sort();
    for (const lv of levels.slice(1)) {
      X.push(Float64Array.from(keep, (i) => (c.values[i] === lv ? 1 : 0)));
      names.push(`${v}${lv}`);
    }
  }
  const time = num(spec.time);
  return {
    n: keep.length,
    y: time,
    yName: spec.time,
    X,
    names,
    intercept: spec.intercept ?? false,
    fe: [],
    surv: { time, event: num(spec.event), ...(spec.start ? { start: num(spec.start) } : {}) },
    ...(spec.strata ? { strata: grouping(spec.strata, get(spec.strata), keep) } : {}),
    clusters: spec.cluster ? [grouping(spec.cluster, get(spec.cluster), keep)] : [],
    rows: Int32Array.from(keep),
    dropped: { missing: nrows - keep.length, missingBy: {}, singletons: 0, collinear: [] },
  };
}

export interface ExpectedCoef { estimate: number; se: number; z: number; p: number }
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Expected = Record<string, any>;

export function loadExpected(name: string): Expected {
  return JSON.parse(readFileSync(join(fixturesDir, 'expected', `${name}.json`), 'utf8')) as Expected;
}

/** |a − b| ≤ tol·|b| (absolute tol when b = 0). */
export function relErr(a: number, b: number): number {
  return b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b);
}
