/**
 * Deterministic firm × year panel for the fixed-effects benchmarks (bench/read.bench.ts,
 * bench/linear.bench.ts).
 *
 *   npx tsx bench/gen-panel.ts --preset 1m --fe 2 [--out-dir bench/data] [--text-ids]
 *
 * Presets: 100k (10,000 firms × 10 years), 1m (100,000 × 10), 5m (500,000 × 10); 10 % of the
 * firm-years are dropped at random, so a preset has about 0.9 × its nominal rows.
 * Columns, sorted by firm then year: firm (1..N, or 'F000123' with --text-ids), year (2000..),
 * industry (1..50, constant within a firm), x1–x5, y with 6 decimals.
 *   x_k = a_k·firm FE + b_k·year FE [+ c_k·industry-year FE] + N(0, 1)
 *   y   = x·β + firm FE + year FE [+ industry-year FE] + N(0, 1),  β = (1, −0.5, 0.25, 2, −1.5)
 * FE standard deviations: firm 1, year 0.5, industry-year 0.5. The regressors load on the FE, so
 * pooled OLS is biased and only the FE model recovers β.
 *
 * Randomness is a counter-based hash (no state carried between draws): draw k of stream s is
 * fmix32-mixed from (seed, s, k), so the same arguments give the same bytes on any machine.
 */
import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BETA = [1, -0.5, 0.25, 2, -1.5] as const;
const LOADINGS = [
  [0.8, 0.5, 0.3],
  [-0.6, 0.3, 0.5],
  [0.4, -0.7, 0.2],
  [0.5, 0.2, -0.4],
  [-0.3, 0.6, 0.6],
] as const;
const PRESETS: Record<string, readonly [number, number]> = { '100k': [10_000, 10], '1m': [100_000, 10], '5m': [500_000, 10] };

export interface PanelOptions {
  readonly firms: number;
  readonly years: number;
  /** 2: firm + year; 3: also industry × year. */
  readonly fe: 2 | 3;
  readonly industries?: number;
  readonly drop?: number;
  readonly seed?: number;
  /** Spell firm ids as 'F' + 6 digits (a text id column). */
  readonly textIds?: boolean;
}

/** MurmurHash3's 32-bit finaliser: a bijection with good avalanche. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform in (0, 1) with 53 random bits, from the stream `s` and counter `k`. */
function uniform(seed: number, s: number, k: number): number {
  const a = fmix((fmix(seed ^ Math.imul(s, 0x9e3779b1)) + Math.imul(k, 0x632be5ab)) >>> 0);
  const b = fmix((a + 0x7f4a7c15 + k) >>> 0);
  return ((a >>> 5) * 67108864 + (b >>> 6) + 0.5) / 9007199254740992;
}

/** A standard normal (Box–Muller, cosine branch) from two uniforms of stream `s`. */
function normal(seed: number, s: number, k: number): number {
  const u = uniform(seed, s, 2 * k);
  const v = uniform(seed, s, 2 * k + 1);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

// Streams: one per kind of draw, so changing one part of the design leaves the others alone.
const S_FIRM = 1, S_YEAR = 2, S_INDYEAR = 3, S_INDUSTRY = 4, S_DROP = 5, S_X = 6, S_E = 11;

/** Writes the panel to `file` (CSV with a header); returns the number of data rows. */
export function writePanel(file: string, o: PanelOptions): number {
  const seed = o.seed ?? 42;
  const K = o.industries ?? 50;
  const drop = o.drop ?? 0.1;
  const T = o.years;
  const yearFe = Float64Array.from({ length: T }, (_, t) => 0.5 * normal(seed, S_YEAR, t));
  const indYearFe = Float64Array.from({ length: K * T }, (_, j) => (o.fe === 3 ? 0.5 * normal(seed, S_INDYEAR, j) : 0));
  const fd = openSync(file, 'w');
  writeSync(fd, 'firm,year,industry,x1,x2,x3,x4,x5,y\n');
  let buf = '';
  let rows = 0;
  for (let i = 0; i < o.firms; i++) {
    const firmFe = normal(seed, S_FIRM, i);
    const ind = Math.floor(uniform(seed, S_INDUSTRY, i) * K);
    const id = o.textIds ? `F${String(i + 1).padStart(6, '0')}` : String(i + 1);
    for (let t = 0; t < T; t++) {
      const cell = i * T + t;
      if (uniform(seed, S_DROP, cell) < drop) continue;
      const iy = indYearFe[ind * T + t]!;
      let y = firmFe + yearFe[t]! + iy + normal(seed, S_E, cell);
      let line = `${id},${2000 + t},${ind + 1}`;
      for (let k = 0; k < 5; k++) {
        const L = LOADINGS[k]!;
        const x = Number((L[0] * firmFe + L[1] * yearFe[t]! + L[2] * iy + normal(seed, S_X + k, cell)).toFixed(6));
        y += BETA[k]! * x;
        line += `,${x.toFixed(6)}`;
      }
      buf += `${line},${y.toFixed(6)}\n`;
      rows++;
      if (buf.length > 1 << 20) {
        writeSync(fd, buf);
        buf = '';
      }
    }
  }
  writeSync(fd, buf);
  closeSync(fd);
  return rows;
}

/** The file of a preset in `dir`, written when missing (`panel_<preset>_fe<k>[_textid].csv`). */
export function presetPanel(dir: string, preset: string, fe: 2 | 3, textIds = false): string {
  const size = PRESETS[preset];
  if (!size) throw new Error(`unknown preset ${preset} (${Object.keys(PRESETS).join(', ')})`);
  const file = join(dir, `panel_${preset}_fe${fe}${textIds ? '_textid' : ''}.csv`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.tmp-${process.pid}`;
    writePanel(tmp, { firms: size[0], years: size[1], fe, textIds });
    // Rename last, so an interrupted run never leaves a truncated file that looks cached.
    renameSync(tmp, file);
  }
  return file;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const get = (k: string): string | undefined => {
    const i = args.indexOf(k);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const file = presetPanel(get('--out-dir') ?? join(fileURLToPath(new URL('.', import.meta.url)), 'data'), get('--preset') ?? '1m', get('--fe') === '3' ? 3 : 2, args.includes('--text-ids'));
  process.stdout.write(`${file}\n`);
}
