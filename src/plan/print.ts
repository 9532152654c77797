/**
 * Plan → text (for `studyspec plan`) and → JSON (for `--json`). One line per step with
 * what it needs, grouped in execution order, so a user can see what will run and why:
 *
 *   data.firms            file data/firms.csv (csv), 12 columns
 *   var.lnassets@firms    log(assets)                       ← data.firms
 *   model.steps/2         ols  SL ~ Vag + GDP | year        ← data.firms  [cache firms||year]
 */
import { jsonTermSafe, termSafe } from '../diagnostics/format.js';
import type { Plan, Step } from './types.js';

export function describeStep(s: Step): string {
  switch (s.kind) {
    case 'data': {
      const t = s.spec;
      const what = t.source
        ? `file ${t.source.written} (${t.source.format})`
        : `from ${t.from}${t.join.length ? ` + join ${t.join.map((j) => `${j.table} (${j.how})`).join(', ')}` : ''}`;
      const extra = [
        t.where ? `where ${t.where.text}` : '',
        t.groupBy ? `group_by ${t.groupBy.join(', ')}` : '',
        t.panel ? `panel ${t.panel.id} × ${t.panel.time}` : '',
      ].filter(Boolean);
      return [what, ...extra, `${s.columns.length} columns`].join('; ');
    }
    case 'variable':
      return s.expr.text;
    case 'sample':
      return s.expr.text;
    case 'model':
    case 'split': {
      const split = s.kind === 'split' ? `; one model per ${s.split}` : '';
      const sample = s.sample ? `; sample ${s.sample}` : '';
      return `${s.estimator}  ${formulaText(s)}; vcov ${s.options.vcov.text}${sample}${split}  [cache ${s.cacheKey}]`;
    }
    case 'placebo':
      return `placebo of ${s.target}: permute ${s.permute}${s.within.length ? ` within ${s.within.join(', ')}` : ''}, ${s.draws} draws, seed ${s.seed}`;
    case 'table':
      return s.spec.kind === 'regression' ? `${s.spec.kind}: ${s.results.join(', ')}` : `${s.spec.kind} of ${(s.spec.variables ?? []).join(', ')}`;
    case 'figure':
      return `${s.spec.kind} of ${s.spec.of.join(', ')}`;
  }
}

function formulaText(s: Extract<Step, { kind: 'model' | 'split' }>): string {
  return s.formulaText;
}

export function formatPlanText(plan: Plan): string {
  const width = Math.min(40, Math.max(...plan.steps.map((s) => s.id.length), 4));
  const lines: string[] = [];
  lines.push(`plan: ${plan.steps.length} steps${plan.spec.title ? ` — ${plan.spec.title}` : ''}`);
  for (const s of plan.steps) {
    const deps = s.deps.length ? `  ← ${s.deps.join(', ')}` : '';
    lines.push(`  ${s.id.padEnd(width)}  ${describeStep(s)}${deps}`);
  }
  return termSafe(lines.join('\n'));
}

/** JSON form: the steps (with their ASTs) and the normalized spec; stable key order. */
export function formatPlanJson(plan: Plan): string {
  return jsonTermSafe(JSON.stringify({ steps: plan.steps, spec: plan.spec }, null, 2));
}
