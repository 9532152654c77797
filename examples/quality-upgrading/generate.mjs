#!/usr/bin/env node
// Synthetic raw data for the quality-upgrading study (seed paper 002: product quality upgrading
// and firm performance), with known true parameters.
//
//   node examples/quality-upgrading/generate.mjs [--seed N] --out DIR [--size small|large] [--truth FILE.json]
//
// Writes industrial.csv (unbalanced firm-year panel 2000–2013 including the rows the paper's
// rules drop), customs.csv (export records keyed by company name, phone and postcode),
// awards.csv, award_types.csv and truth.json; byte-identical for the same arguments.
// `small` = 4,000 firms, `large` = 40,000.
//
// The generator applies the paper's rules and measurements to the values it writes (customs
// filters, matching by name or by phone + postcode, the industrial filters, QU, C-D TFP, HHI)
// and builds ROA on those measured regressors; rows the rules drop get ROA from another process.

import fs from 'node:fs';
import { fmt, ols, parseArgs, rng as makeRng, rounded, withOverrides, writeCsv, runMain, writeTruth } from '../lib/generate.mjs';

const NAME = 'generate.mjs (quality-upgrading)';
const PARAMS = {
  beta: {
    LQU: 0.049, MQU: 0.024, HQU: 0.044,
    AGE: 0.003, AGE2: -0.00005, SIZE: -0.086, TFP: 0.02, DAC: -0.084, FINANCE: -0.123, CAP: -0.00025,
    SUB: 0.0054, SI: -0.083, SI2: 0.012, FI: 0.011, CASH: -0.039, INNOV: 0.040, EXPORT: 0.002,
    STO: -0.050, CEN: -0.019, HHI: 0.933,
  },
  sigma: 0.06,
  // α_i = const + size·(mean SIZE_i − 11) + awarded·1[ever honoured] + u_i, u_i ~ N(0, sd²)
  alpha: { const: 1.05, size: 0.03, awarded: 0.02, sd: 0.05 },
  award_rate: 0.035,
  award_level_probs: [0.22, 0.22, 0.14, 0.05, 0.12, 0.05, 0.08, 0.08, 0.04],
  contaminated_roa: { mean: 0.15, sd: 0.8 },
  other_firms_beta: { LQU: 0, MQU: 0, HQU: 0, SIZE: 0.0 },
};
const SIZES = { small: 4000, large: 40000 };
const Y0 = 2000, Y1 = 2013;
// CIC industry → word in the company name, HS chapter of its products
const INDUSTRY = {
  13: ['食品', 16], 14: ['食品', 19], 15: ['饮料', 22], 17: ['纺织', 52], 18: ['服装', 61], 19: ['皮革', 42], 20: ['木业', 44],
  21: ['家具', 94], 22: ['纸业', 48], 24: ['文体用品', 95], 26: ['化工', 29], 27: ['制药', 30], 28: ['化纤', 55], 29: ['橡胶', 40],
  30: ['塑料', 39], 31: ['建材', 69], 32: ['钢铁', 72], 33: ['金属', 76], 34: ['五金', 73], 35: ['机械', 84], 36: ['设备', 84],
  37: ['汽车配件', 87], 39: ['电器', 85], 40: ['电子', 85], 41: ['仪器', 90], 42: ['工艺品', 97],
};
const INDUSTRIES = Object.keys(INDUSTRY).map(Number);
// province code, cities, their phone area codes, postcode prefix, firm weight
const PROVINCES = [
  [33, '杭州 宁波 温州 绍兴 台州', '0571 0574 0577 0575 0576', '31', 16],
  [32, '苏州 无锡 常州 南通 南京', '0512 0510 0519 0513 025', '21', 16],
  [44, '广州 深圳 东莞 佛山 中山', '020 0755 0769 0757 0760', '51', 18],
  [37, '青岛 烟台 潍坊 济南 威海', '0532 0535 0536 0531 0631', '26', 9],
  [35, '厦门 泉州 福州 莆田', '0592 0595 0591 0594', '36', 7],
  [31, '上海', '021', '20', 8], [12, '天津', '022', '30', 3], [21, '大连 沈阳', '0411 024', '11', 4],
  [13, '石家庄 保定 唐山', '0311 0312 0315', '05', 3], [34, '合肥 芜湖', '0551 0553', '23', 2],
  [42, '武汉 襄阳', '027 0710', '43', 2], [43, '长沙 株洲', '0731 0733', '41', 2], [41, '郑州 洛阳', '0371 0379', '45', 2],
  [51, '成都 绵阳', '028 0816', '61', 2], [50, '重庆', '023', '40', 2], [61, '西安', '029', '71', 1],
].map(([code, cities, areas, post, w]) => ({ code, cities: cities.split(' '), areas: areas.split(' '), post, w }));
const BRAND = '华宏鑫盛永恒达美金新天利丰远海顺泰安瑞祥力佳德通益昌兴光明宇'.split('');
// trade intermediaries: names the paper's rules drop
const INTERMEDIARY = ['进出口', '外贸', '外经', '经贸', '商贸', '物流'];
const STATE = [110, 141, 143, 151], PRIVATE = [159, 160, 171, 172, 173, 174, 190], FOREIGN = [210, 220, 230, 240, 310, 320, 330, 340];
// honour code, level 1–9, Chinese and English name
const AWARDS = [
  ['PROV_FAMOUS_TRADEMARK', 1, '省著名商标', 'provincial well-known trademark'],
  ['PROV_FAMOUS_BRAND', 1, '省名牌产品', 'provincial famous brand product'],
  ['PROV_QUALITY_AWARD', 2, '省政府质量奖', 'provincial government quality award'],
  ['CN_WELLKNOWN_TRADEMARK', 3, '中国驰名商标', 'China well-known trademark'],
  ['CN_FAMOUS_BRAND', 3, '中国名牌产品', 'China famous brand product'],
  ['CN_WORLD_FAMOUS_BRAND', 4, '中国世界名牌产品', 'China world famous brand product'],
  ['CN_QUALITY_CERT', 5, '中国产品质量认证', 'China product quality certification'],
  ['CN_QUALITY_AWARD', 6, '中国质量奖', 'China government quality award'],
  ['WORLD_WELLKNOWN_TRADEMARK', 7, '世界驰名商标', 'world well-known trademark'],
  ['WORLD_FAMOUS_BRAND', 7, '世界名牌产品', 'world famous brand product'],
  ['INTL_QUALITY_CERT', 8, '国际产品质量认证', 'international product quality certification'],
  ['WORLD_QUALITY_AWARD', 9, '世界三大质量奖', 'one of the three world quality awards'],
];
const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function makeFirms(R, N) {
  const names = new Set(), phones = new Set(), firms = [];
  for (let i = 0; i < N; i++) {
    const u = R.unif();
    const kind = u < 0.58 ? 'exporter' : u < 0.88 ? 'nonexporter' : u < 0.96 ? 'intermediary' : 'tiny_customs';
    const pv = PROVINCES[R.weighted(PROVINCES.map((p) => p.w))];
    const c = R.int(pv.cities.length), city = pv.cities[c];
    const industry = R.pick(INDUSTRIES);
    let name;
    do {
      const brand = R.pick(BRAND) + R.pick(BRAND);
      name = kind === 'intermediary' ? `${city}${brand}${R.pick(INTERMEDIARY)}有限公司`
        : `${city}${brand}${INDUSTRY[industry][0]}${R.unif() < 0.7 ? '有限公司' : '股份有限公司'}`;
    } while (names.has(name));
    names.add(name);
    let phone;
    do phone = `${pv.areas[c]}-${8 + R.int(2)}${String(R.int(1e7)).padStart(7, '0')}`; while (phones.has(phone));
    phones.add(phone);
    const postcode = `${pv.post}${String(R.int(1e4)).padStart(4, '0')}`;
    const entry = Y0 + Math.max(0, R.int(12) - 3);
    const exit = Math.min(Y1, entry + 3 + R.int(Y1 - entry - 1));
    const o = R.unif(), ownership = o < 0.14 ? 'state' : o < 0.75 ? 'private' : 'foreign';
    // a fifth of exporters appear in customs under a variant of their name (matched by phone)
    const variant = kind === 'exporter' && R.unif() < 0.2;
    const customsName = variant ? (R.unif() < 0.5 ? name.replace('有限公司', '有限责任公司') : name.replace(city, `${city}市`)) : name;
    const f = {
      id: `${pv.code}${String(100000 + 7 * i + R.int(7)).padStart(7, '0')}`, kind, province: pv.code, industry, name, customsName,
      phone, postcode, entry, exit, founded: entry - Math.min(50, Math.max(0, Math.round(Math.exp(1.8 + 0.8 * R.norm())) - 1)),
      regtype0: ownership === 'state' ? R.pick(STATE) : ownership === 'private' ? R.pick(PRIVATE) : R.pick(FOREIGN),
      privatised: ownership === 'state' && R.unif() < 0.4 ? entry + 1 + R.int(8) : 9999,
      affiliation: ownership === 'state' ? (R.unif() < 0.15 ? 10 : R.pick([20, 40, 50])) : R.pick([50, 60, 70, 90]),
      devolved: R.unif() < 0.35 ? entry + 1 + R.int(8) : 9999,
      foreignShare: ownership === 'foreign' ? 0.3 + 0.7 * R.unif() : 0,
      z: R.norm(), lnAssets: 11 + 1.1 * R.norm(), lev: clamp(0.55 + 0.17 * R.norm(), 0.08, 0.92),
      cash: clamp(0.55 + 0.13 * R.norm(), 0.15, 0.9), lnCapInt: Math.log(80) + 0.8 * R.norm(), exportShare: 0.1 + 0.8 * R.unif(),
      pSubsidy: 0.1 + 0.3 * R.unif(), pInnov: R.unif() < 0.3 ? 0.6 : 0.08, fin: 0.01 * Math.exp(0.6 * R.norm()), tfp: 0.35 * R.norm(),
    };
    f.u = 0;
    firms.push(f);
  }
  return firms;
}

function main() {
  const args = parseArgs(NAME, process.argv.slice(2), SIZES);
  const P = withOverrides(PARAMS, args.truth);
  const R = makeRng(args.seed);
  const N = SIZES[args.size];
  const firms = makeFirms(R, N);
  for (const f of firms) f.u = P.alpha.sd * R.norm();
  const byLevel = {};
  for (const a of AWARDS) (byLevel[a[1]] ??= []).push(a[0]);

  // Honours 1995–2013, each year with probability award_rate·exp(0.3 z) (half before entry).
  const awardRows = [];
  const nameSet = new Set(firms.map((f) => f.name));
  for (const f of firms) {
    f.awards = [];
    const rate = P.award_rate * Math.exp(0.3 * f.z) * (f.kind === 'exporter' || f.kind === 'tiny_customs' ? 1 : 0.7);
    for (let y = 1995; y <= Y1; y++) {
      if (R.unif() < rate * (y < f.entry ? 0.5 : 1)) {
        const level = 1 + R.weighted(P.award_level_probs);
        f.awards.push({ y, level });
        awardRows.push([f.name, R.pick(byLevel[level]), y]);
      }
    }
  }
  for (let j = 0; j < Math.round(0.05 * N); j++) {   // honours of firms outside the industrial data
    const pv = R.pick(PROVINCES);
    const name = `${pv.cities[0]}${R.pick(BRAND)}${R.pick(BRAND)}集团有限公司`;
    const code = AWARDS[R.int(AWARDS.length)][0], year = 1995 + R.int(Y1 - 1994);
    if (!nameSet.has(name)) awardRows.push([name, code, year]);
  }
  awardRows.sort((a, b) => a[2] - b[2] || cmp(a[0], b[0]) || cmp(a[1], b[1]));
  const QU = (f, y) => f.awards.reduce((m, a) => (a.y <= y && a.level > m ? a.level : m), 0);

  // Firm-year rows with the contamination the paper's rules remove.
  const rows = [];
  for (const f of firms) {
    let e1 = 0.1 * R.norm(), e2 = 0.1 * R.norm();
    for (let y = f.entry; y <= f.exit; y++) {
      e1 = 0.7 * e1 + 0.08 * R.norm();
      e2 = 0.6 * e2 + 0.06 * R.norm();
      const gap = y > f.entry && y < f.exit && R.unif() < 0.04;   // a missing year in the panel
      const assets = Math.exp(f.lnAssets + 0.05 * (y - f.entry) + e1);
      const capInt = Math.exp(f.lnCapInt + e2 + 0.1 * R.norm());
      const fixed = assets * clamp(0.35 + 0.08 * R.norm(), 0.1, 0.7);
      const employees = Math.max(8, Math.round(fixed / capInt));
      const output = Math.exp(4.2 + 0.35 * Math.log(fixed) + 0.55 * Math.log(employees) + f.tfp + 0.15 * R.norm() + 0.05 * R.norm());
      const sales = output * (0.9 + 0.15 * R.unif());
      const r = {
        f, y, employees, output: rounded(output, 0), value_added: rounded(output * (0.2 + 0.15 * R.unif()), 0), sales: rounded(sales, 0),
        export_value: rounded(f.kind === 'nonexporter' ? 0 : sales * clamp(f.exportShare + 0.08 * R.norm(), 0.02, 0.98), 0),
        total_assets: rounded(assets, 0), total_liabilities: rounded(assets * clamp(f.lev + 0.05 * R.norm(), 0.03, 0.97), 0),
        current_assets: rounded(assets * clamp(f.cash + 0.05 * R.norm(), 0.05, 0.95), 0), fixed_assets: rounded(fixed, 0),
        interest: rounded(sales * Math.max(0, f.fin * Math.exp(0.3 * R.norm())), 1),
        subsidy: rounded(R.unif() < f.pSubsidy ? sales * 0.004 * Math.exp(0.8 * R.norm()) : 0, 1),
        new_product_output: rounded(R.unif() < f.pInnov ? output * (0.05 + 0.4 * R.unif()) : 0, 0),
        regtype: y >= f.privatised ? 173 : f.regtype0, affiliation: f.affiliation === 10 && y >= f.devolved ? 20 : f.affiliation,
        bad: '', missing: '',
      };
      const paidIn = assets * (0.15 + 0.2 * R.unif());
      const share = f.foreignShare > 0 ? clamp(f.foreignShare + (R.unif() < 0.1 ? 0.2 * R.norm() : 0), 0.05, 1) : 0;
      r.paid_in_capital = rounded(paidIn, 0);
      r.foreign_capital = rounded(paidIn * share, 0);
      const c = R.unif();
      if (c < 0.02) { r.employees = 2 + R.int(6); r.bad = 'employees<8'; }
      else if (c < 0.035) { r.fixed_assets = rounded(20 + 70 * R.unif(), 0); r.bad = 'fixed_assets<100'; }
      else if (c < 0.065) { r.sales = rounded(1000 + 3500 * R.unif(), 0); r.bad = 'sales<5000'; }
      else if (c < 0.075) { r.value_added = rounded(r.output * (1.05 + R.unif()), 0); r.bad = 'va>output'; }
      else if (c < 0.085 && f.kind !== 'nonexporter') { r.export_value = rounded(r.sales * (1.05 + R.unif()), 0); r.bad = 'export>sales'; }
      else if (c < 0.095) { const k = R.pick(['value_added', 'subsidy', 'export_value']); r[k] = -Math.abs(r[k]) - 1; r.bad = `${k}<0`; }
      else if (c < 0.105) { r.missing = R.pick(['total_assets', 'sales', 'employees']); r.bad = 'missing'; }
      if (!gap) rows.push(r);
    }
  }

  // Customs records (firm × hs6 × year); tiny values or quantities are dropped by the rules.
  const customs = [];
  for (const f of firms) {
    if (f.kind === 'nonexporter') continue;
    const products = Array.from({ length: 1 + R.int(3) }, () => `${INDUSTRY[f.industry][1]}${String(1 + R.int(99)).padStart(2, '0')}${10 + R.int(90)}`);
    let any = false;
    for (let y = f.entry; y <= f.exit; y++) for (const hs of products) {
      if (R.unif() < 0.2) continue;
      let value = 3e5 * Math.exp(1.5 * R.norm()), qty = value / Math.exp(1 + R.norm());
      if (f.kind === 'tiny_customs' || R.unif() < 0.03) { if (R.unif() < 0.5) value = 5 + 40 * R.unif(); else qty = 0.2 + 0.7 * R.unif(); }
      customs.push([f.customsName, f.phone, f.postcode, y, hs, Math.max(1, rounded(value, 0)), Math.max(0.1, rounded(qty, 1))]);
      any = true;
    }
    if (f.kind === 'tiny_customs' && !any) customs.push([f.customsName, f.phone, f.postcode, f.entry, products[0], 30, 0.5]);
  }
  customs.sort((a, b) => a[3] - b[3] || cmp(a[1], b[1]) || cmp(a[4], b[4]));

  // The pipeline: customs filters, matching (name, or phone + postcode), industrial rules.
  const isIntermediary = (name) => INTERMEDIARY.some((w) => name.includes(w));
  const names = new Set(), contacts = new Set();
  for (const c of customs) if (c[5] >= 50 && c[6] >= 1 && !isIntermediary(c[0])) { names.add(c[0]); contacts.add(`${c[1]}|${c[2]}`); }
  for (const f of firms) f.matched = names.has(f.name) || contacts.has(`${f.phone}|${f.postcode}`);
  const industrySales = new Map();
  for (const r of rows) if (r.missing !== 'sales') {
    const key = `${r.f.industry}|${r.y}`;
    industrySales.set(key, (industrySales.get(key) ?? 0) + r.sales);
  }
  const failsRules = (r) => r.missing !== '' || r.employees < 8 || r.fixed_assets < 100 || r.sales < 5000 || r.value_added > r.output
    || r.export_value > r.sales || r.value_added < 0 || r.export_value < 0 || r.subsidy < 0 || r.total_assets < 0 || r.sales < 0;
  for (const r of rows) if (!r.bad && failsRules(r)) r.bad = 'natural';
  const kept = (r) => r.f.matched && !isIntermediary(r.f.name) && !failsRules(r);
  const sample = rows.filter(kept);
  const cd = ols(sample.map((r) => Math.log(r.output)), sample.map((r) => [1, Math.log(r.fixed_assets), Math.log(r.employees)]));
  const regressors = (r) => {
    const qu = QU(r.f, r.y), si = r.subsidy / r.sales, age = r.y - r.f.founded;
    return {
      QU: qu, LQU: +(qu >= 1 && qu <= 2), MQU: +(qu >= 3 && qu <= 6), HQU: +(qu >= 7), AGE: age, AGE2: age * age,
      SIZE: Math.log(r.total_assets), TFP: Math.log(r.output) - cd[0] - cd[1] * Math.log(r.fixed_assets) - cd[2] * Math.log(r.employees),
      DAC: r.total_liabilities / r.total_assets, FINANCE: r.interest / r.sales, CAP: r.fixed_assets / r.employees, SUB: +(r.subsidy > 0),
      SI: si, SI2: si * si, FI: r.paid_in_capital > 0 ? r.foreign_capital / r.paid_in_capital : 0, CASH: r.current_assets / r.total_assets,
      INNOV: +(r.new_product_output > 0), EXPORT: Math.log(r.export_value), STO: +STATE.includes(r.regtype), CEN: +(r.affiliation === 10),
      HHI: r.sales / industrySales.get(`${r.f.industry}|${r.y}`),
    };
  };

  // ROA: the DGP on kept rows; other firms without the award and size effects; dropped rows noise.
  const meanSize = new Map();
  for (const r of rows) if (r.missing !== 'total_assets') {
    const a = meanSize.get(r.f) ?? [0, 0];
    a[0] += Math.log(Math.abs(r.total_assets) || 1);
    a[1]++;
    meanSize.set(r.f, a);
  }
  const B = P.beta, otherB = { ...B, ...P.other_firms_beta };
  const sums = {};
  let nKept = 0;
  for (const r of rows) {
    const ms = meanSize.get(r.f), size = ms ? ms[0] / ms[1] : 10.6;
    const alpha = P.alpha.const + P.alpha.size * (size - 11) + P.alpha.awarded * (r.f.awards.length ? 1 : 0) + r.f.u;
    let roa;
    if (r.bad) roa = P.contaminated_roa.mean + P.contaminated_roa.sd * R.norm();
    else {
      const z = regressors(r), isKept = kept(r), b = isKept ? B : otherB;
      roa = alpha + P.sigma * R.norm();
      for (const k of Object.keys(B)) roa += b[k] * (k === 'EXPORT' && !(r.export_value > 0) ? 0 : z[k]);
      if (isKept) { nKept++; for (const [k, v] of Object.entries(z)) sums[k] = (sums[k] ?? 0) + v; }
    }
    r.profits = rounded(roa * Math.abs(r.total_assets), 0);
  }

  fs.mkdirSync(args.out, { recursive: true });
  const cols = ['firm_id', 'year', 'name', 'phone', 'postcode', 'industry', 'province', 'regtype', 'affiliation', 'founded',
    'employees', 'output', 'value_added', 'sales', 'export_value', 'total_assets', 'total_liabilities', 'current_assets',
    'fixed_assets', 'interest', 'subsidy', 'profits', 'new_product_output', 'paid_in_capital', 'foreign_capital'];
  const oneDecimal = new Set(['interest', 'subsidy']);
  rows.sort((a, b) => cmp(a.f.id, b.f.id) || a.y - b.y);
  writeCsv(args.out, 'industrial.csv', cols, rows.map((r) => cols.map((c) => {
    if (c === r.missing) return '';
    switch (c) {
      case 'firm_id': return r.f.id;
      case 'year': return r.y;
      case 'name': case 'phone': case 'postcode': case 'industry': case 'province': case 'founded': return r.f[c];
      case 'regtype': case 'affiliation': case 'employees': return r[c];
      default: return fmt(r[c], oneDecimal.has(c) ? 1 : 0);
    }
  })));
  writeCsv(args.out, 'customs.csv', ['company_name', 'phone', 'postcode', 'year', 'hs6', 'value_usd', 'quantity'],
    customs.map((c) => [c[0], c[1], c[2], c[3], c[4], fmt(c[5], 0), fmt(c[6], 1)]));
  writeCsv(args.out, 'awards.csv', ['company_name', 'award_code', 'year'], awardRows);
  writeCsv(args.out, 'award_types.csv', ['award_code', 'level', 'name_zh', 'name_en'], AWARDS.map((a) => [a[0], a[1], a[2], `"${a[3]}"`]));

  const dropped = {};
  for (const r of rows) if (r.bad) dropped[r.bad] = (dropped[r.bad] ?? 0) + 1;
  const kinds = {};
  for (const f of firms) kinds[f.kind] = (kinds[f.kind] ?? 0) + 1;
  writeTruth(args.out, {
    study: 'quality-upgrading', seed_paper: '002', seed: args.seed, size: args.size, firms: N, rows: rows.length, customs_rows: customs.length,
    params: P,
    sample: {
      analysis_rows: nKept, analysis_firms: new Set(sample.map((r) => r.f)).size, firms_by_kind: kinds, rows_failing_rules: dropped,
      cd_tfp_coefficients: { const: cd[0], lnK: cd[1], lnL: cd[2] },
      means: Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / nKept])),
    },
    targets: { fe_full: { ...B }, fe_basic_levels: { LQU: B.LQU, MQU: B.MQU, HQU: B.HQU } },
  });
}

runMain(NAME, main);
