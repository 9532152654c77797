// Writes specs/example/data/firms.csv and regions.csv: a small, deterministic firm-year panel
// with a known truth: QUA raises log exports by 0.5. QUA is endogenous through an unobserved
// firm-year shock that also moves exports, so two-way FE OLS is biased upwards; the
// industry-year quality wave moves every firm of an industry, so the leave-one-out
// industry-year mean of QUA is a valid instrument and 2SLS recovers 0.5.
// Usage: node scripts/gen-example-data.mjs [outDir]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = process.argv[2] ?? join(root, 'specs/example/data');

// xorshift32 + Box–Muller: tiny, deterministic across platforms.
let s = 20261122;
const u = () => {
  s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
  return (s + 0.5) / 4294967296;
};
const n = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());

const FIRMS = 400;
const YEARS = [2005, 2006, 2007, 2008, 2009, 2010, 2011, 2012];
const INDUSTRIES = ['labour', 'capital', 'technology'];
const PROVINCES = [
  ['Guangdong', 'east'], ['Zhejiang', 'east'], ['Jiangsu', 'east'], ['Henan', 'central'],
  ['Hubei', 'central'], ['Sichuan', 'west'], ['Shaanxi', 'west'],
];
const yearShock = Object.fromEntries(YEARS.map((y) => [y, y === 2009 ? -0.4 : 0.05 * (y - 2005) + 0.1 * n()]));
const industryQuality = INDUSTRIES.map(() => Object.fromEntries(YEARS.map((y) => [y, n()])));

const rows = ['firm,year,industry,province,exports,QUA,age,assets,employment,leverage'];
for (let f = 1; f <= FIRMS; f++) {
  const ind = Math.floor(u() * INDUSTRIES.length);
  const prov = PROVINCES[Math.floor(u() * PROVINCES.length)][0];
  const firmEffect = n();
  const founded = 1980 + Math.floor(u() * 25);
  let assets = Math.exp(8 + n());
  for (const y of YEARS) {
    if (u() < 0.04) continue; // unbalanced panel: a few firm-years missing
    const shock = n(); // unobserved firm-year shock: moves both QUA and exports (endogeneity)
    const qua = 0.8 * industryQuality[ind][y] + 0.6 * shock + 0.3 * n();
    assets *= Math.exp(0.05 + 0.1 * n());
    const employment = Math.max(8, Math.round(Math.exp(4 + 0.5 * n())));
    const leverage = Math.min(0.95, Math.max(0.05, 0.5 + 0.15 * n()));
    const lexp = 3 + firmEffect + yearShock[y] + 0.5 * qua + 0.3 * Math.log(assets) / 10 - 0.2 * leverage + 0.8 * shock + 0.3 * n();
    const cell = (v) => (u() < 0.005 ? '' : v.toPrecision(8)); // sprinkle missing values
    rows.push([f, y, INDUSTRIES[ind], prov, cell(Math.exp(lexp)), cell(qua), y - founded + 1, assets.toPrecision(8), employment, leverage.toPrecision(6)].join(','));
  }
}
const regions = ['province,region', ...PROVINCES.map(([p, r]) => `${p},${r}`)];
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'firms.csv'), rows.join('\n') + '\n');
writeFileSync(join(outDir, 'regions.csv'), regions.join('\n') + '\n');
process.stdout.write(`wrote ${rows.length - 1} firm-years to ${outDir}\n`);
