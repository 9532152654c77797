/**
 * The fuzz harness: the formula parser, the expression parser and the spec front end
 * (load → schema → limits → normalize → plan, nothing run) on generated inputs.
 *
 * Pass criterion for every input: nothing is thrown (a StudyError included: the front end
 * returns diagnostics), no stack overflow, no SS999, every grammar error's span lies inside
 * its text, and every diagnostic about spec text (it has a path or a span) has a position.
 */

import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { GrammarError } from '../../src/expr/errors.js';
import { checkExpr, formatExpr, parseExpr } from '../../src/expr/index.js';
import { expandFormula, formatFormula, formulaColumns, parseFormula } from '../../src/formula/index.js';
import { toDict } from '../../src/spec/dict.js';
import { defaultParsers } from '../../src/spec/parsers.js';
import { compileSpec } from '../../src/spec/pipeline.js';
import { createValidator } from '../../src/spec/validate.js';
import { genExpr, genFormula, genSpec, mutate, pick, rng, type R } from './generate.js';

export interface FuzzFailure {
  readonly kind: 'formula' | 'expression' | 'spec';
  readonly index: number;
  readonly input: string;
  readonly problem: string;
}

export interface FuzzReport {
  readonly seed: number;
  readonly count: number;
  readonly byKind: Readonly<Record<'formula' | 'expression' | 'spec', number>>;
  readonly ms: number;
  readonly failures: readonly FuzzFailure[];
}

const TERMS = toDict<string>([
  ['controls', 'x + z'],
  ['fes', 'i(g)'],
  ['__proto__', 'x'],
  ['toString', '{controls} + t'],
  ['more', '{more}'],
]);

const CONTEXTS = ['row', 'sample', 'aggregate'] as const;

function grammarProblem(errors: readonly GrammarError[], text: string): string | undefined {
  for (const e of errors) {
    if (!e.code || e.code === 'SS999') return `error without a proper code: ${JSON.stringify(e)}`;
    if (!(e.span.start >= 0 && e.span.start <= e.span.end && e.span.end <= text.length)) return `span outside the text: ${JSON.stringify(e)}`;
  }
  return undefined;
}

function fuzzFormula(text: string): string | undefined {
  const r = parseFormula(text, { terms: TERMS });
  if (!r.value) return r.errors.length ? grammarProblem(r.errors, text) : 'no value and no error';
  for (const single of expandFormula(r.value)) {
    formulaColumns(single);
    formatFormula(single);
  }
  return undefined;
}

function fuzzExpr(text: string, r: R): string | undefined {
  const p = parseExpr(text);
  if (!p.value) return p.errors.length ? grammarProblem(p.errors, text) : 'no value and no error';
  const checks = checkExpr(p.value, { context: pick(r, CONTEXTS) });
  const bad = grammarProblem(checks, text);
  if (bad) return bad;
  // The canonical text must parse back to the same tree shape.
  const again = parseExpr(formatExpr(p.value));
  if (!again.value) return `canonical text does not parse: ${formatExpr(p.value)}`;
  return undefined;
}

const headerReader = async () => ['id', 't', 'y', 'x', 'z', 'g', 'd', 'time', 'event', '__proto__', 'constructor', 'toString'].map((name) => ({ name }));

async function fuzzSpec(text: string, validator: ReturnType<typeof createValidator>): Promise<string | undefined> {
  const res = await compileSpec(text, '/fuzz/spec.yaml', { parsers: defaultParsers(), validator, readHeader: headerReader });
  for (const d of res.diagnostics as Diagnostic[]) {
    if (d.code === 'SS999') return `SS999: ${d.message}`;
    if ((d.path || d.span) && !d.pos) return `diagnostic without a position: ${d.code} ${d.message} at ${JSON.stringify(d.path)}`;
  }
  return undefined;
}

/** Run `count` inputs (or stop after `seconds`), 40% formulas, 40% expressions, 20% specs. */
export async function runFuzz(opts: { seed: number; count: number; seconds?: number; onProgress?: (done: number) => void }): Promise<FuzzReport> {
  const r = rng(opts.seed);
  const validator = createValidator();
  const failures: FuzzFailure[] = [];
  const byKind = { formula: 0, expression: 0, spec: 0 };
  // A process warning (e.g. the YAML library stringifying a collection key) is a failure too.
  let warning: string | undefined;
  const onWarning = (w: Error) => {
    warning = `process warning: ${w.message.split('\n')[0]}`;
  };
  process.on('warning', onWarning);
  const t0 = Date.now();
  let i = 0;
  for (; i < opts.count; i++) {
    if (opts.seconds !== undefined && (i & 63) === 0 && Date.now() - t0 > opts.seconds * 1000) break;
    if (opts.onProgress && i % 10_000 === 0 && i > 0) opts.onProgress(i);
    const roll = r();
    const kind = roll < 0.4 ? 'formula' : roll < 0.8 ? 'expression' : 'spec';
    const base = kind === 'formula' ? genFormula(r) : kind === 'expression' ? genExpr(r, 5) : genSpec(r);
    const input = r() < 0.5 ? base : mutate(r, base);
    byKind[kind]++;
    let problem: string | undefined;
    try {
      problem = kind === 'formula' ? fuzzFormula(input) : kind === 'expression' ? fuzzExpr(input, r) : await fuzzSpec(input, validator);
    } catch (e) {
      problem = `threw ${e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e)}`;
    }
    if (kind === 'spec') await new Promise((resolve) => setImmediate(resolve));
    if (!problem && warning) problem = warning;
    warning = undefined;
    if (problem) failures.push({ kind, index: i, input, problem });
  }
  process.off('warning', onWarning);
  return { seed: opts.seed, count: i, byKind, ms: Date.now() - t0, failures };
}


