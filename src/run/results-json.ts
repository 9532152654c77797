/**
 * results.json: the stable record of a run (contract: docs/spec-language.md, "results.json").
 *
 * Model records are written as the estimators return them, minus bulky internals: the
 * full variance matrix stays (it is what a reader needs for Wald tests), placebo draws stay
 * (the density figure is drawn from them). NaN and ±Infinity are not JSON: they become null.
 */
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
 * Per-row vectors some estimators keep in `extra` for model-derived columns (mills(m),
 * rows used): as large as the data, so they stay in memory and out of results.json.
 */
const PER_ROW_EXTRAS = ['mills', 'mills_rows', 'rows_used'];

/** The model record as stored: placebo fields lifted to the top level as the contract says. */
export function modelRecord(r: ModelResult): Record<string, unknown> {
  const out: Record<string, unknown> = { ...r };
  if (r.extra) out['extra'] = Object.fromEntries(Object.entries(r.extra).filter(([k]) => !PER_ROW_EXTRAS.includes(k)));
  if (r.estimator === 'placebo' && r.extra) {
    for (const k of ['draws', 'observed', 'mean', 'sd', 'p_value']) {
      if (k in r.extra) out[k] = (r.extra as Record<string, unknown>)[k];
    }
  }
  return out;
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
