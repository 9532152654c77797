/**
 * Which columns each table has, known before any data are loaded: file headers (read
 * cheaply, see data/header.ts), plus for tables built `from` another one the source's
 * columns, joined columns and own variables, or after `group_by` the keys and aggregates.
 *
 * Also enforces that a data source lies inside the spec's folder tree (unless allowed):
 * a spec is often shared, and reading ../../ files silently makes it unportable.
 */
import { StudyError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/messages/index.js';
import { planMessages as messages } from '../diagnostics/messages/plan.js';
import type { HeaderReader } from '../data/header.js';
import type { NormalizedSpec } from '../spec/normalized.js';
import { checkInsideSpecTree } from '../spec/paths.js';

export interface TableColumns {
  /** Columns of the finished table; undefined when unknown (header unreadable). */
  readonly final?: ReadonlySet<string>;
  /** Columns available to the table's own where/variables/group_by (before aggregation). */
  readonly pre?: ReadonlySet<string>;
}

/** Outside the spec's tree after following symlinks (spec/paths.ts: the rule run uses too). */
export function isOutside(specDir: string, file: string): boolean {
  return checkInsideSpecTree(specDir, file, false) !== undefined;
}

/** Read the headers of every file source; errors for files outside the tree or missing. */
export async function readSourceHeaders(
  spec: NormalizedSpec,
  reader: HeaderReader,
  allowOutside: boolean,
  diagnostics: Diagnostic[],
): Promise<Map<string, ReadonlySet<string>>> {
  const out = new Map<string, ReadonlySet<string>>();
  const jobs = Object.values(spec.data).map(async (t) => {
    if (!t.source) return;
    const path = [...t.path, 'source'];
    if (!allowOutside && isOutside(spec.specDir, t.source.resolved)) {
      diagnostics.push(diag(messages.sourceOutside(t.source.written), { path }));
      return;
    }
    try {
      const cols = await reader(t.source.resolved, t.source.format, t.source.options, t.source.written);
      out.set(t.name, new Set(cols.map((c) => c.name)));
    } catch (e) {
      if (e instanceof StudyError) {
        // Reader errors (a damaged .dta, a missing sheet) keep their own code; a diagnostic
        // that names a sibling key (sheet, range) keeps that path.
        for (const d of e.diagnostics) diagnostics.push({ ...d, path: d.path && d.path.length > 0 ? [...t.path, ...d.path.slice(-1)] : path });
        return;
      }
      const code = (e as { code?: string }).code;
      if (code === 'ENOENT' || /no such file|does not exist/i.test(String((e as Error).message))) {
        diagnostics.push(diag(messages.sourceMissing(t.source.written), { path }));
      } else {
        diagnostics.push(diag(messages.sourceUnreadable(t.source.written, String((e as Error).message).split('\n')[0]!), { path }));
      }
    }
  });
  await Promise.all(jobs);
  return out;
}

/** Columns of every table, resolving `from` and `join` recursively (cycles give unknown). */
export function tableColumns(
  spec: NormalizedSpec,
  headers: ReadonlyMap<string, ReadonlySet<string>>,
): Map<string, TableColumns> {
  const out = new Map<string, TableColumns>();
  const busy = new Set<string>();
  const get = (name: string): TableColumns => {
    const done = out.get(name);
    if (done) return done;
    const t = spec.data[name];
    if (!t || busy.has(name)) return {};
    busy.add(name);
    let base: Set<string> | undefined;
    if (t.source) {
      const h = headers.get(name);
      base = h ? new Set(h) : undefined;
    } else if (t.from !== undefined) {
      const f = get(t.from).final;
      base = f ? new Set(f) : undefined;
    }
    // Joins add their columns whether the table starts from a file or from another table.
    for (const j of t.join) {
      const jc = get(j.table).final;
      if (!jc || !base) {
        base = undefined;
        break;
      }
      for (const c of jc) base.add(c);
    }
    busy.delete(name);
    let result: TableColumns = {};
    if (base) {
      const pre = new Set(base);
      for (const v of Object.keys(t.variables)) pre.add(v);
      const final = t.groupBy ? new Set([...t.groupBy, ...Object.keys(t.aggregate ?? {})]) : pre;
      result = { pre, final };
    }
    out.set(name, result);
    return result;
  };
  for (const name of spec.dataOrder) get(name);
  return out;
}
