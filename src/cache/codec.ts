/**
 * The byte form of a cache entry: JSON for structure, one binary blob for typed arrays.
 *
 *   "SSC1" | sha256 (32 bytes) of everything after it | u32 JSON length | JSON | blob
 *
 * Typed arrays (per-row extras of a result, placebo draws, file bytes of a rendered table)
 * would be ten times larger as JSON numbers and lose -0/NaN; they are replaced in the JSON
 * by `{"$ta": type, "o": offset, "n": length}` pointing into the blob (8-byte aligned, so
 * they decode as views without copying element by element). Numbers JSON cannot hold
 * (NaN, ±Infinity) become `{"$n": "NaN"}`. The checksum means a truncated or corrupted entry
 * (a killed run, a full disk, a hand edit) is never decoded: decode returns undefined.
 */
import { createHash } from 'node:crypto';

const MAGIC = Buffer.from('SSC1', 'latin1');
const HEADER = MAGIC.length + 32 + 4;

type TypedArray =
  | Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array | Uint8ClampedArray
  | BigInt64Array | BigUint64Array;

const CTORS: Record<string, new (b: ArrayBuffer, o: number, n: number) => TypedArray> = {
  Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array, Uint8ClampedArray,
  BigInt64Array, BigUint64Array,
};

export function encodeEntry(value: unknown): Buffer {
  const chunks: Buffer[] = [];
  let offset = 0;
  const json = JSON.stringify(value, function (this: unknown, _k, v: unknown) {
    if (typeof v === 'number' && !Number.isFinite(v)) return { $n: String(v) };
    if (ArrayBuffer.isView(v) && !(v instanceof DataView) && !Buffer.isBuffer(v)) return typed(v as TypedArray);
    if (Buffer.isBuffer(v)) return typed(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    // JSON.stringify turns a Buffer into {type, data} before the replacer sees it.
    if (v && typeof v === 'object' && (v as { type?: unknown }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data)) {
      return typed(Uint8Array.from((v as { data: number[] }).data));
    }
    return v;
  });
  function typed(a: TypedArray): unknown {
    const pad = (8 - (offset % 8)) % 8;
    if (pad) chunks.push(Buffer.alloc(pad));
    offset += pad;
    const bytes = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    chunks.push(bytes);
    const at = offset;
    offset += bytes.length;
    return { $ta: a.constructor.name, o: at, n: a.length };
  }
  const jsonBytes = Buffer.from(json, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(jsonBytes.length);
  // The blob starts 8-aligned relative to its own start; decode copies it once into a fresh
  // ArrayBuffer, so the alignment holds whatever the header length is.
  const body = Buffer.concat([len, jsonBytes, ...chunks]);
  const sum = createHash('sha256').update(body).digest();
  return Buffer.concat([MAGIC, sum, body]);
}

export function decodeEntry<T>(buf: Buffer): T | undefined {
  if (buf.length < HEADER || !buf.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const body = buf.subarray(MAGIC.length + 32);
  const sum = createHash('sha256').update(body).digest();
  if (!sum.equals(buf.subarray(MAGIC.length, MAGIC.length + 32))) return undefined;
  const jsonLen = body.readUInt32LE(0);
  if (4 + jsonLen > body.length) return undefined;
  const json = body.subarray(4, 4 + jsonLen).toString('utf8');
  const blobBytes = body.subarray(4 + jsonLen);
  const blob = new ArrayBuffer(blobBytes.length);
  new Uint8Array(blob).set(blobBytes);
  try {
    return JSON.parse(json, (_k, v: unknown) => {
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        const o = v as { $n?: string; $ta?: string; o?: number; n?: number };
        if (typeof o.$n === 'string' && Object.keys(o).length === 1) return Number(o.$n);
        if (typeof o.$ta === 'string' && Object.keys(o).length === 3) {
          const C = CTORS[o.$ta];
          if (!C) throw new Error(`unknown array type ${o.$ta}`);
          return new C(blob, o.o!, o.n!);
        }
      }
      return v;
    }) as T;
  } catch {
    return undefined;
  }
}
