/**
 * Marginal effects of one fitted model and their Jacobian with respect to its
 * coefficients (Stata `margins, dydx() [atmeans]`):
 *
 *   continuous x:  dy/dx = g′(η) · Σ_k b_k ∂X_k/∂x
 *                  ∂/∂b_k = g″(η) X_k s + g′(η) ∂X_k/∂x        (s = Σ_k b_k ∂X_k/∂x)
 *   factor level:  Δ = g(η[f = l]) − g(η[f = base])
 *                  ∂/∂b_k = g′(η[f = l]) X_k[f = l] − g′(η[f = base]) X_k[f = base]
 *
 * averaged with the estimation weights over the estimation rows (`average`), or taken once
 * at the point where every variable sits at its (weighted) sample mean and every factor
 * indicator at its sample share (`means`, Stata's atmeans). g is the model's prediction
 * (margins/types.ts); η includes the offset, never absorbed fixed effects (refused for
 * nonlinear predictions; they cancel from a linear one).
 */
import { evalDual, type Points } from './derivative.js';
import type { DesignMap, Part } from './design-map.js';
import { link, type MarginsPrediction, type VariableKind } from './prediction.js';
import type { Expr } from '../expr/ast.js';
import { referencedNames } from '../expr/ast.js';

export interface Target {
  readonly variable: string;
  readonly kind: VariableKind;
}

export interface ComputeInput {
  readonly map: DesignMap;
  /** The coefficients' terms and, for each, its design column (−1: the intercept). */
  readonly columns: readonly number[];
  readonly beta: Float64Array;
  readonly prediction: MarginsPrediction;
  /** Where the columns are evaluated: the estimation rows, or the means point. */
  readonly points: Points;
  /** Factor codes at the points (`average`), or shares of each code (`means`). */
  readonly factorAt: (variable: string, code: number) => Float64Array;
  /** Offset at the points (Poisson offset/exposure), if any. */
  readonly offset?: Float64Array;
  /** Weights at the points (null: equal). */
  readonly weights: Float64Array | null;
  /** The base level's code and the other levels' codes of a factor, in display order. */
  readonly levels: (variable: string) => { readonly base: number; readonly others: readonly { code: number; label: string }[] };
}

export interface Effects {
  readonly names: string[];
  readonly estimates: number[];
  /** Row-major Jacobian, one row per effect, one column per coefficient. */
  readonly jacobian: number[][];
  /** Kind of each effect row. */
  readonly kinds: VariableKind[];
}

/** Whether a column's parts read variable or factor `v`. */
export function involves(parts: readonly Part[], v: string): boolean {
  return parts.some((p) => (p.kind === 'factor' ? p.variable === v : referencedNames(p.expr as Expr).has(v)));
}

interface Scenario {
  readonly X: Float64Array[];
  readonly D: (Float64Array | null)[];
}

/**
 * Columns (and their derivatives by `wrt`) at the points; `setLevel` moves factor `f` to one
 * level everywhere. Columns that do not involve the moved variable are shared with `base`.
 */
function scenario(inp: ComputeInput, base: Scenario | null, moved: string | null, wrt: string | undefined, setLevel?: { f: string; code: number }): Scenario {
  const n = inp.points.n;
  const X: Float64Array[] = [];
  const D: (Float64Array | null)[] = [];
  for (const j of inp.columns) {
    if (j < 0) {
      X.push(new Float64Array(n).fill(1));
      D.push(null);
      continue;
    }
    const parts = inp.map.parts[j]!;
    if (base && moved !== null && !involves(parts, moved)) {
      X.push(base.X[X.length]!);
      D.push(null);
      continue;
    }
    let v = new Float64Array(n).fill(1);
    let d: Float64Array | null = null;
    for (const p of parts) {
      let pv: Float64Array;
      let pd: Float64Array | null = null;
      if (p.kind === 'factor') {
        pv = setLevel && p.variable === setLevel.f ? new Float64Array(n).fill(p.code === setLevel.code ? 1 : 0) : inp.factorAt(p.variable, p.code);
      } else {
        const r = evalDual(p.expr, inp.points, wrt);
        pv = r.v;
        pd = r.d;
      }
      // Product rule: d(v·pv) = d·pv + v·pd.
      const nd: Float64Array | null = d || pd ? new Float64Array(n) : null;
      if (nd) for (let i = 0; i < n; i++) nd[i] = (d ? d[i]! * pv[i]! : 0) + (pd ? v[i]! * pd[i]! : 0);
      const nv = new Float64Array(n);
      for (let i = 0; i < n; i++) nv[i] = v[i]! * pv[i]!;
      v = nv;
      d = nd;
    }
    X.push(v);
    D.push(d);
  }
  return { X, D };
}

function index(inp: ComputeInput, s: Scenario): Float64Array {
  const n = inp.points.n;
  const eta = new Float64Array(n);
  if (inp.offset) eta.set(inp.offset);
  s.X.forEach((x, k) => {
    const b = inp.beta[k]!;
    for (let i = 0; i < n; i++) eta[i] += b * x[i]!;
  });
  return eta;
}

/** g, g′, g″ of the prediction at every η (typed arrays: the loops below are column passes). */
function atIndex(g: (eta: number) => [number, number, number], eta: Float64Array): [Float64Array, Float64Array, Float64Array] {
  const n = eta.length;
  const g0 = new Float64Array(n);
  const g1 = new Float64Array(n);
  const g2 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = g(eta[i]!);
    g0[i] = r[0];
    g1[i] = r[1];
    g2[i] = r[2];
  }
  return [g0, g1, g2];
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Effects of `targets` and their Jacobian. */
export function computeEffects(inp: ComputeInput, targets: readonly Target[]): Effects {
  const n = inp.points.n;
  const g = link(inp.prediction);
  const w = inp.weights ?? new Float64Array(n).fill(1);
  let W = 0;
  for (let i = 0; i < n; i++) W += w[i]!;
  const base = scenario(inp, null, null, undefined);
  const [, g1base, g2base] = atIndex(g, index(inp, base));
  const out: Effects = { names: [], estimates: [], jacobian: [], kinds: [] };

  for (const t of targets) {
    if (t.kind === 'continuous') {
      const s1 = scenario(inp, base, t.variable, t.variable);
      const s = new Float64Array(n);
      s1.D.forEach((d, c) => {
        if (!d) return;
        const b = inp.beta[c]!;
        for (let i = 0; i < n; i++) s[i] += b * d[i]!;
      });
      // ∂/∂b_k = Σ w [g″ s X_k + g′ ∂X_k/∂x] / W, as two column passes per coefficient.
      const u = new Float64Array(n);
      const v = new Float64Array(n);
      let est = 0;
      for (let i = 0; i < n; i++) {
        u[i] = w[i]! * g2base[i]! * s[i]!;
        v[i] = w[i]! * g1base[i]!;
        est += v[i]! * s[i]!;
      }
      const jac = s1.X.map((x, c) => (dot(u, x) + (s1.D[c] ? dot(v, s1.D[c]!) : 0)) / W);
      out.names.push(t.variable);
      out.estimates.push(est / W);
      out.jacobian.push(jac);
      out.kinds.push('continuous');
      continue;
    }
    const { base: b0, others } = inp.levels(t.variable);
    const sB = scenario(inp, base, t.variable, undefined, { f: t.variable, code: b0 });
    const [gB, g1B] = atIndex(g, index(inp, sB));
    const vB = Float64Array.from(g1B, (x, i) => x * w[i]!);
    for (const lev of others) {
      const sA = scenario(inp, base, t.variable, undefined, { f: t.variable, code: lev.code });
      const [gA, g1A] = atIndex(g, index(inp, sA));
      let est = 0;
      const vA = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        est += w[i]! * (gA[i]! - gB[i]!);
        vA[i] = w[i]! * g1A[i]!;
      }
      // ∂/∂b_k = Σ w [g′_A X_k[f = l] − g′_B X_k[f = base]] / W.
      const jac = sA.X.map((xa, c) => (dot(vA, xa) - dot(vB, sB.X[c]!)) / W);
      out.names.push(`${t.variable}::${lev.label}`);
      out.estimates.push(est / W);
      out.jacobian.push(jac);
      out.kinds.push('factor');
    }
  }
  return out;
}
