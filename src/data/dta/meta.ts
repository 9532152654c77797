/**
 * The descriptor part of a Stata .dta file, formats 113–119 (Stata 8 to 18), either byte
 * order: variable names, storage types, formats, value-label names, variable labels, and where
 * the data, strLs and value labels begin. Sources: Stata's `help dta` (formats 117–119) and
 * the "description of .dta file format 113/114/115" in the Stata 8–12 manuals.
 *
 * Formats 113–115 are a fixed binary header; 117+ wrap the same pieces in <tag>s and give a
 * map of section offsets. 118 and 119 use UTF-8 and longer names; earlier files are Latin-1
 * (Windows-1252, as Stata wrote them on every platform).
 */
import { readSync } from 'node:fs';

/** Storage type of a variable. `str` has a byte width; `strL` is a reference into the strL section. */
export type DtaType =
  | { readonly kind: 'byte' | 'int' | 'long' | 'float' | 'double' }
  | { readonly kind: 'str'; readonly width: number }
  | { readonly kind: 'strL' };

export interface DtaVariable {
  readonly name: string;
  readonly type: DtaType;
  /** Byte offset inside a record. */
  readonly offset: number;
  readonly width: number;
  readonly format: string;
  /** Name of the value-label set attached to the variable ('' for none). */
  readonly valueLabel: string;
  /** Variable label ('' for none). */
  readonly label: string;
}

export interface DtaMeta {
  readonly release: number;
  readonly littleEndian: boolean;
  readonly nobs: number;
  readonly label: string;
  readonly variables: readonly DtaVariable[];
  readonly recordLength: number;
  readonly dataOffset: number;
  /** 117+: start of the strL section (after `<strls>`); undefined for 113–115. */
  readonly strlsOffset?: number;
  /** Start of the value-label section's first entry. */
  readonly valueLabelsOffset: number;
  readonly fileSize: number;
  readonly decoder: Decoder;
}

export interface Decoder {
  decode(bytes: Uint8Array): string;
}

/**
 * Text of 113–117 files: Stata wrote them in Windows-1252, but R haven and pandas write
 * UTF-8 into old formats too. Valid UTF-8 is read as UTF-8 (pure ASCII is the same either
 * way); anything else as Windows-1252.
 */
class LegacyDecoder implements Decoder {
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });
  private readonly cp1252 = new TextDecoder('windows-1252');
  decode(bytes: Uint8Array): string {
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i]! >= 0x80) {
        try {
          return this.utf8.decode(bytes);
        } catch {
          return this.cp1252.decode(bytes);
        }
      }
    }
    return this.cp1252.decode(bytes);
  }
}

/** A file that is not a valid .dta (bad magic, truncated, inconsistent offsets). */
export class DtaError extends Error {}

/** Positional reads from an open file, refusing to read past its end. */
export class FileBytes {
  constructor(
    readonly fd: number,
    readonly size: number,
  ) {}

  read(at: number, n: number, what: string): Buffer {
    if (at < 0 || at + n > this.size) throw new DtaError(`the file ends at byte ${this.size}, inside ${what} (byte ${at}, ${n} bytes needed): it is truncated or not a Stata file`);
    const buf = Buffer.allocUnsafe(n);
    let got = 0;
    while (got < n) {
      const k = readSync(this.fd, buf, got, n - got, at + got);
      if (k === 0) throw new DtaError(`unexpected end of file in ${what}`);
      got += k;
    }
    return buf;
  }
}

const OLD_TYPES: Record<number, DtaType['kind']> = { 251: 'byte', 252: 'int', 253: 'long', 254: 'float', 255: 'double' };
const NEW_TYPES: Record<number, DtaType['kind']> = { 65530: 'byte', 65529: 'int', 65528: 'long', 65527: 'float', 65526: 'double' };
const WIDTH: Record<string, number> = { byte: 1, int: 2, long: 4, float: 4, double: 8, strL: 8 };

/** Text of a fixed-width field: up to the first NUL (bytes after it may be garbage). */
export function cString(buf: Buffer, start: number, width: number, decoder: Decoder): string {
  let end = start;
  const stop = start + width;
  while (end < stop && buf[end] !== 0) end++;
  return decoder.decode(buf.subarray(start, end));
}

export function readMeta(bytes: FileBytes): DtaMeta {
  if (bytes.size < 12) throw new DtaError(`the file has only ${bytes.size} bytes`);
  const head = bytes.read(0, Math.min(bytes.size, 128), 'the header');
  if (head.toString('latin1', 0, 11) === '<stata_dta>') return readTagged(bytes);
  const release = head[0]!;
  if (release === 113 || release === 114 || release === 115) return readOld(bytes, release);
  if (release >= 102 && release <= 112) throw new DtaError(`format ${release} (Stata 7 or older) is not supported; re-save the file with a current Stata (saveold … , version(13) or later) or read it with R haven and write Parquet`);
  throw new DtaError('it does not start like a Stata .dta file (formats 113–119)');
}

function readOld(bytes: FileBytes, release: number): DtaMeta {
  const h = bytes.read(0, 109, 'the header');
  const order = h[1];
  if (order !== 1 && order !== 2) throw new DtaError(`byte-order flag ${order} is neither 1 (HILO) nor 2 (LOHI)`);
  const le = order === 2;
  const decoder = new LegacyDecoder();
  const k = le ? h.readUInt16LE(4) : h.readUInt16BE(4);
  const nobs = le ? h.readUInt32LE(6) : h.readUInt32BE(6);
  const label = cString(h, 10, 81, decoder);
  const fmtWidth = release === 113 ? 12 : 49;
  let at = 109;
  const typlist = bytes.read(at, k, 'the variable types');
  at += k;
  const names = bytes.read(at, k * 33, 'the variable names');
  at += k * 33 + 2 * (k + 1);
  const formats = bytes.read(at, k * fmtWidth, 'the display formats');
  at += k * fmtWidth;
  const lbl = bytes.read(at, k * 33, 'the value-label names');
  at += k * 33;
  const vlabels = bytes.read(at, k * 81, 'the variable labels');
  at += k * 81;
  // Expansion fields (characteristics): type byte and 4-byte length, until type 0, length 0.
  for (;;) {
    const e = bytes.read(at, 5, 'the expansion fields');
    const len = le ? e.readUInt32LE(1) : e.readUInt32BE(1);
    at += 5;
    if (e[0] === 0 && len === 0) break;
    at += len;
  }
  const vars: DtaVariable[] = [];
  let offset = 0;
  for (let j = 0; j < k; j++) {
    const code = typlist[j]!;
    let type: DtaType;
    if (code >= 1 && code <= 244) type = { kind: 'str', width: code };
    else if (OLD_TYPES[code]) type = { kind: OLD_TYPES[code]! } as DtaType;
    else throw new DtaError(`variable ${j + 1} has unknown storage type code ${code}`);
    const width = type.kind === 'str' ? type.width : WIDTH[type.kind]!;
    vars.push({
      name: cString(names, j * 33, 33, decoder),
      type,
      offset,
      width,
      format: cString(formats, j * fmtWidth, fmtWidth, decoder),
      valueLabel: cString(lbl, j * 33, 33, decoder),
      label: cString(vlabels, j * 81, 81, decoder),
    });
    offset += width;
  }
  return finish({ release, littleEndian: le, nobs, label, variables: vars, recordLength: offset, dataOffset: at, valueLabelsOffset: at + nobs * offset, fileSize: bytes.size, decoder });
}

/** Formats 117–119: `<tag>`ged sections located through the map. */
function readTagged(bytes: FileBytes): DtaMeta {
  const h = bytes.read(0, Math.min(bytes.size, 400), 'the header');
  let at = 11;
  const expect = (tag: string): void => {
    if (h.toString('latin1', at, at + tag.length) !== tag) throw new DtaError(`expected ${tag} at byte ${at}`);
    at += tag.length;
  };
  expect('<header><release>');
  const release = Number(h.toString('latin1', at, at + 3));
  at += 3;
  if (release !== 117 && release !== 118 && release !== 119) throw new DtaError(`format ${h.toString('latin1', at - 3, at)} is not one of 117, 118, 119`);
  expect('</release><byteorder>');
  const order = h.toString('latin1', at, at + 3);
  at += 3;
  if (order !== 'LSF' && order !== 'MSF') throw new DtaError(`byte order '${order}' is neither LSF nor MSF`);
  const le = order === 'LSF';
  const decoder: Decoder = release >= 118 ? new TextDecoder('utf-8') : new LegacyDecoder();
  expect('</byteorder><K>');
  const k = release === 119 ? (le ? h.readUInt32LE(at) : h.readUInt32BE(at)) : le ? h.readUInt16LE(at) : h.readUInt16BE(at);
  at += release === 119 ? 4 : 2;
  expect('</K><N>');
  const nobs = release === 117 ? (le ? h.readUInt32LE(at) : h.readUInt32BE(at)) : Number(le ? h.readBigUInt64LE(at) : h.readBigUInt64BE(at));
  at += release === 117 ? 4 : 8;
  expect('</N><label>');
  const labelLen = release === 117 ? h[at]! : le ? h.readUInt16LE(at) : h.readUInt16BE(at);
  at += release === 117 ? 1 : 2;
  const label = decoder.decode(bytes.read(at, labelLen, 'the dataset label'));
  at += labelLen;
  const h2 = bytes.read(at, 64, 'the header');
  if (h2.toString('latin1', 0, 19) !== '</label><timestamp>') throw new DtaError(`expected <timestamp> at byte ${at}`);
  at += 20 + h2[19]! + 12;
  const m = bytes.read(at, 14 + 14 * 8, 'the map');
  if (m.toString('latin1', 0, 14) !== '</header><map>') throw new DtaError(`expected <map> at byte ${at}`);
  const map: number[] = [];
  for (let i = 0; i < 14; i++) map.push(Number(le ? m.readBigUInt64LE(14 + i * 8) : m.readBigUInt64BE(14 + i * 8)));
  const section = (i: number, tag: string, n: number, what: string): Buffer => {
    const b = bytes.read(map[i]!, tag.length + n, what);
    if (b.toString('latin1', 0, tag.length) !== tag) throw new DtaError(`expected ${tag} at byte ${map[i]} (the file's map is damaged)`);
    return b.subarray(tag.length);
  };
  const nameW = release === 117 ? 33 : 129;
  const fmtW = release === 117 ? 49 : 57;
  const vlabW = release === 117 ? 81 : 321;
  const typesB = section(2, '<variable_types>', 2 * k, 'the variable types');
  const names = section(3, '<varnames>', nameW * k, 'the variable names');
  const formats = section(5, '<formats>', fmtW * k, 'the display formats');
  const lbl = section(6, '<value_label_names>', nameW * k, 'the value-label names');
  const vlabels = section(7, '<variable_labels>', vlabW * k, 'the variable labels');
  const vars: DtaVariable[] = [];
  let offset = 0;
  for (let j = 0; j < k; j++) {
    const code = le ? typesB.readUInt16LE(2 * j) : typesB.readUInt16BE(2 * j);
    let type: DtaType;
    if (code >= 1 && code <= 2045) type = { kind: 'str', width: code };
    else if (code === 32768) type = { kind: 'strL' };
    else if (NEW_TYPES[code]) type = { kind: NEW_TYPES[code]! } as DtaType;
    else throw new DtaError(`variable ${j + 1} has unknown storage type code ${code}`);
    const width = type.kind === 'str' ? type.width : WIDTH[type.kind]!;
    vars.push({
      name: cString(names, j * nameW, nameW, decoder),
      type,
      offset,
      width,
      format: cString(formats, j * fmtW, fmtW, decoder),
      valueLabel: cString(lbl, j * nameW, nameW, decoder),
      label: cString(vlabels, j * vlabW, vlabW, decoder),
    });
    offset += width;
  }
  section(9, '<data>', 0, 'the data');
  section(10, '<strls>', 0, 'the strLs');
  section(11, '<value_labels>', 0, 'the value labels');
  return finish({
    release,
    littleEndian: le,
    nobs,
    label,
    variables: vars,
    recordLength: offset,
    dataOffset: map[9]! + 6,
    strlsOffset: map[10]! + 7,
    valueLabelsOffset: map[11]! + 14,
    fileSize: bytes.size,
    decoder,
  });
}

function finish(meta: DtaMeta): DtaMeta {
  const end = meta.dataOffset + meta.nobs * meta.recordLength;
  if (end > meta.fileSize) {
    const whole = Math.max(0, Math.floor((meta.fileSize - meta.dataOffset) / Math.max(1, meta.recordLength)));
    throw new DtaError(`the header announces ${meta.nobs} observations but the file ends after about ${whole}: it is truncated`);
  }
  return meta;
}
