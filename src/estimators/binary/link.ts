/**
 * Links of binary regression: per-row loglik, score and curvature as functions of the
 * linear index η, for y ∈ {0, 1}. Written in closed form (not via μ) so the tails stay
 * accurate: log Φ(−40) or log(1 − e^{−e^η}) at η = −40 are finite here.
 */
import { normalCdf, normalPdf } from '../../linalg/distributions.js';

export type LinkName = 'probit' | 'logit' | 'cloglog';

export interface BinaryLink {
  readonly name: LinkName;
  /** Row loglik ℓ(y, η). */
  loglik(y: number, eta: number): number;
  /** dℓ/dη. */
  score(y: number, eta: number): number;
  /** −d²ℓ/dη² (observed information weight). */
  observed(y: number, eta: number): number;
  /** E[−d²ℓ/dη²] = μ'(η)² / (μ(1 − μ)) (expected information weight). */
  expected(eta: number): number;
  /** μ = P(y = 1 | η). */
  mean(eta: number): number;
  /** η for a given μ (start values, intercept-only model). */
  inverse(mu: number): number;
}

/** log Φ(x), accurate for very negative x where Φ underflows. */
export function logPhi(x: number): number {
  if (x > -30) return Math.log(normalCdf(x));
  // Asymptotic series of the Mills ratio; five terms are exact to double precision at x < −30.
  const z = 1 / (x * x);
  const series = 1 - z + 3 * z * z - 15 * z * z * z + 105 * z * z * z * z;
  return -0.5 * x * x - Math.log(-x) - 0.5 * Math.log(2 * Math.PI) + Math.log(series);
}

/** φ(x)/Φ(x) (inverse Mills ratio), stable for very negative x. */
export function millsRatio(x: number): number {
  if (x > -30) return normalPdf(x) / normalCdf(x);
  const z = 1 / (x * x);
  const series = 1 - z + 3 * z * z - 15 * z * z * z + 105 * z * z * z * z;
  return -x / series;
}

const probit: BinaryLink = {
  name: 'probit',
  loglik: (y, eta) => logPhi(y === 1 ? eta : -eta),
  score: (y, eta) => (y === 1 ? millsRatio(eta) : -millsRatio(-eta)),
  observed: (y, eta) => {
    const x = y === 1 ? eta : -eta;
    const l = millsRatio(x);
    return l * (l + x);
  },
  expected: (eta) => {
    const p = normalPdf(eta);
    // Φ(η)Φ(−η) written with the smaller tail to avoid 1 − Φ.
    return (p * p) / (normalCdf(eta) * normalCdf(-eta));
  },
  mean: (eta) => normalCdf(eta),
  inverse: (mu) => {
    // Newton on Φ(η) = μ from a logistic guess; only used for start values.
    let e = Math.log(mu / (1 - mu)) / 1.7;
    for (let i = 0; i < 50; i++) {
      const d = (normalCdf(e) - mu) / Math.max(normalPdf(e), 1e-300);
      e -= d;
      if (Math.abs(d) < 1e-15) break;
    }
    return e;
  },
};

/** log(1 + e^x) without overflow. */
function log1pExp(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

function logistic(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

const logit: BinaryLink = {
  name: 'logit',
  loglik: (y, eta) => (y === 1 ? -log1pExp(-eta) : -log1pExp(eta)),
  score: (y, eta) => y - logistic(eta),
  observed: (_y, eta) => {
    const m = logistic(eta);
    return m * (1 - m);
  },
  expected: (eta) => {
    const m = logistic(eta);
    return m * (1 - m);
  },
  mean: logistic,
  inverse: (mu) => Math.log(mu / (1 - mu)),
};

/*
 * cloglog: μ = 1 − exp(−t), t = e^η. ℓ(0) = −t; ℓ(1) = log(1 − e^{−t}).
 * For y = 1: dℓ/dη = t / (e^t − 1); −d²ℓ/dη² = t (t e^t − (e^t − 1)) / (e^t − 1)².
 */
/** t·e^t − (e^t − 1) = Σ_{n≥2} (n−1) tⁿ / n!, summed directly for small t (no cancellation). */
function tExpMinusExpm1(t: number): number {
  if (t > 0.5) return t * Math.exp(t) - Math.expm1(t);
  let term = t; // tⁿ/n! at n = 1
  let s = 0;
  for (let n = 2; n < 30; n++) {
    term *= t / n;
    s += (n - 1) * term;
    if ((n - 1) * term < 1e-17 * s) break;
  }
  return s;
}

const cloglog: BinaryLink = {
  name: 'cloglog',
  loglik: (y, eta) => {
    const t = Math.exp(eta);
    return y === 1 ? Math.log(-Math.expm1(-t)) : -t;
  },
  score: (y, eta) => {
    const t = Math.exp(eta);
    return y === 1 ? t / Math.expm1(t) : -t;
  },
  observed: (y, eta) => {
    const t = Math.exp(eta);
    if (y !== 1) return t;
    // Beyond t = 30, e^t dominates: the ratio is t(t − 1)e^{−t} to double precision (and no overflow).
    if (t > 30) return t * (t - 1) * Math.exp(-t);
    const em1 = Math.expm1(t);
    return (t * tExpMinusExpm1(t)) / (em1 * em1);
  },
  expected: (eta) => {
    const t = Math.exp(eta);
    return (t * t) / Math.expm1(t);
  },
  mean: (eta) => -Math.expm1(-Math.exp(eta)),
  inverse: (mu) => Math.log(-Math.log1p(-mu)),
};

export function binaryLink(name: LinkName): BinaryLink {
  return name === 'probit' ? probit : name === 'logit' ? logit : cloglog;
}
