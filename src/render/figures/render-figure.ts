/**
 * Figure API for the run stage: figure spec + data → `figures/<name>.svg|.png`.
 *
 * Inputs by kind: density and mte read one ModelResult (`of`), coefplot several
 * (`models`), trend reads a Frame (mean of `variable` by `time` × `by`).
 * Placebo results carry their draws in `extra.draws` (or `extra.placebo.draws`) and the
 * observed coefficient in `extra.observed`; MTE results carry `extra.mte` as
 * {u: [...], mte: [...], lo?, hi?}, a list of {u, mte[, lo, hi]}, or {"u0.05": v, …}.
 */
import type { Frame } from '../../data/frame.js';
import { StudyError } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/messages/index.js';
import { renderMessages } from '../../diagnostics/messages/render.js';
import type { ModelResult } from '../../estimators/result.js';
import { groupRows, statOf } from '../../stats/describe.js';
import { provenanceComment } from '../templates.js';
import type { FigureSpec, Lang, RenderOptions } from '../types.js';
import { writeAtomic } from '../write.js';
import { outputFile } from '../safe-path.js';
import { findFonts } from './fonts.js';
import { addPngText } from './png-text.js';
import { coefplotSpec, coefRows, densitySpec, frame, mteSpec, trendSpec, type MtePoint, type TrendPoint } from './specs.js';
import { eventPoints, eventSpec } from './event.js';
import { svgToPdf } from './pdf.js';
import { labelDictionary } from '../labels.js';
import { baseConfig, svgToPng, vegaLiteToSvg, type VlSpec } from './vega.js';

export interface FigureData {
  readonly results?: ReadonlyMap<string, ModelResult>;
  readonly frame?: Frame;
}

export interface RenderedFigure {
  readonly files: readonly string[];
  readonly vegaLite: VlSpec;
}

type Named<T> = T & { readonly name: string };

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Placebo draws and the observed coefficient of a result. */
export function placeboDraws(r: ModelResult): { draws: number[]; observed: number | null } {
  if (r.family !== 'resampling') return { draws: [], observed: null };
  return { draws: Array.from(r.extra.draws).filter(Number.isFinite), observed: num(r.extra.observed) ?? num(r.stats.observed) };
}

/** The MTE curve of a result, sorted by u; [] when there is none. */
export function mteCurve(r: ModelResult): MtePoint[] {
  const m: unknown = r.family === 'treatment' ? r.extra.mte : undefined;
  if (!m || typeof m !== 'object') return [];
  let pts: MtePoint[] = [];
  if (Array.isArray(m)) {
    pts = m.map((p: Record<string, unknown>) => ({ u: Number(p.u), mte: Number(p.mte ?? p.value), ...bounds(p) }));
  } else {
    const o = m as Record<string, unknown>;
    const grid = (o.grid ?? o) as Record<string, unknown>;
    if (Array.isArray(grid.u) && Array.isArray(grid.mte)) {
      const lo = grid.lo as number[] | undefined;
      const hi = grid.hi as number[] | undefined;
      pts = (grid.u as number[]).map((u, i) => ({
        u,
        mte: (grid.mte as number[])[i]!,
        ...(lo && hi ? { lo: lo[i]!, hi: hi[i]! } : {}),
      }));
    } else {
      pts = Object.entries(grid)
        .filter(([k, v]) => /^u\d*\.?\d+$/.test(k) && typeof v === 'number')
        .map(([k, v]) => ({ u: Number(k.slice(1)), mte: v as number }));
    }
  }
  return pts.filter((p) => Number.isFinite(p.u) && Number.isFinite(p.mte)).sort((a, b) => a.u - b.u);
}

function bounds(p: Record<string, unknown>): { lo?: number; hi?: number } {
  const lo = num(p.lo);
  const hi = num(p.hi);
  return lo !== null && hi !== null ? { lo, hi } : {};
}

/** Lines of a trend figure (`by:` groups); more is unreadable and slow to lay out. */
export const TREND_GROUP_LIMIT = 100;

/** Mean of `variable` by time (× group) from a frame. */
export function trendPoints(frame: Frame, variable: string, time: string, by?: string): TrendPoint[] {
  const x = frame.columns.get(variable);
  const t = frame.columns.get(time);
  if (!x || x.kind !== 'num' || !t) return [];
  const times = groupRows(t);
  const groups = by && frame.columns.get(by) ? groupRows(frame.columns.get(by)!) : { labels: [''], rows: [null] };
  const out: TrendPoint[] = [];
  for (let gi = 0; gi < groups.labels.length; gi++) {
    const gset = groups.rows[gi] ? new Set(groups.rows[gi]) : null;
    for (let ti = 0; ti < times.labels.length; ti++) {
      const rows = gset ? times.rows[ti]!.filter((i) => gset.has(i)) : times.rows[ti]!;
      const v = statOf(x.values, rows, 'mean');
      if (v !== null) out.push({ time: Number(times.labels[ti]), group: groups.labels[gi]!, value: v });
    }
  }
  return out;
}

/** Build the Vega-Lite spec of a figure (no drawing). */
export function figureSpec(spec: Named<FigureSpec>, data: FigureData, config: Record<string, unknown>, lang: Lang, terms?: RenderOptions['terms']): VlSpec {
  const get = (id: string): ModelResult => {
    const r = data.results?.get(id);
    if (!r) throw new StudyError(diag(renderMessages.tableUnknownModel(spec.name, id, [...(data.results?.keys() ?? [])])));
    return r;
  };
  switch (spec.kind) {
    case 'density': {
      const { draws, observed } = placeboDraws(get(spec.of));
      if (draws.length < 2) throw new StudyError(diag(renderMessages.figureNoDraws(spec.name, spec.of)));
      return densitySpec(spec, draws, observed, config, lang);
    }
    case 'coefplot': {
      const rows = coefRows(spec, spec.models.map(get), lang, { table: spec.name, ...(terms ? { terms } : {}) });
      if (!rows.length) throw new StudyError(diag(renderMessages.figureNoData(spec.name, 'no coefficient matches keep/drop')));
      return coefplotSpec(spec, rows, config, lang);
    }
    case 'trend': {
      const pts = data.frame ? trendPoints(data.frame, spec.variable, spec.time, spec.by) : [];
      if (!pts.length) throw new StudyError(diag(renderMessages.figureNoData(spec.name, `no values of '${spec.variable}' by '${spec.time}'`)));
      return trendSpec(spec, pts, config);
    }
    case 'event': {
      const all = spec.models.map((id) => {
        const e = eventPoints(get(id), spec.level ?? 0.95);
        if (!e.points.length) throw new StudyError(diag(renderMessages.figureNoEventTerms(spec.name, id)));
        return e;
      });
      return eventSpec(spec, all.flatMap((e) => e.points), all[0]!.time, frame(spec, config), lang);
    }
    case 'mte': {
      const pts = mteCurve(get(spec.of));
      if (!pts.length) throw new StudyError(diag(renderMessages.figureNoMteGrid(spec.name, spec.of)));
      return mteSpec(spec, pts, config, lang);
    }
    default:
      throw new StudyError(diag(renderMessages.figureUnknownKind((spec as { name: string }).name, String((spec as { kind: unknown }).kind))));
  }
}

/** Draw a figure to `figures/<name>.svg`, `.png` and `.pdf` (paths relative to outDir). */
export async function renderFigure(named: Named<FigureSpec>, data: FigureData, opts: RenderOptions): Promise<RenderedFigure> {
  const fonts = findFonts();
  const lang: Lang = opts.lang ?? 'en';
  // One label lookup for tables and figures: the figure's labels > the study's > the data's.
  const labels = labelDictionary({ ...(named.labels ? { own: named.labels } : {}), ...(opts.labels ? { study: opts.labels } : {}), ...(opts.dataLabels ? { data: opts.dataLabels } : {}) });
  const spec = { ...named, labels } as Named<FigureSpec>;
  const vegaLite = figureSpec(spec, data, baseConfig(fonts), lang, opts.terms);
  const svg = await vegaLiteToSvg(vegaLite);
  const formats = spec.format ?? ['svg', 'png'];
  const files: string[] = [];
  if (formats.includes('svg')) {
    const { abs, rel } = outputFile(opts.outDir, 'figures', spec.name, 'svg');
    writeAtomic(abs, `${provenanceComment(opts.provenance, 'svg')}\n${svg}\n`);
    files.push(rel);
  }
  if (formats.includes('png')) {
    const { abs, rel } = outputFile(opts.outDir, 'figures', spec.name, 'png');
    const png = await svgToPng(svg, fonts, spec.scale ?? 2);
    writeAtomic(abs, addPngText(png, 'Comment', provenanceComment(opts.provenance, 'svg').slice(5, -4)));
    files.push(rel);
  }
  if (formats.includes('pdf')) {
    const { abs, rel } = outputFile(opts.outDir, 'figures', spec.name, 'pdf');
    writeAtomic(abs, await svgToPdf(svg, fonts, provenanceComment(opts.provenance, 'svg').slice(5, -4)));
    files.push(rel);
  }
  return { files, vegaLite };
}
