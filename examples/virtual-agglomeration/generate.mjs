#!/usr/bin/env node
// Synthetic raw data for the virtual-agglomeration study (seed paper 001: virtual agglomeration
// and provincial export resilience), with known true parameters.
//
//   node examples/virtual-agglomeration/generate.mjs [--seed N] --out DIR [--size small|large] [--truth FILE.json]
//
// Writes provinces.csv, exports.csv, province_year.csv, national.csv and truth.json. The same
// arguments give byte-identical files. `small` = the 30 provinces × 2009–2020; `large` = 300
// synthetic prefecture-like units. `--truth` overrides any subset of `params` (see README.md).
//
// The generator computes the paper's measurements (location quotients, the inverse-distance
// spatial lag Vag, the ratios) from the values it writes, builds the resilience index SL on those
// measured regressors, and then sets exports so that SL recomputed from exports.csv is the DGP's.

import fs from 'node:fs';
import { fmt, parseArgs, rng as makeRng, rounded, withOverrides, writeCsv, runMain, writeTruth } from '../lib/generate.mjs';

const NAME = 'generate.mjs (virtual-agglomeration)';
const PARAMS = {
  beta_vag: 0.06,       // SL on Vag at the mean R&D intensity
  beta_rd: 0.004,       // per ‰ of R&D spending in GDP
  theta_vag_rd: -0.001, // Vag × RD moderation (centred product)
  beta_gdp: 1.0e-6,     // per yuan of GDP per head
  beta_tax: -1.9,
  beta_cpi: 0.48,
  beta_fdi: 0.7,
  sigma: 0.04,          // sd of the SL disturbance
  k: 1,                 // horizon of SL in years (1–3)
};
const SIZES = { small: 30, large: 300 };
const FIRST = 2009, LAST = 2020, T = LAST - FIRST + 1;
// China's export growth in US$, 2009–2020 (the national G_t), and the yuan rate
const NATIONAL_GROWTH = [-0.160, 0.313, 0.203, 0.079, 0.078, 0.060, -0.029, -0.077, 0.079, 0.099, 0.005, 0.036];
const CNY_PER_USD = [6.831, 6.770, 6.459, 6.312, 6.193, 6.143, 6.228, 6.642, 6.752, 6.617, 6.899, 6.898];

// The 30 provinces (Tibet left out): code, name, 中文名, capital lat/lon, region, population 2009
// (10k), GDP 2009 (100m yuan), exports 2008 (100m US$), IT location quotient, R&D/GDP (%), urban
// employment (10k), tax/GDP, retail/GDP, FDI/GDP. Beijing's quotient and R&D share are damped
// (3.2 and 3.6 instead of ~5.5): with the real values its persistent growth edge takes over the
// national export total within twelve years.
const PROVINCES = `
11 Beijing 北京 39.904 116.407 east 1755 12153 575 3.2 3.6 620 0.150 0.42 0.035
12 Tianjin 天津 39.084 117.201 east 1228 7522 422 1.0 2.4 200 0.090 0.32 0.060
13 Hebei 河北 38.042 114.514 east 7034 17235 240 0.6 0.8 510 0.060 0.33 0.010
14 Shanxi 山西 37.870 112.549 central 3427 7358 92 0.7 1.1 390 0.090 0.34 0.006
15 Inner_Mongolia 内蒙古 40.842 111.749 west 2422 9740 36 0.7 0.5 240 0.070 0.30 0.010
21 Liaoning 辽宁 41.806 123.432 east 4319 15212 420 0.9 1.5 500 0.080 0.36 0.050
22 Jilin 吉林 43.817 125.324 central 2740 7278 48 0.8 1.1 260 0.060 0.37 0.006
23 Heilongjiang 黑龙江 45.803 126.535 central 3826 8587 166 0.8 1.3 480 0.060 0.38 0.008
31 Shanghai 上海 31.230 121.474 east 1921 15046 1693 2.0 2.8 560 0.160 0.35 0.045
32 Jiangsu 江苏 32.060 118.797 east 7725 34457 2380 0.9 2.0 900 0.080 0.34 0.050
33 Zhejiang 浙江 30.274 120.155 east 5180 22990 1543 1.2 1.7 900 0.090 0.37 0.030
34 Anhui 安徽 31.821 117.227 central 6131 10063 114 0.6 1.4 420 0.080 0.32 0.020
35 Fujian 福建 26.075 119.296 east 3627 12237 570 0.8 1.1 520 0.070 0.35 0.035
36 Jiangxi 江西 28.683 115.858 central 4432 7655 78 0.6 1.0 330 0.070 0.30 0.035
37 Shandong 山东 36.651 117.120 east 9470 33897 931 0.6 1.5 960 0.060 0.36 0.020
41 Henan 河南 34.747 113.625 central 9487 19480 107 0.6 0.8 840 0.050 0.33 0.012
42 Hubei 湖北 30.593 114.305 central 5720 12961 116 0.8 1.6 610 0.060 0.39 0.015
43 Hunan 湖南 28.228 112.939 central 6406 13060 84 0.6 1.2 520 0.060 0.38 0.012
44 Guangdong 广东 23.129 113.264 east 9638 39483 4041 1.6 1.7 1400 0.090 0.40 0.030
45 Guangxi 广西 22.817 108.366 west 4856 7759 73 0.6 0.6 330 0.070 0.36 0.010
46 Hainan 海南 20.044 110.199 east 864 1654 16 0.9 0.3 90 0.100 0.30 0.030
50 Chongqing 重庆 29.563 106.551 west 2859 6530 57 0.9 1.2 240 0.080 0.38 0.030
51 Sichuan 四川 30.573 104.066 west 8185 14151 131 0.9 1.5 600 0.070 0.38 0.012
52 Guizhou 贵州 26.647 106.630 west 3798 3912 19 0.7 0.7 230 0.090 0.27 0.002
53 Yunnan 云南 25.038 102.718 west 4571 6170 50 0.7 0.6 340 0.090 0.31 0.006
61 Shaanxi 陕西 34.341 108.940 west 3772 8170 54 1.1 2.3 400 0.080 0.32 0.008
62 Gansu 甘肃 36.061 103.834 west 2635 3388 16 0.7 1.1 230 0.070 0.32 0.001
63 Qinghai 青海 36.617 101.778 west 557 1081 4 0.7 0.7 55 0.080 0.25 0.002
64 Ningxia 宁夏 38.487 106.231 west 625 1353 13 0.7 0.8 60 0.080 0.25 0.003
65 Xinjiang 新疆 43.825 87.617 west 2159 4277 193 0.8 0.5 280 0.080 0.28 0.002`
  .trim().split('\n').map((line) => {
    const c = line.trim().split(/\s+/);
    const n = (i) => Number(c[i]);
    return {
      code: n(0), name: c[1].replace(/_/g, ' '), zh: c[2], lat: n(3), lon: n(4), region: c[5], pop: n(6), gdp: n(7),
      exp08: n(8) * 1e4, lq: n(9), rd: n(10), emp: n(11), tax: n(12), retail: n(13), fdi: n(14),
    };
  });

function haversineKm(a, b) {
  const r = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * r) / 2) ** 2 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(((b.lon - a.lon) * r) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

/** Synthetic prefecture-like units over China's populated area, for the large size. */
function syntheticUnits(R, n) {
  const units = [];
  for (let i = 0; i < n; i++) {
    const coastal = R.unif() < 0.55;
    const lon = rounded(coastal ? 110 + 12 * R.unif() : 86 + 24 * R.unif(), 3);
    const lat = rounded(21 + 24 * R.unif(), 3);
    const pop = 500 * Math.exp(0.6 * R.norm());
    const perHead = (coastal ? 45000 : 25000) * Math.exp(0.35 * R.norm());
    units.push({
      code: 1001 + i, name: `Unit ${1001 + i}`, zh: `单元${1001 + i}`, lat, lon,
      region: lon >= 115 ? 'east' : lon >= 108 ? 'central' : 'west', pop, gdp: (pop * perHead) / 1e4,
      exp08: (coastal ? 80e4 : 8e4) * Math.exp(1.2 * R.norm()), lq: Math.exp(-0.2 + 0.45 * R.norm() + (R.unif() < 0.03 ? 1.2 : 0)),
      rd: 1.2 * Math.exp(0.5 * R.norm()), emp: pop * (0.08 + 0.04 * R.unif()),
      tax: 0.05 + 0.06 * R.unif(), retail: 0.28 + 0.14 * R.unif(), fdi: 0.012 * Math.exp(0.9 * R.norm()),
    });
  }
  return units;
}

function main() {
  const args = parseArgs(NAME, process.argv.slice(2), SIZES);
  const P = withOverrides(PARAMS, args.truth);
  if (!Number.isInteger(P.k) || P.k < 1 || P.k > 3) throw new Error('--truth: k must be 1, 2 or 3');
  const R = makeRng(args.seed);
  const units = args.size === 'small' ? PROVINCES.map((u) => ({ ...u })) : syntheticUnits(R, SIZES[args.size]);
  const n = units.length;

  // Each unit's levels move ±10 % per seed; trends in IT share, R&D intensity and GDP growth.
  for (const u of units) {
    u.lqLog = Math.log(u.lq) + 0.10 * R.norm();
    u.lqTrend = 0.02 * R.norm();
    u.rdLog = Math.log(u.rd) + 0.10 * R.norm();
    u.rdTrend = 0.04 + 0.03 * R.norm();
    u.growthEdge = 0.015 * R.norm();
    u.exp08 *= Math.exp(0.10 * R.norm());
  }

  // Raw unit-year inputs, rounded as written.
  const raw = units.map(() => []);
  units.forEach((u, i) => {
    let gdp = u.gdp, pop = u.pop, emp = u.emp, lqNoise = 0.05 * R.norm();
    for (let t = 0; t < T; t++) {
      if (t > 0) {
        gdp *= Math.exp((t <= 5 ? 0.10 : t <= 10 ? 0.075 : 0.03) + u.growthEdge + 0.02 * R.norm());
        pop *= Math.exp(0.005 + 0.003 * R.norm());
        emp *= Math.exp(0.03 + 0.02 * R.norm());
        lqNoise = 0.7 * lqNoise + 0.05 * R.norm();
      }
      const itShare = Math.min(0.3, 0.014 * Math.exp(0.066 * t) * Math.exp(u.lqLog + u.lqTrend * t + lqNoise));
      const rdShare = Math.exp(u.rdLog + 0.5 * u.rdTrend * t + 0.05 * R.norm()) / 100;
      const taxShare = u.tax * Math.exp(0.06 * R.norm() - 0.005 * t);
      const retailShare = u.retail * Math.exp(0.05 * R.norm() + 0.004 * t);
      const fdiShare = u.fdi * Math.exp(0.25 * R.norm() - 0.03 * t);
      raw[i].push({
        emp_total: rounded(emp, 2), emp_it: rounded(emp * itShare, 2), gdp: rounded(gdp, 1), population: rounded(pop, 1),
        tax_revenue: rounded(gdp * taxShare, 1), retail_sales: rounded(gdp * retailShare, 1),
        fdi_usd10k: rounded((gdp * fdiShare * 1e4) / CNY_PER_USD[t], 0), rd_expenditure: rounded(gdp * rdShare, 2),
      });
    }
  });

  // Measurements from the written values (M4 and the ratios), as the spec computes them.
  const dist = units.map((a) => units.map((b) => (a === b ? 0 : haversineKm(a, b))));
  const cells = [];
  for (let t = 0; t < T; t++) {
    let it = 0, all = 0;
    for (let j = 0; j < n; j++) { it += raw[j][t].emp_it; all += raw[j][t].emp_total; }
    const lq = raw.map((r) => r[t].emp_it / r[t].emp_total / (it / all));
    for (let i = 0; i < n; i++) {
      let vag = 0;
      for (let j = 0; j < n; j++) vag += lq[j] * (i === j ? 1 : 1 / dist[i][j]);
      const r = raw[i][t];
      cells.push({
        i, t, Vag: vag, RD: (1000 * r.rd_expenditure) / r.gdp, GDP: (r.gdp * 1e4) / r.population, TAX: r.tax_revenue / r.gdp,
        CPI: r.retail_sales / r.gdp, FDI: (r.fdi_usd10k * CNY_PER_USD[t]) / (r.gdp * 1e4),
      });
    }
  }
  const meanVag = cells.reduce((s, c) => s + c.Vag, 0) / cells.length;
  const meanRD = cells.reduce((s, c) => s + c.RD, 0) / cells.length;
  for (const c of cells) {
    c.index = P.beta_vag * c.Vag + P.beta_rd * c.RD + P.theta_vag_rd * (c.Vag - meanVag) * (c.RD - meanRD)
      + P.beta_gdp * c.GDP + P.beta_tax * c.TAX + P.beta_cpi * c.CPI + P.beta_fdi * c.FDI + P.sigma * R.norm();
  }
  const at = (i, t) => cells[t * n + i];

  // Exports from 2009 − k: before 2009 ~20 %/yr growth; then E_it = E_i,t−k·exp(SL_it + G_t) with
  // δ_t chosen so that the export-share-weighted mean of exp(SL) is 1 (SL's own definition).
  const k = P.k;
  const E = units.map(() => new Float64Array(T + k));
  units.forEach((u, i) => {
    E[i][k - 1] = rounded(u.exp08, 2);
    for (let s = k - 2; s >= 0; s--) E[i][s] = rounded(E[i][s + 1] / Math.exp(0.20 + 0.05 * R.norm()), 2);
  });
  const level = [1];
  for (const g of NATIONAL_GROWTH) level.push(level[level.length - 1] * (1 + g));
  const nationalLevel = (t) => (t >= -1 ? level[t + 1] : 1.2 ** (t + 1));
  const delta = [];
  for (let t = 0; t < T; t++) {
    let total = 0, weighted = 0;
    for (let i = 0; i < n; i++) total += E[i][t];
    for (let i = 0; i < n; i++) weighted += (E[i][t] / total) * Math.exp(at(i, t).index);
    delta.push(-Math.log(weighted));
    const G = Math.log(nationalLevel(t) / nationalLevel(t - k));
    for (let i = 0; i < n; i++) {
      const c = at(i, t);
      c.SL = c.index + delta[t];
      E[i][t + k] = rounded(E[i][t] * Math.exp(c.SL + G), 2);
    }
  }

  fs.mkdirSync(args.out, { recursive: true });
  writeCsv(args.out, 'provinces.csv', ['province', 'name', 'name_zh', 'lat', 'lon', 'region'],
    units.map((u) => [u.code, `"${u.name}"`, u.zh, fmt(u.lat, 3), fmt(u.lon, 3), u.region]));
  const exportRows = [];
  units.forEach((u, i) => { for (let s = 0; s < T + k; s++) exportRows.push([u.code, FIRST - k + s, fmt(E[i][s], 2)]); });
  writeCsv(args.out, 'exports.csv', ['province', 'year', 'exports_usd10k'], exportRows);
  const pyRows = [];
  units.forEach((u, i) => raw[i].forEach((r, t) => pyRows.push([u.code, FIRST + t, fmt(r.emp_total, 2), fmt(r.emp_it, 2), fmt(r.gdp, 1),
    fmt(r.population, 1), fmt(r.tax_revenue, 1), fmt(r.retail_sales, 1), fmt(r.fdi_usd10k, 0), fmt(r.rd_expenditure, 2)])));
  writeCsv(args.out, 'province_year.csv', ['province', 'year', 'emp_total', 'emp_it', 'gdp', 'population', 'tax_revenue',
    'retail_sales', 'fdi_usd10k', 'rd_expenditure'], pyRows);
  writeCsv(args.out, 'national.csv', ['year', 'cny_per_usd'], CNY_PER_USD.map((c, t) => [FIRST + t, fmt(c, 3)]));

  const sl = cells.map((c) => c.SL), slMean = sl.reduce((s, v) => s + v, 0) / sl.length;
  writeTruth(args.out, {
    study: 'virtual-agglomeration', seed_paper: '001', seed: args.seed, size: args.size, units: n, years: [FIRST, LAST],
    params: P,
    sample: {
      rows: cells.length, mean_Vag: meanVag, mean_RD: meanRD,
      // population sd (divides by n)
      sd_SL: Math.sqrt(sl.reduce((s, v) => s + (v - slMean) ** 2, 0) / sl.length),
      delta_t: Object.fromEntries(delta.map((d, t) => [FIRST + t, d])),
    },
    targets: {
      moderation_centred: { Vag: P.beta_vag, RD: P.beta_rd, XZ_c: P.theta_vag_rd, GDP: P.beta_gdp, TAX: P.beta_tax, CPI: P.beta_cpi, FDI: P.beta_fdi },
      moderation_raw: {
        Vag: P.beta_vag - P.theta_vag_rd * meanRD, RD: P.beta_rd - P.theta_vag_rd * meanVag, XZ: P.theta_vag_rd,
        GDP: P.beta_gdp, TAX: P.beta_tax, CPI: P.beta_cpi, FDI: P.beta_fdi,
      },
    },
  });
}

runMain(NAME, main);
