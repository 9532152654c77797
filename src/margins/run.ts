/**
 * The margins of one fitted model as a result record of their own, stored under
 * `"<result key>/margins"` beside the model (each step of a csw/sw model and each group of a
 * split model has its own):
 *
 *   FittedModel (design, result, frame rows)
 *     | design-map: each design column as a product of expressions and factor indicators
 *     | compute: effects and their Jacobian at the estimation rows or at the means
 *     | delta method: V_m = J V Jᵀ with the model's own V (iid, robust, cluster …)
 *     v
 *   ModelResult: coefficients.<x> = dy/dx, `f::level` = discrete change; extra.margins
 */
import type { Column } from '../data/frame.js';
import { compareLabels } from '../design/groups.js';
import { StudyError } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/messages/index.js';
import { marginsMessages as M } from '../diagnostics/messages/margins.js';
import type { Coefficient, ModelResult } from '../estimators/result.js';
import { freezeResult } from '../estimators/result.js';
import type { Expr } from '../expr/ast.js';
import { referencedNames } from '../expr/ast.js';
import { deltaMethod } from '../linalg/dense.js';
import { normalPValue, tPValue } from '../linalg/distributions.js';
import type { MarginsOptions } from '../spec/normalized.js';
import type { MarginsSupport } from './prediction.js';
import { computeEffects, involves, type ComputeInput, type Target } from './compute.js';
import type { Points } from './derivative.js';
import { fixedEffectShift } from './prediction.js';
import { designMap, type ColumnLookup, type DesignMap } from './design-map.js';
import type { Design } from '../design/types.js';
import type { SingleFormula } from '../formula/ast.js';
import type { Reporter } from '../diagnostics/diagnostic.js';

export interface MarginsRequest {
  /** The model's result key (`m`, `m/2`, `m/east`). */
  readonly key: string;
  readonly options: MarginsOptions;
  readonly support: MarginsSupport;
  readonly formula: SingleFormula;
  readonly result: ModelResult;
  readonly design: Design;
  /** Whole-table row of each design row. */
  readonly tableRows: Int32Array;
  readonly columns: ColumnLookup;
  readonly reporter: Reporter;
}

/** Design rows the estimator used: all, or those it kept after separation (extra.rows_used). */
function usedRows(d: Design, r: ModelResult): Int32Array {
  const used = (r.extra as { readonly rows_used?: unknown } | undefined)?.rows_used;
  if (!(used instanceof Int32Array)) return Int32Array.from({ length: d.n }, (_, i) => i);
  const out = new Int32Array(used.length);
  for (let i = 0, q = 0; i < d.n && q < used.length; i++) if (d.rows[i] === used[q]) out[q++] = i;
  return out;
}

function numeric(c: Column, what: string, key: string): Float64Array {
  if (c.kind !== 'num') throw new StudyError(diag(M.marginsUnknownColumn(key, what)));
  return c.values;
}

/** Variables in order of first appearance over the design's columns (Stata's e(b) order). */
function modelVariables(map: DesignMap): Target[] {
  const out: Target[] = [];
  const seen = new Set<string>();
  const cont = new Set(map.continuous);
  for (const parts of map.parts) {
    for (const p of parts) {
      const names = p.kind === 'factor' ? [p.variable] : [...referencedNames(p.expr)].filter((v) => cont.has(v));
      for (const v of names) {
        if (seen.has(v)) continue;
        seen.add(v);
        out.push({ variable: v, kind: p.kind === 'factor' ? 'factor' : 'continuous' });
      }
    }
  }
  return out;
}

function weightedMean(v: Float64Array, w: Float64Array | null): number {
  let s = 0;
  let sw = 0;
  for (let i = 0; i < v.length; i++) {
    const wi = w ? w[i]! : 1;
    s += wi * v[i]!;
    sw += wi;
  }
  return s / sw;
}

/** The margins record of one fitted model, or undefined when it has no variable to take. */
export function marginsResult(req: MarginsRequest): ModelResult | undefined {
  const { result: r, design: d, key } = req;
  const perfect = r.dropped['perfect_prediction_rows'];
  if (typeof perfect === 'number' && perfect > 0) throw new StudyError(diag(M.marginsDroppedRows(key, perfect)));
  const idx = usedRows(d, r);
  const n = idx.length;
  const rows = Int32Array.from(idx, (i) => req.tableRows[i]!);
  const map = designMap(key, req.formula, d.names, req.columns);
  const all = modelVariables(map);
  const wanted = req.options.dydx === 'all' ? all : req.options.dydx.flatMap((v) => {
    const t = all.find((a) => a.variable === v);
    if (!t) req.reporter.add(diag(M.marginsNotInStep(v, key), { severity: 'warning' }));
    return t ? [t] : [];
  });
  const columns = r.terms.map((t) => (t === '(Intercept)' ? -1 : d.names.indexOf(t)));
  columns.forEach((j, c) => {
    if (j === -1 && r.terms[c] !== '(Intercept)') throw new StudyError(diag(M.marginsUnknownColumn(key, r.terms[c]!)));
  });
  // A variable whose every term was dropped (collinear, separated) has no effect to report;
  // it is listed in the model's `dropped`, as Stata marks it (omitted), never a 0 with SE 0.
  const targets = wanted.filter((t) => columns.some((j) => j >= 0 && involves(map.parts[j]!, t.variable)));
  if (targets.length === 0) return undefined;
  const beta = Float64Array.from(r.terms, (t) => r.coefficients[t]!.estimate);
  const w = d.weights ? Float64Array.from(idx, (i) => d.weights![i]!) : null;
  const atRows = (v: Float64Array): Float64Array => Float64Array.from(rows, (i) => v[i]!);
  const cache = new Map<string, Float64Array>();
  const fixedCache = new Map<Expr, Float64Array>();
  const varAt = (name: string): Float64Array => {
    let v = cache.get(name);
    if (!v) cache.set(name, (v = atRows(numeric(req.columns.variable(name), name, key))));
    return v;
  };
  const fixedAt = (e: Expr): Float64Array => {
    let v = fixedCache.get(e);
    if (!v) fixedCache.set(e, (v = atRows(numeric(req.columns.expr(e), 'expression', key))));
    return v;
  };
  const indicators = new Map<string, Float64Array>();
  const indicator = (f: string, code: number): Float64Array => {
    const key = `${f}\u0000${code}`;
    let v = indicators.get(key);
    if (!v) {
      const codes = map.factors.get(f)!.raw.codes;
      v = new Float64Array(n);
      for (let i = 0; i < n; i++) if (codes[rows[i]!] === code) v[i] = 1;
      indicators.set(key, v);
    }
    return v;
  };
  const levels = (f: string): { base: number; others: { code: number; label: string }[] } => {
    const info = map.factors.get(f)!;
    const present = new Set<number>();
    for (const i of rows) if (info.raw.codes[i]! >= 0) present.add(info.raw.codes[i]!);
    const order = [...present].sort(compareLabels(info.raw.labels, info.raw.numeric, info.raw.ordered));
    const isRef = (c: number): boolean => info.refs.some((ref) => (typeof ref === 'number' ? Number(info.raw.labels[c]) === ref : info.raw.labels[c] === ref));
    const base = order.find(isRef) ?? order[0]!;
    return { base, others: order.filter((c) => c !== base && !isRef(c)).map((code) => ({ code, label: info.raw.labels[code]! })) };
  };
  const means = req.options.at === 'means';
  const one = (x: number): Float64Array => Float64Array.of(x);
  const points: Points = means
    ? { n: 1, variable: (v) => one(weightedMean(varAt(v), w)), fixed: (e) => one(weightedMean(fixedAt(e), w)) }
    : { n, variable: varAt, fixed: fixedAt };
  const offset = withFixedEffects(req, idx, columns, beta, w);
  const input: ComputeInput = {
    map,
    columns,
    beta,
    prediction: req.support.prediction,
    points,
    factorAt: means ? (f, c) => one(weightedMean(indicator(f, c), w)) : indicator,
    ...(offset && !means ? { offset } : {}),
    weights: means ? null : w,
    levels,
  };
  const fx = computeEffects(input, targets);
  return freezeResult(record(req, fx.names, fx.estimates, fx.jacobian, fx.kinds, n));
}

/**
 * What the linear index adds to x'b at the estimation rows: the Poisson offset and, for a
 * nonlinear model with absorbed FE, the effects recovered at b (margins/fixed-effects.ts).
 */
function withFixedEffects(req: MarginsRequest, idx: Int32Array, columns: readonly number[], beta: Float64Array, w: Float64Array | null): Float64Array | undefined {
  const d = req.design;
  const p = req.support.prediction;
  const offset = p.kind === 'count' && d.offset ? Float64Array.from(idx, (i) => d.offset![i]!) : undefined;
  if (p.kind === 'linear' || d.fe.length === 0) return offset;
  if (req.options.at === 'means') throw new StudyError(diag(M.marginsMeansFe(req.key)));
  const eta = offset ? Float64Array.from(offset) : new Float64Array(idx.length);
  columns.forEach((j, c) => {
    const x = j < 0 ? undefined : d.X[j]!;
    for (let i = 0; i < idx.length; i++) eta[i] += beta[c]! * (x ? x[idx[i]!]! : 1);
  });
  const fe = d.fe.map((g) => ({ ...g, codes: Int32Array.from(idx, (i) => g.codes[i]!) }));
  const shift = fixedEffectShift({ y: Float64Array.from(idx, (i) => d.y[i]!), eta, fe, weights: w, prediction: p });
  if (!shift) throw new StudyError(diag(M.marginsFeNotRecovered(req.key)));
  for (let i = 0; i < eta.length; i++) eta[i] = (offset ? offset[i]! : 0) + shift[i]!;
  return eta;
}

function record(req: MarginsRequest, names: string[], est: number[], jac: number[][], kinds: string[], n: number): ModelResult {
  const r = req.result;
  const k = r.terms.length;
  const m = names.length;
  const V = Float64Array.from(r.vcov_matrix.flat());
  const J = Float64Array.from(jac.flat());
  const VM = deltaMethod(J, m, V, k);
  const t = req.options.dist === 'model' && r.inference.dist === 't' && r.inference.df !== undefined;
  const coefficients: Record<string, Coefficient> = {};
  names.forEach((name, a) => {
    const se = Math.sqrt(Math.max(VM[a * m + a]!, 0));
    const stat = est[a]! / se;
    coefficients[name] = { estimate: est[a]!, se, stat, p: t ? tPValue(stat, r.inference.df!) : normalPValue(stat) };
  });
  const prediction = req.support.prediction.kind === 'linear' ? 'xb' : req.support.prediction.kind === 'count' ? 'exp(xb)' : 'Pr(y=1)';
  // The record keeps its parent's family and estimator (a derived record, like `<iv>/first`);
  // margins are declared only by linear, binary and glm entries, whose extras take these fields.
  return {
    family: r.family,
    id: `${req.key}/margins`,
    estimator: r.estimator,
    formula: r.formula,
    nobs: r.nobs,
    fixed_effects: r.fixed_effects,
    vcov: r.vcov,
    conventions: r.conventions,
    terms: names,
    coefficients,
    vcov_matrix: Array.from({ length: m }, (_, a) => Array.from(VM.subarray(a * m, a * m + m))),
    inference: {
      dist: t ? 't' : 'normal',
      ...(t ? { df: r.inference.df! } : {}),
      ...(r.inference.n_clusters ? { n_clusters: r.inference.n_clusters } : {}),
    },
    stats: {},
    dropped: r.dropped,
    extra: {
      depvar: req.design.yName,
      parent: req.key,
      margins: {
        at: req.options.at,
        dydx: req.options.dydx,
        prediction,
        rows: n,
        kinds: Object.fromEntries(names.map((x, a) => [x, kinds[a]])),
      },
    },
    ...(r.step !== undefined ? { step: r.step } : {}),
  } as ModelResult;
}
