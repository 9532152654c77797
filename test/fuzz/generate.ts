/**
 * Input generators of the fuzz harness: grammar-aware formulas, expressions and whole
 * specs, and mutations of valid ones. Deterministic from a seed (mulberry32), so any
 * failure reproduces from `seed` and its index.
 */

export type R = () => number;

/** mulberry32: a small, fast, well-mixed 32-bit generator. */
export function rng(seed: number): R {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: R, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** Names users write, plus the ones JavaScript objects already have. */
export const NAMES = [
  'x', 'z', 'y', 'g', 'id', 't', 'd', 'time', 'event', 'QUA', 'lnage', 'a.b', '企业', '`a b`',
  '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf',
];
const FUNS = ['log', 'exp', 'sqrt', 'abs', 'lag', 'lead', 'winsorize', 'mean_by', 'ifelse', 'cummax', 'pmin', 'growth', 'loo_mean', 'rank', 'nope'];
const LITS = ['1', '0', '2.5', '1e-3', '1e308', '"east"', "'西部'", 'TRUE', 'NA', '2000', '-0', '""'];
const BIN = ['+', '-', '*', '/', '^', '==', '<', '>=', '&', '|', '!=', '&&', '||', '<='];

export function genExpr(r: R, depth: number): string {
  const roll = r();
  if (depth <= 0 || roll < 0.28) return r() < 0.6 ? pick(r, NAMES) : pick(r, LITS);
  if (roll < 0.5) return `${genExpr(r, depth - 1)} ${pick(r, BIN)} ${genExpr(r, depth - 1)}`;
  if (roll < 0.58) return `${pick(r, ['-', '!', '+'])}${genExpr(r, depth - 1)}`;
  if (roll < 0.66) return `(${genExpr(r, depth - 1)})`;
  if (roll < 0.72) return `${pick(r, NAMES)} in [${pick(r, LITS)}, ${pick(r, LITS)}]`;
  if (roll < 0.76) return Array.from({ length: 2 + Math.floor(r() * (r() < 0.1 ? 700 : 40)) }, () => pick(r, NAMES)).join(` ${pick(r, ['+', '*', '&'])} `);
  if (roll < 0.79) {
    const n = 1 + Math.floor(r() * 130);
    return `${'('.repeat(n)}${pick(r, NAMES)}${')'.repeat(n)}`;
  }
  const args = Array.from({ length: Math.floor(r() * 4) }, () =>
    r() < 0.2 ? `by = [${pick(r, NAMES)}, ${pick(r, NAMES)}]` : r() < 0.1 ? `${pick(r, ['p', 'n', 'ref'])} = ${pick(r, LITS)}` : genExpr(r, depth - 1),
  );
  return `${pick(r, FUNS)}(${args.join(', ')})`;
}

function genAtom(r: R, depth: number): string {
  const roll = r();
  if (depth <= 0 || roll < 0.3) return pick(r, NAMES);
  if (roll < 0.4) return `I(${genExpr(r, 2)})`;
  if (roll < 0.47) return `${pick(r, ['log', 'sqrt', 'lag'])}(${pick(r, NAMES)})`;
  if (roll < 0.56) return pick(r, ['i(g)', 'i(g, ref = "east")', 'i(t, ref = 2000)', 'i(g, x)', 'i.g', 'ib2000.t', 'i(__proto__)', 'i(x, ref = [1, 2])']);
  if (roll < 0.63) return pick(r, ['l(x, 1)', 'l(x, 1:2)', 'f(x, 1)', 'd(x)', 'L.x', 'L2.x', 'F.x', 'D.x', 'l(x, -1)']);
  if (roll < 0.69) return pick(r, ['{controls}', '{fes}', '{__proto__}', '{nope}', '{toString}']);
  if (roll < 0.75) return `(${genSum(r, depth - 1)})`;
  if (roll < 0.81) return `${pick(r, ['sw', 'csw', 'sw0', 'csw0'])}(${genSum(r, depth - 1)}, ${genSum(r, depth - 1)})`;
  if (roll < 0.84) return `strata(${pick(r, NAMES)})`;
  return `${pick(r, ['c.x', 'x', 'i.g'])}${pick(r, ['#', '##', ':', '*'])}${pick(r, ['c.z', 'z', 'g'])}`;
}

function genSum(r: R, depth: number, top = false): string {
  // Now and then a long flat sum of plain names (long sums must parse without recursion).
  if (top && r() < 0.01) return Array.from({ length: 500 + Math.floor(r() * 2500) }, () => pick(r, NAMES)).join(' + ');
  const n = 1 + Math.floor(r() * 4);
  const parts = Array.from({ length: n }, () => genAtom(r, depth));
  return parts.reduce((s, p) => `${s} ${r() < 0.9 ? '+' : '-'} ${p}`);
}

export function genFormula(r: R): string {
  const lhs = pick(r, ['y', 'log(y)', 'c(y, z)', 'Surv(time, event)', 'Surv(t, time, event)', 'd', '__proto__']);
  let s = `${lhs} ~ ${genSum(r, 3, true)}`;
  const roll = r();
  if (roll < 0.4) s += ` | ${pick(r, ['id', 'id + t', 'g^t', 'id + sw(t, g^t)', 'csw0(id, t)', 'constructor'])}`;
  if (roll > 0.7) s += ` | ${pick(r, ['x', 'x + z'])} ~ ${pick(r, ['z', 'g + t', 'z + t + id'])}`;
  return s;
}

const NOISE = ['(', ')', '[', ']', ',', '~', '|', '+', '-', '*', ':', '^', '#', '{', '}', '"', "'", '`', '=', '!', ' ', 'x', '1', '.', '@', '企', '\n', '\t', '\u001b', '\u009b', '\\', '&', '*a', '&a', '---', '? ', '- ', '%'];

/** 1–3 character-level edits: delete, insert noise, swap two slices. */
export function mutate(r: R, s: string): string {
  let out = s;
  const n = 1 + Math.floor(r() * 3);
  for (let k = 0; k < n; k++) {
    const at = Math.floor(r() * (out.length + 1));
    const op = r();
    if (op < 0.3) out = out.slice(0, at) + out.slice(at + 1);
    else if (op < 0.7) out = out.slice(0, at) + pick(r, NOISE) + out.slice(at);
    else if (op < 0.85) {
      const len = Math.floor(r() * 6);
      out = out.slice(0, at) + out.slice(at + len, at + 2 * len) + out.slice(at, at + len) + out.slice(at + 2 * len);
    } else {
      // Line-level: duplicate or drop a line, or shift its indentation.
      const lines = out.split('\n');
      const i = Math.floor(r() * lines.length);
      const roll = r();
      if (roll < 0.4) lines.splice(i, 0, lines[i]!);
      else if (roll < 0.7) lines.splice(i, 1);
      else lines[i] = (r() < 0.5 ? '  ' : '') + lines[i]!.replace(/^ {0,2}/, '');
      out = lines.join('\n');
    }
  }
  return out;
}

const ESTIMATORS = ['ols', 'probit', 'logit', 'cox', 'cloglog', 're', 'heckman', 'mte', 'placebo', 'exponential', 'weibull', 'olss'];
const VCOVS = ['iid', 'hc1', 'cluster(g)', 'cluster(id, t)', 'robust', 'cluster()', 'nw(2)', 'cluster(__proto__)'];

function q(s: string): string {
  return JSON.stringify(s);
}

/** A whole spec: valid in shape most of the time, with hostile names, values and sizes. */
export function genSpec(r: R): string {
  const name = () => pick(r, ['m', 'm2', 'main', '__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'a b', '企业', 'x']);
  const lines = ['version: 1'];
  if (r() < 0.3) lines.push(`title: ${q(r() < 0.1 ? 'T'.repeat(600) : 'A study \u001b[31m')}`);
  lines.push('data:', `  t: { source: d.csv${r() < 0.3 ? ', panel: { id: id, time: t }' : ''}${r() < 0.1 ? ', types: { g: string }' : ''} }`);
  if (r() < 0.3) lines.push(`  u: { from: t, where: ${q(genExpr(r, 2))}${r() < 0.3 ? `, join: [{ table: t, on: [id] }]` : ''} }`);
  if (r() < 0.5) {
    lines.push('variables:');
    for (let i = 0, n = 1 + Math.floor(r() * 3); i < n; i++) lines.push(`  ${name()}${i}: ${q(genExpr(r, 3))}`);
  }
  if (r() < 0.3) lines.push('samples:', `  ${name()}: ${q(genExpr(r, 2))}`);
  if (r() < 0.3) lines.push('terms:', `  controls: ${q('x + z')}`, `  ${name()}: ${q(genSum(r, 1))}`);
  lines.push('models:');
  const models: string[] = [];
  for (let i = 0, n = 1 + Math.floor(r() * 3); i < n; i++) {
    const m = `${name()}${r() < 0.5 ? '' : i}`;
    models.push(m);
    const opts = [`formula: ${q(genFormula(r))}`];
    if (r() < 0.5) opts.push(`estimator: ${pick(r, ESTIMATORS)}`);
    if (r() < 0.4) opts.push(`vcov: ${q(pick(r, VCOVS))}`);
    if (r() < 0.1) opts.push(`grid: ${pick(r, ['99', '100000000', '-1', '1e9'])}`);
    if (r() < 0.1) opts.push(`period: ${pick(r, ['1', '0', '1e-9', '-2'])}`);
    if (r() < 0.1) opts.push(`sample: ${name()}`);
    if (r() < 0.1) opts.push(`split: ${pick(r, NAMES)}`);
    if (r() < 0.05) opts.push(`model: ${name()}`, `permute: x`);
    lines.push(`  ${q(m)}: { ${opts.join(', ')} }`);
  }
  if (r() < 0.4) {
    const keep = pick(r, ['["x"]', '["/^x$/"]', '["/(x+)+$/"]', '["/(a)\\\\1/"]', '["{controls}"]', '["/[/"]']);
    lines.push('tables:', `  ${name()}: { models: [${models.map(q).join(', ')}], keep: ${keep}${r() < 0.3 ? `, labels: { x: ${q('X')}, constructor: C }` : ''} }`);
  }
  if (r() < 0.3) {
    lines.push('figures:', `  ${name()}: { kind: ${pick(r, ['trend', 'coefplot', 'density', 'mte', 'pie'])}, x: t, y: y, by: ${pick(r, NAMES)}, of: [${models.map(q).join(', ')}] }`);
  }
  return lines.join('\n') + '\n';
}
