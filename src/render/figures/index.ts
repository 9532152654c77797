/**
 * Figures: density (placebo), coefplot, trend, mte → SVG + PNG. See render-figure.ts.
 */
export { renderFigure, figureSpec, placeboDraws, mteCurve, trendPoints } from './render-figure.js';
export type { FigureData, RenderedFigure } from './render-figure.js';
export { silvermanBandwidth } from './specs.js';
export { findFonts } from './fonts.js';
