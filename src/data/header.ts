/**
 * Column names of a data file, without loading it: `check` and `plan` use them so that a
 * misspelt column fails before anything runs.
 *
 * CSV: the first line is read directly (a few KB; a .gz file through gunzip); starting DuckDB
 * costs far more than reading one line, and `check` should stay instant. Stata .dta: the
 * descriptor at the start of the file. Excel: the header row of the sheet. Parquet, JSON,
 * .zst CSV, DuckDB databases and folders/globs need a real reader, so DuckDB (imported
 * lazily) describes them: `DESCRIBE SELECT * FROM read_parquet(…)`.
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import { basename } from 'node:path';
import { JSON_DEPTH_LIMIT, jsonTooDeep } from './json-depth.js';
import { variablesMessages } from '../diagnostics/messages/variables.js';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { createReadStream } from 'node:fs';
import { StudyError } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/messages/index.js';
import { sourceMessages } from '../diagnostics/messages/sources.js';
import { DtaError, FileBytes, readMeta } from './dta/meta.js';
import { globOf, isFolder, isGlob, type SourceFormat, type SourceOptions } from './formats.js';
import { readXlsxHeader } from './xlsx.js';

export interface HeaderColumn {
  readonly name: string;
  /** DuckDB type for parquet/json; undefined for CSV (types are inferred at load time). */
  readonly type?: string;
}

/** `written` is the source as the spec spells it, for messages. */
export type HeaderReader = (path: string, format: SourceFormat, options?: SourceOptions, written?: string) => Promise<readonly HeaderColumn[]>;

/** Read at most this many bytes looking for the end of the CSV header line. */
const MAX_HEADER_BYTES = 1 << 20;

export async function readHeader(path: string, format: SourceFormat, options: SourceOptions = {}, written = path): Promise<readonly HeaderColumn[]> {
  const many = isGlob(path) || isFolder(path);
  if (format === 'csv' && !many && !/\.zst$/i.test(path)) return (await readCsvHeader(path, options.encoding)).map((name) => ({ name }));
  if (format === 'dta') {
    const fd = openSync(path, 'r');
    try {
      return readMeta(new FileBytes(fd, fstatSync(fd).size)).variables.map((v) => ({ name: v.name }));
    } catch (e) {
      if (e instanceof DtaError) throw new StudyError(diag(sourceMessages.dtaInvalid(written, e.message)));
      throw e;
    } finally {
      closeSync(fd);
    }
  }
  if (format === 'xlsx') return (await readXlsxHeader(path, written, options)).map((name) => ({ name }));
  return describeWithDuckDB(path, format, options);
}

/** The first bytes of a file (decompressed for .gz), up to the end of the header line. */
async function headBytes(path: string): Promise<Buffer> {
  if (/\.gz$/i.test(path)) {
    const chunks: Buffer[] = [];
    let total = 0;
    const stream = createReadStream(path).pipe(createGunzip());
    try {
      for await (const c of stream) {
        chunks.push(c as Buffer);
        total += (c as Buffer).length;
        if (headerEnd(Buffer.concat(chunks).toString('latin1')) >= 0 || total >= MAX_HEADER_BYTES) break;
      }
    } finally {
      stream.destroy();
    }
    return Buffer.concat(chunks);
  }
  const fh = await open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.alloc(Math.min(65536, MAX_HEADER_BYTES - total));
      const { bytesRead } = await fh.read(buf, 0, buf.length, total);
      if (bytesRead === 0) break;
      chunks.push(buf.subarray(0, bytesRead));
      total += bytesRead;
      if (headerEnd(Buffer.concat(chunks).toString('latin1')) >= 0 || total >= MAX_HEADER_BYTES) break;
    }
    return Buffer.concat(chunks);
  } finally {
    await fh.close();
  }
}

export async function readCsvHeader(path: string, encoding?: SourceOptions['encoding']): Promise<string[]> {
  return (await readCsvHeaderLine(path, encoding)).fields;
}

/** The header's fields and the delimiter that splits it. */
export async function readCsvHeaderLine(path: string, encoding?: SourceOptions['encoding']): Promise<{ fields: string[]; delim: string }> {
  const bytes = await headBytes(path);
  const utf16 = encoding === 'utf-16' || (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)));
  const text = utf16
    ? new TextDecoder(bytes[0] === 0xfe ? 'utf-16be' : 'utf-16le').decode(bytes)
    : new TextDecoder(encoding === 'latin-1' ? 'windows-1252' : 'utf-8').decode(bytes);
  const end = headerEnd(text);
  const line = (end >= 0 ? text.slice(0, end) : text).replace(/^\uFEFF/, '').replace(/\r$/, '');
  const delim = sniffDelimiter(line);
  return { fields: splitCsvLine(line, delim), delim };
}

/** Offset of the first line break outside quotes, or −1. */
function headerEnd(text: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\n' && !quoted) return i;
  }
  return -1;
}

/** Same rule as DuckDB's sniffer for the common cases: the candidate that splits the line most. */
export function sniffDelimiter(line: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of [',', '\t', ';', '|']) {
    const n = splitCsvLine(line, d).length;
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

export function splitCsvLine(line: string, delim: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === delim) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

async function describeWithDuckDB(path: string, format: SourceFormat, options: SourceOptions): Promise<HeaderColumn[]> {
  if (format === 'json') {
    // DuckDB crashes the process on very deeply nested JSON; refuse it first.
    const deep = await jsonTooDeep(path);
    if (deep) throw new Error(variablesMessages.jsonTooDeep(basename(path), JSON_DEPTH_LIMIT, deep.line, deep.col).message);
  }
  // The CommonJS module's exports as `default`: so it is both under Node and in the bundle, whose
  // dynamic import of a bundled CommonJS module has no named exports.
  const { DuckDBInstance } = (await import('@duckdb/node-api')).default;
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;
  try {
    let relation: string;
    if (format === 'duckdb') {
      await conn.run(`ATTACH ${literal(path)} AS src (READ_ONLY)`);
      // Unqualified names in a query refer to the database's tables, as in the run.
      await conn.run('USE src');
      relation = options.query !== undefined ? `(${options.query})` : `"${(options.table ?? '').replace(/"/g, '""')}"`;
    } else {
      const target = globOf(path, path, format) ?? path;
      const hive = options.hive ? ', hive_partitioning = true' : '';
      const reader = format === 'parquet' ? 'read_parquet' : format === 'csv' ? 'read_csv' : 'read_json_auto';
      relation = `${reader}(${literal(target)}${format === 'json' ? '' : hive})`;
    }
    const reply = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${relation}`);
    return reply.getRowObjects().map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
