/**
 * Which reader a `source:` needs, decided from `format:`, the file name, or for a folder or a
 * glob from the files it holds. Shared by the spec stage (`check`, which must not start
 * DuckDB) and the data layer.
 *
 *   .csv .tsv .txt (+ .gz / .zst)   csv       .xlsx            xlsx
 *   .parquet .pq                    parquet   .duckdb .ddb .db duckdb
 *   .json .ndjson .jsonl            json      a folder / glob  the files' format (parquet or csv)
 *   .dta                            dta
 */
import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';

export const SOURCE_FORMATS = ['csv', 'parquet', 'json', 'dta', 'xlsx', 'duckdb'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

/** Options of a source beyond its path (spec keys of a data table). */
export interface SourceOptions {
  /** xlsx: sheet name (default: the first sheet). */
  readonly sheet?: string;
  /** xlsx: cell range such as `A1:F200` (first row = header). */
  readonly range?: string;
  /** duckdb: table (or view) to read. */
  readonly table?: string;
  /** duckdb: a SELECT over the database's tables. */
  readonly query?: string;
  /** folder/glob: read `key=value/` folders as columns. */
  readonly hive?: boolean;
  /** dta: value-labelled columns as text levels (default) or as their numeric codes. */
  readonly labels?: 'text' | 'codes';
  /** csv: character encoding of the file (default utf-8). */
  readonly encoding?: 'utf-8' | 'utf-16' | 'latin-1';
}

/** Keys of SourceOptions, and the formats each applies to. */
export const OPTION_FORMATS: Readonly<Record<keyof SourceOptions, readonly SourceFormat[]>> = {
  sheet: ['xlsx'],
  range: ['xlsx'],
  table: ['duckdb'],
  query: ['duckdb'],
  hive: ['csv', 'parquet'],
  labels: ['dta'],
  encoding: ['csv'],
};

const BY_EXTENSION: Readonly<Record<string, SourceFormat>> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.txt': 'csv',
  '.parquet': 'parquet',
  '.pq': 'parquet',
  '.json': 'json',
  '.ndjson': 'json',
  '.jsonl': 'json',
  '.dta': 'dta',
  '.xlsx': 'xlsx',
  '.duckdb': 'duckdb',
  '.ddb': 'duckdb',
  '.db': 'duckdb',
};

/** Format of a file by its extension (a trailing .gz / .zst is looked through); undefined if unknown. */
export function formatOfName(name: string): SourceFormat | undefined {
  return BY_EXTENSION[extname(name.replace(/\.(gz|zst)$/i, '')).toLowerCase()];
}

export function isGlob(source: string): boolean {
  return /[*?[{]/.test(source);
}

export function isFolder(abs: string): boolean {
  try {
    return statSync(abs).isDirectory();
  } catch {
    return false;
  }
}

/** The first data file (depth first, sorted) under a folder, for its format. */
function firstFileFormat(dir: string, depth = 0): SourceFormat | undefined {
  if (depth > 8) return undefined;
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return undefined;
  }
  for (const e of entries) {
    if (e.startsWith('.') || e.startsWith('_')) continue;
    const p = join(dir, e);
    if (isFolder(p)) {
      const f = firstFileFormat(p, depth + 1);
      if (f) return f;
    } else {
      const f = formatOfName(e);
      if (f) return f;
    }
  }
  return undefined;
}

/** Format of a source: declared, by extension, or (folder/glob) by the files it holds. */
export function detectFormat(written: string, abs: string, declared?: SourceFormat): SourceFormat | undefined {
  if (declared) return declared;
  if (isGlob(written)) return formatOfName(written);
  if (isFolder(abs)) return firstFileFormat(abs);
  return formatOfName(written);
}

/**
 * What DuckDB reads for a folder or glob: `dir/**∕*.parquet` (or `*.csv`) for a folder, so
 * every file of the format, in hive sub-folders too; the glob itself otherwise; undefined for
 * a single file. Other layouts (compressed parts, mixed extensions) are read with a glob.
 */
export function globOf(written: string, abs: string, format: SourceFormat): string | undefined {
  if (isGlob(written)) return abs;
  if (!isFolder(abs)) return undefined;
  return join(abs, '**', `*.${format}`);
}

/** `*` within a name, `**` across folders, `?` one character; the rest literal. */
function globRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function walk(dir: string, out: string[], depth = 0): void {
  if (depth > 16) return;
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e);
    if (isFolder(p)) walk(p, out, depth + 1);
    else out.push(p);
  }
}

/**
 * The files a source reads, sorted (for the data hash of results.json): the file itself, every
 * file of the format under a folder, or the files a glob matches.
 */
export function sourceFiles(written: string, abs: string, format: SourceFormat): string[] {
  const glob = globOf(written, abs, format);
  if (!glob) return [abs];
  const i = glob.search(/[*?[{]/);
  const base = glob.slice(0, glob.lastIndexOf('/', i));
  const files: string[] = [];
  walk(base, files);
  const re = globRegExp(glob);
  return files.filter((f) => re.test(f));
}
