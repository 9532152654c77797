/**
 * The panel index of a frame: rows sorted by (unit, time) as a permutation plus unit
 * boundaries. Built once per frame (FrameCache) and shared by every panel function, so a
 * lag over 1M rows is one integer pass. Lags match on the time VALUE, never on row
 * position: the index keeps each row's time so that a gap (a missing year) is visible.
 */
import { cellText, type Column, type Frame } from '../data/frame.js';
import type { Span } from '../expr/ast.js';
import { ExprError } from '../expr/errors.js';
import { variablesMessages as M } from '../diagnostics/messages/variables.js';
import { buildGroupIndex, groupRows } from './group-index.js';

export interface PanelIndexData {
  readonly idName: string;
  readonly timeName: string;
  readonly nunits: number;
  /** Unit of each row; −1 when its id or time is missing (such rows get missing results). */
  readonly unit: Int32Array;
  /** Rows sorted by unit then time; unit u occupies order[start[u] .. start[u+1]). */
  readonly order: Int32Array;
  readonly start: Int32Array;
  /** Time value of each row (NaN when missing). */
  readonly time: Float64Array;
}

export function buildPanelIndex(frame: Frame, fn: string, span: Span): PanelIndexData {
  const panel = frame.panel;
  if (!panel) throw new ExprError(M.varPanelRequired(fn), span);
  const idCol = frame.columns.get(panel.id);
  if (!idCol) throw new ExprError(M.varPanelColumnMissing('id', panel.id), span);
  const timeCol = frame.columns.get(panel.time);
  if (!timeCol) throw new ExprError(M.varPanelColumnMissing('time', panel.time), span);
  if (timeCol.kind !== 'num') throw new ExprError(M.varPanelTimeNotNumeric(panel.time), span);
  const time = timeCol.values;
  const n = frame.nrows;
  const sorted = sortedPanel(idCol, time, n);
  if (sorted) return { idName: panel.id, timeName: panel.time, ...sorted, time };

  const units = buildGroupIndex([idCol], n);
  const { start: gStart, rows: gRows } = groupRows(units);
  const unit = new Int32Array(n).fill(-1);
  const order = new Int32Array(gRows.length);
  const start = new Int32Array(units.ngroups + 1);
  let w = 0;
  for (let u = 0; u < units.ngroups; u++) {
    start[u] = w;
    const from = w;
    let sorted = true;
    let prev = -Infinity;
    for (let p = gStart[u]!; p < gStart[u + 1]!; p++) {
      const r = gRows[p]!;
      const t = time[r]!;
      if (Number.isNaN(t)) continue;
      if (t < prev) sorted = false;
      prev = t;
      order[w++] = r;
      unit[r] = u;
    }
    // Most files come sorted by time within unit; sort only the units that are not.
    if (!sorted) order.subarray(from, w).sort((a, b) => time[a]! - time[b]!);
    for (let p = from + 1; p < w; p++) {
      if (time[order[p]!] === time[order[p - 1]!]) {
        const r = order[p - 1]!;
        throw new ExprError(
          M.varPanelDuplicate(panel.id, panel.time, cellText(idCol, r) ?? 'NA', String(time[r])),
          span,
        );
      }
    }
  }
  start[units.ngroups] = w;
  return {
    idName: panel.id,
    timeName: panel.time,
    nunits: units.ngroups,
    unit,
    order: order.subarray(0, w),
    start,
    time,
  };
}

/**
 * The index of a frame already sorted by (id, time) with complete keys and no repeated pair —
 * what the data layer hands over for a `panel:` table — read off in one pass: units are the
 * runs of equal ids and the order is the identity. It is the index the general path builds
 * (units numbered by first appearance, rows by time), without its grouping and sorting.
 * Undefined when the frame is not in that order.
 */
function sortedPanel(idCol: Column, time: Float64Array, n: number): Pick<PanelIndexData, 'nunits' | 'unit' | 'order' | 'start'> | undefined {
  const ids = idCol.kind === 'factor' ? idCol.codes : idCol.values;
  // Factor codes follow the levels' sorted order, so a sorted id column has ascending codes;
  // a code below 0 or a NaN fails `id >= lowest`.
  const lowest = idCol.kind === 'factor' ? 0 : -Infinity;
  const unit = new Int32Array(n);
  const start = new Int32Array(n + 1);
  let u = -1;
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    const t = time[i]!;
    if (!(id >= lowest) || t !== t) return undefined;
    if (i === 0 || id > ids[i - 1]!) start[++u] = i;
    else if (id < ids[i - 1]! || t <= time[i - 1]!) return undefined;
    unit[i] = u;
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  start[u + 1] = n;
  return { nunits: u + 1, unit, order, start: start.slice(0, u + 2) };
}

/**
 * For each row, the row of the same unit whose time equals its time + `shift` (−1 when that
 * time is absent, i.e. across a gap or past the unit's ends). Two pointers per unit: O(n).
 */
export function shiftedRows(p: PanelIndexData, shift: number, n: number): Int32Array {
  const out = new Int32Array(n).fill(-1);
  const { order, start, time } = p;
  for (let u = 0; u < p.nunits; u++) {
    const a = start[u]!;
    const b = start[u + 1]!;
    let q = a;
    for (let k = a; k < b; k++) {
      const r = order[k]!;
      const target = time[r]! + shift;
      while (q < b && time[order[q]!]! < target) q++;
      if (q < b && time[order[q]!] === target) out[r] = order[q]!;
    }
  }
  return out;
}
