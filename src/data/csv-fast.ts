/**
 * A reader for the plainest CSV files — the shape of most exported panels — that parses them
 * in one pass straight into typed arrays, at about a third of the CPU of DuckDB's parser.
 *
 * It reads only files whose meaning is beyond doubt, and gives up (returns undefined) on
 * anything else, which DuckDB then reads exactly as before:
 * - comma-separated, LF or CRLF line ends, a header of distinct non-empty names, no quote
 *   character anywhere, no blank line, every row as many fields as the header;
 * - numbers written as `-?digits[.digits]` (no exponent, sign `+`, leading zeros such as
 *   `007`, spaces, `inf`/`nan`): the value is the correctly rounded double, as DuckDB's
 *   parser gives it — digits/10^k is exact-then-rounded while the digits fit in 2^53 and k ≤ 22
 *   (Clinger's fast path), and longer numbers go through Number(), which rounds correctly;
 * - text that cannot be read as anything else (not starting with a digit, sign, point or
 *   space; not `inf`/`nan`), which DuckDB's sniffer also leaves as text;
 * - missing cells as the data layer spells them: empty, `NA`, `.`.
 * A column's kind is set by its first non-missing cell, which must come within the first
 * 1,000 rows (well inside the sniffer's sample); a later cell of the other kind gives up.
 * Text is dictionary-coded by its bytes, levels in byte order, as text-codes.ts does.
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import type { ColumnAllocator } from './alloc.js';

export type FastColumn = { readonly kind: 'num'; readonly values: Float64Array } | { readonly kind: 'text'; readonly codes: Int32Array; readonly levels: string[] };

export interface FastCsv {
  readonly names: readonly string[];
  /** Per header column: its values when kept, else undefined (its kind is in `kinds`). */
  readonly columns: readonly (FastColumn | undefined)[];
  readonly kinds: readonly ('num' | 'text')[];
  readonly rows: number;
}

const COMMA = 44;
const LF = 10;
const CR = 13;
const QUOTE = 34;
const BLOCK = 1 << 22;
const LONG_LINE = 1_000_000;
/** Rows within which each column's first non-missing cell must come. */
const DECIDE_WITHIN = 1000;
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

class GiveUp extends Error {}

/** Kinds: 0 undecided, 1 number, 2 text. */
const UNDECIDED = 0;
const NUM = 1;
const TEXT = 2;

/**
 * Parses `path` (at most `capacity` data rows) keeping the columns in `keep` (all when
 * undefined); undefined when the file is not of the plain kind described above.
 */
export function readPlainCsv(path: string, capacity: number, keep: ReadonlySet<string> | undefined, alloc: ColumnAllocator): FastCsv | undefined {
  const fd = openSync(path, 'r');
  try {
    return parse(fd, capacity, keep, alloc);
  } catch (e) {
    if (e instanceof GiveUp) return undefined;
    throw e;
  } finally {
    closeSync(fd);
  }
}

function parse(fd: number, capacity: number, keep: ReadonlySet<string> | undefined, alloc: ColumnAllocator): FastCsv {
  const buf = Buffer.allocUnsafe(BLOCK * 2);
  let have = readSync(fd, buf, 0, BLOCK, null);
  let eof = have < BLOCK;
  // Header: the first line, decoded as UTF-8.
  const nl = buf.indexOf(LF);
  if (nl < 0 || nl >= have) throw new GiveUp();
  const headEnd = nl > 0 && buf[nl - 1] === CR ? nl - 1 : nl;
  if (headEnd > LONG_LINE) throw new GiveUp();
  const header = buf.toString('utf8', 0, headEnd);
  // A byte-order mark, quotes, or another likely delimiter: the sniffer decides those files.
  if (header.charCodeAt(0) === 0xfeff || /["\r;\t|#]/.test(header) || !isUtf8(buf.subarray(0, headEnd))) throw new GiveUp();
  const names = header.split(',');
  if (names.length < 2 || new Set(names).size !== names.length || names.some((n) => n === '' || n.trim() !== n)) throw new GiveUp();
  const k = names.length;
  const kinds = new Uint8Array(k);
  const kept = names.map((n) => !keep || keep.has(n));
  // Values of kept columns go in numbers[j] or codes[j] once the kind is known; the other
  // array of the pair is never allocated.
  const numbers: (Float64Array | undefined)[] = new Array(k).fill(undefined);
  const codes: (Int32Array | undefined)[] = new Array(k).fill(undefined);
  const dicts: (Map<string, number> | undefined)[] = new Array(k).fill(undefined);
  let row = 0;
  let pos = nl + 1;
  // Complete lines of the block end before fastUntil; rows of plain numbers among them take
  // fastLines, and the line it stops at (text, a missing cell, anything unusual) the loop below.
  let fastUntil = -1;
  const rowBox = new Float64Array(1);
  for (;;) {
    if (fastUntil < pos) {
      const last = buf.lastIndexOf(LF, have - 1);
      fastUntil = last >= pos ? last + 1 : pos;
    }
    if (pos < fastUntil) {
      rowBox[0] = row;
      pos = fastLines(buf, pos, fastUntil, k, kinds, numbers, rowBox, capacity);
      row = rowBox[0]!;
    }
    // Lines wholly inside [pos, have); the tail is carried into the next block.
    let end = buf.indexOf(LF, pos);
    if (end < 0 || end >= have) {
      if (eof) {
        if (pos < have) end = have;
        else break;
      } else {
        const rest = have - pos;
        if (rest > BLOCK) throw new GiveUp(); // a line longer than 4 MiB: DuckDB's limits apply
        buf.copy(buf, 0, pos, have);
        fastUntil = -1;
        const got = readSync(fd, buf, rest, BLOCK, null);
        eof = got === 0 || got < BLOCK;
        have = rest + got;
        pos = 0;
        if (got === 0 && rest === 0) break;
        continue;
      }
    }
    const lineEnd = end > pos && buf[end - 1] === CR ? end - 1 : end;
    // A blank line, one that may be a comment, or one near DuckDB's line limit (2,000,000
    // bytes, SS404 beyond it), which DuckDB must judge.
    if (lineEnd === pos || buf[pos] === 35 || lineEnd - pos > LONG_LINE) throw new GiveUp();
    if (row >= capacity) throw new GiveUp();
    let p = pos;
    for (let j = 0; j < k; j++) {
      // The common cell, a short plain number in a number column, is parsed in the same pass
      // that finds its end; anything else takes the general path below from the cell's start.
      if (kinds[j] === NUM) {
        let q = p;
        const neg = q < lineEnd && buf[q] === 45;
        if (neg) q++;
        const intStart = q;
        let m = 0;
        let c = q < lineEnd ? buf[q]! : COMMA;
        while (c >= 48 && c <= 57) {
          m = m * 10 + (c - 48);
          c = ++q < lineEnd ? buf[q]! : COMMA;
        }
        const intDigits = q - intStart;
        let scale = 0;
        if (c === 46) {
          const fracStart = ++q;
          c = q < lineEnd ? buf[q]! : COMMA;
          while (c >= 48 && c <= 57) {
            m = m * 10 + (c - 48);
            c = ++q < lineEnd ? buf[q]! : COMMA;
          }
          scale = q - fracStart;
          if (scale === 0) c = -1;
        }
        if (c === COMMA && intDigits > 0 && intDigits + scale <= 15 && (intDigits === 1 || buf[intStart] !== 48)) {
          if (q === lineEnd && j < k - 1) throw new GiveUp(); // too few fields
          const v = scale === 0 ? m : m / POW10[scale]!;
          const a = numbers[j];
          if (a) a[row] = neg ? -v : v;
          p = q + 1;
          continue;
        }
      }
      // One field: [p, q).
      let q = p;
      while (q < lineEnd) {
        const b = buf[q]!;
        if (b === COMMA) break;
        if (b === QUOTE || b === CR) throw new GiveUp();
        q++;
      }
      if (q === lineEnd && j < k - 1) throw new GiveUp(); // too few fields
      field(buf, p, q, j, row);
      p = q + 1;
    }
    if (p !== lineEnd + 1) throw new GiveUp(); // too many fields
    row++;
    pos = end + 1;
    if (end >= have) break;
  }
  // Columns never decided are all missing: DuckDB's sniffer types those as text.
  for (let j = 0; j < k; j++) if (kinds[j] === UNDECIDED) throw new GiveUp();

  const columns: (FastColumn | undefined)[] = names.map((_, j) => {
    if (!kept[j]) return undefined;
    if (kinds[j] === NUM) return { kind: 'num', values: exact(numbers[j]!, row, alloc) };
    const c = codes[j]!;
    const out = row === c.length ? c : c.slice(0, row);
    return { kind: 'text', codes: out, levels: sortLevels(dicts[j]!, out) };
  });
  return { names, columns, kinds: Array.from(kinds, (x) => (x === NUM ? 'num' : 'text')), rows: row };

  function field(b: Buffer, p: number, q: number, j: number, r: number): void {
    const first = p < q ? b[p]! : -1;
    // Missing: empty, NA, '.'.
    if (first === -1 || (q - p === 2 && first === 78 && b[p + 1] === 65) || (q - p === 1 && first === 46)) {
      if (kinds[j] === NUM && numbers[j]) numbers[j]![r] = NaN;
      else if (kinds[j] === TEXT && codes[j]) codes[j]![r] = -1;
      return;
    }
    const numeric = first === 45 || (first >= 48 && first <= 57);
    if (kinds[j] === UNDECIDED) {
      if (r >= DECIDE_WITHIN) throw new GiveUp();
      kinds[j] = numeric ? NUM : TEXT;
      if (kept[j]) {
        if (numeric) {
          const a = alloc.f64(capacity);
          a.fill(NaN, 0, r);
          numbers[j] = a;
        } else {
          const c = new Int32Array(capacity);
          c.fill(-1, 0, r);
          codes[j] = c;
          dicts[j] = new Map();
        }
      }
    }
    if (kinds[j] === NUM) {
      if (!numeric) throw new GiveUp();
      const v = number(b, p, q);
      const a = numbers[j];
      if (a) a[r] = v;
      return;
    }
    if (numeric || first === 43 || first === 46 || first === 32 || first === 9) throw new GiveUp();
    const s = b.toString('latin1', p, q);
    if (first === 73 || first === 105 || first === 78 || first === 110) {
      const l = s.toLowerCase();
      if (l === 'inf' || l === 'infinity' || l === 'nan') throw new GiveUp();
    }
    if (s.trimEnd() !== s) throw new GiveUp();
    const c = codes[j];
    if (!c) {
      if (/[^\x00-\x7f]/.test(s) && !isUtf8(b.subarray(p, q))) throw new GiveUp();
      return;
    }
    const d = dicts[j]!;
    let code = d.get(s);
    if (code === undefined) {
      code = d.size;
      d.set(s, code);
    }
    c[r] = code;
  }
}

/**
 * Whole lines of [pos, limit) whose cells are all short plain numbers in number columns, in one
 * pass per cell that finds its end while reading its digits; returns where it stopped: at
 * limit, or at the start of the first other line (which the caller's general loop reads from
 * the start again). `rowBox[0]` carries the row count in and out.
 */
function fastLines(
  buf: Buffer,
  pos: number,
  limit: number,
  k: number,
  kinds: Uint8Array,
  numbers: readonly (Float64Array | undefined)[],
  rowBox: Float64Array,
  capacity: number,
): number {
  let row = rowBox[0]!;
  // Every loop below stops at the line's LF, which lies before limit: no bounds checks needed.
  lines: while (pos < limit && row < capacity) {
    let p = pos;
    for (let j = 0; j < k; j++) {
      if (kinds[j] !== NUM) break lines;
      let q = p;
      const neg = buf[q] === 45;
      if (neg) q++;
      const intStart = q;
      let m = 0;
      let c = buf[q]!;
      while (c >= 48 && c <= 57) {
        m = m * 10 + (c - 48);
        c = buf[++q]!;
      }
      const intDigits = q - intStart;
      if (intDigits === 0 || (intDigits > 1 && buf[intStart] === 48)) break lines;
      let scale = 0;
      if (c === 46) {
        const f = ++q;
        c = buf[q]!;
        while (c >= 48 && c <= 57) {
          m = m * 10 + (c - 48);
          c = buf[++q]!;
        }
        scale = q - f;
        if (scale === 0) break lines;
      }
      if (intDigits + scale > 15) break lines;
      if (j < k - 1) {
        if (c !== COMMA) break lines;
      } else if (c === CR) {
        if (buf[q + 1] !== LF) break lines;
        q++;
      } else if (c !== LF) break lines;
      const v = scale === 0 ? m : m / POW10[scale]!;
      const a = numbers[j];
      if (a !== undefined) a[row] = neg ? -v : v;
      p = q + 1;
    }
    row++;
    pos = p;
  }
  rowBox[0] = row;
  return pos;
}

/** `-?digits[.digits]` as the correctly rounded double; anything else gives up. */
function number(b: Buffer, p: number, q: number): number {
  let i = p;
  const neg = b[i] === 45;
  if (neg) i++;
  const intStart = i;
  let m = 0;
  let digits = 0;
  while (i < q && b[i]! >= 48 && b[i]! <= 57) {
    m = m * 10 + (b[i]! - 48);
    digits++;
    i++;
  }
  const intDigits = i - intStart;
  // No digits, or a leading zero before more digits ('007' is text to DuckDB's sniffer).
  if (intDigits === 0 || (intDigits > 1 && b[intStart] === 48)) throw new GiveUp();
  let scale = 0;
  if (i < q) {
    if (b[i] !== 46) throw new GiveUp();
    i++;
    const fracStart = i;
    while (i < q && b[i]! >= 48 && b[i]! <= 57) {
      m = m * 10 + (b[i]! - 48);
      digits++;
      i++;
    }
    scale = i - fracStart;
    if (scale === 0 || i !== q) throw new GiveUp();
  }
  // Exact integer mantissa (< 2^53 for 15 digits) and an exact power of ten: one rounding.
  const v = digits <= 15 && scale <= 22 ? (scale === 0 ? m : m / POW10[scale]!) : Number(b.toString('latin1', neg ? p + 1 : p, q));
  return neg ? -v : v;
}

/** The first n values in an array of exactly n (the allocator's, so long columns stay shared). */
function exact(a: Float64Array, n: number, alloc: ColumnAllocator): Float64Array {
  if (a.length === n) return a;
  const out = alloc.f64(n);
  out.set(a.subarray(0, n));
  return out;
}

/**
 * Levels in byte order of their UTF-8 text, codes renumbered to match. The keys are the bytes
 * as latin1 strings, so comparing them as JS strings compares bytes.
 */
function sortLevels(dict: Map<string, number>, codes: Int32Array): string[] {
  const keys = [...dict.keys()];
  let ordered = true;
  for (let i = 1; i < keys.length && ordered; i++) ordered = keys[i - 1]! < keys[i]!;
  if (!ordered) {
    const order = keys.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
    const rank = new Int32Array(keys.length);
    order.forEach((o, i) => (rank[o] = i));
    for (let i = 0; i < codes.length; i++) if (codes[i]! >= 0) codes[i] = rank[codes[i]!]!;
    const sorted = order.map((o) => keys[o]!);
    keys.splice(0, keys.length, ...sorted);
  }
  // Back from bytes to text: ASCII keys are already the text.
  return keys.map((s) => {
    if (/^[\x00-\x7f]*$/.test(s)) return s;
    const bytes = Buffer.from(s, 'latin1');
    // Bytes that are not UTF-8: DuckDB reports them with their position (SS431).
    if (!isUtf8(bytes)) throw new GiveUp();
    return bytes.toString('utf8');
  });
}
