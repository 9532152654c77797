/**
 * The message catalogue: every user-facing text, each with a stable code.
 *
 * One catalogue, split into one file per stage so that stages can grow their own
 * messages without editing a shared file. Codes are stable: tests assert codes, never
 * prose. Ranges: SS1xx spec/YAML, SS2xx formula and expression grammar, SS3xx plan,
 * SS40x–44x data loading, SS45x–49x variables/samples, SS50x–54x linear estimators, SS55x–57x binary/selection/MTE/placebo, SS58x–59x survival, SS6xx tables/figures, SS70x–71x GLM with fixed effects (Poisson) and offsets, SS720–739 marginal effects, SS80x–89x run stage, SS9xx CLI and internal.
 *
 * A message builder returns `{code, message}`; `diag()` turns one into a Diagnostic.
 */
import type { Diagnostic, Severity, SourcePos } from '../diagnostic.js';
import { specMessages } from './spec.js';
import { grammarMessages } from './grammar.js';
import { planMessages } from './plan.js';
import { dataMessages } from './data.js';
import { variablesMessages } from './variables.js';
import { linearMessages } from './linear.js';
import { nonlinearMessages } from './nonlinear.js';
import { survivalMessages } from './survival.js';
import { renderMessages } from './render.js';
import { cliMessages } from './cli.js';
import { runMessages } from './run.js';
import { outputMessages } from './output.js';
import { pathMessages } from './paths.js';
import { nameMessages } from './names.js';
import { fileMessages } from './files.js';
import { glmMessages } from './glm.js';
import { sourceMessages } from './sources.js';
import { inferenceMessages } from './inference.js';
import { marginsMessages } from './margins.js';
import { scaleMessages } from './scale.js';
import { sqlMessages } from './sql.js';

export interface Message {
  readonly code: string;
  readonly message: string;
  readonly notes?: readonly string[];
}

/**
 * Every stage's catalogue, by stage. Stages import their own file (e.g. `dataMessages`);
 * builder names may repeat across stages, so there is deliberately no flat merged object.
 */
export const catalogue = {
  spec: specMessages,
  grammar: grammarMessages,
  plan: planMessages,
  data: dataMessages,
  variables: variablesMessages,
  linear: linearMessages,
  nonlinear: nonlinearMessages,
  survival: survivalMessages,
  glm: glmMessages,
  render: renderMessages,
  cli: cliMessages,
  run: runMessages,
  output: outputMessages,
  paths: pathMessages,
  names: nameMessages,
  files: fileMessages,
  sources: sourceMessages,
  inference: inferenceMessages,
  margins: marginsMessages,
  scale: scaleMessages,
  sql: sqlMessages,
};

export type MessageCode = string;

export function diag(
  m: Message,
  opts: {
    severity?: Severity;
    pos?: SourcePos;
    path?: readonly (string | number)[];
    span?: { start: number; end: number };
    notes?: readonly string[];
  } = {},
): Diagnostic {
  const notes = [...(m.notes ?? []), ...(opts.notes ?? [])];
  return {
    code: m.code,
    severity: opts.severity ?? 'error',
    message: m.message,
    ...(opts.pos ? { pos: opts.pos } : {}),
    ...(opts.path ? { path: opts.path } : {}),
    ...(opts.span ? { span: opts.span } : {}),
    ...(notes.length ? { notes } : {}),
  };
}

/** "did you mean" helper shared by every stage: closest candidates by edit distance. */
export function suggest(name: string, candidates: Iterable<string>, max = 3): string[] {
  const scored: [string, number][] = [];
  const lower = name.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    const limit = Math.max(1, Math.floor(Math.max(name.length, c.length) / 3));
    if (d <= limit) scored.push([c, d]);
  }
  scored.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
  return scored.slice(0, max).map((s) => s[0]);
}

export function didYouMean(name: string, candidates: Iterable<string>): string[] {
  const s = suggest(name, candidates);
  return s.length ? [`did you mean ${s.map((x) => `'${x}'`).join(' or ')}?`] : [];
}

/**
 * Optimal string alignment distance (Damerau–Levenshtein without repeated edits of one
 * substring): an adjacent transposition costs 1, so `QAU`, `frim` and `vcvo` are one edit
 * from `QUA`, `firm` and `vcov` — the typing slips people actually make.
 */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}
