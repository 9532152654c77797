/**
 * NormalizedSpec → Plan (a DAG of typed steps).
 *
 *   NormalizedSpec
 *     |  (1. headers: column names of every file, sources outside the tree refused)
 *     |  (2. columns: every table's columns, through from / join / group_by)
 *     |  (3. steps: data → variables/samples → models → tables/figures, each reference
 *     |      resolved, unknown names reported with did-you-mean at their spec position)
 *     v  (4. order: topological; cycles reported as `var.a → var.b → var.a`)
 *   Plan
 *
 * Steps are created on demand (a variable becomes `var.x@t` only on tables that use it),
 * memoized by id before recursing so that cycles terminate and are found in step 4.
 */
import { stataColumnHint } from '../formula/stata-habits.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diag, didYouMean } from '../diagnostics/messages/index.js';
import { planMessages as messages } from '../diagnostics/messages/plan.js';
import { marginsMessages } from '../diagnostics/messages/margins.js';
import { renderMessages } from '../diagnostics/messages/render.js';
import { readHeader, type HeaderReader } from '../data/header.js';
import type { NormModel, NormalizedSpec, SpecPath } from '../spec/normalized.js';
import type { Parsers } from '../spec/parsers.js';
import { describePath } from '../spec/describe-path.js';
import { namedFileDiagnostics } from '../spec/paths.js';
import { readSourceHeaders, tableColumns, type TableColumns } from './columns.js';
import { topoSort } from './graph.js';
import { checkOutputs } from './check-outputs.js';
import { runMessages } from '../diagnostics/messages/run.js';
import { linkOutputs } from './outputs.js';
import { checkSqlSteps } from '../sqlfe/check.js';
import { exprRefs, findNameInFormula } from './refs.js';
import type { DataStep, ModelOptions, ModelStep, Plan, PlaceboStep, SampleStep, Step, TableStep, VariableStep } from './types.js';

export interface CompileOptions {
  readonly parsers: Parsers;
  readonly allowOutside?: boolean;
  readonly readHeader?: HeaderReader;
}

export interface CompileResult {
  readonly plan?: Plan;
  readonly diagnostics: readonly Diagnostic[];
}

export async function compilePlan(spec: NormalizedSpec, opts: CompileOptions): Promise<CompileResult> {
  const diagnostics: Diagnostic[] = [];
  // 1. headers
  const headers = await readSourceHeaders(spec, opts.readHeader ?? readHeader, opts.allowOutside ?? false, diagnostics);
  diagnostics.push(...namedFileDiagnostics(spec, opts.allowOutside ?? false));
  // 2. columns
  const columns = tableColumns(spec, headers);
  // 3. steps
  const b = new PlanBuilder(spec, columns, opts.parsers, diagnostics);
  for (const name of spec.dataOrder) b.data(name);
  for (const name of Object.keys(spec.models)) b.model(name);
  linkOutputs(b);
  diagnostics.push(...checkOutputs(spec, (name) => (b.get(`table.${name}`) as TableStep | undefined)?.results ?? []));
  b.checkUnusedVariables();
  diagnostics.push(...checkSqlSteps(b.all(), new Set(Object.keys(spec.variables))));
  // 4. order
  const { order, cycles } = topoSort(b.all());
  for (const c of cycles) {
    const first = b.get(c[0]!);
    diagnostics.push(diag(messages.cycle(c), first ? { path: first.path } : {}));
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return { plan: { spec, steps: order }, diagnostics };
}

/** Accumulates steps; one instance per compilation. Exported for the output linker. */
export class PlanBuilder {
  private readonly steps = new Map<string, Step>();
  private readonly modelSteps = new Map<string, readonly string[]>();
  private readonly reported = new Set<string>();

  constructor(
    readonly spec: NormalizedSpec,
    readonly columns: ReadonlyMap<string, TableColumns>,
    readonly parsers: Parsers,
    readonly diagnostics: Diagnostic[],
  ) {}

  all(): Step[] {
    return [...this.steps.values()];
  }
  get(id: string): Step | undefined {
    return this.steps.get(id);
  }
  add(step: Step): void {
    this.steps.set(step.id, step);
  }

  error(d: Diagnostic): void {
    const key = `${d.code}|${(d.path ?? []).join('/')}|${d.span?.start ?? ''}|${d.message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.diagnostics.push(d);
  }

  tableExists(name: string, path: SpecPath, where: string): boolean {
    if (this.spec.data[name]) return true;
    this.error(diag(messages.unknownTable(name, where), { path, notes: didYouMean(name, this.spec.dataOrder) }));
    return false;
  }

  /**
   * Resolve a column-or-variable name read on `table`. A spec variable wins over a column
   * (it is an explicit definition), except that a variable may read the column it shadows.
   * Returns the step id to depend on, '' for a plain column, undefined if unknown.
   */
  resolveName(name: string, table: string, self?: string): string | undefined {
    const cols = this.columns.get(table)?.final;
    if (this.spec.variables[name] && name !== self) return this.variable(name, table);
    if (!cols || cols.has(name)) return '';
    return undefined;
  }

  unknownColumn(name: string, table: string, path: SpecPath, span?: { start: number; end: number }): void {
    const cols = this.columns.get(table)?.final ?? new Set<string>();
    const candidates = [...cols, ...Object.keys(this.spec.variables)];
    const habit = stataColumnHint(name, (n) => candidates.includes(n));
    this.error(diag(habit ?? messages.unknownColumn(name, table), { path, ...(span ? { span } : {}), notes: habit ? [] : didYouMean(name, candidates) }));
  }

  /** Check plain column names (cluster, split, panel, by …) on a table; returns var deps. */
  columnsOn(names: readonly string[], table: string, path: SpecPath): string[] {
    const deps: string[] = [];
    for (const n of names) {
      const r = this.resolveName(n, table);
      if (r === undefined) this.unknownColumn(n, table, path);
      else if (r) deps.push(r);
    }
    return deps;
  }

  /**
   * Variables no step uses get no step, but a typo in them is still a mistake: each name
   * they read must be a column of some table, another variable, or (in model functions) a model.
   */
  checkUnusedVariables(): void {
    const used = new Set([...this.steps.values()].filter((s) => s.kind === 'variable').map((s) => (s as VariableStep).name));
    const known = new Set<string>(Object.keys(this.spec.variables));
    for (const c of this.columns.values()) {
      if (!c.final) return; // some table's columns are unknown: nothing can be said
      for (const n of c.final) known.add(n);
    }
    for (const [name, e] of Object.entries(this.spec.variables)) {
      if (used.has(name)) continue;
      const refs = exprRefs(e.expr, this.parsers.modelFunctions);
      for (const r of refs.names) {
        if (!known.has(r.name)) {
          const habit = stataColumnHint(r.name, (n) => known.has(n));
          this.error(diag(habit ?? messages.unknownColumnAnywhere(r.name), { path: e.path, span: r.span, notes: habit ? [] : didYouMean(r.name, known) }));
        }
      }
      for (const m of refs.models) this.modelRef(m.name, e.path, m.span);
    }
  }

  data(name: string): string {
    const id = `data.${name}`;
    if (this.steps.has(id)) return id;
    const t = this.spec.data[name]!;
    const placeholder: DataStep = { id, kind: 'data', deps: [], path: t.path, table: name, spec: t, columns: [], uses: [] };
    this.add(placeholder);
    const deps = new Set<string>();
    const uses = new Set<string>();
    const cols = this.columns.get(name);
    const from = t.from !== undefined && this.tableExists(t.from, [...t.path, 'from'], `table '${name}'`) ? t.from : undefined;
    if (from !== undefined) deps.add(this.data(from));
    for (const j of t.join) {
      if (!this.tableExists(j.table, [...j.path, 'table'], `a join of table '${name}'`)) continue;
      deps.add(this.data(j.table));
      const right = this.columns.get(j.table)?.final;
      for (const k of j.on) {
        if (right && !right.has(k.right)) this.unknownColumn(k.right, j.table, k.path);
        const left = from !== undefined ? this.columns.get(from)?.final : undefined;
        if (left && !left.has(k.left)) this.unknownColumn(k.left, from!, k.path);
      }
    }
    // Own expressions see the pre-aggregation columns; spec variables come from the `from` table.
    const own = [t.where, ...Object.values(t.variables), ...Object.values(t.aggregate ?? {})];
    for (const e of own) {
      if (!e) continue;
      const refs = exprRefs(e.expr, this.parsers.modelFunctions);
      for (const r of refs.names) {
        if (cols?.pre === undefined || cols.pre.has(r.name)) continue;
        if (this.spec.variables[r.name]) {
          if (from === undefined) {
            this.error(diag(messages.topLevelVariableInSourceTable(r.name, name), { path: e.path, span: r.span }));
          } else {
            uses.add(r.name);
            deps.add(this.variable(r.name, from));
          }
          continue;
        }
        const candidates = [...cols.pre, ...Object.keys(this.spec.variables)];
        this.error(diag(messages.unknownColumn(r.name, name), { path: e.path, span: r.span, notes: didYouMean(r.name, candidates) }));
      }
      for (const m of refs.models) for (const d of this.modelRef(m.name, e.path, m.span)) deps.add(d);
    }
    if (cols?.pre) {
      for (const g of t.groupBy ?? []) if (!cols.pre.has(g)) this.unknownColumn(g, name, [...t.path, 'group_by']);
      if (t.source) for (const k of Object.keys(t.types)) if (!cols.pre.has(k)) this.unknownColumn(k, name, [...t.path, 'types', k]);
    }
    if (t.panel && cols?.final) {
      for (const k of ['id', 'time'] as const) {
        if (!cols.final.has(t.panel[k])) this.unknownColumn(t.panel[k], name, [...t.path, 'panel', k]);
      }
    }
    this.add({ ...placeholder, deps: [...deps], columns: cols?.final ? [...cols.final] : [], uses: [...uses] });
    return id;
  }

  variable(name: string, table: string): string {
    const id = `var.${name}@${table}`;
    if (this.steps.has(id)) return id;
    const e = this.spec.variables[name]!;
    const placeholder: VariableStep = { id, kind: 'variable', deps: [], path: e.path, name, table, expr: e, models: [] };
    this.add(placeholder);
    const deps = new Set<string>([this.data(table)]);
    const models = new Set<string>();
    if (this.columns.get(table)?.final?.has(name)) {
      this.error(diag(messages.variableShadowsColumn(name, table), { severity: 'warning', path: e.path }));
    }
    const refs = exprRefs(e.expr, this.parsers.modelFunctions);
    for (const r of refs.names) {
      const dep = this.resolveName(r.name, table, name);
      if (dep === undefined) this.unknownColumn(r.name, table, e.path, r.span);
      else if (dep) deps.add(dep);
    }
    for (const m of refs.models) {
      const found = this.modelRef(m.name, e.path, m.span);
      if (found.length > 1) {
        this.error(diag(messages.modelVariableNeedsOneModel(m.name, found.length), { path: e.path, span: m.span }));
      }
      for (const d of found) {
        deps.add(d);
        const s = this.steps.get(d);
        if (s && 'resultKey' in s) models.add(s.resultKey);
      }
    }
    this.add({ ...placeholder, deps: [...deps], models: [...models] });
    return id;
  }

  sample(name: string, table: string, refPath: SpecPath): string | undefined {
    const e = this.spec.samples[name];
    if (!e) {
      this.error(diag(messages.unknownSample(name, describePath(refPath)), { path: refPath, notes: didYouMean(name, Object.keys(this.spec.samples)) }));
      return undefined;
    }
    const id = `sample.${name}@${table}`;
    if (this.steps.has(id)) return id;
    const placeholder: SampleStep = { id, kind: 'sample', deps: [], path: e.path, name, table, expr: e };
    this.add(placeholder);
    const deps = new Set<string>([this.data(table)]);
    const refs = exprRefs(e.expr, this.parsers.modelFunctions);
    for (const r of refs.names) {
      const dep = this.resolveName(r.name, table);
      if (dep === undefined) this.unknownColumn(r.name, table, e.path, r.span);
      else if (dep) deps.add(dep);
    }
    for (const m of refs.models) for (const d of this.modelRef(m.name, e.path, m.span)) deps.add(d);
    this.add({ ...placeholder, deps: [...deps] });
    return id;
  }

  /** `m` → every step of model m; `m/step` → that step (a split group is accepted as is). */
  modelRef(ref: string, path: SpecPath, span?: { start: number; end: number }): string[] {
    if (this.spec.models[ref]) return [...this.model(ref)];
    const slash = ref.indexOf('/');
    const base = slash > 0 ? ref.slice(0, slash) : ref;
    if (slash > 0 && this.spec.models[base]) {
      const ids = this.model(base);
      const exact = ids.find((id) => (this.steps.get(id) as ModelStep | undefined)?.resultKey === ref);
      if (exact) return [exact];
      const split = ids.find((id) => {
        const s = this.steps.get(id);
        return s?.kind === 'split' && ref.startsWith(`${s.resultKey}/`);
      });
      if (split) return [split];
    }
    // Parts of a model's result shown as table columns: "iv/first", "iv/first/x", "m/margins".
    const part = /^(.+?)\/(?:first(?:\/[^/]+)?|margins)$/.exec(ref);
    if (part && this.spec.models[part[1]!]) {
      const base = this.spec.models[part[1]!]!;
      if (/\/first/.test(ref.slice(part[1]!.length)) && !base.formula?.ast.iv) {
        this.error(diag(renderMessages.noFirstStage(ref, base.name), { path, ...(span ? { span } : {}) }));
        return [];
      }
      if (ref.endsWith('/margins') && !base.margins) {
        this.error(diag(marginsMessages.marginsNotRequested(ref, base.name), { path, ...(span ? { span } : {}) }));
        return [];
      }
      return [...this.model(part[1]!)];
    }
    // The margins of one step of a multiple-estimation or split model: "m/2/margins".
    const stepMargins = /^(.+)\/margins$/.exec(ref);
    const owner = stepMargins ? this.spec.models[stepMargins[1]!.split('/')[0]!] : undefined;
    if (stepMargins && owner) {
      if (!owner.margins) {
        this.error(diag(marginsMessages.marginsNotRequested(ref, owner.name), { path, ...(span ? { span } : {}) }));
        return [];
      }
      return this.modelRef(stepMargins[1]!, path, span);
    }
    const keys = [...Object.keys(this.spec.models)];
    this.error(diag(messages.unknownModel(ref, describePath(path)), { path, ...(span ? { span } : {}), notes: didYouMean(ref, keys) }));
    return [];
  }

  model(name: string): readonly string[] {
    const done = this.modelSteps.get(name);
    if (done) return done;
    const m = this.spec.models[name]!;
    // Ids are known before the steps exist, so a reference from inside (a cycle) still links.
    this.modelSteps.set(name, stepKeys(m).map((k) => `model.${k.resultKey}`));
    const ids = m.placebo ? this.placebo(m) : this.fitted(m);
    this.modelSteps.set(name, ids);
    return ids;
  }

  private fitted(m: NormModel): string[] {
    if (!m.formula) return [];
    if (!this.tableExists(m.data, [...m.path, 'data'], `model '${m.name}'`)) return [];
    const table = m.data;
    const sampleStep = m.sample !== undefined ? this.sample(m.sample, table, [...m.path, 'sample']) : undefined;
    const deps = new Set<string>([this.data(table)]);
    if (sampleStep) deps.add(sampleStep);
    const variables = new Set<string>();
    const check = (cols: Iterable<string>, text: string, path: SpecPath) => {
      for (const c of cols) {
        const r = this.resolveName(c, table);
        if (r === undefined) {
          const at = findNameInFormula(text, path, c, this.spec.terms);
          this.unknownColumn(c, table, at.path, at.span);
        } else if (r) {
          deps.add(r);
          variables.add(c);
        }
      }
    };
    for (const f of m.formula.singles) check(this.parsers.formulaColumns(f), m.formula.text, m.formula.path);
    const selection = m.selection?.singles[0];
    if (m.selection && selection) check(this.parsers.formulaColumns(selection), m.selection.text, m.selection.path);
    // Columns the inference reads: cluster ways (a^b names two), Conley coordinates, weights.
    const vcovColumns = [...m.vcov.clusters.flatMap((c) => c.split('^')), ...(m.vcov.conley ? [m.vcov.conley.lat, m.vcov.conley.lon] : [])];
    for (const d of this.columnsOn(vcovColumns, table, [...m.path, 'vcov'])) deps.add(d);
    if (m.weights) for (const d of this.columnsOn([m.weights.column], table, [...m.path, 'weights'])) deps.add(d);
    if (m.split !== undefined) for (const d of this.columnsOn([m.split], table, [...m.path, 'split'])) deps.add(d);

    const options = modelOptions(m);
    const keys = stepKeys(m);
    return m.formula.singles.map((f, i) => {
      const { step, resultKey } = keys[i]!;
      const fe = f.fixedEffects.map((x) => x.name).sort().join('+');
      const s: ModelStep = {
        id: `model.${resultKey}`,
        kind: m.split !== undefined ? 'split' : 'model',
        deps: [...deps],
        path: m.path,
        name: m.name,
        resultKey,
        ...(step !== undefined ? { step } : {}),
        estimator: m.estimator,
        formula: f,
        formulaText: this.parsers.formatFormula(f),
        ...(selection ? { selection } : {}),
        options,
        table,
        ...(m.sample !== undefined ? { sample: m.sample } : {}),
        ...(sampleStep ? { sampleStep } : {}),
        ...(m.split !== undefined ? { split: m.split } : {}),
        cacheKey: `${table}|${m.sample ?? ''}|${m.split ?? ''}|${fe}${m.weights ? `|w=${m.weights.column}` : ''}${m.singletons ? `|s=${m.singletons}` : ''}`,
        variables: [...variables],
      };
      this.add(s);
      return s.id;
    });
  }

  private placebo(m: NormModel): string[] {
    const p = m.placebo;
    if (!p) return [];
    const targets = this.modelRef(p.model, [...m.path, 'model']);
    if (targets.length === 0) return [];
    const target = this.steps.get(targets[0]!) as ModelStep | undefined;
    if (targets.length !== 1 || !target || target.kind !== 'model') {
      this.error(diag(messages.placeboTargetNotSingle(p.model), { path: [...m.path, 'model'] }));
      return [];
    }
    const deps = new Set<string>([target.id]);
    // The run re-estimates the target's coefficient on `permute`: it must be a regressor (the
    // run would otherwise fail after fitting the target).
    const regressors = [...target.formula.rhs, ...(target.formula.iv?.endogenous ?? [])].map((t) => t.name);
    if (!regressors.includes(p.permute)) {
      this.error(diag(runMessages.runPlaceboTarget(target.name, p.permute), { path: [...m.path, 'permute'], notes: didYouMean(p.permute, regressors) }));
    }
    for (const d of this.columnsOn([p.permute], target.table, [...m.path, 'permute'])) deps.add(d);
    for (const d of this.columnsOn(p.within, target.table, [...m.path, 'within'])) deps.add(d);
    const s: PlaceboStep = {
      id: `model.${m.name}`,
      kind: 'placebo',
      deps: [...deps],
      path: m.path,
      name: m.name,
      resultKey: m.name,
      target: target.id,
      permute: p.permute,
      within: p.within,
      draws: p.draws,
      seed: p.seed,
    };
    this.add(s);
    return [s.id];
  }
}

/** Result keys of a model's steps: `m`, or `m/<step>` per multiple-estimation step. */
export function stepKeys(m: NormModel): { step?: string; resultKey: string }[] {
  if (m.placebo || !m.formula) return [{ resultKey: m.name }];
  const singles = m.formula.singles;
  if (singles.length <= 1) return [{ resultKey: m.name }];
  return singles.map((f, i) => {
    const step = f.step ?? String(i + 1);
    return { step, resultKey: `${m.name}/${step}` };
  });
}

function modelOptions(m: NormModel): ModelOptions {
  const { name: _n, path: _p, formula: _f, selection: _s, data: _d, sample: _sa, split: _sp, ...rest } = m;
  return rest;
}
