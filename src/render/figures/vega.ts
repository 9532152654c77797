/**
 * Vega-Lite spec → SVG (vega headless, no canvas) → PNG (resvg with explicit fonts).
 *
 * Why this pair: it is pure JS + one prebuilt native binary, renders the density transform
 * and layered marks we need, and measured 20–80 ms per figure; the alternatives needed a DOM
 * (Observable Plot + jsdom) or native canvas builds. vega and vega-lite are imported lazily
 * because they cost hundreds of milliseconds to load and most runs draw no figure.
 */
import type { FontSet } from './fonts.js';

export type VlSpec = Record<string, unknown>;

/** Config shared by every figure: fonts, white background, no interactive signals. */
export function baseConfig(fonts: FontSet): Record<string, unknown> {
  return {
    font: fonts.family,
    background: 'white',
    padding: 8,
    view: { stroke: null },
    axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: '#e5e5e5' },
    legend: { labelFontSize: 11, titleFontSize: 11, columnPadding: 18 },
    title: { fontSize: 13, fontWeight: 'normal' },
  };
}

export async function vegaLiteToSvg(spec: VlSpec): Promise<string> {
  const vl = await import('vega-lite');
  const vega = await import('vega');
  const compiled = vl.compile(spec as never).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export async function svgToPng(svg: string, fonts: FontSet, scale: number): Promise<Uint8Array> {
  const { Resvg } = await import('@resvg/resvg-js');
  const r = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: false, fontFiles: [...fonts.files], defaultFontFamily: fonts.defaultFamily },
  });
  return r.render().asPng();
}
