/**
 * SVG → PDF for figures that go into LaTeX documents (pdflatex includes PDF, not SVG).
 *
 * Vector output: pdfkit writes the PDF and svg-to-pdfkit draws vega's SVG into it, so
 * lines and text stay sharp at any zoom and the file is small (≈8–10 KB with the text's
 * glyphs embedded as a font subset). Every text uses the shipped font (Latin + CJK), since
 * svg-to-pdfkit cannot fall back from one font to another per character. The creation date
 * is fixed so that the same input gives the same bytes.
 */
import type { FontSet } from './fonts.js';

const EPOCH = new Date(Date.UTC(2000, 0, 1));

/** Size of vega's SVG from its root element (pixels become PDF points, 1:1). */
function svgSize(svg: string): { width: number; height: number } {
  const w = /<svg[^>]*\swidth="([\d.]+)"/.exec(svg);
  const h = /<svg[^>]*\sheight="([\d.]+)"/.exec(svg);
  return { width: Number(w?.[1] ?? 480), height: Number(h?.[1] ?? 300) };
}

export async function svgToPdf(svg: string, fonts: FontSet, about: string): Promise<Uint8Array> {
  const { default: PDFDocument } = await import('pdfkit');
  const { default: SVGtoPDF } = await import('svg-to-pdfkit');
  const { width, height } = svgSize(svg);
  const doc = new PDFDocument({
    size: [width, height],
    margin: 0,
    compress: true,
    autoFirstPage: true,
    info: { Creator: 'studyspec', Producer: 'studyspec', Subject: about, CreationDate: EPOCH, ModDate: EPOCH },
  });
  doc.registerFont('studyspec-figure', fonts.shipped);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  SVGtoPDF(doc, svg, 0, 0, { width, height, assumePt: true, fontCallback: () => 'studyspec-figure' });
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
