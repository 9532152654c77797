/**
 * Provenance inside a PNG: a tEXt chunk ("Comment") inserted right after IHDR, so every
 * figure file names the spec, data and tool version that made it, like tables do.
 */

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Return a copy of `png` with a tEXt chunk `keyword`=`text` (Latin-1 text) after IHDR. */
export function addPngText(png: Uint8Array, keyword: string, text: string): Uint8Array {
  const ihdrEnd = 8 + 4 + 4 + 13 + 4; // signature, length, type, IHDR data, CRC
  const data = Buffer.from(`${keyword}\0${text.replace(/[^\x20-\x7e]/g, '?')}`, 'latin1');
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  chunk.set(Buffer.from('tEXt', 'latin1'), 4);
  chunk.set(data, 8);
  view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  const out = new Uint8Array(png.length + chunk.length);
  out.set(png.subarray(0, ihdrEnd), 0);
  out.set(chunk, ihdrEnd);
  out.set(png.subarray(ihdrEnd), ihdrEnd + chunk.length);
  return out;
}

/** tEXt chunks of a PNG (for tests and inspection). */
export function readPngText(png: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let off = 8; off + 12 <= png.length; ) {
    const len = view.getUint32(off);
    const type = Buffer.from(png.subarray(off + 4, off + 8)).toString('latin1');
    if (type === 'tEXt') {
      const body = Buffer.from(png.subarray(off + 8, off + 8 + len)).toString('latin1');
      const z = body.indexOf('\0');
      out[body.slice(0, z)] = body.slice(z + 1);
    }
    off += 12 + len;
  }
  return out;
}
