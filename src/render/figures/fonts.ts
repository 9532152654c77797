/**
 * Font files for drawing figures. resvg (PNG) and pdfkit (PDF) draw no text without fonts,
 * and system font lookup would make output depend on the machine, so fonts are passed
 * explicitly and studyspec ships its own: a subset of Noto Sans CJK SC (SIL Open Font
 * Licence, fonts/OFL.txt) covering Latin, Greek, punctuation, math symbols and the 6,763
 * hanzi of GB 2312, 1.5 MB. The same spec therefore gives the same PNG and PDF on Linux,
 * macOS and Windows, Chinese labels included.
 *
 * STUDYSPEC_FONTS (a path list of font files or folders of them) adds fonts that are tried
 * first for PNG (e.g. DejaVu Sans for the Latin text of older outputs); the shipped font
 * stays the fallback, so a missing or empty entry never stops a figure.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StudyError } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/messages/index.js';
import { renderMessages } from '../../diagnostics/messages/render.js';

export interface FontSet {
  readonly files: readonly string[];
  /** CSS font-family list for the SVG. */
  readonly family: string;
  readonly defaultFamily: string;
  /** The shipped font (Latin + CJK), used for PDF text. */
  readonly shipped: string;
}

export const SHIPPED_FILE = 'NotoSansCJKsc-Regular-subset.otf';
export const SHIPPED_FAMILY = 'Noto Sans CJK SC';
const USER_FAMILIES = ['DejaVu Sans'];
const FONT_EXT = /\.(ttf|otf|ttc)$/i;

/** The repository's fonts/ folder, found from this module (works from src/ and from the bundle in dist/). */
export function shippedFontPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const p = join(dir, 'fonts', SHIPPED_FILE);
    if (existsSync(p)) return p;
    dir = dirname(dir);
  }
  throw new StudyError(diag(renderMessages.fontMissing([join('fonts', SHIPPED_FILE)])));
}

/** Font files named by STUDYSPEC_FONTS: files as given, folders by their .ttf/.otf/.ttc files. */
export function userFonts(env: NodeJS.ProcessEnv = process.env): string[] {
  const out: string[] = [];
  for (const p of env.STUDYSPEC_FONTS?.split(delimiter) ?? []) {
    if (!p || !existsSync(p)) continue;
    if (statSync(p).isDirectory()) {
      for (const f of readdirSync(p).sort()) if (FONT_EXT.test(f)) out.push(join(p, f));
    } else if (FONT_EXT.test(p)) {
      out.push(p);
    }
  }
  return out;
}

/** The fonts of a figure: the user's first (if any), the shipped font last. */
export function findFonts(env: NodeJS.ProcessEnv = process.env): FontSet {
  const shipped = shippedFontPath();
  const user = userFonts(env);
  const families = user.length ? [...USER_FAMILIES, SHIPPED_FAMILY] : [SHIPPED_FAMILY];
  return {
    files: [...user, shipped],
    family: `${families.join(', ')}, sans-serif`,
    defaultFamily: SHIPPED_FAMILY,
    shipped,
  };
}
