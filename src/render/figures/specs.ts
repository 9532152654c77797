/**
 * Figure kinds as Vega-Lite specs (pure functions of the numbers; drawing is in vega.ts).
 *
 *   density   kernel density of placebo draws (Gaussian kernel, Silverman bandwidth) + observed line
 *   coefplot  point estimates with confidence intervals, one colour per model, zero line
 *   trend     mean of a variable by time, one line per group
 *   mte       marginal treatment effect curve over u ∈ (0, 1), optional band, zero line
 */
import type { ModelResult } from '../../estimators/result.js';
import { normalQuantile, tQuantile } from '../../linalg/distributions.js';
import { quantile } from '../../stats/describe.js';
import { labelTerm } from '../labels.js';
import { selectTerms } from '../select.js';
import type { CoefplotFigureSpec, DensityFigureSpec, FigureCommon, Lang, MteFigureSpec, TrendFigureSpec } from '../types.js';
import type { VlSpec } from './vega.js';

const RED = '#c0392b';

export function frame(spec: FigureCommon, config: Record<string, unknown>): VlSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: spec.width ?? 480,
    height: spec.height ?? 300,
    ...(spec.title ? { title: spec.title } : {}),
    config,
  };
}

/**
 * Silverman's rule of thumb, as R's bw.nrd0 (and Stata kdensity's default width):
 * 0.9 · min(sd, IQR/1.34) · n^(−1/5), IQR from type-7 quantiles; falls back to sd, |x₁|, 1.
 */
export function silvermanBandwidth(x: readonly number[]): number {
  const n = x.length;
  if (n < 2) return 1;
  const mean = x.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const iqr = quantile(x, 0.75, 7) - quantile(x, 0.25, 7);
  let lo = Math.min(sd, iqr / 1.34);
  if (!(lo > 0)) lo = sd || Math.abs(x[0]!) || 1;
  return 0.9 * lo * n ** -0.2;
}

export function densitySpec(
  spec: DensityFigureSpec,
  draws: readonly number[],
  observed: number | null,
  config: Record<string, unknown>,
  lang: Lang,
): VlSpec {
  const bw = spec.bandwidth ?? silvermanBandwidth(draws);
  const pts = observed !== null && spec.mark !== 'none' ? [...draws, observed] : [...draws];
  const extent = [Math.min(...pts) - 3 * bw, Math.max(...pts) + 3 * bw];
  const xTitle = spec.x_label ?? (lang === 'zh' ? '估计系数' : 'Estimated coefficient');
  const layers: VlSpec[] = [
    {
      data: { values: draws.map((v) => ({ coef: v })) },
      transform: [{ density: 'coef', bandwidth: bw, extent, steps: 256 }],
      mark: { type: 'line', color: '#1f4e79', strokeWidth: 1.6 },
      encoding: {
        x: { field: 'value', type: 'quantitative', title: xTitle, scale: { domain: extent, nice: false, zero: false } },
        y: { field: 'density', type: 'quantitative', title: spec.y_label ?? (lang === 'zh' ? '核密度' : 'Density') },
      },
    },
  ];
  if (observed !== null && spec.mark !== 'none') {
    layers.push({
      data: { values: [{ observed }] },
      mark: { type: 'rule', color: RED, strokeDash: [5, 3], strokeWidth: 1.4 },
      encoding: { x: { field: 'observed', type: 'quantitative' } },
    });
  }
  return { ...frame(spec, config), layer: layers };
}

export interface CoefRow {
  readonly model: string;
  readonly term: string;
  readonly label: string;
  readonly estimate: number;
  readonly lo: number;
  readonly hi: number;
}

/** Estimates and CIs (t with the model's df, else normal) of the selected terms. */
export function coefRows(
  spec: CoefplotFigureSpec,
  results: readonly ModelResult[],
  lang: Lang,
  ctx: { table: string; terms?: Readonly<Record<string, readonly string[]>> },
): CoefRow[] {
  const level = spec.level ?? 0.95;
  const union: string[] = [];
  for (const r of results) for (const t of r.terms) if (!union.includes(t) && t !== '(Intercept)') union.push(t);
  const { terms } = selectTerms(union, spec, ctx);
  const rows: CoefRow[] = [];
  for (const r of results) {
    const q = r.inference.dist === 't' && r.inference.df ? tQuantile(1 - (1 - level) / 2, r.inference.df) : normalQuantile(1 - (1 - level) / 2);
    for (const t of terms) {
      const c = r.coefficients[t];
      if (!c || !Number.isFinite(c.estimate) || !Number.isFinite(c.se)) continue;
      rows.push({ model: r.id, term: t, label: labelTerm(t, spec.labels ?? {}, lang), estimate: c.estimate, lo: c.estimate - q * c.se, hi: c.estimate + q * c.se });
    }
  }
  return rows;
}

export function coefplotSpec(spec: CoefplotFigureSpec, rows: readonly CoefRow[], config: Record<string, unknown>, lang: Lang): VlSpec {
  const many = new Set(rows.map((r) => r.model)).size > 1;
  const labels = [...new Set(rows.map((r) => r.label))];
  const y = { field: 'label', type: 'nominal', title: spec.y_label ?? null, sort: labels };
  const models = [...new Set(rows.map((r) => r.model))];
  // Legend and offsets in the spec's model order, not vega's alphabetical default.
  const color = many
    ? {
        color: { field: 'model', type: 'nominal', title: lang === 'zh' ? '模型' : 'Model', sort: models, legend: { orient: 'bottom' } },
        yOffset: { field: 'model', sort: models },
      }
    : {};
  const xTitle = spec.x_label ?? (lang === 'zh' ? `估计值与 ${Math.round((spec.level ?? 0.95) * 100)}% 置信区间` : `Estimate and ${Math.round((spec.level ?? 0.95) * 100)}% CI`);
  return {
    ...frame(spec, config),
    layer: [
      { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: '#888', strokeDash: [4, 3] }, encoding: { x: { field: 'zero', type: 'quantitative' } } },
      {
        data: { values: rows },
        layer: [
          { mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x: { field: 'lo', type: 'quantitative', title: xTitle }, x2: { field: 'hi' }, y, ...color } },
          { mark: { type: 'point', filled: true, size: 50 }, encoding: { x: { field: 'estimate', type: 'quantitative' }, y, ...color } },
        ],
      },
    ],
  };
}

export interface TrendPoint {
  readonly time: number;
  readonly group: string;
  readonly value: number;
}

export function trendSpec(spec: TrendFigureSpec, points: readonly TrendPoint[], config: Record<string, unknown>): VlSpec {
  const groups = [...new Set(points.map((p) => p.group))];
  const grouped = groups.length > 1;
  const enc = {
    x: { field: 'time', type: 'ordinal', title: spec.x_label ?? labelTerm(spec.time, spec.labels ?? {}), axis: { labelAngle: 0 } },
    y: { field: 'value', type: 'quantitative', title: spec.y_label ?? labelTerm(spec.variable, spec.labels ?? {}), scale: { zero: false } },
    // Groups in data order (factor level order); legend below the plot because vega
    // underestimates the width of CJK labels and a right-hand legend gets clipped.
    ...(grouped
      ? {
          color: { field: 'group', type: 'nominal', sort: groups, title: spec.labels?.[spec.by ?? ''] ?? spec.by ?? null, legend: { orient: 'bottom' } },
          shape: { field: 'group', type: 'nominal', sort: groups },
        }
      : {}),
  };
  return {
    ...frame(spec, config),
    data: { values: points },
    layer: [{ mark: { type: 'line', strokeWidth: 1.6 }, encoding: enc }, { mark: { type: 'point', filled: true, size: 40 }, encoding: enc }],
  };
}

export interface MtePoint {
  readonly u: number;
  readonly mte: number;
  readonly lo?: number;
  readonly hi?: number;
}

export function mteSpec(spec: MteFigureSpec, points: readonly MtePoint[], config: Record<string, unknown>, lang: Lang): VlSpec {
  const x = { field: 'u', type: 'quantitative', title: spec.x_label ?? (lang === 'zh' ? '未观测抵触 u_D' : 'Unobserved resistance u_D'), scale: { domain: [0, 1] } };
  const layers: VlSpec[] = [
    { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: '#888', strokeDash: [4, 3] }, encoding: { y: { field: 'zero', type: 'quantitative' } } },
  ];
  if (points.every((p) => p.lo !== undefined && p.hi !== undefined)) {
    layers.push({ data: { values: points }, mark: { type: 'area', opacity: 0.2, color: '#1f4e79' }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } });
  }
  layers.push({
    data: { values: points },
    mark: { type: 'line', color: '#1f4e79', strokeWidth: 1.8, point: { size: 25, filled: true } },
    encoding: { x, y: { field: 'mte', type: 'quantitative', title: spec.y_label ?? 'MTE' } },
  });
  return { ...frame(spec, config), layer: layers };
}
