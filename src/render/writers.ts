/**
 * Table formats that are not text templates: Word (.docx), Excel (.xlsx) and the long CSV.
 *
 *   docx  a Word table built from the same TableModel as LaTeX/HTML: booktabs-like rules
 *         (top, below the header, bottom), merged group headers, stars as superscripts,
 *         numbers right-aligned, notes as small paragraphs under the table.
 *   xlsx  one sheet; numbers stay numbers (rounded as printed) and their look — stars,
 *         parentheses, thousands separators — is an Excel number format, so a co-author can
 *         still compute with the cells; everything else is text.
 *   csv   `model,term,statistic,value`, one row per model × term × statistic, the values of
 *         the results at full double precision (shortest round-trip text), for people who
 *         build their own tables.
 *
 * docx and exceljs are imported lazily: most runs write neither. Both files are re-packed with
 * a fixed date (stablePackage), so reruns give identical bytes.
 */
import { mathSegments } from './escape.js';
import type { Cell, TableModel } from './model.js';

/** One number behind a table: what the CSV output lists. */
export interface TableValue {
  readonly model: string;
  readonly term: string;
  readonly statistic: string;
  readonly value: number | null;
}

/** Plain text of a label for formats without LaTeX math: `$R^2$` → `R²`-ish (`R^2`), braces dropped. */
export function plainText(text: string): string {
  const SUP: Record<string, string> = { '2': '²', '3': '³' };
  return mathSegments(text)
    .map((s) => {
      if (!s.math) return s.text.replace(/\\\$/g, '$');
      return s.text
        .replace(/\\(?:mathrm|text|mathit|operatorname)\{([^{}]*)\}/g, '$1')
        .replace(/\^\{?([23])\}?/g, (_, d: string) => SUP[d]!)
        .replace(/\\chi/g, 'χ')
        .replace(/\\rho/g, 'ρ')
        .replace(/\\sigma/g, 'σ')
        .replace(/\\lambda/g, 'λ')
        .replace(/\\times/g, '×')
        .replace(/\\([A-Za-z]+)/g, '$1')
        .replace(/[{}]/g, '');
    })
    .join('');
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The long CSV; `null` values are written as empty fields. */
export function tableCsv(values: readonly TableValue[]): string {
  const lines = ['model,term,statistic,value'];
  for (const v of values) {
    const x = v.value === null || !Number.isFinite(v.value) ? '' : String(v.value);
    lines.push([v.model, v.term, v.statistic, x].map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** A printed number cell split into what Excel stores and how it shows it. */
export function excelNumber(cell: Cell): { value: number; format: string } | null {
  const stars = cell.stars ?? '';
  const base = stars && cell.text.endsWith(stars) ? cell.text.slice(0, -stars.length) : cell.text;
  const m = /^([([]?)(-?(?:\d{1,3}(?:,\d{3})+|\d+))(?:\.(\d+))?([)\]]?)$/.exec(base);
  if (!m) return null;
  const [, open = '', int = '', dec = '', close = ''] = m;
  const value = Number(`${int.replace(/,/g, '')}${dec ? `.${dec}` : ''}`);
  const grouped = int.includes(',') ? '#,##0' : '0';
  const digits = `${grouped}${dec ? `.${'0'.repeat(dec.length)}` : ''}`;
  const q = (s: string) => (s ? `"${s}"` : '');
  const fmt = `${q(open)}${digits}${q(close)}${q(stars)}`;
  return { value, format: `${fmt};${q(open)}-${digits}${q(close)}${q(stars)}` };
}

/** Grid of the header rows with spans resolved: [text, span] at each starting column. */
function cellsWithColumns(cells: readonly Cell[]): { cell: Cell; col: number }[] {
  let col = 0;
  return cells.map((cell) => {
    const at = col;
    col += cell.span ?? 1;
    return { cell, col: at };
  });
}

export async function tableXlsx(t: TableModel, about = ''): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'studyspec';
  wb.description = about;
  const ws = wb.addWorksheet(t.name.slice(0, 31));
  let r = 1;
  if (t.title) {
    ws.getCell(r, 1).value = plainText(t.title);
    ws.getCell(r, 1).font = { bold: true };
    r += 2;
  }
  const thin = { style: 'thin' as const };
  const headerTop = r;
  for (const row of t.header) {
    for (const { cell, col } of cellsWithColumns(row.cells)) {
      const c = ws.getCell(r, col + 1);
      c.value = plainText(cell.text);
      c.alignment = { horizontal: col === 0 ? 'left' : 'center' };
      if ((cell.span ?? 1) > 1) ws.mergeCells(r, col + 1, r, col + (cell.span ?? 1));
    }
    for (const rule of row.rules) for (let k = rule.from; k <= rule.to; k++) ws.getCell(r, k).border = { bottom: thin };
    r++;
  }
  for (let k = 1; k <= t.ncols; k++) {
    ws.getCell(headerTop, k).border = { ...ws.getCell(headerTop, k).border, top: { style: 'medium' } };
    ws.getCell(r - 1, k).border = { ...ws.getCell(r - 1, k).border, bottom: thin };
  }
  for (const row of t.body) {
    for (const { cell, col } of cellsWithColumns(row.cells)) {
      const c = ws.getCell(r, col + 1);
      const n = cell.num ? excelNumber(cell) : null;
      if (n) {
        c.value = n.value;
        c.numFmt = n.format;
        c.alignment = { horizontal: 'right' };
      } else {
        c.value = plainText(cell.text);
        c.alignment = { horizontal: col < t.textCols ? 'left' : 'center' };
      }
      if (row.rule) c.border = { top: thin };
      if ((cell.span ?? 1) > 1) ws.mergeCells(r, col + 1, r, col + (cell.span ?? 1));
    }
    r++;
  }
  for (let k = 1; k <= t.ncols; k++) ws.getCell(r - 1, k).border = { ...ws.getCell(r - 1, k).border, bottom: { style: 'medium' } };
  for (const note of t.notes) {
    r++;
    ws.getCell(r, 1).value = plainText(note);
    ws.getCell(r, 1).font = { size: 9 };
  }
  ws.getColumn(1).width = Math.min(40, Math.max(12, ...[...t.header, ...t.body].map((row) => plainText(row.cells[0]?.text ?? '').length + 2)));
  for (let k = 2; k <= t.ncols; k++) ws.getColumn(k).width = 14;
  return stablePackage(new Uint8Array(await wb.xlsx.writeBuffer()));
}

export async function tableDocx(t: TableModel, about = ''): Promise<Uint8Array> {
  const d = await import('docx');
  const none = { style: d.BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  const rule = (size: number) => ({ style: d.BorderStyle.SINGLE, size, color: '000000' });
  const runs = (cell: Cell) => {
    const stars = cell.stars ?? '';
    const base = stars && cell.text.endsWith(stars) ? cell.text.slice(0, -stars.length) : cell.text;
    const text = plainText(base).replace(/^-(?=\d)/, '−').replace(/([([])-(?=\d)/g, '$1−');
    return [
      new d.TextRun({ text, size: 20 }),
      ...(stars ? [new d.TextRun({ text: stars, superScript: true, size: 20 })] : []),
    ];
  };
  const lastHeader = t.header.length - 1;
  const rows: InstanceType<typeof d.TableRow>[] = [];
  t.header.forEach((row, i) => {
    const ruled = new Set<number>();
    for (const rr of row.rules) for (let k = rr.from - 1; k <= rr.to - 1; k++) ruled.add(k);
    rows.push(
      new d.TableRow({
        tableHeader: true,
        children: cellsWithColumns(row.cells).map(({ cell, col }) =>
          new d.TableCell({
            columnSpan: cell.span ?? 1,
            borders: {
              top: i === 0 ? rule(12) : none,
              bottom: i === lastHeader ? rule(6) : ruled.has(col) ? rule(4) : none,
              left: none,
              right: none,
            },
            children: [new d.Paragraph({ alignment: col === 0 ? d.AlignmentType.LEFT : d.AlignmentType.CENTER, children: runs(cell) })],
          }),
        ),
      }),
    );
  });
  t.body.forEach((row, i) => {
    const last = i === t.body.length - 1;
    rows.push(
      new d.TableRow({
        children: cellsWithColumns(row.cells).map(({ cell, col }) =>
          new d.TableCell({
            columnSpan: cell.span ?? 1,
            borders: { top: row.rule ? rule(4) : none, bottom: last ? rule(12) : none, left: none, right: none },
            children: [
              new d.Paragraph({
                alignment: col < t.textCols || row.kind === 'panel' ? d.AlignmentType.LEFT : d.AlignmentType.CENTER,
                children: runs(cell),
              }),
            ],
          }),
        ),
      }),
    );
  });
  const table = new d.Table({
    rows,
    width: { size: 100, type: d.WidthType.PERCENTAGE },
    borders: { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none },
  });
  const children = [
    ...(t.title ? [new d.Paragraph({ children: [new d.TextRun({ text: plainText(t.title), bold: true })] })] : []),
    table,
    ...t.notes.map((n) => new d.Paragraph({ children: [new d.TextRun({ text: plainText(n), size: 16 })] })),
  ];
  const doc = new d.Document({ creator: 'studyspec', description: about, sections: [{ children }] });
  return stablePackage(new Uint8Array(await d.Packer.toBuffer(doc)));
}

const EPOCH = new Date(Date.UTC(2000, 0, 1));

/**
 * Office files are zip packages stamped with the time they were written (entry dates and
 * docProps/core.xml); re-packed with one fixed date, the same input gives the same bytes,
 * like every other output of a run.
 */
async function stablePackage(bytes: Uint8Array): Promise<Uint8Array> {
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(bytes);
  const out = new JSZip();
  for (const name of Object.keys(zip.files).sort()) {
    const entry = zip.files[name]!;
    if (entry.dir) continue;
    let data: string | Uint8Array = await entry.async('uint8array');
    if (name === 'docProps/core.xml') {
      data = new TextDecoder().decode(data).replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*/g, `$1${EPOCH.toISOString().replace(/\.\d+Z$/, 'Z')}`);
    }
    out.file(name, data, { date: EPOCH, createFolders: false });
  }
  return out.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'UNIX' });
}
