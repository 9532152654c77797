#!/usr/bin/env node
// Deterministic firm × year panel for the fixed-effects benchmarks (bench/linear.bench.ts).
//
//   node bench/gen-panel.mjs --preset 1m --fe 2 --out-dir bench/data   → bench/data/panel_1m_fe2.csv
//   node bench/gen-panel.mjs --firms 2000 --years 5 --fe 3 --out /tmp/p.csv
//
// Presets (nominal rows; each firm-year is kept with probability 0.9, so ~0.9× that many rows):
//   1m = 100,000 firms × 10 years,  5m = 500,000 firms × 10 years.
// Columns, rows sorted by firm then year:
//   firm 1..F, year 2000.., industry 1..50 (fixed per firm),
//   x1..x5 = loadings · (firm effect, year effect, industry×year effect) + N(0,1),
//   y = x·β + firm effect + year effect [+ industry×year effect with --fe 3] + N(0,1),
//   β = (1, −0.5, 0.25, 2, −1.5).
// The same arguments always give the same bytes: a fixed-seed sfc32 generator, normals by
// the polar method, every draw made whether or not the row is kept, six decimals.
import { mkdirSync, openSync, writeSync, closeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const PRESETS = { '1m': [100_000, 10], '5m': [500_000, 10] };
const BETA = [1, -0.5, 0.25, 2, -1.5];
const LOADINGS = [
  [0.8, 0.5, 0.3],
  [-0.6, 0.3, 0.5],
  [0.4, -0.7, 0.2],
  [0.5, 0.2, -0.4],
  [-0.3, 0.6, 0.6],
];
const INDUSTRIES = 50;
const KEEP = 0.9;

function args(argv) {
  const a = { fe: 2, seed: 20260101 };
  for (let i = 0; i < argv.length; i += 2) {
    const [k, v] = [argv[i], argv[i + 1]];
    if (k === '--preset') a.preset = v;
    else if (k === '--fe') a.fe = Number(v);
    else if (k === '--firms') a.firms = Number(v);
    else if (k === '--years') a.years = Number(v);
    else if (k === '--seed') a.seed = Number(v);
    else if (k === '--out') a.out = v;
    else if (k === '--out-dir') a.outDir = v;
    else throw new Error(`gen-panel: unknown argument ${k}`);
  }
  if (a.preset) {
    if (!(a.preset in PRESETS)) throw new Error(`gen-panel: unknown preset ${a.preset} (1m, 5m)`);
    [a.firms, a.years] = PRESETS[a.preset];
  }
  if (!(a.firms > 0 && a.years > 0)) throw new Error('gen-panel: give --preset, or --firms and --years');
  if (a.fe !== 2 && a.fe !== 3) throw new Error('gen-panel: --fe is 2 or 3');
  a.out ??= join(a.outDir ?? '.', `panel_${a.preset ?? `${a.firms}x${a.years}`}_fe${a.fe}.csv`);
  return a;
}

/** sfc32 (Chris Doty-Humphrey's small fast counting generator), uniform in [0, 1). */
function sfc32(seed) {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next();
  return next;
}

/** Standard normals by Marsaglia's polar method (pairs; the second is kept for the next call). */
function normals(unif) {
  let spare = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    for (;;) {
      const u = 2 * unif() - 1;
      const v = 2 * unif() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        spare = v * f;
        return u * f;
      }
    }
  };
}

const a = args(process.argv.slice(2));
const unif = sfc32(a.seed);
const norm = normals(unif);
const { firms: F, years: T } = a;

const yearFe = Float64Array.from({ length: T }, () => 0.5 * norm());
const indYearFe = Float64Array.from({ length: INDUSTRIES * T }, () => (a.fe === 3 ? 0.5 * norm() : 0));
const firmFe = new Float64Array(F);
const industry = new Int32Array(F);
for (let f = 0; f < F; f++) {
  firmFe[f] = norm();
  industry[f] = Math.floor(unif() * INDUSTRIES);
}

mkdirSync(dirname(resolve(a.out)), { recursive: true });
const fd = openSync(a.out, 'w');
writeSync(fd, 'firm,year,industry,x1,x2,x3,x4,x5,y\n');
let lines = [];
let rows = 0;
const x = new Float64Array(5);
for (let f = 0; f < F; f++) {
  for (let t = 0; t < T; t++) {
    const keep = unif() < KEEP;
    const iy = indYearFe[industry[f] * T + t];
    let y = firmFe[f] + yearFe[t] + iy + norm();
    for (let k = 0; k < 5; k++) {
      const [lf, ly, li] = LOADINGS[k];
      x[k] = lf * firmFe[f] + ly * yearFe[t] + li * iy + norm();
      y += BETA[k] * x[k];
    }
    if (!keep) continue;
    lines.push(`${f + 1},${2000 + t},${industry[f] + 1},${x[0].toFixed(6)},${x[1].toFixed(6)},${x[2].toFixed(6)},${x[3].toFixed(6)},${x[4].toFixed(6)},${y.toFixed(6)}\n`);
    rows++;
    if (lines.length === 50_000) {
      writeSync(fd, lines.join(''));
      lines = [];
    }
  }
}
writeSync(fd, lines.join(''));
closeSync(fd);
process.stderr.write(`gen-panel: ${a.out}, ${rows} rows\n`);
