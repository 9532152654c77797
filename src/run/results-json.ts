/**
 * results.json: the stable record of a run (contract: docs/spec-language.md, "results.json").
 *
 * Model records are written as the estimators return them (per-row vectors never enter a
 * result: they are model columns): the full variance matrix stays (it is what a reader
 * needs for Wald tests), placebo draws stay (the density figure is drawn from them). NaN and ±Infinity are not JSON: they become null.
 */
import type { EstimatorRegistry } from '../estimators/registry.js';
import type { ModelResult } from '../estimators/result.js';

export interface TableRecord {
  readonly files: readonly string[];
  /** Summary tables: values[variable][stat]; group summaries: their cells. */
  readonly values?: unknown;
}

export interface RunRecord {
  readonly spec: string;
  readonly title?: string;
  readonly tool_version: string;
  readonly spec_sha256: string;
  readonly data_sha256: string;
  readonly models: Readonly<Record<string, unknown>>;
  readonly tables: Readonly<Record<string, TableRecord>>;
  readonly figures: Readonly<Record<string, { readonly files: readonly string[] }>>;
  /** The study report (Markdown and HTML) gathering every table and figure. */
  readonly report: { readonly files: readonly string[] };
  readonly warnings: readonly string[];
}

/**
 * The model record as stored: the estimator's own record when it has one (placebo lifts its
 * draws). The `family` tag is the records' type in memory, not part of the contract's record.
 */
export function modelRecord(r: ModelResult, estimators: EstimatorRegistry): Record<string, unknown> {
  const record = estimators.get(r.estimator)?.record;
  const { family: _tag, ...rest } = record ? (record(r) as Record<string, unknown> & { family?: unknown }) : r;
  return rest;
}

/** JSON text with NaN/Infinity as null and typed arrays as plain arrays. */
export function toJson(value: unknown): string {
  return (
    JSON.stringify(
      value,
      (_k, v: unknown) => {
        if (typeof v === 'number' && !Number.isFinite(v)) return null;
        if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>, (x) => (Number.isFinite(x) ? x : null));
        return v;
      },
      2,
    ) + '\n'
  );
}
