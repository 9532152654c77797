/**
 * Dictionary coding of a text column as its DuckDB vectors stream past: each row's
 * `duckdb_string_t` (16 bytes: length, then the bytes inline when ≤ 12, else a prefix and a
 * pointer) is looked up in an open-addressing hash table over the distinct strings' bytes.
 * No JS string is made per row — only one per distinct value at the end — and a row equal to
 * the one before it (a sorted id: ten years of the same firm) costs one 16-byte comparison.
 * Codes are numbered by first appearance while streaming; `finish` sorts the levels by bytes
 * (DuckDB's and Stata's order) and renumbers.
 */
import { isAscii } from 'node:buffer';
import duckdb from '@duckdb/node-bindings';

/** Bytes of a duckdb_string_t. */
export const STRING_T = 16;
const INLINE = 12;
/** 2^(32 − 24) = 256 recent-string slots. */
const RECENT_SHIFT = 24;

export class TextCoder {
  /** Bytes of every distinct string, back to back; level k is arena[start[k] .. start[k] + len[k]). */
  private arena = new Uint8Array(1 << 16);
  private used = 0;
  private start = new Int32Array(1024);
  private len = new Int32Array(1024);
  private hash = new Int32Array(1024);
  /** Open addressing: level + 1 per slot, 0 = empty; kept at most half full. */
  private slots = new Int32Array(2048);
  private count = 0;
  /** Recently seen short strings (string_t bytes → level), so that a column with few distinct values skips the hash table. */
  private readonly recentWords = new Int32Array(4 << (32 - RECENT_SHIFT)).fill(-1);
  private readonly recentCode = new Int32Array(1 << (32 - RECENT_SHIFT));

  /**
   * Codes of rows [offset, offset + n) of `out` from one chunk's flat VARCHAR vector: `data`
   * is its memory (n string_t), `w` the same bytes copied to an aligned Int32Array, and
   * `validity` its NULL mask (null when it has no NULLs).
   */
  add(data: Uint8Array, w: Int32Array, validity: Uint8Array | null, n: number, out: Int32Array, offset: number): void {
    const raw = new Uint8Array(w.buffer, w.byteOffset, n * STRING_T);
    let prev = -2;
    for (let i = 0; i < n; i++) {
      if (validity && (validity[i >> 3]! & (1 << (i & 7))) === 0) {
        out[offset + i] = -1;
        continue;
      }
      const q = i * 4;
      // Same length, prefix and inline bytes (or pointer) as the previous row: the same
      // string, since a pointer names the same bytes while the chunk lives.
      if (prev === i - 1 && w[q] === w[q - 4] && w[q + 1] === w[q - 3] && w[q + 2] === w[q - 2] && w[q + 3] === w[q - 1]) {
        out[offset + i] = out[offset + i - 1]!;
        prev = i;
        continue;
      }
      const length = w[q]!;
      prev = i;
      if (length > INLINE) {
        out[offset + i] = this.code(duckdb.get_data_from_pointer(data.buffer as ArrayBuffer, data.byteOffset + i * STRING_T + 8, length), 0, length);
        continue;
      }
      // A short string is its 16 bytes, so equal bytes are the same string (the converse
      // needs zeroed padding, which this does not rely on: a miss only takes the slow path).
      const slot = (Math.imul(w[q + 1]! ^ Math.imul(w[q + 2]! ^ Math.imul(w[q + 3]!, 0x27d4eb2d), 0x165667b1), 0x9e3779b1) ^ length) >>> RECENT_SHIFT;
      const c = slot * 4;
      const rw = this.recentWords;
      if (rw[c] === length && rw[c + 1] === w[q + 1] && rw[c + 2] === w[q + 2] && rw[c + 3] === w[q + 3]) {
        out[offset + i] = this.recentCode[slot]!;
        continue;
      }
      const k = this.code(raw, i * STRING_T + 4, length);
      rw[c] = length;
      rw[c + 1] = w[q + 1]!;
      rw[c + 2] = w[q + 2]!;
      rw[c + 3] = w[q + 3]!;
      this.recentCode[slot] = k;
      out[offset + i] = k;
    }
  }

  /** The level of the string src[at .. at + n), adding it when new. */
  private code(src: Uint8Array, at: number, n: number): number {
    let h = 0x811c9dc5 ^ n;
    for (let j = at; j < at + n; j++) h = Math.imul(h ^ src[j]!, 0x01000193);
    const mask = this.slots.length - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const k = this.slots[s]! - 1;
      if (k < 0) {
        const id = this.append(src, at, n, h);
        this.slots[s] = id + 1;
        if (this.count * 2 > this.slots.length) this.rehash();
        return id;
      }
      if (this.hash[k] === h && this.len[k] === n && this.same(k, src, at, n)) return k;
    }
  }

  private same(k: number, src: Uint8Array, at: number, n: number): boolean {
    const a = this.arena;
    const o = this.start[k]! - at;
    for (let j = at; j < at + n; j++) if (a[o + j] !== src[j]) return false;
    return true;
  }

  private append(src: Uint8Array, at: number, n: number, h: number): number {
    if (this.used + n > this.arena.length) this.arena = grow(this.arena, this.used + n);
    if (this.count === this.start.length) {
      this.start = grow(this.start, this.count + 1);
      this.len = grow(this.len, this.count + 1);
      this.hash = grow(this.hash, this.count + 1);
    }
    const k = this.count++;
    this.arena.set(src.subarray(at, at + n), this.used);
    this.start[k] = this.used;
    this.len[k] = n;
    this.hash[k] = h;
    this.used += n;
    return k;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let k = 0; k < this.count; k++) {
      let s = this.hash[k]! & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = k + 1;
    }
    this.slots = slots;
  }

  /** Byte order of levels a and b (memcmp, then the shorter first), as DuckDB's ORDER BY. */
  private compare(a: number, b: number): number {
    const arena = this.arena;
    const oa = this.start[a]!;
    const ob = this.start[b]!;
    const la = this.len[a]!;
    const lb = this.len[b]!;
    const m = Math.min(la, lb);
    for (let j = 0; j < m; j++) {
      const d = arena[oa + j]! - arena[ob + j]!;
      if (d !== 0) return d;
    }
    return la - lb;
  }

  /**
   * The levels sorted by bytes, with `codes` (every row added so far) renumbered to match.
   * Levels that arrived in order (a sorted id) skip the sort and the renumbering.
   */
  finish(codes: Int32Array): string[] {
    const k = this.count;
    let ordered = true;
    for (let j = 1; j < k && ordered; j++) ordered = this.compare(j - 1, j) < 0;
    const order = new Int32Array(k);
    for (let j = 0; j < k; j++) order[j] = j;
    if (!ordered) {
      order.sort((a, b) => this.compare(a, b));
      const rank = new Int32Array(k);
      for (let j = 0; j < k; j++) rank[order[j]!] = j;
      for (let i = 0; i < codes.length; i++) {
        const c = codes[i]!;
        if (c >= 0) codes[i] = rank[c]!;
      }
    }
    const levels: string[] = new Array(k);
    const arena = Buffer.from(this.arena.buffer, 0, this.used);
    // ASCII text (ids, codes) is decoded once as a whole and sliced: one native call instead
    // of one per level.
    const all = isAscii(arena) ? arena.toString('latin1', 0, this.used) : undefined;
    for (let j = 0; j < k; j++) {
      const o = this.start[order[j]!]!;
      const e = o + this.len[order[j]!]!;
      levels[j] = all !== undefined ? all.slice(o, e) : arena.toString('utf8', o, e);
    }
    return levels;
  }
}

function grow<T extends Uint8Array | Int32Array>(a: T, need: number): T {
  let size = a.length * 2;
  while (size < need) size *= 2;
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}
