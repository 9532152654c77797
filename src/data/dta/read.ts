/**
 * The data, strL and value-label sections of a .dta file (see meta.ts for the descriptor).
 *
 * Records are fixed-width, so the data are read in blocks of whole records (4 MiB by default)
 * and decoded column by column into a batch of typed arrays: the file is never held whole.
 * Numeric missing values — `.` and `.a`–`.z`, which Stata stores as the largest values of each
 * type — become NaN; an empty string is missing, as Stata's `missing()` says. strLs (117+) are
 * stored after the data and are read into a map first.
 */
import type { IngestBatch, IngestKind } from '../ingest.js';
import { cString, DtaError, type DtaMeta, type DtaVariable, type FileBytes } from './meta.js';

/** Value-label sets by name: code → label text. */
export type ValueLabels = Map<string, Map<number, string>>;

/** Kind of column a variable becomes. */
export function kindOf(v: DtaVariable): IngestKind {
  return v.type.kind === 'str' || v.type.kind === 'strL' ? 'text' : 'num';
}

export function readValueLabels(bytes: FileBytes, meta: DtaMeta): ValueLabels {
  const out: ValueLabels = new Map();
  const le = meta.littleEndian;
  const tagged = meta.release >= 117;
  const nameW = meta.release >= 118 ? 129 : 33;
  let at = meta.valueLabelsOffset;
  for (;;) {
    if (tagged) {
      const tag = bytes.read(at, Math.min(16, meta.fileSize - at), 'the value labels').toString('latin1');
      if (tag.startsWith('</value_labels>')) break;
      if (!tag.startsWith('<lbl>')) throw new DtaError(`expected <lbl> at byte ${at} in the value labels`);
      at += 5;
    } else if (at >= meta.fileSize) break;
    const h = bytes.read(at, 4 + nameW + 3, 'a value-label header');
    const len = le ? h.readUInt32LE(0) : h.readUInt32BE(0);
    const name = cString(h, 4, nameW, meta.decoder);
    at += 4 + nameW + 3;
    const t = bytes.read(at, len, `value-label set '${name}'`);
    at += len + (tagged ? 6 : 0);
    if (len < 8) throw new DtaError(`value-label set '${name}' is damaged (length ${len})`);
    const n = le ? t.readUInt32LE(0) : t.readUInt32BE(0);
    const txtlen = le ? t.readUInt32LE(4) : t.readUInt32BE(4);
    if (8 + 8 * n + txtlen > len) throw new DtaError(`value-label set '${name}' is damaged (${n} entries do not fit in ${len} bytes)`);
    const txt = 8 + 8 * n;
    const map = new Map<number, string>();
    for (let i = 0; i < n; i++) {
      const off = le ? t.readUInt32LE(8 + 4 * i) : t.readUInt32BE(8 + 4 * i);
      const val = le ? t.readInt32LE(8 + 4 * n + 4 * i) : t.readInt32BE(8 + 4 * n + 4 * i);
      if (off >= txtlen) throw new DtaError(`value-label set '${name}' is damaged (text offset ${off} beyond ${txtlen})`);
      map.set(val, cString(t, txt + off, txtlen - off, meta.decoder));
    }
    out.set(name, map);
  }
  return out;
}

/** Key of a strL reference (v = variable, o = observation, both 1-based). */
function strlKey(v: number, o: number, k: number): number {
  return o * (k + 1) + v;
}

/** The strL section (117+): every stored string by its (v, o) key. */
export function readStrls(bytes: FileBytes, meta: DtaMeta): Map<number, string> {
  const out = new Map<number, string>();
  if (meta.strlsOffset === undefined || !meta.variables.some((v) => v.type.kind === 'strL')) return out;
  const le = meta.littleEndian;
  const oWidth = meta.release === 117 ? 4 : 8;
  const k = meta.variables.length;
  let at = meta.strlsOffset;
  for (;;) {
    const h = bytes.read(at, Math.min(3 + 4 + oWidth + 1 + 4, meta.fileSize - at), 'the strLs');
    if (h.toString('latin1', 0, 3) !== 'GSO') {
      if (h.toString('latin1', 0, 8).startsWith('</strls>')) break;
      throw new DtaError(`expected GSO or </strls> at byte ${at}`);
    }
    const gso = (little: boolean): [number, number, number] => [
      little ? h.readUInt32LE(3) : h.readUInt32BE(3),
      oWidth === 4 ? (little ? h.readUInt32LE(7) : h.readUInt32BE(7)) : Number(little ? h.readBigUInt64LE(7) : h.readBigUInt64BE(7)),
      little ? h.readUInt32LE(8 + oWidth) : h.readUInt32BE(8 + oWidth),
    ];
    let [v, o, len] = gso(le);
    const fits = (vv: number, n: number): boolean => vv >= 1 && vv <= k && at + 12 + oWidth + n <= meta.fileSize;
    // pandas (to 1.5 at least) writes these headers little-endian in MSF files.
    if (!fits(v, len) && !le) {
      const [v2, o2, len2] = gso(true);
      if (fits(v2, len2)) [v, o, len] = [v2, o2, len2];
    }
    const t = h[7 + oWidth]!;
    at += 12 + oWidth;
    const body = bytes.read(at, len, 'a strL');
    at += len;
    // Type 130 is text with a terminating NUL; 129 is binary, read as text up to its length.
    const end = t === 130 && len > 0 && body[len - 1] === 0 ? len - 1 : len;
    out.set(strlKey(v, o, k), meta.decoder.decode(body.subarray(0, end)));
  }
  return out;
}

/**
 * Streams the records in blocks of about `blockBytes`, calling `onBatch` with one decoded
 * batch per block (numbers as Float64Array, text as strings; missing = NaN / null).
 */
export function streamRecords(bytes: FileBytes, meta: DtaMeta, strls: Map<number, string>, onBatch: (batch: IngestBatch) => void, blockBytes = 1 << 22): void {
  const rec = meta.recordLength;
  const perBlock = Math.max(1, Math.floor(blockBytes / Math.max(1, rec)));
  const vars = meta.variables;
  const k = vars.length;
  for (let row = 0; row < meta.nobs; row += perBlock) {
    const n = Math.min(perBlock, meta.nobs - row);
    const buf = bytes.read(meta.dataOffset + row * rec, n * rec, 'the data');
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const columns = vars.map((v, j) => (kindOf(v) === 'num' ? decodeNumbers(view, v, n, rec, meta.littleEndian) : decodeText(buf, view, v, j, n, rec, row, meta, strls, k)));
    onBatch({ n, columns });
  }
}

/** Largest non-missing values: above them lie `.`, `.a`, …, `.z`. */
const MAX_BYTE = 100;
const MAX_INT = 32740;
const MAX_LONG = 2147483620;
/** Stata's `.` for float and double is 2^127 and 2^1023; everything from there up is missing. */
const FLOAT_MISSING = 2 ** 127;
const DOUBLE_MISSING = 2 ** 1023;

function decodeNumbers(view: DataView, v: DtaVariable, n: number, rec: number, le: boolean): Float64Array {
  const out = new Float64Array(n);
  let at = v.offset;
  switch (v.type.kind) {
    case 'byte':
      for (let i = 0; i < n; i++, at += rec) {
        const x = view.getInt8(at);
        out[i] = x > MAX_BYTE ? NaN : x;
      }
      break;
    case 'int':
      for (let i = 0; i < n; i++, at += rec) {
        const x = view.getInt16(at, le);
        out[i] = x > MAX_INT ? NaN : x;
      }
      break;
    case 'long':
      for (let i = 0; i < n; i++, at += rec) {
        const x = view.getInt32(at, le);
        out[i] = x > MAX_LONG ? NaN : x;
      }
      break;
    case 'float':
      for (let i = 0; i < n; i++, at += rec) {
        const x = view.getFloat32(at, le);
        out[i] = x >= FLOAT_MISSING || !Number.isFinite(x) ? NaN : x;
      }
      break;
    case 'double':
      for (let i = 0; i < n; i++, at += rec) {
        const x = view.getFloat64(at, le);
        out[i] = x >= DOUBLE_MISSING || !Number.isFinite(x) ? NaN : x;
      }
      break;
    default:
      throw new Error('internal: not a numeric .dta type');
  }
  return out;
}

function decodeText(buf: Buffer, view: DataView, v: DtaVariable, j: number, n: number, rec: number, row0: number, meta: DtaMeta, strls: Map<number, string>, k: number): (string | null)[] {
  const out = new Array<string | null>(n);
  let at = v.offset;
  if (v.type.kind === 'str') {
    let prevAt = -1;
    for (let i = 0; i < n; i++, at += rec) {
      // A sorted id repeats: reuse the string when the bytes equal the previous record's.
      if (prevAt >= 0 && buf.compare(buf, prevAt, prevAt + v.width, at, at + v.width) === 0) out[i] = out[i - 1]!;
      else {
        const s = cString(buf, at, v.width, meta.decoder);
        out[i] = s === '' ? null : s;
      }
      prevAt = at;
    }
    return out;
  }
  const le = meta.littleEndian;
  for (let i = 0; i < n; i++, at += rec) {
    if (buf.readBigUInt64LE(at) === 0n) {
      out[i] = null;
      continue;
    }
    const s = strlAt(buf, at, meta.release, le, strls, k);
    if (s === undefined) throw new DtaError(`observation ${row0 + i + 1} of '${v.name}' refers to a strL that the file does not contain (variable ${j + 1})`);
    out[i] = s === '' ? null : s;
  }
  return out;
}

/**
 * The string a data cell's (v, o) reference names. Stata's description splits the 8 bytes
 * into v then o (117: 4 + 4 bytes, 118: 2 + 6, 119: 3 + 5) in the file's byte order, as
 * ReadStat (R haven) reads and writes them, except that it gives 119 the split of 118.
 * pandas writes one 8-byte integer v + o·2^(8·|v|) instead, which differs in MSF files. The
 * strL section names every (v, o) in full, so each reading is tried until one is found.
 */
function strlAt(buf: Buffer, at: number, release: number, le: boolean, strls: Map<number, string>, k: number): string | undefined {
  const splits = release === 117 ? [4] : release === 118 ? [2] : [3, 2];
  for (const vb of splits) {
    const v = le ? readUintLE(buf, at, vb) : readUintBE(buf, at, vb);
    const o = le ? readUintLE(buf, at + vb, 8 - vb) : readUintBE(buf, at + vb, 8 - vb);
    const s = strls.get(strlKey(v, o, k));
    if (s !== undefined) return s;
    if (!le) {
      // One big-endian integer: o in the high bytes (first), v in the low bytes (last).
      const s2 = strls.get(strlKey(readUintBE(buf, at + 8 - vb, vb), readUintBE(buf, at, 8 - vb), k));
      if (s2 !== undefined) return s2;
    }
  }
  return undefined;
}

function readUintLE(buf: Buffer, at: number, n: number): number {
  let x = 0;
  for (let b = n - 1; b >= 0; b--) x = x * 256 + buf[at + b]!;
  return x;
}

function readUintBE(buf: Buffer, at: number, n: number): number {
  let x = 0;
  for (let b = 0; b < n; b++) x = x * 256 + buf[at + b]!;
  return x;
}
