/**
 * The files `studyspec init` writes. The data: 60 firms over 2015–2022 in three industries,
 * drawn from a fixed seed, with a known truth —
 *
 *   ln sales = 0.4·training + 0.3·ln capital + firm effect + year effect + ε,
 *
 * where training is correlated with the firm effect (so pooled OLS is biased and the
 * two-way fixed-effects model recovers 0.4) — a first study whose tables show something.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** mulberry32: a small seeded generator; the starter data must be the same on every machine. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(u: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

export function starterData(): string {
  const u = rng(20240607);
  const industries = ['food', 'textiles', 'machinery'];
  const lines = ['firm,year,industry,sales,training,capital,employees'];
  for (let f = 1; f <= 60; f++) {
    const industry = industries[f % 3]!;
    const alpha = normal(u);
    const capital0 = Math.exp(3 + 0.5 * normal(u));
    for (let year = 2015; year <= 2022; year++) {
      const training = 0.8 * alpha + normal(u);
      const capital = capital0 * Math.exp(0.05 * (year - 2015) + 0.1 * normal(u));
      const lnSales = 1 + 0.4 * training + 0.3 * Math.log(capital) + alpha + 0.05 * (year - 2015) + 0.3 * normal(u);
      const employees = Math.max(1, Math.round(Math.exp(2.5 + 0.5 * alpha + 0.3 * normal(u))));
      lines.push([f, year, industry, Math.exp(lnSales).toFixed(3), training.toFixed(4), capital.toFixed(2), employees].join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The installed schema (next to the bundle or the sources), for editor completion. */
function schemaPath(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const p = join(dir, 'studyspec.schema.json');
    if (existsSync(p)) return p;
    dir = dirname(dir);
  }
  return undefined;
}

export function starterSpec(): string {
  const schema = schemaPath();
  return `${schema ? `# yaml-language-server: $schema=${schema}\n` : ''}# A first study: does training raise sales? (synthetic data; the true effect is 0.4)
version: 1
title: Training and firm sales
data:
  firms:
    source: data/firms.csv
    panel:
      id: firm
      time: year
variables:
  lnsales: log(sales)
  lncapital: log(capital)
terms:
  controls: lncapital
models:
  pooled:
    formula: lnsales ~ training + {controls}
    vcov: hc1
  twfe:
    formula: lnsales ~ training + {controls} | firm + year
    vcov: cluster(firm)
tables:
  main:
    title: Training and sales
    models:
      - pooled
      - twfe
    labels:
      training: Training hours (std.)
      lncapital: log capital
    stats:
      - nobs
      - r2
      - r2_within
    indicators:
      firm: Firm FE
      year: Year FE
    format:
      - markdown
      - latex
  describe:
    kind: summary
    variables:
      - lnsales
      - training
      - lncapital
      - employees
    stats:
      - n
      - mean
      - sd
      - min
      - max
    format:
      - markdown
figures:
  effect:
    kind: coefplot
    of:
      - pooled
      - twfe
    keep:
      - training
    title: Effect of training on log sales
    format:
      - svg
`;
}

export function starterReadme(): string {
  return `# Training and firm sales

A study written as one file, \`study.yaml\`, run by [studyspec](https://www.npmjs.com/package/studyspec).

- \`data/firms.csv\`: 60 firms, 2015–2022 (synthetic; the true effect of training on log sales is 0.4,
  and training is higher in firms that sell more anyway, so pooled OLS overstates it).
- \`study.yaml\`: the data, two derived variables, a pooled and a two-way fixed-effects model,
  a regression table, a summary table and a coefficient plot.

Check the spec (schema, formulas, columns against the data's header) and run it:

    studyspec check study.yaml
    studyspec run study.yaml

\`run\` prints each model's coefficients and writes \`out/study/\`: \`results.json\`, \`tables/\`,
\`figures/\` and \`report.html\`. Change a model and run again: only what changed is recomputed.
While working on one model, \`studyspec run study.yaml --only twfe\` runs just it and what it needs.
`;
}
