// Shared pieces of the seed studies' data generators: command line, seeded random numbers,
// parameter overrides, fixed-decimal CSV output and the truth file. Plain Node ESM (no build,
// no dependencies) so that `node examples/<study>/generate.mjs` runs from a fresh clone.

import fs from 'node:fs';
import path from 'node:path';

/**
 * Parse `--seed N --out DIR [--size NAME] [--truth FILE.json]`. Exits with code 2 and a usage
 * line on bad input, so a script calling the generator sees a clear message.
 */
export function parseArgs(name, argv, sizes) {
  const usage = (msg) => {
    if (msg) process.stderr.write(`${name}: ${msg}\n`);
    process.stderr.write(`usage: node ${name} [--seed N] --out DIR [--size ${Object.keys(sizes).join('|')}] [--truth FILE.json]\n`);
    process.exit(msg ? 2 : 0);
  };
  const opts = { seed: '1', out: null, size: Object.keys(sizes)[0], truth: null };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    if (key === '-h' || key === '--help') usage();
    const field = key.startsWith('--') ? key.slice(2) : '';
    if (!(field in opts)) usage(`unknown argument ${key}`);
    if (argv[i + 1] === undefined) usage(`${key} needs a value`);
    opts[field] = argv[i + 1];
  }
  if (!/^\d+$/.test(opts.seed)) usage('--seed must be a non-negative integer');
  if (!opts.out) usage('--out is required');
  if (!(opts.size in sizes)) usage(`--size must be one of ${Object.keys(sizes).join(', ')}`);
  return { seed: Number(opts.seed), out: opts.out, size: opts.size, truth: opts.truth };
}

/**
 * The default parameters with the overrides of a `--truth` JSON file laid over them. Objects
 * merge key by key; arrays must keep their length; keys starting with `_` are comments; an
 * unknown key or a changed type is an error (a typo must not silently keep the default).
 */
export function withOverrides(defaults, file) {
  if (!file) return structuredClone(defaults);
  let over;
  try {
    over = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`--truth ${file}: ${e.code === 'ENOENT' ? 'no such file' : `not valid JSON (${e.message})`}`);
  }
  if (over === null || typeof over !== 'object' || Array.isArray(over)) throw new Error(`--truth ${file}: must hold a JSON object of parameters`);
  const merge = (base, patch, at) => {
    const out = structuredClone(base);
    for (const [k, v] of Object.entries(patch)) {
      if (k.startsWith('_')) continue;
      if (!Object.hasOwn(base, k)) throw new Error(`--truth: unknown parameter ${at}.${k}`);
      const b = base[k];
      if (Array.isArray(b)) {
        if (!Array.isArray(v) || v.length !== b.length) throw new Error(`--truth: ${at}.${k} must be an array of ${b.length} numbers`);
        out[k] = v.slice();
      } else if (b !== null && typeof b === 'object') {
        if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(`--truth: ${at}.${k} must be an object`);
        out[k] = merge(b, v, `${at}.${k}`);
      } else {
        if (typeof v !== typeof b) throw new Error(`--truth: ${at}.${k} must be a ${typeof b}`);
        out[k] = v;
      }
    }
    return out;
  };
  return merge(defaults, over, 'params');
}

/**
 * A seeded stream of random numbers: sfc32 (Chris Doty-Humphrey's small fast counter generator)
 * seeded through splitmix32, 53-bit uniforms on (0, 1), normals by Marsaglia's polar method.
 * Deterministic across platforms: only 32-bit integer arithmetic and IEEE doubles.
 */
export function rng(seed) {
  let x = (seed ^ 0x5bd1e995) >>> 0;
  const splitmix = () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 15), 0x2c1b3c6d) >>> 0;
    z = Math.imul(z ^ (z >>> 12), 0x297a2d39) >>> 0;
    return (z ^ (z >>> 15)) >>> 0;
  };
  let a = splitmix(), b = splitmix(), c = splitmix(), d = 1;
  const u32 = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 15; i++) u32();
  const unif = () => ((u32() >>> 5) * 67108864 + (u32() >>> 6) + 0.5) / 9007199254740992;
  let cached = null;
  const norm = () => {
    if (cached !== null) { const v = cached; cached = null; return v; }
    for (;;) {
      const p = 2 * unif() - 1, q = 2 * unif() - 1, s = p * p + q * q;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        cached = q * f;
        return p * f;
      }
    }
  };
  const int = (n) => Math.floor(unif() * n);
  const pick = (arr) => arr[int(arr.length)];
  /** index drawn with probability proportional to `w` */
  const weighted = (w) => {
    let total = 0;
    for (const v of w) total += v;
    let r = unif() * total;
    for (let i = 0; i < w.length; i++) { r -= w[i]; if (r <= 0) return i; }
    return w.length - 1;
  };
  // Knuth's product method: fine for the small means used here
  const poisson = (mean) => {
    const limit = Math.exp(-mean);
    let k = 0, p = unif();
    while (p > limit) { k++; p *= unif(); }
    return k;
  };
  return { unif, norm, int, pick, weighted, poisson };
}

/** Fixed-decimal text of a number; '' for missing; never "-0". */
export function fmt(value, digits) {
  if (value === null || value === undefined || Number.isNaN(value)) return '';
  const s = value.toFixed(digits);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** The value a reader of the CSV sees: rounding to the written decimals. */
export const rounded = (value, digits) => Number(value.toFixed(digits));

/** Write a CSV (header + rows of already formatted cells), in chunks so large sizes stay cheap. */
export function writeCsv(dir, file, header, rows) {
  const fd = fs.openSync(path.join(dir, file), 'w');
  try {
    fs.writeSync(fd, header.join(',') + '\n');
    let chunk = [];
    for (const r of rows) {
      chunk.push(r.join(','));
      if (chunk.length === 10000) { fs.writeSync(fd, chunk.join('\n') + '\n'); chunk = []; }
    }
    if (chunk.length) fs.writeSync(fd, chunk.join('\n') + '\n');
  } finally {
    fs.closeSync(fd);
  }
}

export function writeTruth(dir, truth) {
  fs.writeFileSync(path.join(dir, 'truth.json'), JSON.stringify(truth, null, 2) + '\n');
}

export const sum = (xs) => { let s = 0; for (const v of xs) s += v; return s; };
export const mean = (xs) => sum(xs) / xs.length;
/** sample standard deviation (n − 1) */
export function sd(xs) {
  const m = mean(xs);
  let s = 0;
  for (const v of xs) s += (v - m) ** 2;
  return Math.sqrt(s / (xs.length - 1));
}

/** Solve the symmetric positive definite system A b = r (Gaussian elimination with pivoting). */
export function solve(A, r) {
  const k = r.length, M = A.map((row, i) => [...row, r[i]]);
  for (let p = 0; p < k; p++) {
    let best = p;
    for (let q = p + 1; q < k; q++) if (Math.abs(M[q][p]) > Math.abs(M[best][p])) best = q;
    [M[p], M[best]] = [M[best], M[p]];
    for (let q = 0; q < k; q++) {
      if (q === p) continue;
      const f = M[q][p] / M[p][p];
      for (let j = p; j <= k; j++) M[q][j] -= f * M[p][j];
    }
  }
  return M.map((row, p) => row[k] / row[p]);
}

/** OLS coefficients of y on the columns of X (rows of X include the constant if wanted). */
export function ols(y, X) {
  const k = X[0].length, A = Array.from({ length: k }, () => new Array(k).fill(0)), r = new Array(k).fill(0);
  for (let i = 0; i < y.length; i++) {
    const x = X[i];
    for (let p = 0; p < k; p++) {
      r[p] += x[p] * y[i];
      for (let q = 0; q < k; q++) A[p][q] += x[p] * x[q];
    }
  }
  return solve(A, r);
}

/** Standard normal cdf (W. J. Cody's erfc rational approximation through Math functions). */
export function normalCdf(z) {
  // erfc by the continued-fraction-free Numerical Recipes erfcc form: |rel err| < 1.2e-7; the
  // generators use it only to place MTE(u) targets, whose bands are ~0.2 wide.
  const x = Math.abs(z) / Math.SQRT2, t = 1 / (1 + 0.5 * x);
  const e = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return z >= 0 ? 1 - e / 2 : e / 2;
}

/** Standard normal quantile by bisection on normalCdf (targets only; 1e-12 in z). */
export function normalQuantile(u) {
  let lo = -10, hi = 10;
  while (hi - lo > 1e-12) { const m = (lo + hi) / 2; if (normalCdf(m) < u) lo = m; else hi = m; }
  return (lo + hi) / 2;
}

/** Run a generator's main; a bad --truth file or parameter prints one line and exits 2 (no stack trace). */
export function runMain(name, main) {
  try {
    main();
  } catch (e) {
    process.stderr.write(`${name}: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  }
}
