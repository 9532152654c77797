#!/usr/bin/env node
/**
 * Deterministic generator of panels whose fixed-effect graphs are hard for alternating
 * projections. Same arguments → byte-identical CSV on every machine (own PRNG, no Math.random).
 *
 *   node bench/gen-hard.mjs workers  OUT.csv [--rows 1000000] [--workers 200000] [--firms 20000]
 *                                            [--move 0.05] [--reach 5] [--seed 1]
 *   node bench/gen-hard.mjs exports  OUT.csv [--rows 1000000] [--exporters 20000] [--products 5000]
 *                                            [--destinations 150] [--years 10] [--seed 1]
 *
 * workers: a worker × year panel (rows / workers years each). Firms sit on a circle; each
 *   worker starts at a random firm and each year moves with probability `move` to a firm at
 *   most `reach` places away. The worker–firm graph is then one long, thin ring: connected,
 *   but information crosses it only through a few movers per firm, which is what makes
 *   `y ~ x1 + x2 | worker + firm` slow for alternating projections (their rate is set by the
 *   graph's algebraic connectivity). Columns: worker, firm, year, x1, x2, y; x1 is correlated
 *   with both effects (sorting), so omitting either FE biases its coefficient.
 * exports: exporter × product × destination × year shipments. Each exporter has a home product
 *   and a home destination, both on circles; it ships a few nearby products to a few nearby
 *   destinations, keeps most flows from one year to the next, and adds new ones near its home.
 *   Columns: exporter, product, destination, year, x1, x2, y; the typical model absorbs
 *   exporter, product and destination^year.
 *
 * Sizes scale linearly: `--rows 10000000 --workers 2000000 --firms 200000` keeps the
 * 1M-row panel's shape at 10M rows. Memory use is O(workers + firms), not O(rows).
 */
import { createWriteStream } from 'node:fs';

function parseArgs(argv) {
  const [kind, out, ...rest] = argv;
  if (!['workers', 'exports'].includes(kind) || !out) {
    process.stderr.write('usage: gen-hard.mjs workers|exports OUT.csv [--key value …]\n');
    process.exit(2);
  }
  const opts = {};
  for (let i = 0; i < rest.length; i += 2) {
    const key = rest[i].replace(/^--/, '');
    const value = Number(rest[i + 1]);
    if (!Number.isFinite(value)) {
      process.stderr.write(`gen-hard.mjs: --${key} needs a number\n`);
      process.exit(2);
    }
    opts[key] = value;
  }
  return { kind, out, opts };
}

/** xoshiro128** seeded by splitmix32: 32-bit integer arithmetic only, so identical everywhere. */
function makeRng(seed) {
  let z = seed >>> 0;
  const split = () => {
    z = (z + 0x9e3779b9) >>> 0;
    let t = z;
    t = Math.imul(t ^ (t >>> 16), 0x85ebca6b);
    t = Math.imul(t ^ (t >>> 13), 0xc2b2ae35);
    return (t ^ (t >>> 16)) >>> 0;
  };
  let a = split(), b = split(), c = split(), d = split();
  const next = () => {
    const r = Math.imul(((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25)) >>> 0, 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = ((d << 11) | (d >>> 21)) >>> 0;
    return r;
  };
  const uniform = () => (next() + 0.5) / 4294967296;
  const int = (n) => Math.floor(uniform() * n);
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, int, normal };
}

/** Buffered CSV writer: lines are joined into ~1 MB chunks (write() per line is far slower). */
function csvWriter(path, header) {
  const stream = createWriteStream(path);
  let buf = [header];
  let size = header.length;
  const flushIfFull = async () => {
    if (size < 1 << 20) return;
    const chunk = buf.join('\n') + '\n';
    buf = [];
    size = 0;
    if (!stream.write(chunk)) await new Promise((r) => stream.once('drain', r));
  };
  return {
    async line(s) {
      buf.push(s);
      size += s.length + 1;
      await flushIfFull();
    },
    async close() {
      if (buf.length) stream.write(buf.join('\n') + '\n');
      await new Promise((r, j) => stream.end((e) => (e ? j(e) : r())));
    },
  };
}

const fmt = (v) => v.toPrecision(10);
const wrap = (i, n) => ((i % n) + n) % n;

async function workers(out, o) {
  const rows = o.rows ?? 1_000_000;
  const W = o.workers ?? 200_000;
  const F = o.firms ?? 20_000;
  const move = o.move ?? 0.05;
  const reach = o.reach ?? 5;
  const T = Math.max(1, Math.round(rows / W));
  const rng = makeRng(o.seed ?? 1);
  // Firm effects vary smoothly around the circle plus noise, so sorting (x1 and the worker
  // effect both rise with the firm's position) cannot be absorbed by either FE alone.
  const firmFx = Float64Array.from({ length: F }, (_, f) => Math.sin((2 * Math.PI * f) / F) + 0.5 * rng.normal());
  const w = csvWriter(out, 'worker,firm,year,x1,x2,y');
  let written = 0;
  for (let i = 0; i < W && written < rows; i++) {
    let firm = rng.int(F);
    const workerFx = 0.5 * firmFx[firm] + rng.normal();
    for (let t = 0; t < T && written < rows; t++) {
      if (t > 0 && rng.uniform() < move) {
        const step = 1 + rng.int(reach);
        firm = wrap(firm + (rng.uniform() < 0.5 ? -step : step), F);
      }
      const x1 = 0.4 * workerFx + 0.4 * firmFx[firm] + rng.normal();
      const x2 = 0.1 * t + rng.normal();
      const y = 1 * x1 - 0.5 * x2 + workerFx + firmFx[firm] + rng.normal();
      await w.line(`${i},${firm},${2000 + t},${fmt(x1)},${fmt(x2)},${fmt(y)}`);
      written++;
    }
  }
  await w.close();
  return written;
}

async function exportsPanel(out, o) {
  const rows = o.rows ?? 1_000_000;
  const E = o.exporters ?? 20_000;
  const P = o.products ?? 5_000;
  const D = o.destinations ?? 150;
  const T = o.years ?? 10;
  const perYear = Math.max(1, Math.round(rows / (E * T)));
  const rng = makeRng(o.seed ?? 1);
  const prodFx = Float64Array.from({ length: P }, () => rng.normal());
  const destYearFx = Float64Array.from({ length: D * T }, () => 0.5 * rng.normal());
  const w = csvWriter(out, 'exporter,product,destination,year,x1,x2,y');
  let written = 0;
  for (let e = 0; e < E && written < rows; e++) {
    const homeP = rng.int(P);
    const homeD = rng.int(D);
    const expFx = 0.3 * prodFx[homeP] + rng.normal();
    const near = (home, n, spread) => wrap(home + Math.round(spread * rng.normal()), n);
    let flows = Array.from({ length: perYear }, () => [near(homeP, P, 3), near(homeD, D, 4)]);
    for (let t = 0; t < T && written < rows; t++) {
      // Most flows persist; about one in five is replaced by a new one near home.
      if (t > 0) flows = flows.map((f) => (rng.uniform() < 0.8 ? f : [near(homeP, P, 3), near(homeD, D, 4)]));
      for (const [p, d] of flows) {
        if (written >= rows) break;
        const x1 = 0.5 * expFx + 0.3 * prodFx[p] + rng.normal();
        const x2 = destYearFx[d * T + t] + rng.normal();
        const y = 0.8 * x1 + 0.3 * x2 + expFx + prodFx[p] + destYearFx[d * T + t] + rng.normal();
        await w.line(`${e},${p},${d},${2000 + t},${fmt(x1)},${fmt(x2)},${fmt(y)}`);
        written++;
      }
    }
  }
  await w.close();
  return written;
}

const { kind, out, opts } = parseArgs(process.argv.slice(2));
const n = kind === 'workers' ? await workers(out, opts) : await exportsPanel(out, opts);
process.stderr.write(`gen-hard.mjs: ${n} rows → ${out}\n`);
