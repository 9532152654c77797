#!/usr/bin/env node
// Synthetic raw data for the ofdi-mte study (seed paper 003: outward FDI and firm upgrading,
// marginal treatment effects), with known true parameters.
//
//   node examples/ofdi-mte/generate.mjs [--seed N] --out DIR [--size small|large] [--truth FILE.json]
//
// Writes firm_year.csv, ofdi.csv, policy.csv, provinces.csv and truth.json; byte-identical for the
// same arguments. `small` = 1,500 listed firms × 2009–2015, `large` = 15,000.
//
// Selection on unobserved resistance V (constant within the firm) and a normal selection model
// make the parametric normal MTE model correctly specified; the winsorised controls enter the
// outcomes centred at their analysis-sample means, so the intercept of β1 − β0 is the ATE.

import fs from 'node:fs';
import {
  fmt, normalQuantile, parseArgs, rng as makeRng, rounded, runMain, withOverrides, writeCsv, writeTruth,
} from '../lib/generate.mjs';

const NAME = 'generate.mjs (ofdi-mte)';
const CONTROLS = ['lev', 'fincost', 'taxrate', 'sellexp', 'npm', 'size', 'rd', 'hc', 'execage', 'capdeep', 'listage'];
const zeroes = () => Object.fromEntries(CONTROLS.map((k) => [k, 0]));
const PARAMS = {
  // untreated log TFP on the centred controls
  beta0: { ...zeroes(), lev: -0.10, fincost: -1.0, taxrate: 0.05, sellexp: -0.30, npm: 0.50, rd: 0.04, hc: 0.15, execage: 0.004, listage: -0.005 },
  delta_beta: { ...zeroes(), rd: 0.03, hc: 0.05 },   // β1 − β0 for the controls
  delta0: 0.12,                                      // β1 − β0 intercept (= ATE at the mean firm)
  sigma0V: -0.15, sigma1V: -0.45,                    // MTE slope in Φ⁻¹(u) = sigma1V − sigma0V
  sd_psi: 0.10, sd_r: 0.06, rho_r: 0.7, sd_kappa: 0.05,
  gamma: { const: -2.4, policy: 0.15, overseas: 2.5, year_step: 0.10 },
  production: { beta_l: 0.30, beta_k: 0.15, labour_on_shock: 1.0, sd_eta: 0.05 },
};
const SIZES = { small: 1500, large: 15000 };
const FIRST = 2009, LAST = 2015, T = LAST - FIRST + 1;
const MANUFACTURING = 'C13 C14 C15 C17 C18 C22 C26 C27 C28 C29 C30 C31 C32 C33 C34 C35 C36 C37 C38 C39 C40'.split(' ');
const OTHER_INDUSTRIES = 'F51 G54 I65 K70 D44'.split(' ');
// province code, region, weight of listed firms
const PROVINCES = [
  [11, 'east', 8], [12, 'east', 2], [13, 'east', 3], [21, 'east', 3], [31, 'east', 8], [32, 'east', 14], [33, 'east', 15],
  [35, 'east', 5], [37, 'east', 8], [44, 'east', 15], [46, 'east', 0.5],
  [14, 'central', 1], [22, 'central', 1], [23, 'central', 1], [34, 'central', 3], [36, 'central', 1.5], [41, 'central', 3],
  [42, 'central', 3], [43, 'central', 3],
  [15, 'west', 1], [45, 'west', 1], [50, 'west', 1.5], [51, 'west', 3], [52, 'west', 0.7], [53, 'west', 1], [61, 'west', 1.5],
  [62, 'west', 0.7], [63, 'west', 0.3], [64, 'west', 0.3], [65, 'west', 1],
];
const HOSTS = 'HKG USA SGP DEU AUS JPN VNM IDN THA MYS GBR RUS BRA IND KOR CAN NLD ITA ZAF MEX'.split(' ');
const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));

/** Stata's winsor2 cut point: R's quantile type 2 (average at a discontinuity). */
function quantileType2(sorted, p) {
  const n = sorted.length, np = n * p, j = Math.floor(np);
  if (Math.abs(np - j) < 1e-12) return j === 0 ? sorted[0] : j >= n ? sorted[n - 1] : (sorted[j - 1] + sorted[j]) / 2;
  return sorted[Math.min(n - 1, j)];
}

function main() {
  const args = parseArgs(NAME, process.argv.slice(2), SIZES);
  const P = withOverrides(PARAMS, args.truth);
  const R = makeRng(args.seed);
  const N = SIZES[args.size];
  const G = P.gamma, PR = P.production;

  // Provincial policy index: cumulative count of support measures (never falls).
  const policy = PROVINCES.map(([, region]) => {
    const rate = 0.3 + 1.7 * R.unif() * (region === 'east' ? 1.3 : 0.8);
    const path = [R.poisson(2 * rate)];
    for (let t = 1; t < T; t++) path.push(path[t - 1] + R.poisson(rate));
    return path;
  });
  const industryEffect = {};
  for (const c of [...MANUFACTURING, ...OTHER_INDUSTRIES]) industryEffect[c] = { outcome: 0.25 * R.norm(), selection: 0.3 * R.norm() };
  const regionEffect = { east: { outcome: 0.05, selection: 0.25 }, central: { outcome: 0, selection: 0 }, west: { outcome: -0.05, selection: -0.2 } };
  const yearEffect = [0, 0.02, 0.05, 0.07, 0.08, 0.10, 0.11];

  const firms = [];
  const taken = new Set();
  const weights = PROVINCES.map((p) => p[2]);
  for (let i = 0; i < N; i++) {
    let code;
    do {
      code = N <= 3000 ? R.pick(['000', '002', '300', '600', '601', '603']) + String(1 + R.int(999)).padStart(3, '0') : String(1 + R.int(999999)).padStart(6, '0');
    } while (taken.has(code));
    taken.add(code);
    const manufacturing = R.unif() < 0.9;
    const p = R.weighted(weights);
    firms.push({
      code, manufacturing, industry: manufacturing ? R.pick(MANUFACTURING) : R.pick(OTHER_INDUSTRIES), p,
      province: PROVINCES[p][0], region: PROVINCES[p][1], listYear: Math.min(2012, 1991 + R.int(22)),
      V: R.norm(), psi: P.sd_psi * R.norm(), kappa: P.sd_kappa * R.norm(),
      overseas: R.unif() < 0.35 ? 0 : Math.min(0.9, 0.12 * Math.exp(0.9 * R.norm())),
      lnK: 20.3 + R.norm(), lnEmp: 7.6 + 0.8 * R.norm(), faShare: 0.2 + 0.25 * R.unif(), lev: 0.45 + 0.15 * R.norm(),
      fin: 0.015 * Math.exp(0.6 * R.norm()), tax: 0.16 + 0.04 * R.norm(), sell: 0.06 * Math.exp(0.6 * R.norm()),
      npm: 0.07 + 0.06 * R.norm(), lnRd: 17.5 + 1.1 * R.norm(), lnWage: Math.log(1.1e5) + 0.3 * R.norm(),
      execAge: 48 + 3 * R.norm(), execs: 6 + R.int(14), lnRev: 21 + R.norm(), stFrom: R.unif() < 0.08 ? 2010 + R.int(6) : 9999,
    });
  }

  // Financial rows (exogenous) and the productivity shock r_it.
  for (const f of firms) {
    f.rows = [];
    let K = Math.exp(f.lnK), r = (P.sd_r / Math.sqrt(1 - P.rho_r ** 2)) * R.norm();
    for (let t = 0; t < T; t++) {
      if (t > 0) r = P.rho_r * r + P.sd_r * R.norm();
      const year = FIRST + t;
      const investment = K * Math.max(0.01, 0.10 + 0.05 * R.norm());
      const revenue = Math.exp(f.lnRev + 0.1 * t + 0.15 * R.norm());
      const assets = K / clamp(f.faShare + 0.04 * R.norm(), 0.08, 0.8);
      const liabilities = assets * clamp(f.lev + 0.05 * R.norm(), 0.03, 0.95);
      const interest = revenue * f.fin * Math.exp(0.3 * R.norm());
      // 6 % of years have a near-zero profit (extreme tax rates), 4 % an outlying net profit
      const nearZero = R.unif() < 0.06;
      const profit = nearZero ? revenue * 0.004 * (R.unif() - 0.3) : revenue * Math.max(0.005, f.npm + 0.04 + 0.03 * R.norm());
      const incomeTax = Math.abs(profit) * clamp(f.tax + 0.04 * R.norm(), 0, 0.4) + (nearZero ? revenue * 0.002 * R.unif() : 0);
      const netProfit = revenue * (f.npm + 0.04 * R.norm()) * (R.unif() < 0.04 ? 8 * R.norm() : 1);
      const selling = revenue * f.sell * Math.exp(0.2 * R.norm());
      const rd = Math.exp(f.lnRd + 0.05 * t + 0.25 * R.norm());
      const wage = Math.exp(f.lnWage + 0.06 * t + 0.08 * R.norm());
      const ageSum = f.execs * (f.execAge + 0.5 * t + 1.5 * R.norm());
      const st = year >= f.stFrom && year < f.stFrom + 2 + R.int(2) ? 1 : 0;
      f.rows.push({
        year, r, st, wage, K: rounded(K, 0), investment: rounded(investment, 0), revenue: rounded(revenue, 0),
        totalRevenue: rounded(revenue * 1.02, 0), assets: rounded(assets, 0), liabilities: rounded(liabilities, 0),
        interest: rounded(interest, 0), profit: rounded(profit, 0), incomeTax: rounded(incomeTax, 0),
        netProfit: rounded(netProfit, 0), selling: rounded(selling, 0), rd: rounded(rd, 0), ageSum: rounded(ageSum, 0),
      });
      K = 0.92 * K + investment;
    }
  }

  // Controls of the analysis sample (manufacturing, not ST, 2010–2015) and their 5/95 % cuts.
  // capdeep has no effect on productivity, so the outcome uses the ten others (capdeep needs
  // employees, which respond to productivity).
  const inAnalysis = (f, row) => f.manufacturing && row.st === 0 && row.year >= 2010;
  const used = CONTROLS.filter((k) => k !== 'capdeep');
  const controls = (f, row) => ({
    lev: row.liabilities / row.assets, fincost: row.interest / row.revenue, taxrate: row.incomeTax / row.profit,
    sellexp: row.selling / row.revenue, npm: row.netProfit / row.totalRevenue, size: Math.log(row.assets), rd: Math.log(row.rd),
    hc: Math.log(row.wage), execage: row.ageSum / f.execs, listage: row.year - f.listYear,
  });
  const pools = Object.fromEntries(used.map((k) => [k, []]));
  for (const f of firms) for (const row of f.rows) if (inAnalysis(f, row)) {
    const x = controls(f, row);
    for (const k of used) pools[k].push(x[k]);
  }
  const cuts = {}, means = {};
  for (const k of used) {
    const s = pools[k].slice().sort((a, b) => a - b);
    cuts[k] = [quantileType2(s, 0.05), quantileType2(s, 0.95)];
    means[k] = pools[k].reduce((acc, v) => acc + clamp(v, cuts[k][0], cuts[k][1]), 0) / pools[k].length;
  }

  // Treatment (absorbing: μ never falls while V is fixed) and potential outcomes.
  for (const f of firms) {
    f.first = null;
    f.rows.forEach((row, t) => {
      const mu = G.const + G.policy * policy[f.p][t] + G.overseas * f.overseas + G.year_step * t
        + industryEffect[f.industry].selection + regionEffect[f.region].selection;
      row.D = mu > f.V ? 1 : 0;
      if (row.D && f.first === null) f.first = row.year;
      const x = controls(f, row);
      let xb0 = 0, gainX = P.delta0;
      for (const k of used) {
        const xc = clamp(x[k], cuts[k][0], cuts[k][1]) - means[k];
        xb0 += P.beta0[k] * xc;
        gainX += P.delta_beta[k] * xc;
      }
      const base = 15 + industryEffect[f.industry].outcome + regionEffect[f.region].outcome + yearEffect[t] + xb0 + f.psi + row.r
        + (f.manufacturing ? 0 : -0.3) - (row.st ? 0.6 : 0);
      const y0 = base + P.sigma0V * f.V, y1 = base + gainX + P.sigma1V * f.V + f.kappa;
      row.omega = row.D ? y1 : y0;
      row.gain = y1 - y0;
      row.gainX = gainX;
    });
  }

  // Production: labour answers the shock r (so OLS is biased), materials are the LP proxy.
  for (const f of firms) {
    const bl = f.manufacturing ? PR.beta_l : 0.6, bk = f.manufacturing ? PR.beta_k : 0.05;
    for (const row of f.rows) {
      const employees = Math.max(50, Math.round(Math.exp(f.lnEmp + (PR.labour_on_shock * 0.1 * row.r) / P.sd_r + 0.1 * R.norm())));
      const lnk = Math.log(row.K);
      const VA = Math.exp(bl * Math.log(employees) + bk * lnk + row.omega + PR.sd_eta * R.norm());
      row.employees = employees;
      row.materials = rounded(Math.exp(-6.1 + 0.6 * lnk + row.omega), 0);
      row.depreciation = rounded(Math.min(0.4 * VA, 0.08 * row.K * (0.8 + 0.4 * R.unif())), 0);
      row.pay = rounded(row.wage * employees, 0);
      row.taxesNet = rounded(0.1 * VA * (0.5 + R.unif()), 0);
      row.operatingProfit = rounded(VA, 0) - row.depreciation - row.pay - row.taxesNet;
    }
  }

  // MOFCOM-style directory: the first record (before 2009 for firms treated from the start), then repeats.
  const records = [];
  for (const f of firms) {
    if (f.first === null) continue;
    const first = f.first === FIRST ? 2003 + R.int(7) : f.first;
    records.push([f.code, first, R.pick(HOSTS)]);
    for (let y = first + 1; y <= LAST; y++) if (R.unif() < 0.25) records.push([f.code, y, R.pick(HOSTS)]);
  }
  records.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));

  fs.mkdirSync(args.out, { recursive: true });
  const lines = [];
  for (const f of firms.slice().sort((a, b) => (a.code < b.code ? -1 : 1))) for (const row of f.rows) {
    const overseas = row.revenue * f.overseas * (row.year === FIRST ? 1 : Math.exp(0.2 * R.norm()));
    lines.push([f.code, row.year, f.industry, f.province, f.listYear, row.st, row.employees, fmt(row.depreciation, 0), fmt(row.pay, 0),
      fmt(row.taxesNet, 0), fmt(row.operatingProfit, 0), fmt(row.K, 0), fmt(row.investment, 0), fmt(row.materials, 0), fmt(row.assets, 0),
      fmt(row.liabilities, 0), fmt(row.interest, 0), fmt(row.revenue, 0), fmt(row.totalRevenue, 0), fmt(row.incomeTax, 0),
      fmt(row.profit, 0), fmt(row.selling, 0), fmt(row.netProfit, 0), fmt(row.rd, 0), fmt(row.ageSum, 0), f.execs, fmt(overseas, 0)]);
  }
  writeCsv(args.out, 'firm_year.csv', ['stkcd', 'year', 'industry', 'province', 'list_year', 'st', 'employees', 'depreciation',
    'labour_pay', 'taxes_net', 'operating_profit', 'fixed_assets', 'fixed_asset_increase', 'intermediate_inputs', 'total_assets',
    'total_liabilities', 'interest_expense', 'operating_revenue', 'total_operating_revenue', 'income_tax', 'total_profit',
    'selling_expense', 'net_profit', 'rd_expense', 'exec_age_sum', 'exec_count', 'overseas_revenue'], lines);
  writeCsv(args.out, 'ofdi.csv', ['stkcd', 'year', 'host_country'], records);
  const policyRows = [];
  PROVINCES.forEach(([code], j) => policy[j].forEach((v, t) => policyRows.push([code, FIRST + t, v])));
  writeCsv(args.out, 'policy.csv', ['province', 'year', 'ofdi_policy_index'], policyRows);
  writeCsv(args.out, 'provinces.csv', ['province', 'region'], PROVINCES.map((p) => [p[0], p[1]]));

  let n = 0, treated = 0, gainT = 0, gainU = 0, gainX = 0;
  for (const f of firms) for (const row of f.rows) if (inAnalysis(f, row)) {
    n++; gainX += row.gainX;
    if (row.D) { treated++; gainT += row.gain; } else gainU += row.gain;
  }
  const slope = P.sigma1V - P.sigma0V;
  writeTruth(args.out, {
    study: 'ofdi-mte', seed_paper: '003', seed: args.seed, size: args.size, firms: N, years: [FIRST, LAST],
    params: P,
    sample: {
      analysis_rows: n, treated_rows: treated, share_treated: treated / n, winsor_cuts: cuts, x_means: means,
      realised_att: gainT / treated, realised_atu: gainU / (n - treated), realised_ate: (gainT + gainU) / n,
    },
    targets: {
      mte_slope: slope,
      ate: gainX / n,
      mte_at_mean_x: Object.fromEntries([0.1, 0.25, 0.5, 0.75, 0.9].map((u) => [`u${u.toFixed(2)}`, P.delta0 + slope * normalQuantile(u)])),
      delta_beta: P.delta_beta,
      propensity: { ofdi_policy_index: G.policy, overseas_share_2009: G.overseas, controls: 0 },
      capdeep_on_ofdi: 0,
    },
  });
}

runMain(NAME, main);
