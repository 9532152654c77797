/**
 * Why a CSV file failed to read, told in the user's terms: the first line whose field count
 * differs from the header's (a ragged row), or the first byte that is not UTF-8. DuckDB's
 * sniffer, faced with ragged rows, falls back to a one-column reading, after which every
 * column looks unknown; its own encoding error names a line but not the byte. These scans run
 * only after something went wrong, so they may read the file once more (streaming; .gz
 * decompressed on the way).
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';

function bytesOf(path: string): Readable {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  return /\.gz$/i.test(path) ? raw.pipe(createGunzip()) : raw;
}

export interface Ragged {
  /** 1-based line of the file (the header is line 1). */
  readonly line: number;
  readonly expected: number;
  readonly got: number;
  /** The line's text, shortened. */
  readonly text: string;
}

const QUOTE = 0x22;
const NL = 0x0a;
const CR = 0x0d;

/**
 * First record whose number of fields differs from the header's, counting `delim` outside
 * double quotes ("" inside quotes is a quote); a record may span lines inside quotes. Blank
 * lines are skipped, as DuckDB does.
 */
export async function findRaggedRow(path: string, delim: string): Promise<Ragged | undefined> {
  const d = delim.charCodeAt(0);
  let expected = -1;
  let fields = 1;
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let empty = true;
  let text: number[] = [];
  const stream = bytesOf(path);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      for (let i = 0; i < chunk.length; i++) {
        const c = chunk[i]!;
        if (c === NL) line++;
        if (quoted) {
          if (c === QUOTE) quoted = false;
          if (text.length < 200) text.push(c);
          continue;
        }
        if (c === QUOTE) {
          quoted = true;
          empty = false;
        } else if (c === d) {
          fields++;
          empty = false;
        } else if (c === NL) {
          if (!empty) {
            if (expected < 0) expected = fields;
            else if (fields !== expected) return { line: recordLine, expected, got: fields, text: show(text) };
          }
          fields = 1;
          empty = true;
          recordLine = line;
          text = [];
          continue;
        } else if (c !== CR) empty = false;
        if (text.length < 200) text.push(c);
      }
    }
    if (!empty && expected >= 0 && fields !== expected) return { line: recordLine, expected, got: fields, text: show(text) };
    return undefined;
  } finally {
    stream.destroy();
  }
}

function show(bytes: number[]): string {
  const s = Buffer.from(bytes).toString('utf8').replace(/\r$/, '');
  return bytes.length >= 200 ? `${s}…` : s;
}

export interface BadByte {
  readonly offset: number;
  readonly line: number;
  readonly byte: number;
}

/** The first byte that breaks UTF-8 (offset 0-based, line 1-based), or undefined. */
export async function findInvalidUtf8(path: string): Promise<BadByte | undefined> {
  let offset = 0;
  let line = 1;
  let need = 0;
  let start = 0;
  let lead = 0;
  const stream = bytesOf(path);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      for (let i = 0; i < chunk.length; i++, offset++) {
        const c = chunk[i]!;
        if (need > 0) {
          if ((c & 0xc0) !== 0x80) return { offset: start, line, byte: lead };
          need--;
          continue;
        }
        if (c === NL) line++;
        if (c < 0x80) continue;
        start = offset;
        lead = c;
        if (c >= 0xc2 && c <= 0xdf) need = 1;
        else if (c >= 0xe0 && c <= 0xef) need = 2;
        else if (c >= 0xf0 && c <= 0xf4) need = 3;
        else return { offset, line, byte: c };
      }
    }
    return need > 0 ? { offset: start, line, byte: lead } : undefined;
  } finally {
    stream.destroy();
  }
}

/** Whether the file starts with a UTF-16 byte-order mark (either byte order). */
export async function utf16Bom(path: string): Promise<boolean> {
  const stream = bytesOf(path);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      return chunk.length >= 2 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff));
    }
    return false;
  } finally {
    stream.destroy();
  }
}
