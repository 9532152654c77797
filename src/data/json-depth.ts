/**
 * A guard in front of DuckDB's JSON reader: a file nested tens of thousands of levels
 * deep crashes the process inside DuckDB (SIGSEGV, exit 139, no message). The file is
 * scanned once, streaming, counting open brackets outside strings, and refused when it
 * nests deeper than JSON_DEPTH_LIMIT. Real data files nest a few levels.
 */
import { createReadStream } from 'node:fs';

export const JSON_DEPTH_LIMIT = 100;

export interface TooDeep {
  readonly depth: number;
  /** 1-based line and column (in bytes) of the bracket that went too deep. */
  readonly line: number;
  readonly col: number;
}

/** Where `file` first nests deeper than `limit`, or undefined when it never does. */
export async function jsonTooDeep(file: string, limit = JSON_DEPTH_LIMIT): Promise<TooDeep | undefined> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let line = 1;
  let col = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      col++;
      if (b === 0x0a) {
        line++;
        col = 0;
      }
      if (inString) {
        if (escaped) escaped = false;
        else if (b === 0x5c) escaped = true;
        else if (b === 0x22) inString = false;
        continue;
      }
      if (b === 0x22) inString = true;
      else if (b === 0x5b || b === 0x7b) {
        if (++depth > limit) return { depth, line, col };
      } else if (b === 0x5d || b === 0x7d) depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}
