/**
 * Excel .xlsx → a DuckDB table (exceljs reads the workbook; the table writer takes the columns).
 *
 * As Stata's `import excel, firstrow`: the first row of the sheet (or of `range:`) names the
 * columns; a column whose cells are all numbers is numeric, all dates a DATE (TIMESTAMP when
 * a cell has a time of day), and anything mixed is text with numbers written as Excel shows
 * their value. Empty cells and error cells (#N/A, #DIV/0!) are missing; formulas give their
 * cached result; TRUE/FALSE are 1/0. Rows with every cell empty are skipped. A header cell
 * left empty names its column by its letter (`C`), as Stata does.
 */
import { openSync, readSync, closeSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { StudyError } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/messages/index.js';
import { sourceMessages as messages } from '../diagnostics/messages/sources.js';
import { qid } from './sql.js';

type Path = readonly (string | number)[];

export interface CellRange {
  readonly col0: number;
  readonly row0: number;
  /** Inclusive; undefined = to the end of the used range. */
  readonly col1?: number;
  readonly row1?: number;
}

/** `A1:F200`, `B3:H` (every row from 3), `C5` (from C5 on). Columns and rows are 1-based. */
export function parseRange(text: string): CellRange | undefined {
  const m = /^\s*([A-Za-z]{1,3})(\d+)(?::([A-Za-z]{1,3})(\d+)?)?\s*$/.exec(text);
  if (!m) return undefined;
  const r: CellRange = {
    col0: colNumber(m[1]!),
    row0: Number(m[2]),
    ...(m[3] ? { col1: colNumber(m[3]) } : {}),
    ...(m[4] ? { row1: Number(m[4]) } : {}),
  };
  if (r.row0 < 1 || (r.col1 !== undefined && r.col1 < r.col0) || (r.row1 !== undefined && r.row1 < r.row0)) return undefined;
  return r;
}

function colNumber(letters: string): number {
  let n = 0;
  for (const c of letters.toUpperCase()) n = n * 26 + (c.charCodeAt(0) - 64);
  return n;
}

export function colLetters(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** Refuse what is not an .xlsx zip before exceljs sees it: encrypted workbooks and .xls files are OLE2 containers. */
function checkContainer(file: string, written: string, path: Path): void {
  const fd = openSync(file, 'r');
  const head = Buffer.alloc(4096);
  const n = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  if (n >= 4 && head.readUInt32BE(0) === 0xd0cf11e0) {
    // Office stores an encrypted .xlsx inside an OLE2 file with an "EncryptedPackage" stream.
    const ole = Buffer.alloc(Math.min(1 << 20, 1 << 20));
    const fd2 = openSync(file, 'r');
    const m = readSync(fd2, ole, 0, ole.length, 0);
    closeSync(fd2);
    if (ole.subarray(0, m).includes(Buffer.from('EncryptedPackage', 'utf16le'))) throw new StudyError(diag(messages.xlsxEncrypted(written), { path }));
    throw new StudyError(diag(messages.xlsxInvalid(written, 'it is an Excel 97–2003 (.xls) file, not .xlsx'), { path }));
  }
  if (n < 4 || head.readUInt32BE(0) !== 0x504b0304) throw new StudyError(diag(messages.xlsxInvalid(written, 'it is not a zip archive, so not an .xlsx workbook (damaged or truncated?)'), { path }));
}

type Workbook = import('exceljs').Workbook;
type Worksheet = import('exceljs').Worksheet;

async function openSheet(file: string, written: string, sheet: string | undefined, path: Path): Promise<Worksheet> {
  checkContainer(file, written, path);
  const { default: ExcelJS } = await import('exceljs');
  const wb: Workbook = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (e) {
    const detail = String((e as Error).message ?? e).split('\n')[0]!;
    throw new StudyError(diag(messages.xlsxInvalid(written, `${detail} (the file is damaged or truncated)`), { path }));
  }
  const sheets = wb.worksheets.map((w) => w.name);
  const ws = sheet === undefined ? wb.worksheets[0] : wb.getWorksheet(sheet);
  if (!ws) throw new StudyError(diag(messages.sheetMissing(written, sheet ?? '(first)', sheets), { path: sheet === undefined ? path : [...path.slice(0, -1), 'sheet'] }));
  return ws;
}

type CellValue = number | string | Date | null;

/** A cell's value as Excel shows it: formula results, rich text joined, errors and blanks null. */
function cellValue(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('error' in o) return null;
    if ('result' in o) return cellValue(o['result']);
    if (Array.isArray(o['richText'])) return cellValue((o['richText'] as { text: string }[]).map((r) => r.text).join(''));
    if ('text' in o) return cellValue(o['text']);
  }
  return null;
}

interface Grid {
  readonly names: string[];
  readonly columns: CellValue[][];
  readonly sheet: string;
}

function readGrid(ws: Worksheet, range: CellRange | undefined, written: string, path: Path): Grid {
  const r0 = range?.row0 ?? 1;
  const c0 = range?.col0 ?? 1;
  const r1 = Math.min(range?.row1 ?? ws.rowCount, ws.rowCount);
  let c1 = range?.col1 ?? ws.columnCount;
  if (range?.col1 === undefined) {
    // The used range may end in columns that have neither a header nor data.
    const header = ws.getRow(r0);
    while (c1 >= c0 && cellValue(header.getCell(c1).value) === null) {
      let any = false;
      for (let r = r0 + 1; r <= r1 && !any; r++) any = cellValue(ws.getRow(r).getCell(c1).value) !== null;
      if (any) break;
      c1--;
    }
  }
  const names: string[] = [];
  const header = ws.getRow(r0);
  for (let c = c0; c <= c1; c++) {
    const v = cellValue(header.getCell(c).value);
    const name = v === null ? colLetters(c) : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim();
    if (names.includes(name)) throw new StudyError(diag(messages.duplicateColumn(`${written}`, name), { path }));
    names.push(name);
  }
  const columns: CellValue[][] = names.map(() => []);
  for (let r = r0 + 1; r <= r1; r++) {
    const row = ws.getRow(r);
    const vals: CellValue[] = [];
    let any = false;
    for (let c = c0; c <= c1; c++) {
      const v = cellValue(row.getCell(c).value);
      if (v !== null) any = true;
      vals.push(v);
    }
    if (!any) continue;
    vals.forEach((v, j) => columns[j]!.push(v));
  }
  return { names, columns, sheet: ws.name };
}

const DAY_MS = 86_400_000;

/** Column names of a sheet's header row (for `check`). */
export async function readXlsxHeader(file: string, written: string, opts: { sheet?: string; range?: string }, path: Path = []): Promise<string[]> {
  const range = opts.range !== undefined ? parseRange(opts.range) : undefined;
  if (opts.range !== undefined && !range) throw new StudyError(diag(messages.badRange(opts.range), { path: [...path.slice(0, -1), 'range'] }));
  const ws = await openSheet(file, written, opts.sheet, path);
  return readGrid(ws, range ? { ...range, row1: range.row0 } : undefined, written, path).names;
}

/** Reads the sheet into table `sqlName`. */
export async function loadXlsx(conn: DuckDBConnection, sqlName: string, file: string, written: string, opts: { sheet?: string; range?: string }, path: Path): Promise<void> {
  const range = opts.range !== undefined ? parseRange(opts.range) : undefined;
  if (opts.range !== undefined && !range) throw new StudyError(diag(messages.badRange(opts.range), { path: [...path.slice(0, -1), 'range'] }));
  const ws = await openSheet(file, written, opts.sheet, path);
  const grid = readGrid(ws, range, written, path);
  const n = grid.columns[0]?.length ?? 0;
  const kinds = grid.columns.map((col) => {
    let num = 0;
    let date = 0;
    let time = false;
    let filled = 0;
    for (const v of col) {
      if (v === null) continue;
      filled++;
      if (typeof v === 'number') num++;
      else if (v instanceof Date) {
        date++;
        if (v.getTime() % DAY_MS !== 0) time = true;
      }
    }
    if (filled > 0 && date === filled) return time ? 'timestamp' : 'date';
    return num === filled ? 'num' : 'text';
  });
  // Imported here so that `check` (which reads only the header) never loads DuckDB's bindings.
  const { TableWriter } = await import('./ingest.js');
  const writer = await TableWriter.create(conn, sqlName, grid.names.map((name, j) => ({ name, kind: kinds[j] === 'text' ? 'text' : 'num' })));
  try {
    writer.append({
      n,
      columns: grid.columns.map((col, j) => {
        const k = kinds[j];
        if (k === 'text') return col.map((v) => (v === null ? null : v instanceof Date ? v.toISOString().slice(0, v.getTime() % DAY_MS === 0 ? 10 : 19) : String(v)));
        const out = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const v = col[i];
          // Dates as days (or seconds) since 1970 until the column is converted below.
          out[i] = v === null || v === undefined ? NaN : v instanceof Date ? (k === 'date' ? v.getTime() / DAY_MS : v.getTime() / 1000) : (v as number);
        }
        return out;
      }),
    });
  } finally {
    writer.close();
  }
  for (const [j, k] of kinds.entries()) {
    const c = qid(grid.names[j]!);
    if (k === 'date') await conn.run(`ALTER TABLE ${qid(sqlName)} ALTER ${c} TYPE DATE USING (DATE '1970-01-01' + CAST(${c} AS INTEGER))`);
    if (k === 'timestamp') await conn.run(`ALTER TABLE ${qid(sqlName)} ALTER ${c} TYPE TIMESTAMP USING CAST(to_timestamp(${c}) AS TIMESTAMP)`);
  }
}
