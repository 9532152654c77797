/**
 * RunState: everything a run has computed so far, keyed the way the plan names it.
 *
 * Frames are kept per table; spec variables are evaluated per (table, variable) once and
 * cached; sample masks per (table, sample). Model results and the per-row vectors that
 * model-derived variables read (resid(m), fitted(m), …) are kept per result key. The state
 * is owned by one run; nothing here is module-level.
 */
import type { Column, Frame } from '../data/frame.js';
import type { Design } from '../design/types.js';
import type { Reporter } from '../diagnostics/diagnostic.js';
import { StudyError } from '../diagnostics/diagnostic.js';
import { diag, didYouMean } from '../diagnostics/messages/index.js';
import { runMessages as M } from '../diagnostics/messages/run.js';
import type { Expr } from '../expr/ast.js';
import { ExprError } from '../expr/errors.js';
import { evaluate, evaluateMask, FrameCache, type EvalContext } from '../expr/evaluate.js';
import type { ModelColumns, ModelResult } from '../estimators/result.js';
import { DemeanCache } from '../estimators/linear/cache.js';
import type { ColumnAllocator } from '../data/alloc.js';
import { sharedColumns } from '../linalg/demean-pool.js';
import type { ColumnPolicy, EstimatorRegistry } from '../estimators/registry.js';
import type { NormExpr, NormalizedSpec, SpecPath } from '../spec/normalized.js';
import { modelColumn } from './model-columns.js';

/**
 * A fitted model and what model-derived variables need of it. Its columns (resid, fitted,
 * mills …) cost a pass over the rows, for linear models with absorbed FE a demeaning:
 * built on first use by the estimator's own column builder, and kept.
 */
export class FittedModel {
  private built: ModelColumns | undefined;

  constructor(
    readonly result: ModelResult,
    readonly design: Design,
    /** Rows of the table frame that the design's rows refer to (design.rows index into these). */
    readonly frameRows: Int32Array,
    readonly table: string,
    readonly columnPolicy: ColumnPolicy,
    /** The selection equation's design (Heckman). */
    readonly selection?: Design,
  ) {}

  get columns(): ModelColumns {
    return (this.built ??= this.columnPolicy.compute(this));
  }

  /** Whether the columns have been built (tests check that nothing builds them early). */
  get columnsBuilt(): boolean {
    return this.built !== undefined;
  }
}

export class RunState {
  readonly frames = new Map<string, Frame>();
  readonly results = new Map<string, ModelResult>();
  readonly fitted = new Map<string, FittedModel>();
  /** Variable labels carried by the data files (.dta), by column: default labels of tables and figures. */
  readonly dataLabels = new Map<string, string>();
  /** Demeaned columns shared by models with the same rows and fixed effects (csw steps, …). */
  readonly demeanCache = new DemeanCache();
  /**
   * Where frames, designs and codes put long columns: shared memory the demeaning's helper
   * thread reads in place (handed to data/ and design/, which choose no memory themselves).
   */
  readonly alloc: ColumnAllocator = sharedColumns;
  private readonly variables = new Map<string, Column>();
  private readonly masks = new Map<string, Uint8Array>();
  private readonly caches = new Map<string, FrameCache>();
  private readonly inProgress = new Set<string>();

  constructor(
    readonly spec: NormalizedSpec,
    readonly reporter: Reporter,
    /** What each estimator can do (fit, columns, placebo refits, results.json record). */
    readonly estimators: EstimatorRegistry,
  ) {}

  frame(table: string): Frame {
    const f = this.frames.get(table);
    if (!f) throw new Error(`internal: table '${table}' used before it was loaded`);
    return f;
  }

  /** Evaluation context on a table: spec variables resolve lazily, model columns from fitted models. */
  evalContext(table: string, path?: SpecPath): EvalContext {
    let cache = this.caches.get(table);
    if (!cache) {
      cache = new FrameCache();
      this.caches.set(table, cache);
    }
    return {
      frame: this.frame(table),
      resolve: (name) => this.variable(table, name),
      modelColumn: (fn, model, args) => modelColumn(this, table, fn, model, args),
      reporter: this.reporter,
      cache,
      ...(path ? { path } : {}),
    };
  }

  /** A spec variable on a table (undefined when no such variable: the caller reports the name). */
  variable(table: string, name: string): Column | undefined {
    const key = `${table}\u0000${name}`;
    const hit = this.variables.get(key);
    if (hit) return hit;
    const def = this.spec.variables[name];
    if (!def) return undefined;
    if (this.inProgress.has(key)) return undefined; // a cycle is a plan error; never recurse forever
    this.inProgress.add(key);
    try {
      const col = this.evaluate(def, table);
      this.variables.set(key, col);
      return col;
    } finally {
      this.inProgress.delete(key);
    }
  }

  /** Evaluate a parsed spec expression on a table, mapping data errors to spec positions. */
  evaluate(e: NormExpr, table: string): Column {
    return this.guard(e, () => evaluate(e.expr, this.evalContext(table, e.path)));
  }

  evaluateExpr(expr: Expr, table: string, path: SpecPath): Column {
    return this.guard({ text: '', expr, path }, () => evaluate(expr, this.evalContext(table, path)));
  }

  sampleMask(table: string, sample: string): Uint8Array {
    const key = `${table}\u0000${sample}`;
    const hit = this.masks.get(key);
    if (hit) return hit;
    const def = this.spec.samples[sample];
    if (!def) {
      throw new StudyError(diag(M.runUnknownSample(sample), { notes: didYouMean(sample, Object.keys(this.spec.samples)) }));
    }
    const mask = this.guard(def, () => evaluateMask(def.expr, this.evalContext(table, def.path)));
    this.masks.set(key, mask);
    return mask;
  }

  private guard<T>(e: NormExpr, f: () => T): T {
    try {
      return f();
    } catch (err) {
      if (err instanceof ExprError) {
        throw new StudyError(
          diag({ code: err.code, message: err.message }, { path: e.path, span: err.span, notes: err.notes }),
        );
      }
      throw err;
    }
  }
}
