/**
 * Column names of a data file, without loading it: `check` and `plan` use them so that a
 * misspelt column fails before anything runs.
 *
 * CSV: the first line is read directly (a few KB); starting DuckDB costs far more than
 * reading one line, and `check` should stay instant. Parquet and JSON need a real reader,
 * so DuckDB (imported lazily) describes them: `DESCRIBE SELECT * FROM read_parquet(…)`.
 */
import { basename } from 'node:path';
import { JSON_DEPTH_LIMIT, jsonTooDeep } from './json-depth.js';
import { variablesMessages } from '../diagnostics/messages/variables.js';
import { open } from 'node:fs/promises';

export interface HeaderColumn {
  readonly name: string;
  /** DuckDB type for parquet/json; undefined for CSV (types are inferred at load time). */
  readonly type?: string;
}

export type HeaderReader = (path: string, format: 'csv' | 'parquet' | 'json') => Promise<readonly HeaderColumn[]>;

/** Read at most this many bytes looking for the end of the CSV header line. */
const MAX_HEADER_BYTES = 1 << 20;

export async function readHeader(path: string, format: 'csv' | 'parquet' | 'json'): Promise<readonly HeaderColumn[]> {
  if (format === 'csv') return (await readCsvHeader(path)).map((name) => ({ name }));
  return describeWithDuckDB(path, format);
}

export async function readCsvHeader(path: string): Promise<string[]> {
  const fh = await open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    let text = '';
    for (;;) {
      const buf = Buffer.alloc(Math.min(65536, MAX_HEADER_BYTES - total));
      const { bytesRead } = await fh.read(buf, 0, buf.length, total);
      if (bytesRead === 0) break;
      chunks.push(buf.subarray(0, bytesRead));
      total += bytesRead;
      text = Buffer.concat(chunks).toString('utf8');
      if (headerEnd(text) >= 0 || total >= MAX_HEADER_BYTES) break;
    }
    const end = headerEnd(text);
    const line = (end >= 0 ? text.slice(0, end) : text).replace(/^\uFEFF/, '').replace(/\r$/, '');
    return splitCsvLine(line, sniffDelimiter(line));
  } finally {
    await fh.close();
  }
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

async function describeWithDuckDB(path: string, format: 'parquet' | 'json'): Promise<HeaderColumn[]> {
  if (format === 'json') {
    // DuckDB crashes the process on very deeply nested JSON; refuse it first.
    const deep = await jsonTooDeep(path);
    if (deep) throw new Error(variablesMessages.jsonTooDeep(basename(path), JSON_DEPTH_LIMIT, deep.line, deep.col).message);
  }
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const reader = format === 'parquet' ? 'read_parquet' : 'read_json_auto';
    const literal = `'${path.replace(/'/g, "''")}'`;
    const reply = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${reader}(${literal})`);
    return reply.getRowObjects().map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
