#!/usr/bin/env node
// Synthetic raw data for the export-resilience study (seed paper 000: product quality and firm
// export resilience after the 2008 crisis), with known true parameters.
//
//   node examples/export-resilience/generate.mjs [--seed N] --out DIR [--size small|large] [--truth FILE.json]
//
// Writes firms.csv, customs.csv, elasticity.csv, industries.csv, regions.csv, country_income.csv,
// world_imports.csv and truth.json; byte-identical for the same arguments. `small` = 2,000 firms
// (~37,000 customs rows), `large` = 20,000.
//
// The generator measures quality exactly as a correct pipeline does (the Khandelwal regression
// with hs6 and country × year effects by alternating projections, min–max within hs6, value
// weights), and DV and QYH from the destinations; the outcomes are built on these measured values.

import fs from 'node:fs';
import { fmt, parseArgs, rng as makeRng, rounded, sd, withOverrides, writeCsv, runMain, writeTruth } from '../lib/generate.mjs';

const NAME = 'generate.mjs (export-resilience)';
const PARAMS = {
  beta_qua: 8.2,
  b_intensity: { labour: 0.6, capital: -1.0, tech: -0.3 },
  b_region: { east: -0.4, central: 1.8, west: 3.5 },
  theta_state: -3.0,
  theta_dv: -1.0,
  phi_dv: -0.02,
  gamma: { lnage: -0.10, lnassets: -0.04, lnemployment: -0.08, lncapitalint: -0.03, leverageratio: 0.005, lp: 0.05 },
  delta: [0.30, 0.80, 1.10, 1.35, 1.60],
  level_qua: 3.0,
  kappa_qyh: -0.6,
  kappa_qua_qyh: -0.15,
  kappa_intensity: { labour: -0.15, capital: 0.10, tech: 0.0 },
  kappa_region: { east: 0.0, central: -0.05, west: -0.15 },
  sd_u: 0.60,
  eps_scale: 0.35, eps_logsd: 1.2, eps_rho: 0.6,
  res_floor: -0.96,
  exit: { const: 1.65, year: [0.0, 0.25, 0.35, 0.35, 0.35], quality: 0.30, state: -0.50, lnassets: 0.10, rho_u: 0.6 },
  quality: { s_firm: 0.45, s_indyear: 0.15, s_firmyear: 0.08, s_row: 0.35, outlier_share: 0.05, outlier_scale: 5 },
};
const SIZES = { small: 2000, large: 20000 };
const YEARS = [2006, 2007, 2008, 2009, 2010, 2011, 2012, 2013];
const CUSTOMS_YEARS = [2008, 2009, 2010, 2011, 2012, 2013];
// CIC 2-digit industry: code, factor intensity, HS chapter of its products, firm weight
const INDUSTRIES = `13 labour 20 3|14 labour 21 2|15 labour 22 1|17 labour 52 6|18 labour 61 7|19 labour 64 4|20 labour 44 2|
21 labour 94 4|22 labour 48 1|23 labour 49 1|24 labour 95 4|41 labour 90 1|42 labour 96 3|25 capital 27 1|26 capital 29 3|
28 capital 55 1|30 capital 39 4|31 capital 69 3|32 capital 72 1|33 capital 76 1|34 capital 73 4|27 tech 30 1|29 tech 40 2|
35 tech 84 6|36 tech 86 3|37 tech 87 2|39 tech 85 6|40 tech 88 8|43 tech 91 1|38 tech 93 1`
  // Weights are floored at 4 (about 60 firms per industry at the small size): with a weight of 1
  // an industry had some 20 firms, and when all of them kept exporting its dummy predicted
  // survival perfectly in Table 11's probits (dropped with warning SS554, as Stata does).
  .split('|').map((s) => { const [code, intensity, chapter, w] = s.trim().split(' '); return { code: +code, intensity, chapter, w: Math.max(+w, 4) }; });
// province code, region, firm weight (the west is over-weighted against the paper's 1 % so it can be split)
const PROVINCES = `11 east 3|12 east 3|13 east 3|21 east 4|31 east 7|32 east 13|33 east 13|35 east 6|37 east 7|44 east 18|46 east 0.3|
14 central 0.8|22 central 0.7|23 central 0.8|34 central 2.5|36 central 2.5|41 central 2.5|42 central 3|43 central 2.5|
15 west 0.5|45 west 1|50 west 2|51 west 2|52 west 0.4|53 west 0.6|61 west 1.4|62 west 0.3|63 west 0.1|64 west 0.2|65 west 0.5`
  .split('|').map((s) => { const [code, region, w] = s.trim().split(' '); return { code: +code, region, w: +w }; });
// destination: ISO3, income volatility (pp; generating value), GDP per head 1997 (US$), import size, popularity
const COUNTRIES = `USA 1.6 31000 10 10|JPN 2.0 34000 6 8|KOR 3.8 12000 3 5|DEU 1.5 26000 6 4|GBR 1.4 24000 4 3|FRA 1.3 24000 4 2.5|
ITA 1.4 21000 3 2|NLD 1.6 25000 3 3|ESP 1.5 15000 2.5 1.5|CAN 1.7 21000 3 1.5|AUS 1.6 22000 2 2|RUS 6.5 2700 2 2.5|IND 2.6 420 2 2.5|
BRA 3.5 5100 1.5 1.5|MEX 3.2 4300 2 1|IDN 6.0 1100 1 1.5|THA 5.5 2500 1.2 1.5|VNM 2.2 360 0.6 1.5|MYS 4.8 4600 1.2 1.5|SGP 4.2 26000 2 2|
PHL 2.8 1100 0.7 1|ARE 4.5 28000 1 2|SAU 3.8 9000 0.8 1|TUR 5.8 4100 1.3 1|IRN 3.5 1700 0.5 0.8|ZAF 2.2 3700 0.7 0.8|NGA 4.0 300 0.4 0.8|
EGY 1.8 1200 0.5 0.7|POL 2.0 4100 1.3 0.8|BEL 1.5 24000 2.5 1|SWE 1.9 28000 1.2 0.6|CHE 1.3 37000 1.3 0.5|HKG 4.0 27000 3 8|
ARG 6.0 8200 0.6 0.6|CHL 3.0 5400 0.5 0.5|PAK 2.0 470 0.3 0.6|BGD 1.0 330 0.2 0.5|KAZ 4.2 1400 0.3 0.5|UKR 6.0 1000 0.5 0.6|NZL 1.8 17000 0.4 0.4`
  .split('|').map((s) => { const [iso, vol, gdp, size, pop] = s.trim().split(' '); return { iso, vol: +vol, gdp: +gdp, size: +size, pop: +pop }; });
const SIGMAS = [3, 4, 5, 6, 7, 8, 10];
const STATE_CODES = [110, 141, 143, 151];
const OTHER_CODES = [159, 160, 171, 173, 174, 190, 210, 220, 230, 240, 310, 320, 330, 340];
const USD_CNY = { 2008: 6.948, 2009: 6.831, 2010: 6.770, 2011: 6.459, 2012: 6.312, 2013: 6.193 };
const avg = (xs) => xs.reduce((s, v) => s + v, 0) / xs.length;

/** Residuals of y on two sets of fixed effects (alternating projections to 1e-13). */
function residualsTwoWay(y, a, na, b, nb) {
  const n = y.length, fa = new Float64Array(na), fb = new Float64Array(nb), ca = new Float64Array(na), cb = new Float64Array(nb);
  for (let i = 0; i < n; i++) { ca[a[i]]++; cb[b[i]]++; }
  const acc = new Float64Array(Math.max(na, nb));
  for (let iter = 0; iter < 10000; iter++) {
    let change = 0;
    acc.fill(0);
    for (let i = 0; i < n; i++) acc[a[i]] += y[i] - fb[b[i]];
    for (let j = 0; j < na; j++) { const v = acc[j] / ca[j]; change = Math.max(change, Math.abs(v - fa[j])); fa[j] = v; }
    acc.fill(0);
    for (let i = 0; i < n; i++) acc[b[i]] += y[i] - fa[a[i]];
    for (let j = 0; j < nb; j++) { const v = acc[j] / cb[j]; change = Math.max(change, Math.abs(v - fb[j])); fb[j] = v; }
    if (change < 1e-13) break;
  }
  return Float64Array.from(y, (v, i) => v - fa[a[i]] - fb[b[i]]);
}

function main() {
  const args = parseArgs(NAME, process.argv.slice(2), SIZES);
  const P = withOverrides(PARAMS, args.truth);
  const R = makeRng(args.seed);
  const N = SIZES[args.size];
  const Q = P.quality;

  // Products: five distinct hs6 codes per industry, each with an elasticity and a price level.
  const products = [];
  const codes = new Set();
  INDUSTRIES.forEach((ind, k) => {
    for (let j = 0; j < 5; j++) {
      let hs6;
      do hs6 = `${ind.chapter}${String(1 + R.int(99)).padStart(2, '0')}${10 + R.int(90)}`; while (codes.has(hs6));
      codes.add(hs6);
      products.push({ hs6, industry: k, sigma: R.pick(SIGMAS), lpbar: Math.log(2) + 1.2 * R.norm() });
    }
  });
  const productsOf = INDUSTRIES.map((_, k) => products.flatMap((p, j) => (p.industry === k ? [j] : [])));

  // Destinations: GDP per head 1997–2007 (income volatility is measured from it), 2007 imports by product.
  const gdppc = COUNTRIES.map((c) => {
    const path = [c.gdp * Math.exp(0.05 * R.norm())];
    const trend = 0.02 + 0.03 * R.unif();
    for (let y = 1; y <= 10; y++) path.push(path[y - 1] * (1 + trend + (c.vol / 100) * R.norm()));
    return path.map((v) => rounded(v, 2));
  });
  const IV = gdppc.map((path) => sd(path.slice(1).map((v, y) => 100 * (v / path[y] - 1))));
  const imports = COUNTRIES.map((c) => products.map(() => rounded(c.size * 1e5 * Math.exp(R.norm()), 0)));
  const popularity = COUNTRIES.map((c) => c.pop);

  // Firms with their core products and destination sets.
  const firms = [];
  for (let i = 0; i < N; i++) {
    const k = R.weighted(INDUSTRIES.map((d) => d.w)), pv = PROVINCES[R.weighted(PROVINCES.map((d) => d.w))];
    const state = R.unif() < 0.10 ? 1 : 0;
    const age08 = Math.min(60, Math.max(3, Math.round(Math.exp(2.25 + 0.5 * R.norm()))));
    const f = {
      id: 100001 + i, k, intensity: INDUSTRIES[k].intensity, province: pv.code, region: pv.region, state,
      regtype: state ? R.pick(STATE_CODES) : R.pick(OTHER_CODES), founded: 2009 - age08,
      lnEmp: Math.min(8.6, Math.max(3.6, 5.86 + 0.95 * R.norm())), lnCapInt: 3.66 + 1.15 * R.norm(),
      lnFixedShare: Math.log(0.15 + 0.25 * R.unif()),
      lnLev: Math.log(0.55) + 0.45 * R.norm() + (R.unif() < 0.05 ? 1.3 + 0.8 * R.unif() : 0),
      lp: 5.69 + 0.85 * R.norm(), z: R.norm(), u: P.sd_u * R.norm(),
    };
    f.lnExport08 = f.lnEmp + f.lp + 0.4 + 0.7 * R.norm();
    f.products = [];
    const np = 1 + Math.min(5, R.poisson(1.0));
    for (let j = 0; j < np; j++) {
      const p = R.pick(productsOf[R.unif() < 0.9 ? k : R.int(INDUSTRIES.length)]);
      if (f.products.some((q) => q.p === p)) continue;
      const dests = [];
      const nd = 1 + Math.min(7, R.poisson(1.4));
      for (let d = 0; d < nd; d++) { const c = R.weighted(popularity); if (!dests.includes(c)) dests.push(c); }
      f.products.push({ p, dests });
    }
    firms.push(f);
  }

  // Financials 2006–2013: firm levels plus AR(1) noise.
  for (const f of firms) {
    f.X = {};
    let e1 = 0.05 * R.norm(), e2 = 0.08 * R.norm(), e3 = 0.08 * R.norm(), e4 = 0.05 * R.norm();
    for (const y of YEARS) {
      e1 = 0.6 * e1 + 0.06 * R.norm(); e2 = 0.6 * e2 + 0.08 * R.norm(); e3 = 0.5 * e3 + 0.10 * R.norm(); e4 = 0.6 * e4 + 0.05 * R.norm();
      const emp = Math.max(10, Math.round(Math.exp(f.lnEmp + 0.02 * (y - 2008) + e1)));
      const fixed = emp * Math.exp(f.lnCapInt + 0.03 * (y - 2008) + e2);
      const assets = fixed / Math.exp(f.lnFixedShare + e4);
      f.X[y] = {
        employees: emp, fixed_assets: rounded(fixed, 1), total_assets: rounded(assets, 1),
        total_liabilities: rounded(assets * Math.exp(f.lnLev + 0.5 * e4 + 0.05 * R.norm()), 1),
        value_added: rounded(emp * Math.exp(f.lp + 0.03 * (y - 2008) + e3), 1),
      };
    }
  }
  const controls = (f, y) => {
    const x = f.X[y];
    return {
      lnage: Math.log(y - f.founded + 1), lnassets: Math.log(x.total_assets), lnemployment: Math.log(x.employees),
      lncapitalint: Math.log(x.fixed_assets / x.employees), leverageratio: x.total_liabilities / x.total_assets,
      lp: Math.log(x.value_added / x.employees),
    };
  };

  // Exit from exporting (absorbing), 2009–2013, correlated with the firm effect u.
  const E = P.exit;
  for (const f of firms) {
    f.exporting = { 2006: true, 2007: true, 2008: true };
    let alive = true;
    const lnA = Math.log(f.X[2008].total_assets);
    for (let t = 0; t < 5; t++) {
      const v = E.rho_u * (f.u / P.sd_u) + Math.sqrt(1 - E.rho_u ** 2) * R.norm();
      if (E.const + E.year[t] + E.quality * f.z + E.state * f.state + E.lnassets * (lnA - 10.9) + v <= 0) alive = false;
      f.exporting[2009 + t] = alive;
    }
  }

  // Customs rows: latent quality λ, values and prices satisfying the Khandelwal model exactly.
  const indYear = INDUSTRIES.map(() => CUSTOMS_YEARS.map(() => Q.s_indyear * R.norm()));
  const destYear = COUNTRIES.map(() => CUSTOMS_YEARS.map(() => 0.3 * R.norm()));
  const rows = [];
  for (const f of firms) {
    let nu = Q.s_firmyear * R.norm();
    const lines = f.products.map((q) => ({ p: q.p, dests: q.dests.slice() }));
    CUSTOMS_YEARS.forEach((y, t) => {
      if (t > 0) nu = 0.5 * nu + Math.sqrt(0.75) * Q.s_firmyear * R.norm();
      // churn is drawn every year, exporting or not, so the random streams stay aligned
      const active = [];
      for (const line of lines) {
        const on = R.unif() < 0.85;
        if (R.unif() < 0.12) { const c = R.weighted(popularity); if (!line.dests.includes(c)) line.dests.push(c); }
        const ds = line.dests.filter(() => R.unif() < 0.85);
        if (on) active.push({ p: line.p, ds: ds.length ? ds : [line.dests[0]] });
      }
      if (!active.length) active.push({ p: lines[0].p, ds: [lines[0].dests[0]] });
      if (!f.exporting[y]) return;
      const totalUsd = ((Math.exp(f.lnExport08) * 1000) / USD_CNY[y]) * Math.exp(0.1 * (y - 2008) + 0.15 * R.norm());
      const cells = [];
      for (const a of active) for (const c of a.ds) {
        const noise = Q.s_row * R.norm() * (R.unif() < Q.outlier_share ? Q.outlier_scale : 1);
        const lam = Q.s_firm * f.z + indYear[f.k][t] + nu + noise;
        cells.push({ p: a.p, c, lam, w: Math.exp(0.8 * R.norm() + 0.5 * lam) });
      }
      const wsum = cells.reduce((s, x) => s + x.w, 0);
      for (const x of cells) {
        const pr = products[x.p];
        const value = Math.max(60, rounded((totalUsd * x.w) / wsum, 0));
        const ystar = (pr.sigma - 1) * (pr.lpbar + x.lam) + Math.log(4e4) + destYear[x.c][t];
        const lnPrice = (ystar - Math.log(value)) / (pr.sigma - 1);
        rows.push({ f, y, t, p: x.p, c: x.c, value, qty: Math.max(0.1, rounded(value / Math.exp(lnPrice), 1)) });
      }
    });
  }

  // Measured quality (M5) from the written values, then QUA, DV and QYH by firm-year (M6).
  const nC = COUNTRIES.length, nT = CUSTOMS_YEARS.length;
  const lhs = Float64Array.from(rows, (x) => Math.log(x.qty) + products[x.p].sigma * Math.log(x.value / x.qty));
  const resid = residualsTwoWay(lhs, Int32Array.from(rows, (x) => x.p), products.length, Int32Array.from(rows, (x) => x.c * nT + x.t), nC * nT);
  const lo = new Float64Array(products.length).fill(Infinity), hi = new Float64Array(products.length).fill(-Infinity);
  rows.forEach((x, r) => {
    x.quality = resid[r] / (products[x.p].sigma - 1);
    lo[x.p] = Math.min(lo[x.p], x.quality);
    hi[x.p] = Math.max(hi[x.p], x.quality);
  });
  const groups = new Map();
  for (const x of rows) {
    const key = x.f.id * 10000 + x.y;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { f: x.f, y: x.y, v: 0, vq: 0, byProduct: new Map() }));
    const sq = (x.quality - lo[x.p]) / (hi[x.p] - lo[x.p]);
    g.v += x.value;
    g.vq += x.value * sq;
    if (!g.byProduct.has(x.p)) g.byProduct.set(x.p, []);
    g.byProduct.get(x.p).push(x);
  }
  for (const f of firms) f.M = {};
  for (const g of groups.values()) {
    let dv = 0, qyh = 0;
    for (const [p, xs] of g.byProduct) {
      let w = 0, wiv = 0, v = 0, h = 0;
      for (const x of xs) { w += imports[x.c][p]; wiv += imports[x.c][p] * IV[x.c]; v += x.value; }
      for (const x of xs) h += (x.value / v) ** 2;
      dv += wiv / w;
      qyh += h;
    }
    g.f.M[g.y] = { QUA: g.vq / g.v, DV: dv / g.byProduct.size, QYH: qyh / g.byProduct.size };
  }

  // RES on the measured variables; slope heterogeneity re-centred on the firms' group shares.
  const shareOf = (key) => { const s = {}; for (const f of firms) s[f[key]] = (s[f[key]] ?? 0) + 1 / N; return s; };
  const recentre = (b, share) => {
    const m = Object.keys(b).reduce((acc, g) => acc + b[g] * (share[g] ?? 0), 0);
    return Object.fromEntries(Object.keys(b).map((g) => [g, b[g] - m]));
  };
  const bInt = recentre(P.b_intensity, shareOf('intensity')), bReg = recentre(P.b_region, shareOf('region'));
  const shareState = firms.reduce((s, f) => s + f.state, 0) / N;
  const dvs = [];
  for (const f of firms) for (let y = 2009; y <= 2013; y++) if (f.exporting[y]) dvs.push(f.M[y].DV);
  const meanDV = avg(dvs);
  const q08 = firms.map((f) => f.M[2008].QUA), h08 = firms.map((f) => f.M[2008].QYH);
  const mq = avg(q08), mh = avg(h08), sq = sd(q08), sh = sd(h08);
  let controlSum = 0, controlN = 0;
  for (const f of firms) {
    const slope = P.beta_qua + bInt[f.intensity] + bReg[f.region] + P.theta_state * (f.state - shareState);
    f.qTerm = {};
    f.xTerm = {};
    const qs = [];
    for (let y = 2009; y <= 2013; y++) {
      if (!f.exporting[y]) continue;
      const M = f.M[y], x = controls(f, y);
      f.qTerm[y] = M.QUA * (slope + P.theta_dv * (M.DV - meanDV));
      let xb = P.phi_dv * M.DV;
      for (const [g, b] of Object.entries(P.gamma)) xb += b * x[g];
      f.xTerm[y] = xb;
      controlSum += xb;
      controlN++;
      qs.push(f.qTerm[y]);
    }
    // the firm mean of the quality terms goes into the firm effect: heterogeneity acts within firms
    f.alpha0 = -(qs.length ? avg(qs) : 0) + P.level_qua * (f.M[2008].QUA - mq) + P.kappa_qyh * (f.M[2008].QYH - mh)
      + P.kappa_qua_qyh * ((f.M[2008].QUA - mq) / sq) * ((f.M[2008].QYH - mh) / sh)
      + P.kappa_intensity[f.intensity] + P.kappa_region[f.region] + f.u;
  }
  const controlMean = controlSum / controlN;
  let raised = 0;
  for (const f of firms) {
    const m = {};
    let lowest = Infinity;
    for (let y = 2009; y <= 2013; y++) {
      if (!f.exporting[y]) continue;
      m[y] = P.delta[y - 2009] + f.qTerm[y] + f.xTerm[y] - controlMean;
      lowest = Math.min(lowest, m[y] + f.alpha0);
    }
    let alpha = f.alpha0;
    const floor = P.res_floor + P.eps_scale;   // ε ≥ −eps_scale, so RES ≥ res_floor
    if (lowest < floor) { alpha += floor - lowest + 1e-9; raised++; }
    f.exports = { 2008: rounded(Math.exp(f.lnExport08), 1) };
    let v = R.norm();
    for (let y = 2009; y <= 2013; y++) {
      if (y > 2009) v = P.eps_rho * v + Math.sqrt(1 - P.eps_rho ** 2) * R.norm();
      const eps = P.eps_scale * (Math.exp(P.eps_logsd * v - P.eps_logsd ** 2 / 2) - 1);
      f.exports[y] = f.exporting[y] ? rounded(f.exports[2008] * (1 + m[y] + alpha + eps), 1) : 0;
    }
    const g08 = Math.max(-0.4, 0.18 + 0.20 * R.norm()), g07 = Math.max(-0.4, 0.20 + 0.20 * R.norm());
    f.exports[2007] = rounded(f.exports[2008] / (1 + g08), 1);
    f.exports[2006] = rounded(f.exports[2007] / (1 + g07), 1);
  }

  fs.mkdirSync(args.out, { recursive: true });
  const firmRows = [];
  for (const f of firms) for (const y of YEARS) {
    const x = f.X[y];
    firmRows.push([f.id, y, INDUSTRIES[f.k].code, f.province, f.regtype, f.founded, x.employees, fmt(x.total_assets, 1),
      fmt(x.total_liabilities, 1), fmt(x.fixed_assets, 1), fmt(x.value_added, 1), fmt(f.exports[y], 1)]);
  }
  writeCsv(args.out, 'firms.csv', ['firm', 'year', 'industry', 'province', 'regtype', 'founded', 'employees', 'total_assets',
    'total_liabilities', 'fixed_assets', 'value_added', 'export'], firmRows);
  writeCsv(args.out, 'customs.csv', ['firm', 'year', 'hs6', 'country', 'value_usd', 'quantity'],
    rows.map((x) => [x.f.id, x.y, products[x.p].hs6, COUNTRIES[x.c].iso, fmt(x.value, 0), fmt(x.qty, 1)]));
  writeCsv(args.out, 'elasticity.csv', ['hs6', 'sigma'], products.map((p) => [p.hs6, p.sigma]));
  writeCsv(args.out, 'industries.csv', ['industry', 'intensity'], INDUSTRIES.map((d) => [d.code, d.intensity]));
  writeCsv(args.out, 'regions.csv', ['province', 'region'], PROVINCES.map((d) => [d.code, d.region]));
  writeCsv(args.out, 'country_income.csv', ['country', 'year', 'gdp_pc_usd'],
    COUNTRIES.flatMap((c, j) => gdppc[j].map((v, y) => [c.iso, 1997 + y, fmt(v, 2)])));
  writeCsv(args.out, 'world_imports.csv', ['country', 'hs6', 'imports_2007_kusd'],
    COUNTRIES.flatMap((c, j) => products.map((p, q) => [c.iso, p.hs6, fmt(imports[j][q], 0)])));

  let res0910 = 0, exporting2013 = 0;
  for (const f of firms) { res0910 += +f.exporting[2009] + +f.exporting[2010]; exporting2013 += +f.exporting[2013]; }
  writeTruth(args.out, {
    study: 'export-resilience', seed_paper: '000', seed: args.seed, size: args.size, firms: N, customs_rows: rows.length,
    params: P,
    sample: {
      share_state: shareState, mean_DV_2009_2013: meanDV, mean_QUA_2008: mq, sd_QUA_2008: sq, mean_QYH_2008: mh, sd_QYH_2008: sh,
      b_intensity_centred: bInt, b_region_centred: bReg, firms_alpha_raised_for_floor: raised,
      res_obs_2009_2010: res0910, firms_exporting_2013: exporting2013,
    },
    targets: {
      res_fe: { QUA: P.beta_qua },
      res_fe_by_intensity: Object.fromEntries(Object.keys(bInt).map((g) => [g, { QUA: P.beta_qua + bInt[g] }])),
      res_fe_by_region: Object.fromEntries(Object.keys(bReg).map((g) => [g, { QUA: P.beta_qua + bReg[g] }])),
      res_fe_state: { QUA: P.beta_qua - P.theta_state * shareState, 'QUA:State': P.theta_state },
      res_fe_dv: { QUA: P.beta_qua - P.theta_dv * meanDV, DV: P.phi_dv, 'QUA:DV': P.theta_dv },
      res_iv: { QUA: P.beta_qua },
    },
  });
}

runMain(NAME, main);
