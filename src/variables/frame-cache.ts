/**
 * Per-frame memo of the indexes that panel and group functions need. It is an explicit
 * object (passed in EvalContext.cache, or made per evaluate call) rather than module state:
 * the run stage keeps one per stage run and every expression on the same Frame shares the
 * panel sort and the group ids. Entries are keyed weakly by the Frame so that dropped
 * frames free their indexes.
 */
import type { Frame } from '../data/frame.js';
import type { Span } from '../expr/ast.js';
import type { GroupIndex } from './group-index.js';
import { buildPanelIndex, shiftedRows, type PanelIndexData } from './panel-index.js';

interface Entry {
  panel?: PanelIndexData;
  shifts: Map<number, Int32Array>;
  groups: Map<string, GroupIndex>;
}

export class FrameCache {
  private readonly entries = new WeakMap<Frame, Entry>();

  private entry(frame: Frame): Entry {
    let e = this.entries.get(frame);
    if (!e) {
      e = { shifts: new Map(), groups: new Map() };
      this.entries.set(frame, e);
    }
    return e;
  }

  /** The panel index; throws ExprError (at `span`) when the frame has none or it is invalid. */
  panel(frame: Frame, fn: string, span: Span): PanelIndexData {
    const e = this.entry(frame);
    e.panel ??= buildPanelIndex(frame, fn, span);
    return e.panel;
  }

  /** Row at time + shift within the unit, per row (−1 if absent). */
  shifted(frame: Frame, shift: number, fn: string, span: Span): Int32Array {
    const p = this.panel(frame, fn, span);
    const e = this.entry(frame);
    let s = e.shifts.get(shift);
    if (!s) {
      s = shiftedRows(p, shift, frame.nrows);
      e.shifts.set(shift, s);
    }
    return s;
  }

  /** Group ids for a key that names frame columns only (the caller builds on a miss). */
  groups(frame: Frame, key: string, build: () => GroupIndex): GroupIndex {
    const e = this.entry(frame);
    let g = e.groups.get(key);
    if (!g) {
      g = build();
      e.groups.set(key, g);
    }
    return g;
  }
}
