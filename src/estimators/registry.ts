/**
 * Estimator registry: the run stage looks an estimator up by name and calls `fit`.
 *
 * Each estimator module registers one entry (see estimators/index.ts). Estimators take
 * plain Designs (design/types.ts) so they are testable on fixture columns alone; the
 * run stage builds the designs from formulas and frames.
 */
import type { Design } from '../design/types.js';
import type { VcovData, VcovKind } from '../vcov/index.js';
import type { Reporter } from '../diagnostics/diagnostic.js';
import type { EstimatorName, ModelResult } from './result.js';
import type { DemeanCache } from './linear/cache.js';

/** Model options from the spec, already validated (see docs/spec-language.md, "Model options"). */
export interface FitOptions {
  /** iid | hc1 | cluster; cluster variables are in Design.clusters. */
  readonly vcov: VcovKind | 'default';
  /** The data nw/dk/conley read (run/inference.ts builds them on the estimation rows). */
  readonly vcovData?: Omit<VcovData, 'clusters'>;
  /** Canonical vcov text for results (`nw(2)`, `cluster(a, b^c)`). */
  readonly vcovText?: string;
  /** IV: false = Stata's large-sample output (no small-sample factors, z statistics). */
  readonly small?: boolean;
  /** Small-sample / df profile; default 'stata'. */
  readonly conventions: 'stata' | 'fixest';
  /** Cox ties; default 'breslow'. */
  readonly ties?: 'breslow' | 'efron';
  /** Clustered SE without G/(G−1) (Stata noadjust). */
  readonly noadjust?: boolean;
  /** exponential/Weibull parameterisation; default 'ph'. */
  readonly metric?: 'ph' | 'aft';
  /** Heckman method; default 'twostep'. */
  readonly method?: 'twostep';
  /** Probit/logit information matrix; default 'observed' (Stata). */
  readonly information?: 'observed' | 'expected';
  /** Fail instead of dropping when one of these regressors is collinear. */
  readonly focal?: readonly string[];
  /** Demeaning tolerance (default 1e-8) and iteration cap. */
  readonly tol?: number;
  readonly maxIter?: number;
  /** Any further estimator-specific options, passed through from the spec. */
  readonly [key: string]: unknown;
}

export interface FitInput {
  readonly id: string;
  /** The formula text as written (after {terms} expansion), for results.json. */
  readonly formula: string;
  readonly design: Design;
  /** Heckman: the selection equation's design (on the full selection sample). */
  readonly selection?: Design;
  readonly options: FitOptions;
  readonly reporter: Reporter;
  /**
   * Optional demeaned-column cache shared by models of one run (same sample and FE set
   * → each column demeaned once). Create one per run with `new DemeanCache()`.
   */
  readonly cache?: DemeanCache;
}

export interface EstimatorEntry {
  readonly name: EstimatorName;
  fit(input: FitInput): ModelResult;
}

const entries = new Map<EstimatorName, EstimatorEntry>();

export function registerEstimator(e: EstimatorEntry): void {
  entries.set(e.name, e);
}

export function getEstimator(name: EstimatorName): EstimatorEntry | undefined {
  return entries.get(name);
}

export function estimatorNames(): EstimatorName[] {
  return [...entries.keys()];
}
