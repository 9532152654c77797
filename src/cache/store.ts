/**
 * StepCache: step results on disk, one file per step hash, under `<out>/.studyspec/cache/`.
 *
 * Reads come from the published output's cache; writes go to the run's staging folder, which
 * the run publishes as a whole — so the published cache only ever changes by that one rename.
 * Entries are content-addressed (the file name is the step hash, which covers every input),
 * so two runs writing the same name write the same meaning; each write is a temp file in the
 * same folder renamed into place, so a reader sees a whole entry or none, and the checksum in
 * every entry (./codec.ts) rejects anything else (a copy made by hand, a disk that filled up).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeEntry, encodeEntry } from './codec.js';

/** Where the cache lives inside an output folder (published or staging). */
export function cacheDir(outDir: string): string {
  return join(outDir, '.studyspec', 'cache');
}

const ENTRY = /^[0-9a-f]{64}\.bin$/;

export class StepCache {
  private readonly reused = new Set<string>();

  /**
   * @param readFrom the published cache folder (may not exist), or undefined to read nothing (--no-cache)
   * @param writeTo the staging cache folder
   */
  constructor(
    private readonly readFrom: string | undefined,
    private readonly writeTo: string,
  ) {
    mkdirSync(writeTo, { recursive: true });
  }

  /** The entry stored under a hash, or undefined when absent, partial or corrupt. */
  get<T>(hash: string): T | undefined {
    if (!this.readFrom) return undefined;
    const file = join(this.readFrom, `${hash}.bin`);
    let buf: Buffer;
    try {
      buf = readFileSync(file);
    } catch {
      return undefined;
    }
    const v = decodeEntry<T>(buf);
    if (v !== undefined) this.keep(hash);
    return v;
  }

  /** Whether a valid entry exists (reads and verifies it). */
  has(hash: string): boolean {
    return this.get(hash) !== undefined;
  }

  /** Store a fresh entry in the staging cache (atomically: temp file + rename). */
  put(hash: string, value: unknown): void {
    const file = join(this.writeTo, `${hash}.bin`);
    const tmp = join(this.writeTo, `.${hash}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      writeFileSync(tmp, encodeEntry(value));
      renameSync(tmp, file);
    } catch {
      // A cache that cannot be written costs time on the next run, never a result.
      rmSync(tmp, { force: true });
    }
  }

  /**
   * Carry entries of the published cache that are still valid (their hash is a step of the
   * current plan) into the staging cache: hard links when the file system allows, copies
   * otherwise. Entries of steps the spec no longer has are dropped here.
   */
  carryOver(valid: ReadonlySet<string>): void {
    if (!this.readFrom || !existsSync(this.readFrom)) return;
    let names: string[];
    try {
      names = readdirSync(this.readFrom);
    } catch {
      return;
    }
    for (const name of names) {
      if (!ENTRY.test(name)) continue;
      const hash = name.slice(0, 64);
      if (!valid.has(hash) || existsSync(join(this.writeTo, name))) continue;
      this.link(join(this.readFrom, name), join(this.writeTo, name));
    }
  }

  /**
   * A run that failed keeps what it finished: the staging entries are moved into `into` (the
   * published cache) before the staging folder is removed. Same-name entries are equal by
   * construction, so replacing one is harmless.
   */
  salvage(into: string): number {
    let moved = 0;
    try {
      mkdirSync(into, { recursive: true });
      for (const name of readdirSync(this.writeTo)) {
        if (!ENTRY.test(name) || existsSync(join(into, name))) continue;
        const tmp = join(into, `.${name}.${process.pid}.tmp`);
        copyFileSync(join(this.writeTo, name), tmp);
        renameSync(tmp, join(into, name));
        moved++;
      }
    } catch {
      // best effort: the run has failed already and says so
    }
    return moved;
  }

  private keep(hash: string): void {
    if (this.reused.has(hash)) return;
    this.reused.add(hash);
    const name = `${hash}.bin`;
    if (this.readFrom && !existsSync(join(this.writeTo, name))) this.link(join(this.readFrom, name), join(this.writeTo, name));
  }

  private link(from: string, to: string): void {
    const tmp = `${to}.${process.pid}.tmp`;
    try {
      try {
        linkSync(from, tmp);
      } catch {
        copyFileSync(from, tmp);
      }
      renameSync(tmp, to);
    } catch {
      rmSync(tmp, { force: true });
    }
  }
}
