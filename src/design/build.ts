/**
 * buildDesign: SingleFormula + Frame → Design (the matrices every estimator receives).
 *
 * Order of work, and why:
 *  1. resolve every term over the whole frame (through the injected evaluator), so missing
 *     values can be counted per variable before anything is dropped;
 *  2. drop rows with any missing model variable (outcome, regressors, instruments, FE,
 *     clusters, strata);
 *  3. drop singleton FE groups iteratively (reghdfe's rule), since they carry no
 *     within-variation and otherwise distort the small-sample factors;
 *  4. expand terms on the final rows: factor levels and dummies reflect the rows used.
 */
import { dict } from '../spec/dict.js';
import { plainColumns, type ColumnAllocator } from '../data/alloc.js';
import type { Column, Frame } from '../data/frame.js';
import { StudyError, type Reporter } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/messages/index.js';
import { linearMessages as M } from '../diagnostics/messages/linear.js';
import { glmMessages as G } from '../diagnostics/messages/glm.js';
import { inferenceMessages as IM } from '../diagnostics/messages/inference.js';
import type { Expr } from '../expr/ast.js';
import type { NumericTerm, SingleFormula, Term } from '../formula/ast.js';
import { combineRaw, denseGrouping, dropSingletons, rawCodes, type RawCodes } from './groups.js';
import { expandSource, markMissing, take, resolveTerm, sourceMissing, type MissingCheck, type Resolver, type Source } from './terms.js';
import type { Design, Grouping } from './types.js';

export interface BuildOptions {
  /** The data layer's expression evaluator (expr/evaluate), bound to the frame. */
  readonly evaluate: (e: Expr) => Column;
  /** Cluster variables (`a` or `a^b`), one or two. */
  readonly clusters?: readonly string[];
  /** Remove singleton FE groups; default true when there are fixed effects (pass false for RE). */
  readonly dropSingletons?: boolean;
  /** Weight column (numeric; missing or zero weights leave the sample, negative ones are an error). */
  readonly weights?: string;
  /** Numeric columns the inference reads (panel time, coordinates); missing values drop the row. */
  readonly inferenceNumeric?: readonly string[];
  /** Groupings the inference reads (the panel unit of Newey–West). */
  readonly inferenceGroupings?: readonly string[];
  /** Receives info diagnostics (text variables entering as dummies). */
  readonly reporter?: Reporter;
  /** Where long columns and codes go (default plain arrays; the run stage passes shared memory). */
  readonly alloc?: ColumnAllocator;
}

const noSpan = { start: 0, end: 0 };

function isStrata(t: Term): t is NumericTerm {
  return t.kind === 'numeric' && t.expr.kind === 'call' && t.expr.name === 'strata';
}

/** `offset(expr)` or `exposure(expr)`: the Poisson offset, not a regressor. */
function isOffset(t: Term): t is NumericTerm {
  return t.kind === 'numeric' && t.expr.kind === 'call' && (t.expr.name === 'offset' || t.expr.name === 'exposure');
}

function strataVariable(t: NumericTerm): string {
  const e = t.expr;
  if (e.kind === 'call' && e.args[0]?.value.kind === 'ident') return e.args[0].value.name;
  throw new StudyError(diag(M.linNotNumeric(t.name), { span: t.span }));
}

function resolver(frame: Frame, evaluate: (e: Expr) => Column, alloc: ColumnAllocator): Resolver {
  return {
    evaluate,
    alloc,
    variable(name: string): Column {
      const c = frame.columns.get(name);
      if (c) return c;
      try {
        return evaluate({ kind: 'ident', name, span: noSpan });
      } catch {
        throw new StudyError(diag(M.linUnknownVariable(name)));
      }
    },
  };
}

/** Codes of `a` or `a^b`; `seen` shares a variable's codes between FE, clusters and strata. */
function groupingRaw(spec: string | readonly string[], r: Resolver, seen: Map<string, RawCodes>): RawCodes {
  const vars = typeof spec === 'string' ? spec.split('^').map((s) => s.trim()) : spec;
  return combineRaw(
    vars.map((v) => {
      let raw = seen.get(v);
      if (!raw) {
        raw = rawCodes(r.variable(v), r.alloc);
        seen.set(v, raw);
      }
      return raw;
    }),
    r.alloc,
  );
}

/** 0..n−1 for a frame, one array shared by the designs that use every row (never written). */
const identity = new WeakMap<Frame, Int32Array>();
function allRows(frame: Frame): Int32Array {
  let rows = identity.get(frame);
  if (!rows) {
    rows = new Int32Array(frame.nrows);
    for (let i = 0; i < rows.length; i++) rows[i] = i;
    identity.set(frame, rows);
  }
  return rows;
}

function numeric(src: Source, name: string): Float64Array {
  if (src.kind !== 'num') throw new StudyError(diag(M.linNotNumeric(name)));
  return src.values;
}

function expandAll(sources: readonly Source[], rows: Int32Array, alloc: ColumnAllocator): { names: string[]; cols: Float64Array[] } {
  const names: string[] = [];
  const cols: Float64Array[] = [];
  for (const s of sources) {
    const e = expandSource(s, rows, alloc);
    names.push(...e.names);
    cols.push(...e.cols);
  }
  return { names, cols };
}

/**
 * A text column whose values are mostly numbers is a number column with stray text (a typo,
 * a footnote mark), not categories: turning it into hundreds of dummies would hide the
 * mistake. Returns the stray cells when at least half of the distinct values are numbers.
 */
function strayText(c: Column | undefined): { count: number; row: number; text: string } | undefined {
  if (!c || c.kind !== 'factor' || c.levels.length < 3) return undefined;
  const numeric = c.levels.map((l) => l.trim() !== '' && Number.isFinite(Number(l)));
  const share = numeric.filter(Boolean).length / c.levels.length;
  if (share < 0.5) return undefined;
  let count = 0;
  let row = -1;
  for (let i = 0; i < c.codes.length; i++) {
    const k = c.codes[i]!;
    if (k >= 0 && !numeric[k]) {
      count++;
      if (row < 0) row = i;
    }
  }
  return count > 0 ? { count, row, text: c.levels[c.codes[row]!]! } : undefined;
}

export function buildDesign(f: SingleFormula, frame: Frame, opts: BuildOptions): Design {
  const alloc = opts.alloc ?? plainColumns;
  const r = resolver(frame, opts.evaluate, alloc);
  const n0 = frame.nrows;

  // 1. resolve
  const lhs = f.lhs;
  let ySrc: Source;
  let surv: { time: Source; event: Source; start?: Source } | undefined;
  if (lhs.kind === 'surv') {
    surv = {
      time: resolveTerm(lhs.time, r),
      event: resolveTerm(lhs.event, r),
      ...(lhs.start ? { start: resolveTerm(lhs.start, r) } : {}),
    };
    ySrc = surv.time;
  } else {
    ySrc = resolveTerm(lhs.outcomes[0]!, r);
  }
  const yName = lhs.kind === 'surv' ? lhs.time.name : lhs.outcomes[0]!.name;
  const strataTerms = f.rhs.filter(isStrata);
  const xSources = f.rhs.filter((t) => !isStrata(t) && !isOffset(t)).map((t) => resolveTerm(t, r));
  const offsetTerms = f.rhs.filter(isOffset);
  const offsetSources = offsetTerms.map((t): Source => {
    const call = t.expr as Extract<Expr, { kind: 'call' }>;
    const arg = call.args[0]!.value;
    const c = arg.kind === 'ident' ? r.variable(arg.name) : r.evaluate(arg);
    if (c.kind !== 'num') throw new StudyError(diag(M.linNotNumeric(t.name), { span: t.span }));
    return { kind: 'num', name: t.name, values: c.values };
  });
  for (const s of xSources) {
    if (s.kind === 'factor' && f.rhs.some((t) => t.kind === 'numeric' && t.name === s.name)) {
      const bad = strayText(frame.columns.get(s.name));
      if (bad) throw new StudyError(diag(M.linTextLooksNumeric(s.name, bad.count, bad.row + 1, bad.text)));
      opts.reporter?.add(diag(M.linFactorAsNumeric(s.name), { severity: 'info' }));
    }
  }
  const endogSources = f.iv?.endogenous.map((t) => resolveTerm(t, r)) ?? [];
  const instrSources = f.iv?.instruments.map((t) => resolveTerm(t, r)) ?? [];
  const seen = new Map<string, RawCodes>();
  const feRaw = f.fixedEffects.map((fe) => ({ name: fe.name, raw: groupingRaw(fe.variables, r, seen) }));
  const clRaw = (opts.clusters ?? []).map((c) => ({ name: c, raw: groupingRaw(c, r, seen) }));
  const numericColumn = (name: string): Float64Array => {
    const c = r.variable(name);
    if (c.kind !== 'num') throw new StudyError(diag(M.linNotNumeric(name)));
    return c.values;
  };
  const wRaw = opts.weights !== undefined ? numericColumn(opts.weights) : undefined;
  const infNum = (opts.inferenceNumeric ?? []).map((name) => ({ name, values: numericColumn(name) }));
  const infGroupRaw = (opts.inferenceGroupings ?? []).map((c) => ({ name: c, raw: groupingRaw(c, r, seen) }));
  const strataRaw = strataTerms.length
    ? { name: strataVariable(strataTerms[0]!), raw: groupingRaw(strataVariable(strataTerms[0]!), r, seen) }
    : undefined;

  // 2. missing rows, counted per variable
  const checks: MissingCheck[] = [];
  const addSource = (s: Source): void => void checks.push(...sourceMissing(s));
  addSource(ySrc);
  if (surv) {
    addSource(surv.event);
    if (surv.start) addSource(surv.start);
  }
  for (const s of [...xSources, ...endogSources, ...instrSources, ...offsetSources]) addSource(s);
  if (wRaw) checks.push({ name: opts.weights!, values: wRaw });
  for (const c of infNum) checks.push(c);
  for (const g of [...feRaw, ...clRaw, ...infGroupRaw, ...(strataRaw ? [strataRaw] : [])]) {
    checks.push({ name: g.name, codes: g.raw.codes, ...(g.raw.missing !== undefined ? { missing: g.raw.missing } : {}) });
  }
  const keep = new Uint8Array(n0).fill(1);
  const missingBy: Record<string, number> = dict();
  // A variable can appear twice (FE and cluster, a regressor and its interaction): its
  // missing rows are counted once per name, and the same column is scanned once.
  const seenChecks = new Map<string, Set<Float64Array | Int32Array>>();
  for (const c of checks) {
    const arr = 'values' in c ? c.values : c.codes;
    const done = seenChecks.get(c.name) ?? new Set();
    if (done.has(arr)) continue;
    done.add(arr);
    seenChecks.set(c.name, done);
    const count = markMissing(c, keep);
    if (count) missingBy[c.name] = (missingBy[c.name] ?? 0) + count;
  }
  // Rows with any variable missing (no scan when no variable had any).
  let missing = 0;
  if (Object.keys(missingBy).length) for (let i = 0; i < n0; i++) if (!keep[i]) missing++;

  // Zero weights leave the sample (Stata); negative weights are an error.
  let zeroWeight = 0;
  if (wRaw) {
    for (let i = 0; i < n0; i++) {
      if (!keep[i]) continue;
      const w = wRaw[i]!;
      if (w < 0) throw new StudyError(diag(IM.infNegativeWeight(opts.weights!, i + 1, w)));
      if (w === 0) {
        keep[i] = 0;
        zeroWeight++;
      }
    }
  }

  // 3. singletons
  const doSingletons = opts.dropSingletons ?? feRaw.length > 0;
  const singletons = doSingletons && feRaw.length ? dropSingletons(feRaw.map((g) => g.raw), keep, missing === 0 && zeroWeight === 0) : 0;

  const count = n0 - missing - zeroWeight - singletons;
  let rows: Int32Array;
  if (count === n0) rows = allRows(frame);
  else {
    rows = new Int32Array(count);
    for (let i = 0, j = 0; i < n0; i++) if (keep[i]) rows[j++] = i;
  }

  // 4. expand on the final rows
  const X = expandAll(xSources, rows, alloc);
  // `| firm` with cluster(firm) codes the same variable twice: share one dense grouping.
  const dense = new Map<RawCodes, Grouping>();
  const grouping = (g: { name: string; raw: RawCodes }): Grouping => {
    const hit = dense.get(g.raw);
    if (hit) return hit.name === g.name ? hit : { ...hit, name: g.name };
    const out = denseGrouping(g.name, g.raw, rows, alloc);
    dense.set(g.raw, out);
    return out;
  };
  const fe: Grouping[] = feRaw.map(grouping);
  const clusters: Grouping[] = clRaw.map(grouping);
  const design: Design = {
    n: rows.length,
    y: take(numeric(ySrc, yName), rows, alloc),
    yName,
    X: X.cols,
    names: X.names,
    intercept: f.intercept && fe.length === 0,
    fe,
    ...(f.iv
      ? {
          endog: (() => {
            const x = expandAll(endogSources, rows, alloc);
            return { X: x.cols, names: x.names };
          })(),
          instruments: (() => {
            const z = expandAll(instrSources, rows, alloc);
            return { Z: z.cols, names: z.names };
          })(),
        }
      : {}),
    ...(surv && lhs.kind === 'surv'
      ? {
          surv: {
            time: take(numeric(surv.time, lhs.time.name), rows, alloc),
            event: take(numeric(surv.event, lhs.event.name), rows, alloc),
            ...(surv.start && lhs.start ? { start: take(numeric(surv.start, lhs.start.name), rows, alloc) } : {}),
          },
        }
      : {}),
    ...(strataRaw ? { strata: grouping(strataRaw) } : {}),
    ...(offsetSources.length ? { offset: offsetColumn(offsetTerms, offsetSources, rows) } : {}),
    clusters,
    ...(wRaw ? { weights: take(wRaw, rows, alloc) } : {}),
    ...(infNum.length || infGroupRaw.length
      ? {
          inference: {
            numeric: Object.fromEntries(infNum.map((c) => [c.name, take(c.values, rows, alloc)])),
            groupings: Object.fromEntries(infGroupRaw.map((g) => [g.name, grouping(g)])),
          },
        }
      : {}),
    rows,
    dropped: { missing, missingBy, singletons, collinear: [], ...(zeroWeight ? { zeroWeight } : {}) },
  };
  return design;
}

/** Sum of the offset terms on the final rows; exposure(x) enters as log(x), which needs x > 0. */
function offsetColumn(terms: readonly NumericTerm[], sources: readonly Source[], rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  terms.forEach((t, j) => {
    const v = take(numeric(sources[j]!, t.name), rows, plainColumns);
    const exposure = t.expr.kind === 'call' && t.expr.name === 'exposure';
    let bad = 0;
    for (let i = 0; i < v.length; i++) {
      if (exposure && !(v[i]! > 0)) bad++;
      out[i] += exposure ? Math.log(v[i]!) : v[i]!;
    }
    if (bad) throw new StudyError(diag(G.glmExposureNotPositive(bad), { span: t.span }));
  });
  return out;
}
