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

/** Effects of `targets` and their Jacobian. */
export function computeEffects(inp: ComputeInput, targets: readonly Target[]): Effects {
  const n = inp.points.n;
  const k = inp.columns.length;
  const g = link(inp.prediction);
  const w = inp.weights;
  let W = 0;
  for (let i = 0; i < n; i++) W += w ? w[i]! : 1;
  const base = scenario(inp, null, null, undefined);
  const eta0 = index(inp, base);
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
      let est = 0;
      const jac = new Array<number>(k).fill(0);
      for (let i = 0; i < n; i++) {
        const wi = w ? w[i]! : 1;
        const [, g1, g2] = g(eta0[i]!);
        est += wi * g1 * s[i]!;
        for (let c = 0; c < k; c++) {
          const d = s1.D[c];
          jac[c]! += wi * (g2 * s1.X[c]![i]! * s[i]! + (d ? g1 * d[i]! : 0));
        }
      }
      out.names.push(t.variable);
      out.estimates.push(est / W);
      out.jacobian.push(jac.map((x) => x / W));
      out.kinds.push('continuous');
      continue;
    }
    const { base: b0, others } = inp.levels(t.variable);
    const sB = scenario(inp, base, t.variable, undefined, { f: t.variable, code: b0 });
    const etaB = index(inp, sB);
    for (const lev of others) {
      const sA = scenario(inp, base, t.variable, undefined, { f: t.variable, code: lev.code });
      const etaA = index(inp, sA);
      let est = 0;
      const jac = new Array<number>(k).fill(0);
      for (let i = 0; i < n; i++) {
        const wi = w ? w[i]! : 1;
        const [gA, g1A] = g(etaA[i]!);
        const [gB, g1B] = g(etaB[i]!);
        est += wi * (gA - gB);
        for (let c = 0; c < k; c++) jac[c]! += wi * (g1A * sA.X[c]![i]! - g1B * sB.X[c]![i]!);
      }
      out.names.push(`${t.variable}::${lev.label}`);
      out.estimates.push(est / W);
      out.jacobian.push(jac.map((x) => x / W));
      out.kinds.push('factor');
    }
  }
  return out;
}
