/**
 * Newton–Raphson for smooth log-likelihoods, plus the small dense kernels it needs.
 *
 * Parameters are few (k ≤ a few hundred) while rows are many, so every O(n) pass is a
 * loop over Float64Array columns and every k×k matrix is a row-major Float64Array.
 * Matrices here are symmetric unless stated.
 */

/** A model as seen by the optimiser: loglik, gradient and negative Hessian at beta. */
export interface MleProblem {
  readonly k: number;
  /** Loglik only (cheap: used for step halving). NaN/−∞ means "outside the domain". */
  loglik(beta: Float64Array): number;
  /** Loglik, gradient, and the curvature used for the step (usually −Hessian). */
  evaluate(beta: Float64Array): { ll: number; grad: Float64Array; info: Float64Array };
}

export interface MleOptions {
  /** Converged when g'·info⁻¹·g < gtol (scaled gradient, as Stata's nrtolerance). */
  readonly gtol?: number;
  /** … or when the relative loglik change is below ltol AND the scaled gradient < 1e-10. */
  readonly ltol?: number;
  readonly maxIter?: number;
  /** Step halvings allowed per iteration before giving up on ascent. */
  readonly maxHalvings?: number;
}

export interface MleFit {
  readonly beta: Float64Array;
  readonly ll: number;
  readonly grad: Float64Array;
  /** The curvature at the optimum (row-major k×k) and its inverse (null if singular). */
  readonly info: Float64Array;
  readonly infoInv: Float64Array | null;
  readonly iterations: number;
  readonly converged: boolean;
  readonly singular: boolean;
}

/**
 * Maximise by Newton–Raphson with step halving. The default tolerances are much tighter
 * than Stata's (nrtolerance 1e-5) because Newton converges quadratically: one extra step
 * costs nothing and makes the coefficients exact to ~1e-12, which the 1e-8 parity goal needs.
 */
export function newtonRaphson(p: MleProblem, start: Float64Array, opts: MleOptions = {}): MleFit {
  const gtol = opts.gtol ?? 1e-20;
  const ltol = opts.ltol ?? 1e-15;
  const maxIter = opts.maxIter ?? 300;
  const maxHalvings = opts.maxHalvings ?? 40;
  const k = p.k;
  let beta: Float64Array = Float64Array.from(start);
  let cur = p.evaluate(beta);
  let iter = 0;
  let converged = false;
  let singular = false;
  for (; iter < maxIter; iter++) {
    const inv = invertSpd(cur.info, k);
    if (!inv) {
      singular = true;
      break;
    }
    const step = matVec(inv, cur.grad, k);
    const scaled = dot(step, cur.grad);
    if (scaled < gtol) {
      converged = true;
      break;
    }
    let t = 1;
    let next = addScaled(beta, step, t);
    let llNext = p.loglik(next);
    let h = 0;
    // Halve while the loglik falls (or leaves the domain), as Stata's ml "backed up" steps.
    while (!(llNext >= cur.ll - 1e-12 * Math.abs(cur.ll)) && h < maxHalvings) {
      t /= 2;
      next = addScaled(beta, step, t);
      llNext = p.loglik(next);
      h++;
    }
    if (!(llNext >= cur.ll - 1e-12 * Math.abs(cur.ll))) break;
    const rel = Math.abs(llNext - cur.ll) / (Math.abs(cur.ll) + 1e-300);
    beta = next;
    cur = p.evaluate(beta);
    if (rel < ltol) {
      const inv2 = invertSpd(cur.info, k);
      if (inv2 && dot(matVec(inv2, cur.grad, k), cur.grad) < 1e-10) {
        converged = true;
        iter++;
        break;
      }
    }
  }
  const infoInv = invertSpd(cur.info, k);
  return {
    beta,
    ll: cur.ll,
    grad: cur.grad,
    info: cur.info,
    infoInv,
    iterations: iter,
    converged: converged && infoInv !== null,
    singular: singular || infoInv === null,
  };
}

/** Σ_i w_i x_i x_i' over columns (w = null: unit weights). Row-major k×k. */
export function crossprod(cols: readonly Float64Array[], w: Float64Array | null): Float64Array {
  const k = cols.length;
  const out = new Float64Array(k * k);
  const n = k ? cols[0]!.length : 0;
  const tmp = new Float64Array(n);
  for (let a = 0; a < k; a++) {
    const ca = cols[a]!;
    if (w) for (let i = 0; i < n; i++) tmp[i] = ca[i]! * w[i]!;
    else tmp.set(ca);
    for (let b = a; b < k; b++) {
      const cb = cols[b]!;
      let s = 0;
      for (let i = 0; i < n; i++) s += tmp[i]! * cb[i]!;
      out[a * k + b] = s;
      out[b * k + a] = s;
    }
  }
  return out;
}

/** X'v for columns X. */
export function crossVec(cols: readonly Float64Array[], v: Float64Array): Float64Array {
  const out = new Float64Array(cols.length);
  for (let a = 0; a < cols.length; a++) {
    const c = cols[a]!;
    let s = 0;
    for (let i = 0; i < v.length; i++) s += c[i]! * v[i]!;
    out[a] = s;
  }
  return out;
}

/** Linear index X·beta. */
export function linearIndex(cols: readonly Float64Array[], beta: Float64Array, n: number): Float64Array {
  const eta = new Float64Array(n);
  for (let a = 0; a < cols.length; a++) {
    const c = cols[a]!;
    const b = beta[a]!;
    if (b === 0) continue;
    for (let i = 0; i < n; i++) eta[i] += b * c[i]!;
  }
  return eta;
}

/**
 * Inverse of a symmetric positive definite matrix by Cholesky; null when not PD.
 * The pivot threshold is relative to the diagonal, so badly scaled but full-rank
 * designs (expersq next to a constant) still invert.
 */
export function invertSpd(A: Float64Array, k: number): Float64Array | null {
  const L = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    let d = A[j * k + j]!;
    for (let m = 0; m < j; m++) d -= L[j * k + m]! * L[j * k + m]!;
    if (!(d > 1e-13 * Math.abs(A[j * k + j]!)) || !(d > 0)) return null;
    const ljj = Math.sqrt(d);
    L[j * k + j] = ljj;
    for (let i = j + 1; i < k; i++) {
      let s = A[i * k + j]!;
      for (let m = 0; m < j; m++) s -= L[i * k + m]! * L[j * k + m]!;
      L[i * k + j] = s / ljj;
    }
  }
  // inv(L), lower triangular
  const Li = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    Li[j * k + j] = 1 / L[j * k + j]!;
    for (let i = j + 1; i < k; i++) {
      let s = 0;
      for (let m = j; m < i; m++) s -= L[i * k + m]! * Li[m * k + j]!;
      Li[i * k + j] = s / L[i * k + i]!;
    }
  }
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let m = i; m < k; m++) s += Li[m * k + i]! * Li[m * k + j]!;
      out[i * k + j] = s;
      out[j * k + i] = s;
    }
  }
  return out;
}

export function matVec(A: Float64Array, v: Float64Array, k: number): Float64Array {
  const out = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += A[i * k + j]! * v[j]!;
    out[i] = s;
  }
  return out;
}

/** A·B for row-major A (r×m) and B (m×c). */
export function matMul(A: Float64Array, B: Float64Array, r: number, m: number, c: number): Float64Array {
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    for (let l = 0; l < m; l++) {
      const a = A[i * m + l]!;
      if (a === 0) continue;
      for (let j = 0; j < c; j++) out[i * c + j] += a * B[l * c + j]!;
    }
  }
  return out;
}

/** Sandwich A·M·A for symmetric k×k A and M. */
export function sandwich(A: Float64Array, M: Float64Array, k: number): Float64Array {
  const out = matMul(matMul(A, M, k, k, k), A, k, k, k);
  symmetrize(out, k);
  return out;
}

export function symmetrize(A: Float64Array, k: number): void {
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const v = 0.5 * (A[i * k + j]! + A[j * k + i]!);
      A[i * k + j] = v;
      A[j * k + i] = v;
    }
  }
}

/** Wald statistic b_S' V_SS⁻¹ b_S for the coefficient subset S; NaN if V_SS is singular. */
export function waldChi2(beta: Float64Array, V: Float64Array, k: number, subset: readonly number[]): number {
  const q = subset.length;
  if (q === 0) return Number.NaN;
  const Vs = new Float64Array(q * q);
  const bs = new Float64Array(q);
  for (let a = 0; a < q; a++) {
    bs[a] = beta[subset[a]!]!;
    for (let b = 0; b < q; b++) Vs[a * q + b] = V[subset[a]! * k + subset[b]!]!;
  }
  const inv = invertSpd(Vs, q);
  if (!inv) return Number.NaN;
  return dot(bs, matVec(inv, bs, q));
}

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function addScaled(a: Float64Array, b: Float64Array, t: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! + t * b[i]!;
  return out;
}

/** Row-major k×k → nested arrays (results.json shape). */
export function toNested(A: Float64Array, k: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < k; i++) out.push(Array.from(A.subarray(i * k, (i + 1) * k)));
  return out;
}

/**
 * Least squares by the normal equations plus one step of iterative refinement on the
 * residual: the refinement recovers the accuracy a QR would give for the moderately
 * conditioned designs met here (squares of regressors next to a constant).
 * Returns β and (X'X)⁻¹; null when X'X is singular.
 */
export function leastSquares(cols: readonly Float64Array[], y: Float64Array): { beta: Float64Array; xtxInv: Float64Array } | null {
  const k = cols.length;
  const n = y.length;
  const xtxInv = invertSpd(crossprod(cols, null), k);
  if (!xtxInv) return null;
  const beta = matVec(xtxInv, crossVec(cols, y), k);
  const fit = linearIndex(cols, beta, n);
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = y[i]! - fit[i]!;
  const delta = matVec(xtxInv, crossVec(cols, r), k);
  for (let a = 0; a < k; a++) beta[a] += delta[a]!;
  return { beta, xtxInv };
}
