/**
 * Font files for PNG rendering. resvg draws no text without fonts, and system font lookup
 * would make output depend on the machine, so fonts are passed explicitly: a Latin font
 * (DejaVu Sans) and, when present, a CJK font (Noto Sans CJK) as fallback for Chinese labels.
 * STUDYSPEC_FONTS (a path-list) overrides the search.
 */
import { existsSync } from 'node:fs';
import { delimiter } from 'node:path';
import { StudyError } from '../../diagnostics/diagnostic.js';
import { diag } from '../../diagnostics/messages/index.js';
import { renderMessages } from '../../diagnostics/messages/render.js';

const LATIN = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/Library/Fonts/DejaVuSans.ttf',
];
const CJK = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc',
];

export interface FontSet {
  readonly files: readonly string[];
  /** CSS font-family list for the SVG: Latin first, CJK as fallback. */
  readonly family: string;
  readonly defaultFamily: string;
}

export const LATIN_FAMILY = 'DejaVu Sans';
export const CJK_FAMILY = 'Noto Sans CJK SC';

/** Find the fonts; throws SS607 when no Latin font exists (a PNG without text would mislead). */
export function findFonts(env: NodeJS.ProcessEnv = process.env): FontSet {
  const override = env.STUDYSPEC_FONTS?.split(delimiter).filter((p) => p && existsSync(p));
  if (override && override.length) return { files: override, family: `${LATIN_FAMILY}, ${CJK_FAMILY}, sans-serif`, defaultFamily: LATIN_FAMILY };
  const latin = LATIN.find((p) => existsSync(p));
  if (!latin) throw new StudyError(diag(renderMessages.fontMissing([...LATIN, ...CJK])));
  const cjk = CJK.find((p) => existsSync(p));
  return {
    files: cjk ? [latin, cjk] : [latin],
    family: cjk ? `${LATIN_FAMILY}, ${CJK_FAMILY}` : LATIN_FAMILY,
    defaultFamily: LATIN_FAMILY,
  };
}
