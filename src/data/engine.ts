/**
 * DataEngine: builds the tables of a study's `data:` section in one DuckDB connection and
 * hands them out as Frames.
 *
 *   source file ──read_csv/parquet/json──┐
 *   from: table ─────────────────────────┤
 *                                        v
 *   1. joins (left/inner, checked keys, multiplicity warning)
 *   2. where (SQL, or in memory for evaluator-only functions)
 *   3. panel checks + sort, when the table is not aggregated
 *   4. in-table variables (dependency order; window functions for group/panel functions)
 *   5. group_by + aggregate (streaming in DuckDB; one row per group)
 *   6. panel checks + sort of the aggregated table
 *                                        v
 *   extraction → Frame (typed arrays)
 *
 * Every step writes a new DuckDB table, so a table used by several others (`from:`, `join:`)
 * is built once and never modified. The connection is opened once per run; `close()` ends it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { StudyError } from '../diagnostics/diagnostic.js';
import { diag, didYouMean } from '../diagnostics/messages/index.js';
import { dataMessages as messages } from '../diagnostics/messages/data.js';
import { SQL_MACROS } from './expr-sql.js';
import { directEligible, readDirect } from './direct.js';
import { extractFrame } from './extract.js';
import type { Column, Frame, PanelIndex } from './frame.js';
import { attachColumn } from './fallback.js';
import { applyJoin } from './join.js';
import { applyPanel, panelOrder } from './panel.js';
import { loadSource } from './source.js';
import { describe, qid, qstr, type ColumnInfo } from './sql.js';
import { applyAggregate, applyVariables, applyWhere, type Current, type StepKit } from './steps.js';
import type { DataContext } from './types.js';
import { mark } from '../run/timings.js';

/** A table built in DuckDB, not yet extracted. */
export interface BuiltTable {
  readonly name: string;
  readonly sqlName: string;
  readonly columns: readonly ColumnInfo[];
  /** Variable labels of columns, as the source file gave them (Stata .dta). */
  readonly labels: ReadonlyMap<string, string>;
  readonly panel?: PanelIndex;
}

export class DataEngine {
  private readonly built = new Map<string, BuiltTable>();
  /** Tables read directly into frames (direct.ts): their columns, as `columnsOf` answers. */
  private readonly direct = new Map<string, readonly ColumnInfo[]>();
  private readonly building: string[] = [];
  private counter = 0;

  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    private readonly ctx: DataContext,
  ) {}

  static async open(ctx: DataContext): Promise<DataEngine> {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    // DuckDB spills to `.tmp` in the working directory unless told otherwise: a private
    // folder under the system's temporary directory instead, removed on close, so a run
    // writes nothing outside its output folder even when a table outgrows memory_limit.
    const settings: Record<string, string> = { ...(ctx.duckdbSettings ?? {}) };
    let spill: string | undefined;
    if (settings['temp_directory'] === undefined) {
      spill = mkdtempSync(join(tmpdir(), 'studyspec-duckdb-'));
      settings['temp_directory'] = spill;
    }
    const limit = process.env['STUDYSPEC_DUCKDB_MEMORY'];
    if (limit && settings['memory_limit'] === undefined) settings['memory_limit'] = limit;
    for (const [k, v] of Object.entries(settings)) await conn.run(`SET ${k} = ${qstr(v)}`);
    for (const m of SQL_MACROS) await conn.run(m);
    const engine = new DataEngine(instance, conn, ctx);
    engine.spill = spill;
    return engine;
  }

  private spill: string | undefined;

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
    if (this.spill) rmSync(this.spill, { recursive: true, force: true });
  }

  /** Builds (once) and extracts table `name`, restricted to `ctx.columnsNeeded[name]` when given. */
  async loadTable(name: string): Promise<Frame> {
    if (!this.built.has(name) && directEligible(name, this.ctx)) {
      const d = await readDirect(this.connection, name, this.ctx.tables[name]!, this.ctx);
      mark(`direct read ${name}`);
      if (d) {
        this.direct.set(name, d.columns);
        return d.frame;
      }
    }
    const t = await this.build(name, ['data']);
    const wanted = this.ctx.columnsNeeded?.[name];
    let cols = t.columns;
    if (wanted) {
      const keep = new Set([...wanted, ...(t.panel ? [t.panel.id, t.panel.time] : [])]);
      const names = t.columns.map((c) => c.name);
      for (const w of wanted) {
        if (!names.includes(w)) throw new StudyError(diag(messages.unknownColumn(name, w, 'the study'), { path: ['data', name], notes: didYouMean(w, names) }));
      }
      cols = t.columns.filter((c) => keep.has(c.name));
    }
    mark(`table built ${name}`);
    return extractFrame(this.connection, t.sqlName, cols, { ...(t.panel ? { panel: t.panel } : {}), ...(this.ctx.alloc ? { alloc: this.ctx.alloc } : {}) });
  }

  /**
   * Add columns computed outside the data layer (spec variables, model-derived columns) to a
   * built table, row by row in the order `loadTable` extracted it, so tables built `from` it
   * afterwards (where, variables, group_by) can use them in SQL.
   */
  async attach(name: string, columns: readonly (readonly [string, Column])[]): Promise<void> {
    let t = await this.build(name, ['data', name]);
    for (const [col, values] of columns) {
      const has = t.columns.some((c) => c.name === col);
      const out = await attachColumn(this.connection, t.sqlName, col, values, this.fresh(name), has);
      t = { ...t, sqlName: out, columns: await describe(this.connection, qid(out)) };
    }
    this.built.set(name, t);
  }

  /** Variable labels that table `name`'s columns carry from their source files (.dta). */
  async variableLabels(name: string): Promise<ReadonlyMap<string, string>> {
    // A directly read table is a CSV file, which has no variable labels.
    if (this.direct.has(name) && !this.built.has(name)) return new Map();
    return (await this.build(name, ['data'])).labels;
  }

  /** Column names and DuckDB types of a built table (for `check`-time reference resolution). */
  async columnsOf(name: string): Promise<readonly ColumnInfo[]> {
    return this.direct.get(name) ?? (await this.build(name, ['data'])).columns;
  }

  private fresh(name: string): string {
    return `ss_${name.replace(/[^A-Za-z0-9_]/g, '_')}_${this.counter++}`;
  }

  async build(name: string, refPath: readonly (string | number)[]): Promise<BuiltTable> {
    const done = this.built.get(name);
    if (done) return done;
    const spec = this.ctx.tables[name];
    if (!spec) {
      throw new StudyError(diag(messages.unknownTable(name), { path: refPath, notes: didYouMean(name, Object.keys(this.ctx.tables)) }));
    }
    if (this.building.includes(name)) {
      const chain = [...this.building.slice(this.building.indexOf(name)), name].join(' → ');
      throw new StudyError(diag(messages.tableCycle(chain), { path: refPath }));
    }
    this.building.push(name);
    try {
      const t = await this.buildSteps(name);
      this.built.set(name, t);
      return t;
    } finally {
      this.building.pop();
    }
  }

  private async buildSteps(name: string): Promise<BuiltTable> {
    const spec = this.ctx.tables[name]!;
    const conn = this.connection;
    const path = ['data', name];
    if (spec.source !== undefined && spec.from !== undefined) throw new StudyError(diag(messages.sourceAndFrom(name), { path }));
    if (spec.source === undefined && spec.from === undefined) throw new StudyError(diag(messages.noSource(name), { path }));
    const aggregated = spec.group_by !== undefined || spec.aggregate !== undefined;
    if (aggregated && (spec.group_by === undefined || spec.aggregate === undefined)) {
      throw new StudyError(diag(messages.aggregateWithoutGroupBy(name), { path }));
    }
    // Intermediate tables of this build are dropped as soon as the next step has read them;
    // the base of `from:` and the results of other tables are kept.
    const own = new Set<string>();
    const fresh = (): string => {
      const n = this.fresh(name);
      own.add(n);
      return n;
    };
    const done = async (sqlName: string): Promise<void> => {
      if (own.delete(sqlName)) await conn.run(`DROP TABLE IF EXISTS ${qid(sqlName)}`);
    };
    const kit: StepKit = {
      conn,
      ctx: this.ctx,
      table: name,
      fresh,
      done,
      ...(spec.panel && !aggregated ? { panel: spec.panel } : {}),
    };

    // 0. Base table. Variable labels (from .dta files) follow their columns through from/join.
    let cur: Current;
    let labels: Map<string, string>;
    if (spec.source !== undefined) {
      const sqlName = fresh();
      const loaded = await loadSource(conn, name, sqlName, spec, this.ctx);
      mark(`source read ${name}`);
      cur = { sqlName, columns: loaded.columns };
      labels = new Map(loaded.labels);
    } else {
      const base = await this.build(spec.from!, [...path, 'from']);
      cur = { sqlName: base.sqlName, columns: base.columns };
      labels = new Map(base.labels);
    }

    // 1. Joins.
    for (const [i, j] of (spec.join ?? []).entries()) {
      const right = await this.build(j.table, [...path, 'join', i, 'table']);
      for (const [k, v] of right.labels) if (!labels.has(k)) labels.set(k, v);
      const out = fresh();
      const columns = await applyJoin(conn, name, i, { name, ...cur }, { name: j.table, sqlName: right.sqlName, columns: right.columns }, j, out, this.ctx.reporter);
      await done(cur.sqlName);
      cur = { sqlName: out, columns };
    }

    // 2. Filter.
    if (spec.where !== undefined) cur = await applyWhere(kit, cur, spec.where, new Set(Object.keys(spec.variables ?? {})));

    // 3. Panel of a row-level table: checked before variables, so lags see unique (id, time).
    //    When variables follow, they write their rows in panel order and the sort is free.
    const hasVars = spec.variables !== undefined && Object.keys(spec.variables).length > 0;
    if (spec.panel && !aggregated) {
      const out = fresh();
      if (await applyPanel(conn, name, cur.sqlName, spec.panel, cur.columns, out, this.ctx.reporter, !hasVars)) {
        await done(cur.sqlName);
        cur = { sqlName: out, columns: cur.columns };
      }
    }

    // 4. In-table variables.
    if (hasVars) cur = await applyVariables(kit, cur, spec.variables!, spec.panel && !aggregated ? panelOrder(spec.panel) : undefined);

    // 5–6. Aggregation, then the panel of the aggregated table.
    if (aggregated) {
      cur = await applyAggregate(kit, cur, spec.group_by!, spec.aggregate!);
      if (spec.panel) {
        const out = fresh();
        if (await applyPanel(conn, name, cur.sqlName, spec.panel, cur.columns, out, this.ctx.reporter)) {
          await done(cur.sqlName);
          cur = { sqlName: out, columns: await describe(conn, qid(out)) };
        }
      }
    }
    const kept = new Set(cur.columns.map((c) => c.name));
    for (const k of [...labels.keys()]) if (!kept.has(k)) labels.delete(k);
    return { name, sqlName: cur.sqlName, columns: cur.columns, labels, ...(spec.panel ? { panel: spec.panel } : {}) };
  }
}

/** One-shot convenience: open, build and extract one table, close. */
export async function loadTable(name: string, ctx: DataContext): Promise<Frame> {
  const engine = await DataEngine.open(ctx);
  try {
    return await engine.loadTable(name);
  } finally {
    engine.close();
  }
}
