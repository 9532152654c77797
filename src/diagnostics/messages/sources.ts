/**
 * Messages of the file readers (codes SS190–SS199, SS430–SS449, SS490–SS499): Stata .dta,
 * Excel .xlsx, DuckDB databases, folders and globs, compressed CSV, ragged rows and encodings.
 * Codes are stable once released: add new codes, never renumber.
 */
import type { Message } from './index.js';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export const sourceMessages = {
  dtaInvalid: (path: string, detail: string): Message => ({
    code: 'SS190',
    message: `cannot read Stata file '${path}': ${detail}`,
    notes: ['re-save it in Stata (`save`, or `saveold` for formats 113–118), or check that the copy is complete'],
  }),
  valueLabelGap: (table: string, column: string, set: string, codes: readonly number[]): Message => ({
    code: 'SS191',
    message: `value-label set '${set}' of column '${column}' in '${table}' has no label for ${plural(codes.length, 'value')} (${codes.slice(0, 5).join(', ')}${codes.length > 5 ? ', …' : ''}); ${codes.length === 1 ? 'it is' : 'they are'} kept as text level${codes.length === 1 ? '' : 's'} showing the number, as Stata shows it`,
    notes: ['add the missing labels in Stata (`label define … , add`), or read the codes with `labels: codes`'],
  }),
  xlsxInvalid: (path: string, detail: string): Message => ({
    code: 'SS192',
    message: `cannot read Excel workbook '${path}': ${detail}`,
    notes: ['only .xlsx workbooks are read (not .xls or .xlsb); re-save the file from Excel as .xlsx'],
  }),
  sheetMissing: (path: string, sheet: string, sheets: readonly string[]): Message => ({
    code: 'SS193',
    message: `workbook '${path}' has no sheet '${sheet}'; its sheets are ${sheets.map((s) => `'${s}'`).join(', ') || 'none'}`,
  }),
  xlsxEncrypted: (path: string): Message => ({
    code: 'SS194',
    message: `workbook '${path}' is encrypted (password-protected) and cannot be read`,
    notes: ['save an unprotected copy from Excel (File → Info → Protect Workbook → remove the password)'],
  }),
  badRange: (range: string): Message => ({
    code: 'SS195',
    message: `'${range}' is not a cell range`,
    notes: ['write it as in Excel or Stata `cellrange()`: `A1:F200`, or `B3:F` for every row from 3 on'],
  }),
  duckdbTableMissing: (path: string, table: string, tables: readonly string[]): Message => ({
    code: 'SS196',
    message: `database '${path}' has no table '${table}'; its tables are ${tables.map((s) => `'${s}'`).join(', ') || 'none'}`,
  }),
  duckdbNeedsTable: (path: string): Message => ({
    code: 'SS197',
    message: `database source '${path}' needs \`table: name\` or \`query: "select …"\` (one of them)`,
  }),
  queryFailed: (path: string, detail: string): Message => ({
    code: 'SS198',
    message: `the query on database '${path}' failed: ${detail}`,
  }),
  optionNotForFormat: (key: string, format: string, formats: readonly string[]): Message => ({
    code: 'SS199',
    message: `'${key}' does not apply to a ${format} source (only to ${formats.join(', ')})`,
  }),
  raggedRow: (path: string, line: number, expected: number, got: number, text: string): Message => ({
    code: 'SS430',
    message: `'${path}' line ${line} has ${plural(got, 'field')} but the header has ${expected}: ${text}`,
    notes: ['a field that contains the delimiter must be quoted ("a, b"); check for a stray delimiter or a missing one on that line'],
  }),
  badEncoding: (path: string, detail: string): Message => ({
    code: 'SS431',
    message: `'${path}' is not valid UTF-8: ${detail}`,
    notes: ['declare its encoding with `encoding: latin-1` (or `utf-16`), or re-save it as UTF-8'],
  }),
  noFilesMatch: (path: string): Message => ({
    code: 'SS432',
    message: `no data files match '${path}'`,
  }),
  duplicateColumn: (path: string, name: string): Message => ({
    code: 'SS434',
    message: `'${path}' has two columns named '${name}'`,
  }),
  utf16: (path: string): Message => ({
    code: 'SS435',
    message: `'${path}' is UTF-16 text (it starts with a UTF-16 byte-order mark)`,
    notes: ['declare `encoding: utf-16`, or re-save the file as UTF-8'],
  }),
} satisfies Record<string, (...args: never[]) => Message>;
