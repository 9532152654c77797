/**
 * Event-study figures: the coefficients of `i(time, treat, ref = r)` (or `i(time, ref = r)`)
 * plotted against time, with the reference period drawn at 0 (it has no coefficient: it
 * is the omitted level) and confidence intervals as bars, as fixest's `iplot` and Stata's
 * `coefplot, vertical` event-study plots show them.
 *
 * Term names follow the design: `year::2005:treat` (level 2005 of year, slope treat) or
 * `rel::-3`; the reference level comes from the model's formula text.
 */
import type { ModelResult } from '../../estimators/result.js';
import { normalQuantile, tQuantile } from '../../linalg/distributions.js';
import { labelTerm } from '../labels.js';
import type { EventFigureSpec, Lang } from '../types.js';
import type { VlSpec } from './vega.js';

export interface EventPoint {
  readonly model: string;
  readonly time: number;
  readonly estimate: number;
  readonly lo: number | null;
  readonly hi: number | null;
  readonly ref: boolean;
}

const I_CALL = /\bi\(\s*([A-Za-z_][\w.]*)\s*(?:,\s*([A-Za-z_][\w.]*)\s*)?(?:,[^)]*?)?\bref\s*=\s*("?)(-?[\w.]+)\3[^)]*\)/;

/** The time variable, slope and reference level of a model's first `i(…, ref = r)` term. */
export function eventTerm(formula: string): { time: string; slope?: string; ref: number } | null {
  const m = I_CALL.exec(formula);
  if (!m) return null;
  const ref = Number(m[4]);
  if (!Number.isFinite(ref)) return null;
  return { time: m[1]!, ...(m[2] && !/^ref$/.test(m[2]) ? { slope: m[2] } : {}), ref };
}

/** Points of one model (reference period included at 0); [] when it has no such terms. */
export function eventPoints(r: ModelResult, level: number): { points: EventPoint[]; time: string } {
  const ev = eventTerm(r.formula);
  if (!ev) return { points: [], time: '' };
  const q = r.inference.dist === 't' && r.inference.df ? tQuantile(1 - (1 - level) / 2, r.inference.df) : normalQuantile(1 - (1 - level) / 2);
  const points: EventPoint[] = [];
  for (const t of r.terms) {
    const m = /^(?:i\()?([^:()]+)\)?::([^:]+)(?::(.+))?$/.exec(t);
    if (!m || m[1] !== ev.time || (m[3] ?? undefined) !== ev.slope) continue;
    const time = Number(m[2]);
    const c = r.coefficients[t];
    if (!Number.isFinite(time) || !c || !Number.isFinite(c.estimate)) continue;
    const ok = Number.isFinite(c.se);
    points.push({ model: r.id, time, estimate: c.estimate, lo: ok ? c.estimate - q * c.se : null, hi: ok ? c.estimate + q * c.se : null, ref: false });
  }
  if (points.length) points.push({ model: r.id, time: ev.ref, estimate: 0, lo: null, hi: null, ref: true });
  points.sort((a, b) => a.time - b.time);
  return { points, time: ev.time };
}

export function eventSpec(
  spec: EventFigureSpec,
  points: readonly EventPoint[],
  time: string,
  frame: VlSpec,
  lang: Lang,
): VlSpec {
  const models = [...new Set(points.map((p) => p.model))];
  const many = models.length > 1;
  const refTime = points.find((p) => p.ref)?.time;
  const labels = spec.labels ?? {};
  const pct = Math.round((spec.level ?? 0.95) * 100);
  // Several models side by side: each is shifted a little along time so bars do not overlap.
  const shift = (p: EventPoint) => (many ? (models.indexOf(p.model) - (models.length - 1) / 2) * 0.12 : 0);
  const rows = points.map((p) => ({ ...p, tx: p.time + shift(p), kind: p.ref ? 'reference' : 'estimate' }));
  const x = {
    field: 'tx',
    type: 'quantitative',
    title: spec.x_label ?? labelTerm(time, labels, lang),
    axis: { format: 'd', tickMinStep: 1 },
    scale: { zero: false, nice: false, padding: 12 },
  };
  // The intervals set the y range (vega would size it from the estimates of one layer only).
  const ys = points.flatMap((p) => [p.estimate, p.lo ?? p.estimate, p.hi ?? p.estimate]);
  const pad = (Math.max(...ys) - Math.min(...ys)) * 0.05 || 1;
  const scale = { domain: [Math.min(...ys) - pad, Math.max(...ys) + pad], nice: false, zero: false };
  const y = { field: 'estimate', type: 'quantitative', scale, title: spec.y_label ?? (lang === 'zh' ? `估计值与 ${pct}% 置信区间` : `Estimate and ${pct}% CI`) };
  const color = many
    ? { color: { field: 'model', type: 'nominal', sort: models, title: lang === 'zh' ? '模型' : 'Model', legend: { orient: 'bottom' } } }
    : {};
  const withCi = rows.filter((p) => p.lo !== null && p.hi !== null);
  return {
    ...frame,
    layer: [
      { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: '#888', strokeDash: [4, 3] }, encoding: { y: { field: 'zero', type: 'quantitative' } } },
      ...(refTime !== undefined
        ? [{ data: { values: [{ ref: refTime }] }, mark: { type: 'rule', color: '#c0392b', strokeDash: [2, 3] }, encoding: { x: { field: 'ref', type: 'quantitative' } } }]
        : []),
      {
        data: { values: withCi },
        mark: { type: 'rule', strokeWidth: 1.5 },
        encoding: { x, y: { field: 'lo', type: 'quantitative', title: y.title, scale }, y2: { field: 'hi' }, ...(many ? { color: color.color } : { color: { value: '#1f4e79' } }) },
      },
      {
        data: { values: rows },
        mark: { type: 'point', filled: true, size: 45 },
        encoding: {
          x,
          y,
          ...(many ? { color: color.color } : { color: { value: '#1f4e79' } }),
          shape: { field: 'kind', type: 'nominal', scale: { domain: ['estimate', 'reference'], range: ['circle', 'diamond'] }, legend: null },
        },
      },
    ],
  };
}
