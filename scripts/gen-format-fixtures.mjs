// Writes the Excel fixtures of test/data/xlsx.test.ts and test/cli/formats.test.ts from
// test/fixtures/data/formats/panel.csv (written by oracle/dta-fixtures.R):
//   node scripts/gen-format-fixtures.mjs
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';

const dir = 'test/fixtures/data/formats';
const [head, ...lines] = readFileSync(`${dir}/panel.csv`, 'utf8').trim().split('\n');
const names = head.split(',').map((s) => s.replaceAll('"', ''));
const rows = lines.map((l) => l.split(',').map((s, j) => (j === 0 ? s.replaceAll('"', '') : Number(s))));

const wb = new ExcelJS.Workbook();
// A first sheet of notes, so that `sheet:` matters; the data start at B3 on 'offset'.
wb.addWorksheet('readme').addRow(['Panel of 40 firms, 2001–2005 (see oracle/dta-fixtures.R)']);
const panel = wb.addWorksheet('panel');
panel.addRow(names);
for (const r of rows) panel.addRow(r);
const offset = wb.addWorksheet('offset');
offset.getCell('A1').value = 'Table 1: a title above the data';
offset.getRow(3).values = [undefined, ...names];
rows.forEach((r, i) => (offset.getRow(4 + i).values = [undefined, ...r]));
offset.getCell(`B${4 + rows.length + 1}`).value = 'Source: generated';
// Types as Stata's import excel sees them: numbers, dates, a date-time, text mixed with numbers,
// a formula, an error cell and an empty header cell.
const types = wb.addWorksheet('types');
types.addRow(['n', 'day', 'stamp', 'mixed', 'formula', 'err', null, 'flag']);
types.addRow([1.5, new Date(Date.UTC(2020, 0, 31)), new Date(Date.UTC(2020, 0, 31, 12, 30)), 'a', { formula: 'A2*2', result: 3 }, { error: '#N/A' }, 7, true]);
types.addRow([null, new Date(Date.UTC(1960, 0, 1)), new Date(Date.UTC(2021, 5, 1, 0, 0, 1)), 2, { formula: 'A3*2+4', result: 4 }, 1, 8, false]);
types.addRow([]);
types.addRow([-3, null, null, null, null, null, 9, null]);
await wb.xlsx.writeFile(`${dir}/panel.xlsx`);
console.log(`wrote ${dir}/panel.xlsx`);
